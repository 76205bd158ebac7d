# EfficientNetV2 (Tan and Le 2021) as keras.applications builds it (efficientnet_v2.py,
# weights=None): MBConvBlock and FusedMBConvBlock, swish,
# BatchNormalization(momentum=0.9), Keras's round_filters (no 10% rule, unlike V1) and
# round_repeats, and the drop-connect Dropout (noise_shape=(None, 1, 1, 1)) only where
# Keras's survival_probability (drop_connect_rate * b / blocks) is not 0.
#
#     use stdlib.efficientnet_v2
#     EfficientNetV2B(width=1, depth=1)     # B0 (B1: 1, 1.1; B2: 1.1, 1.2; B3: 1.2, 1.4)
#     EfficientNetV2S()
#     EfficientNetV2S(include_top=False, pooling="avg", trainable=False)   # a frozen base

# Keras's efficientnet_v2.round_filters (min_depth=8, depth_divisor=8).
def round_filters_v2(filters, width, min_depth=8, divisor=8):
    return max(min_depth, int(filters * width + divisor / 2) // divisor * divisor)

def round_repeats_v2(repeats, depth):
    return ceil(depth * repeats)

block SqueezeExciteV2(c_in, filters, se_ratio)(a):
    GlobalAveragePooling2D()(a)
    Reshape((1, 1, filters))
    Conv2D(max(1, int(c_in * se_ratio)), 1, padding="same", activation="swish")
    s = Conv2D(filters, 1, padding="same", activation="sigmoid")
    Multiply()(a, s)

# Keras's Dropout(survival_probability) when that probability is not 0, then the sum.
block Residual(survival)(y, x):
    if survival > 0:
        y = Dropout(survival, noise_shape=(None, 1, 1, 1))(y)
    Add()(y, x)

# Keras's MBConvBlock.
block MBConvV2(filters_out, kernel, strides, expand_ratio, se_ratio=0.0, survival=0.8)(x):
    c_in = x.shape[-1]
    filters = c_in * expand_ratio
    if expand_ratio != 1:
        Conv2D(filters, 1, padding="same", use_bias=False)(x)
        BatchNormalization(momentum=0.9)
        Activation("swish")
    DepthwiseConv2D(kernel, strides=strides, padding="same", use_bias=False)
    BatchNormalization(momentum=0.9)
    Activation("swish")
    if 0 < se_ratio <= 1:
        SqueezeExciteV2(c_in, filters, se_ratio)
    Conv2D(filters_out, 1, padding="same", use_bias=False)
    y = BatchNormalization(momentum=0.9)
    if strides == 1 and c_in == filters_out:
        Residual(survival)(y, x)

# Keras's FusedMBConvBlock: the expansion is a kernel x kernel strided convolution; without
# expansion the projection takes the kernel and the strides and is followed by swish.
block FusedMBConv(filters_out, kernel, strides, expand_ratio, se_ratio=0.0, survival=0.8)(x):
    c_in = x.shape[-1]
    filters = c_in * expand_ratio
    if expand_ratio != 1:
        Conv2D(filters, kernel, strides=strides, padding="same", use_bias=False)(x)
        BatchNormalization(momentum=0.9)
        Activation("swish")
    if 0 < se_ratio <= 1:
        SqueezeExciteV2(c_in, filters, se_ratio)
    if expand_ratio != 1:
        Conv2D(filters_out, 1, padding="same", use_bias=False)
    else:
        Conv2D(filters_out, kernel, strides=strides, padding="same", use_bias=False)
    y = BatchNormalization(momentum=0.9)
    if expand_ratio == 1:
        y = Activation("swish")
    if strides == 1 and c_in == filters_out:
        Residual(survival)(y, x)

# One row of Keras's DEFAULT_BLOCKS_ARGS: `repeats` blocks (already rounded) of conv_type
# (0: MBConv, 1: fused), the first with the row's strides; `start` is the index b of its
# first block among `blocks`, for the survival probability dc * b / blocks.
block StageV2(conv_type, kernel, repeats, f_out, expand, se, strides, start, blocks,
              dc=0.2)(x):
    if conv_type == 1:
        FusedMBConv(f_out, kernel, strides, expand, se, dc * start / blocks)(x)
        repeat (repeats - 1) as h, j:
            FusedMBConv(f_out, kernel, 1, expand, se, dc * (start + 1 + j) / blocks)(h)
    else:
        MBConvV2(f_out, kernel, strides, expand, se, dc * start / blocks)(x)
        repeat (repeats - 1) as h, j:
            MBConvV2(f_out, kernel, 1, expand, se, dc * (start + 1 + j) / blocks)(h)

# Stem, six stages of the B0..B3 table (efficientnetv2-b*), top; width and depth
# coefficients as Keras's EfficientNetV2B0..B3 pass them. Keras's top (include_top):
# average pooling, Dropout when dropout > 0, Dense(classes, activation=classifier_activation);
# without it a global pooling ("avg", "max") or none.
block EfficientNetV2B(width=1, depth=1, dropout=0.2, classes=1000, pre=True, include_top=True,
                      pooling=None, classifier_activation="softmax")(x):
    r1 = round_repeats_v2(1, depth)
    r2 = round_repeats_v2(2, depth)
    r3 = round_repeats_v2(2, depth)
    r4 = round_repeats_v2(3, depth)
    r5 = round_repeats_v2(5, depth)
    r6 = round_repeats_v2(8, depth)
    n = r1 + r2 + r3 + r4 + r5 + r6
    if pre:
        Rescaling(1.0 / 255)(x)
        Normalization(mean=[0.485, 0.456, 0.406], variance=[0.229**2, 0.224**2, 0.225**2],
                      axis=3)
        Conv2D(round_filters_v2(32, width), 3, strides=2, padding="same", use_bias=False)
    else:
        Conv2D(round_filters_v2(32, width), 3, strides=2, padding="same", use_bias=False)(x)
    BatchNormalization(momentum=0.9)
    Activation("swish")
    f1 = round_filters_v2(16, width)
    f2 = round_filters_v2(32, width)
    f3 = round_filters_v2(48, width)
    f4 = round_filters_v2(96, width)
    f5 = round_filters_v2(112, width)
    f6 = round_filters_v2(192, width)
    StageV2(1, 3, r1, f1, 1, 0, 1, 0, n)
    StageV2(1, 3, r2, f2, 4, 0, 2, r1, n)
    StageV2(1, 3, r3, f3, 4, 0, 2, r1 + r2, n)
    StageV2(0, 3, r4, f4, 4, 0.25, 2, r1 + r2 + r3, n)
    StageV2(0, 3, r5, f5, 6, 0.25, 1, r1 + r2 + r3 + r4, n)
    StageV2(0, 3, r6, f6, 6, 0.25, 2, r1 + r2 + r3 + r4 + r5, n)
    Conv2D(round_filters_v2(1280, width), 1, padding="same", use_bias=False)
    BatchNormalization(momentum=0.9)
    Activation("swish")
    if include_top:
        GlobalAveragePooling2D()
        if dropout > 0:
            Dropout(dropout)
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()

# efficientnetv2-s (width = depth = 1): Rescaling(1/128, offset=-1) only; the top as
# EfficientNetV2B's.
block EfficientNetV2S(classes=1000, include_top=True, pooling=None,
                      classifier_activation="softmax")(x):
    n = 2 + 4 + 4 + 6 + 9 + 15
    Rescaling(1.0 / 128.0, offset=-1)(x)
    Conv2D(24, 3, strides=2, padding="same", use_bias=False)
    BatchNormalization(momentum=0.9)
    Activation("swish")
    StageV2(1, 3, 2, 24, 1, 0, 1, 0, n)
    StageV2(1, 3, 4, 48, 4, 0, 2, 2, n)
    StageV2(1, 3, 4, 64, 4, 0, 2, 6, n)
    StageV2(0, 3, 6, 128, 4, 0.25, 2, 10, n)
    StageV2(0, 3, 9, 160, 6, 0.25, 1, 16, n)
    StageV2(0, 3, 15, 256, 6, 0.25, 2, 25, n)
    Conv2D(1280, 1, padding="same", use_bias=False)
    BatchNormalization(momentum=0.9)
    Activation("swish")
    if include_top:
        GlobalAveragePooling2D()
        Dropout(0.2)
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()

# keras.applications.EfficientNetV2B0 ... B3 after their Input: Keras's width and depth
# per variant (dropout 0.2), with Keras's arguments (weights=None).
block EfficientNetV2B0(include_top=True, pooling=None, classes=1000, classifier_activation="softmax",
                      include_preprocessing=True)(x):
    EfficientNetV2B(1.0, 1.0, 0.2, classes, include_preprocessing, include_top, pooling,
                    classifier_activation)(x)
block EfficientNetV2B1(include_top=True, pooling=None, classes=1000, classifier_activation="softmax",
                      include_preprocessing=True)(x):
    EfficientNetV2B(1.0, 1.1, 0.2, classes, include_preprocessing, include_top, pooling,
                    classifier_activation)(x)
block EfficientNetV2B2(include_top=True, pooling=None, classes=1000, classifier_activation="softmax",
                      include_preprocessing=True)(x):
    EfficientNetV2B(1.1, 1.2, 0.2, classes, include_preprocessing, include_top, pooling,
                    classifier_activation)(x)
block EfficientNetV2B3(include_top=True, pooling=None, classes=1000, classifier_activation="softmax",
                      include_preprocessing=True)(x):
    EfficientNetV2B(1.2, 1.4, 0.2, classes, include_preprocessing, include_top, pooling,
                    classifier_activation)(x)
