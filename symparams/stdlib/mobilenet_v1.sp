# MobileNet (Howard et al. 2017) as keras.applications builds it (mobilenet.py,
# weights=None): a strided convolution, then 13 depthwise separable blocks, every width
# int(filters * alpha), every convolution bias-free and followed by BatchNormalization
# (Keras's defaults) and ReLU(6.0).
#
#     use stdlib.mobilenet_v1
#     MobileNet(0.5, 1)                     # alpha, depth_multiplier: the network after its Input
#     MobileNet(include_top=False, pooling="avg", trainable=False)   # a frozen base
#     DepthwiseConvBlock(64, alpha)         # one block: depthwise 3x3, then pointwise 1x1

# Keras's _conv_block: the stem convolution.
block ConvBlock(filters, alpha, kernel=(3, 3), strides=(1, 1)):
    Conv2D(int(filters * alpha), kernel, padding="same", use_bias=False, strides=strides)
    BatchNormalization()
    ReLU(6.0)

# Keras's _depthwise_conv_block: depthwise 3x3 ('same' at stride 1; strided: padded by one
# row and column at the end, then 'valid'), then a 1x1 to int(filters * alpha)
# channels.
block DepthwiseConvBlock(filters, alpha, depth_multiplier=1, strides=(1, 1)):
    if strides[0] == 1 and strides[1] == 1:
        DepthwiseConv2D((3, 3), padding="same", depth_multiplier=depth_multiplier,
                        strides=strides, use_bias=False)
    else:
        ZeroPadding2D(((0, 1), (0, 1)))
        DepthwiseConv2D((3, 3), padding="valid", depth_multiplier=depth_multiplier,
                        strides=strides, use_bias=False)
    BatchNormalization()
    ReLU(6.0)
    Conv2D(int(filters * alpha), (1, 1), padding="same", use_bias=False,
           strides=(1, 1))
    BatchNormalization()
    ReLU(6.0)

# The whole of keras.applications.MobileNet after its Input. Keras's top (include_top) is a
# 1x1 convolution as the classifier: GlobalAveragePooling2D(keepdims=True), Dropout,
# Conv2D(classes, 1), Reshape and an Activation layer of classifier_activation (None: a
# linear Activation layer, still there); without it, pooling "avg" or "max" is a global
# pooling, None none. alpha may be a symbol: int(filters * alpha) stays a floor.
block MobileNet(alpha=1.0, depth_multiplier=1, dropout=1e-3, classes=1000, include_top=True,
                pooling=None, classifier_activation="softmax"):
    ConvBlock(32, alpha, strides=(2, 2))
    DepthwiseConvBlock(64, alpha, depth_multiplier)
    DepthwiseConvBlock(128, alpha, depth_multiplier, strides=(2, 2))
    DepthwiseConvBlock(128, alpha, depth_multiplier)
    DepthwiseConvBlock(256, alpha, depth_multiplier, strides=(2, 2))
    DepthwiseConvBlock(256, alpha, depth_multiplier)
    DepthwiseConvBlock(512, alpha, depth_multiplier, strides=(2, 2))
    DepthwiseConvBlock(512, alpha, depth_multiplier) * 5
    DepthwiseConvBlock(1024, alpha, depth_multiplier, strides=(2, 2))
    DepthwiseConvBlock(1024, alpha, depth_multiplier)
    if include_top:
        GlobalAveragePooling2D(keepdims=True)
        Dropout(dropout)
        Conv2D(classes, (1, 1), padding="same")
        Reshape((classes,))
        Activation(classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()
