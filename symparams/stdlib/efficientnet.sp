# EfficientNet's MBConv block and stages (Tan and Le 2019) as keras.applications.efficientnet
# builds them (swish activations, Keras's default BatchNormalization).
#
#     use stdlib.efficientnet
#     MBConv(24, 3, 2, 6)                       # filters_out, kernel, strides, expand_ratio
#     MBStage(40, 5, 2, 6, 2, w, d)             # a stage of EfficientNet's table, scaled
#     EfficientNet(1.0, 1.0, 0.2, include_top=False, pooling="avg", trainable=False)   # B0

use stdlib.mobilenet

# Keras's round_filters: filters scaled by the width coefficient, to a multiple of 8.
def round_filters(filters, width):
    return make_divisible(filters * width, 8)

# Keras's round_repeats: repeats scaled by the depth coefficient, rounded up.
def round_repeats(repeats, depth):
    return ceil(depth * repeats)

# An inverted residual with squeeze-and-excitation (Keras's efficientnet.block): expand
# (1x1, unless expand_ratio is 1), depthwise kernel x kernel (strided: padded as Keras's
# correct_pad, then 'valid'), squeeze-and-excite to max(1, int(c_in * se_ratio)) channels
# and back, project (1x1); dropout and the identity shortcut when the shape is kept.
block MBConv(filters_out, kernel, strides, expand_ratio, se_ratio=0.25, drop_rate=0.2)(x):
    h, w, c_in = x.shape
    filters = c_in * expand_ratio
    if expand_ratio != 1:
        Conv2D(filters, 1, padding="same", use_bias=False)(x)
        BatchNormalization()
        Activation("swish")
    if strides == 2:
        ZeroPadding2D(padding=((correct_pad(h, kernel), kernel // 2),
                               (correct_pad(w, kernel), kernel // 2)))
        DepthwiseConv2D(kernel, strides=2, use_bias=False)
    else:
        DepthwiseConv2D(kernel, padding="same", use_bias=False)
    BatchNormalization()
    a = Activation("swish")
    if 0 < se_ratio <= 1:
        GlobalAveragePooling2D()(a)
        Reshape((1, 1, filters))
        Conv2D(max(1, int(c_in * se_ratio)), 1, padding="same", activation="swish")
        s = Conv2D(filters, 1, padding="same", activation="sigmoid")
        Multiply()(a, s)
    Conv2D(filters_out, 1, padding="same", use_bias=False)
    y = BatchNormalization()
    if strides == 1 and c_in == filters_out:
        if drop_rate > 0:
            y = Dropout(drop_rate)(y)
        Add()(y, x)

# One row of EfficientNet's table, scaled by the width and depth coefficients: the first
# block with the row's strides, then round_repeats(repeats, depth) - 1 blocks of stride 1.
block MBStage(filters_out, kernel, strides, expand_ratio, repeats, width=1, depth=1)(x):
    f = round_filters(filters_out, width)
    MBConv(f, kernel, strides, expand_ratio)(x)
    MBConv(f, kernel, 1, expand_ratio) * (round_repeats(repeats, depth) - 1)

# The whole of keras.applications.EfficientNet after its Input, at width and depth
# coefficients `width` and `depth` and top dropout rate `dropout` (Keras's
# EfficientNet(width_coefficient, depth_coefficient, default_size, dropout_rate)): the stem
# (Rescaling, Normalization, a padded strided 3x3), the seven stages of Keras's
# DEFAULT_BLOCKS_ARGS, the last 1x1 convolution and Keras's top (include_top: average
# pooling, Dropout when dropout > 0, Dense(classes, activation=classifier_activation)), or
# without it a global pooling ("avg", "max") or none. Called with literal coefficients
# (B0..B7: 1.0/1.0 ... 2.0/3.1, read exactly: 1.1 is 11/10) every residual condition and
# repeat count is decided while the block is elaborated.
block EfficientNet(width=1, depth=1, dropout=0.2, classes=1000, include_top=True,
                   pooling=None, classifier_activation="softmax")(x):
    h, w, c = x.shape
    Rescaling(1 / 255)(x)
    Normalization()
    ZeroPadding2D(padding=((correct_pad(h, 3), 1), (correct_pad(w, 3), 1)))
    Conv2D(round_filters(32, width), 3, strides=2, use_bias=False)
    BatchNormalization()
    Activation("swish")
    MBStage(16, 3, 1, 1, 1, width, depth)
    MBStage(24, 3, 2, 6, 2, width, depth)
    MBStage(40, 5, 2, 6, 2, width, depth)
    MBStage(80, 3, 2, 6, 3, width, depth)
    MBStage(112, 5, 1, 6, 3, width, depth)
    MBStage(192, 5, 2, 6, 4, width, depth)
    MBStage(320, 3, 1, 6, 1, width, depth)
    Conv2D(round_filters(1280, width), 1, padding="same", use_bias=False)
    BatchNormalization()
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

# keras.applications.EfficientNetB0 ... B7 after their Input: Keras's width, depth and
# dropout per variant, with Keras's arguments (weights=None).
block EfficientNetB0(include_top=True, pooling=None, classes=1000, classifier_activation="softmax")(x):
    EfficientNet(1.0, 1.0, 0.2, classes, include_top, pooling, classifier_activation)(x)
block EfficientNetB1(include_top=True, pooling=None, classes=1000, classifier_activation="softmax")(x):
    EfficientNet(1.0, 1.1, 0.2, classes, include_top, pooling, classifier_activation)(x)
block EfficientNetB2(include_top=True, pooling=None, classes=1000, classifier_activation="softmax")(x):
    EfficientNet(1.1, 1.2, 0.3, classes, include_top, pooling, classifier_activation)(x)
block EfficientNetB3(include_top=True, pooling=None, classes=1000, classifier_activation="softmax")(x):
    EfficientNet(1.2, 1.4, 0.3, classes, include_top, pooling, classifier_activation)(x)
block EfficientNetB4(include_top=True, pooling=None, classes=1000, classifier_activation="softmax")(x):
    EfficientNet(1.4, 1.8, 0.4, classes, include_top, pooling, classifier_activation)(x)
block EfficientNetB5(include_top=True, pooling=None, classes=1000, classifier_activation="softmax")(x):
    EfficientNet(1.6, 2.2, 0.4, classes, include_top, pooling, classifier_activation)(x)
block EfficientNetB6(include_top=True, pooling=None, classes=1000, classifier_activation="softmax")(x):
    EfficientNet(1.8, 2.6, 0.5, classes, include_top, pooling, classifier_activation)(x)
block EfficientNetB7(include_top=True, pooling=None, classes=1000, classifier_activation="softmax")(x):
    EfficientNet(2.0, 3.1, 0.5, classes, include_top, pooling, classifier_activation)(x)
