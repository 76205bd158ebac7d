# MobileNetV3 (Howard et al. 2019) as keras.applications builds it (mobilenet_v3.py,
# weights=None): Keras's MobileNetV3 stem and head around the stack_fn of
# MobileNetV3Small or MobileNetV3Large, whose inverted residual blocks take squeeze-excite
# and relu or hard_swish by position. Keras's _depth is stdlib.mobilenet's make_divisible.
#
#     use stdlib.mobilenet_v3
#     MobileNetV3Small(0.75, False)        # alpha, minimalistic: the network after its Input
#     MobileNetV3Large(1.0, True)
#     MobileNetV3Small(include_top=False, pooling="avg", trainable=False)   # a frozen base
#     InvertedResBlock(6, 40, 5, 1, 0.25, "hard_swish", 4)   # Keras's _inverted_res_block
#
# Keras's hard_sigmoid(x) is layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0): the `+ 3.0` and the
# `* (1.0 / 6.0)` are Keras operations on the tensor (rows add and multiply, no weights).

use stdlib.mobilenet

# Keras's relu(x) (layers.ReLU()) or hard_swish(x) (layers.Activation("hard_swish")).
block MobileNetV3Activation(activation="hard_swish"):
    if activation == "relu":
        ReLU()
    else:
        Activation(activation)

# Keras's hard_sigmoid, written as Keras writes it (see the header).
block HardSigmoid()(x):
    a = x + 3.0
    r = ReLU(6.0)(a)
    y = r * (1.0 / 6.0)

# Keras's _se_block: squeeze to make_divisible(filters * se_ratio) channels by 1x1
# convolutions, hard sigmoid, channel weights by Multiply.
block SEBlock(filters, se_ratio)(inputs):
    GlobalAveragePooling2D(keepdims=True)(inputs)
    Conv2D(make_divisible(filters * se_ratio), kernel_size=1, padding="same")
    ReLU()
    Conv2D(filters, kernel_size=1, padding="same")
    s = HardSigmoid()
    Multiply()(inputs, s)

# Keras's _inverted_res_block: expand (unless block_id is 0), depthwise (strided: padded as
# Keras's correct_pad, then 'valid'), squeeze-excite when se_ratio is given, project; the
# identity shortcut when stride is 1 and the channels are kept.
block InvertedResBlock(expansion, filters, kernel_size, stride, se_ratio, activation,
                       block_id)(x):
    h, w, infilters = x.shape
    if block_id:
        Conv2D(make_divisible(infilters * expansion), kernel_size=1, padding="same",
               use_bias=False)(x)
        BatchNormalization(epsilon=1e-3, momentum=0.999)
        MobileNetV3Activation(activation)
    if stride == 2:
        ZeroPadding2D(padding=((correct_pad(h, kernel_size), kernel_size // 2),
                               (correct_pad(w, kernel_size), kernel_size // 2)))
        DepthwiseConv2D(kernel_size, strides=stride, padding="valid", use_bias=False)
    else:
        DepthwiseConv2D(kernel_size, strides=stride, padding="same", use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    MobileNetV3Activation(activation)
    if se_ratio:
        SEBlock(make_divisible(infilters * expansion), se_ratio)
    Conv2D(filters, kernel_size=1, padding="same", use_bias=False)
    y = BatchNormalization(epsilon=1e-3, momentum=0.999)
    if stride == 1 and infilters == filters:
        Add()(x, y)

# MobileNetV3Small's stack_fn (Keras's depth(d) is make_divisible(d * alpha)).
block MobileNetV3SmallStack(alpha, kernel, activation, se_ratio):
    InvertedResBlock(1, make_divisible(16 * alpha), 3, 2, se_ratio, "relu", 0)
    InvertedResBlock(72 / 16, make_divisible(24 * alpha), 3, 2, None, "relu", 1)
    InvertedResBlock(88 / 24, make_divisible(24 * alpha), 3, 1, None, "relu", 2)
    InvertedResBlock(4, make_divisible(40 * alpha), kernel, 2, se_ratio, activation, 3)
    InvertedResBlock(6, make_divisible(40 * alpha), kernel, 1, se_ratio, activation, 4)
    InvertedResBlock(6, make_divisible(40 * alpha), kernel, 1, se_ratio, activation, 5)
    InvertedResBlock(3, make_divisible(48 * alpha), kernel, 1, se_ratio, activation, 6)
    InvertedResBlock(3, make_divisible(48 * alpha), kernel, 1, se_ratio, activation, 7)
    InvertedResBlock(6, make_divisible(96 * alpha), kernel, 2, se_ratio, activation, 8)
    InvertedResBlock(6, make_divisible(96 * alpha), kernel, 1, se_ratio, activation, 9)
    InvertedResBlock(6, make_divisible(96 * alpha), kernel, 1, se_ratio, activation, 10)

# MobileNetV3Large's stack_fn.
block MobileNetV3LargeStack(alpha, kernel, activation, se_ratio):
    InvertedResBlock(1, make_divisible(16 * alpha), 3, 1, None, "relu", 0)
    InvertedResBlock(4, make_divisible(24 * alpha), 3, 2, None, "relu", 1)
    InvertedResBlock(3, make_divisible(24 * alpha), 3, 1, None, "relu", 2)
    InvertedResBlock(3, make_divisible(40 * alpha), kernel, 2, se_ratio, "relu", 3)
    InvertedResBlock(3, make_divisible(40 * alpha), kernel, 1, se_ratio, "relu", 4)
    InvertedResBlock(3, make_divisible(40 * alpha), kernel, 1, se_ratio, "relu", 5)
    InvertedResBlock(6, make_divisible(80 * alpha), 3, 2, None, activation, 6)
    InvertedResBlock(2.5, make_divisible(80 * alpha), 3, 1, None, activation, 7)
    InvertedResBlock(2.3, make_divisible(80 * alpha), 3, 1, None, activation, 8)
    InvertedResBlock(2.3, make_divisible(80 * alpha), 3, 1, None, activation, 9)
    InvertedResBlock(6, make_divisible(112 * alpha), 3, 1, se_ratio, activation, 10)
    InvertedResBlock(6, make_divisible(112 * alpha), 3, 1, se_ratio, activation, 11)
    InvertedResBlock(6, make_divisible(160 * alpha), kernel, 2, se_ratio, activation, 12)
    InvertedResBlock(6, make_divisible(160 * alpha), kernel, 1, se_ratio, activation, 13)
    InvertedResBlock(6, make_divisible(160 * alpha), kernel, 1, se_ratio, activation, 14)

# Keras's MobileNetV3 with the kernel, activation and se_ratio it picks from `minimalistic`
# ((3, relu, None), else (5, hard_swish, 0.25)): the preprocessing Rescaling, the stem, the
# stack of model_type ("small" or "large") and the last convolution; then Keras's top
# (include_top: pooling, a 1x1 convolution of last_point_ch channels, the activation,
# Dropout, the classifier as a 1x1 convolution, Flatten and an Activation layer of
# classifier_activation, a linear one for None), or without it a global pooling ("avg",
# "max") or none.
block MobileNetV3(model_type, last_point_ch, alpha, kernel, activation, se_ratio,
                  classes=1000, dropout_rate=0.2, include_preprocessing=True, include_top=True,
                  pooling=None, classifier_activation="softmax")(x):
    if include_preprocessing:
        Rescaling(scale=1.0 / 127.5, offset=-1.0)(x)
        Conv2D(16, kernel_size=3, strides=(2, 2), padding="same", use_bias=False)
    else:
        Conv2D(16, kernel_size=3, strides=(2, 2), padding="same", use_bias=False)(x)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    MobileNetV3Activation(activation)
    if model_type == "small":
        z = MobileNetV3SmallStack(alpha, kernel, activation, se_ratio)
    else:
        z = MobileNetV3LargeStack(alpha, kernel, activation, se_ratio)
    if alpha > 1.0:
        last_point_ch = make_divisible(last_point_ch * alpha)
    Conv2D(make_divisible(z.shape[-1] * 6), kernel_size=1, padding="same", use_bias=False)(z)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    MobileNetV3Activation(activation)
    if include_top:
        GlobalAveragePooling2D(keepdims=True)
        Conv2D(last_point_ch, kernel_size=1, padding="same", use_bias=True)
        MobileNetV3Activation(activation)
        if dropout_rate > 0:
            Dropout(dropout_rate)
        Conv2D(classes, kernel_size=1, padding="same")
        Flatten()
        Activation(classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()

# keras.applications.MobileNetV3Small after its Input.
block MobileNetV3Small(alpha=1.0, minimalistic=False, classes=1000, dropout_rate=0.2,
                       include_preprocessing=True, include_top=True, pooling=None,
                       classifier_activation="softmax"):
    if minimalistic:
        MobileNetV3("small", 1024, alpha, 3, "relu", None, classes, dropout_rate,
                    include_preprocessing, include_top, pooling, classifier_activation)
    else:
        MobileNetV3("small", 1024, alpha, 5, "hard_swish", 0.25, classes, dropout_rate,
                    include_preprocessing, include_top, pooling, classifier_activation)

# keras.applications.MobileNetV3Large after its Input.
block MobileNetV3Large(alpha=1.0, minimalistic=False, classes=1000, dropout_rate=0.2,
                       include_preprocessing=True, include_top=True, pooling=None,
                       classifier_activation="softmax"):
    if minimalistic:
        MobileNetV3("large", 1280, alpha, 3, "relu", None, classes, dropout_rate,
                    include_preprocessing, include_top, pooling, classifier_activation)
    else:
        MobileNetV3("large", 1280, alpha, 5, "hard_swish", 0.25, classes, dropout_rate,
                    include_preprocessing, include_top, pooling, classifier_activation)
