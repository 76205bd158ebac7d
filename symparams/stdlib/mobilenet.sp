# MobileNetV2 (Sandler et al. 2018), its inverted residual block and the whole network, as
# keras.applications builds them, and the two helpers of keras.applications that MobileNet
# and EfficientNet share.
#
#     use stdlib.mobilenet
#     InvertedResidual(24, 2, 6, alpha)     # filters, stride, expansion, width multiplier
#     make_divisible(32 * alpha)            # Keras's _make_divisible: a multiple of 8
#     MobileNetV2(include_top=False, pooling="avg", trainable=False)   # a frozen base

# Keras's _make_divisible: v rounded to a multiple of divisor, at least min_value, never
# more than 10% below v.
def make_divisible(v, divisor=8, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v

# Keras's imagenet_utils.correct_pad, the padding before a strided 'valid' convolution:
# the leading side of a dimension of `size` for a kernel of `kernel` (the trailing side is
# kernel // 2). Keras adds size % 2, written here as 2*ceil(size/2) - size (the same
# integer) so that the convolution's output size comes out as ceil(size/2).
def correct_pad(size, kernel):
    return kernel // 2 - 1 + 2 * ceil(size / 2) - size

# Expand (1x1 to expansion * input channels, unless expansion is 1), depthwise 3x3 (strided:
# padded as Keras's correct_pad, then 'valid'), project (1x1 to make_divisible(int(filters
# * alpha)) channels); the identity shortcut when stride is 1 and the channels are kept.
block InvertedResidual(filters, stride, expansion, alpha=1)(x):
    h, w, c_in = x.shape
    c_out = make_divisible(int(filters * alpha), 8)
    if expansion != 1:
        Conv2D(expansion * c_in, 1, padding="same", use_bias=False)(x)
        BatchNormalization(epsilon=1e-3, momentum=0.999)
        ReLU(6.0)
    if stride == 2:
        ZeroPadding2D(padding=((correct_pad(h, 3), 1), (correct_pad(w, 3), 1)))
        DepthwiseConv2D(3, strides=2, use_bias=False)
    else:
        DepthwiseConv2D(3, padding="same", use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    Conv2D(c_out, 1, padding="same", use_bias=False)
    y = BatchNormalization(epsilon=1e-3, momentum=0.999)
    if stride == 1 and c_in == c_out:
        Add()(x, y)

# The whole of keras.applications.MobileNetV2 after its Input, at width multiplier alpha:
# Keras's stem, its 17 inverted residual blocks, the last 1x1 convolution and Keras's top
# (include_top: average pooling, Dense(classes, activation=classifier_activation)), or
# without it a global pooling ("avg", "max") or none. Called with a literal alpha
# (0.35, 0.5, 0.75, 1.0, 1.3 or 1.4, read exactly: 0.35 is 7/20) every residual condition
# is decided while the block is elaborated; with a symbolic alpha blocks 0, 10 and 16 are
# not (whether Keras adds their shortcut depends on alpha through make_divisible).
block MobileNetV2(alpha=1, classes=1000, include_top=True, pooling=None,
                  classifier_activation="softmax")(x):
    Conv2D(make_divisible(32 * alpha, 8), 3, strides=2, padding="same", use_bias=False)(x)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    InvertedResidual(16, 1, 1, alpha)
    InvertedResidual(24, 2, 6, alpha)
    InvertedResidual(24, 1, 6, alpha)
    InvertedResidual(32, 2, 6, alpha)
    InvertedResidual(32, 1, 6, alpha) * 2
    InvertedResidual(64, 2, 6, alpha)
    InvertedResidual(64, 1, 6, alpha) * 3
    InvertedResidual(96, 1, 6, alpha)
    InvertedResidual(96, 1, 6, alpha) * 2
    InvertedResidual(160, 2, 6, alpha)
    InvertedResidual(160, 1, 6, alpha) * 2
    InvertedResidual(320, 1, 6, alpha)
    Conv2D(make_divisible(1280 * alpha, 8) if alpha > 1 else 1280, 1, use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    if include_top:
        GlobalAveragePooling2D()
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()
