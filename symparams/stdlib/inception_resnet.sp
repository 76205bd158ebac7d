# InceptionResNetV2 (Szegedy et al. 2016) as keras.applications builds it
# (inception_resnet_v2.py, weights=None). Every conv2d_bn is
# stdlib.inception's ConvBN (bias-free Conv2D, BatchNormalization(scale=False), ReLU); the
# residual "up" projection is conv2d_bn(..., activation=None, use_bias=True): a plain Conv2D
# with bias, no BatchNormalization. The residual sum x + scale * up is Keras's
# CustomScaleLayer(scale)([x, up]).
#
#     use stdlib.inception_resnet
#     InceptionResNetV2(n35=10, n17=20, n8=9, classes=1000)   # the network after its Input
#     InceptionResNetV2(include_top=False, pooling="avg", trainable=False)   # a frozen base
#     Block35(scale=0.17) * 10                                 # one kind of residual block

use stdlib.inception

# inception_resnet_block(x, scale, "block35"): 35x35 grid, 320 channels in and out.
block Block35(scale=0.17, activation="relu")(x):
    c = x.shape[-1]
    b0 = ConvBN(32, 1)(x)
    ConvBN(32, 1)(x)
    b1 = ConvBN(32, 3)
    ConvBN(32, 1)(x)
    ConvBN(48, 3)
    b2 = ConvBN(64, 3)
    Concatenate()(b0, b1, b2)
    up = Conv2D(c, 1, padding="same", use_bias=True)
    CustomScaleLayer(scale)(x, up)
    if activation is not None:
        Activation(activation)

# "block17": 17x17 grid, 1088 channels.
block Block17(scale=0.1, activation="relu")(x):
    c = x.shape[-1]
    b0 = ConvBN(192, 1)(x)
    ConvBN(128, 1)(x)
    ConvBN(160, 1, 7)
    b1 = ConvBN(192, 7, 1)
    Concatenate()(b0, b1)
    up = Conv2D(c, 1, padding="same", use_bias=True)
    CustomScaleLayer(scale)(x, up)
    if activation is not None:
        Activation(activation)

# "block8": 8x8 grid, 2080 channels.
block Block8(scale=0.2, activation="relu")(x):
    c = x.shape[-1]
    b0 = ConvBN(192, 1)(x)
    ConvBN(192, 1)(x)
    ConvBN(224, 1, 3)
    b1 = ConvBN(256, 3, 1)
    Concatenate()(b0, b1)
    up = Conv2D(c, 1, padding="same", use_bias=True)
    CustomScaleLayer(scale)(x, up)
    if activation is not None:
        Activation(activation)

# The whole network after its Input: n35, n17 and n8 + 1 residual blocks (Keras: 10, 20,
# 9 + 1; the last block8 has scale 1.0 and no activation), the 1x1 conv_7b, then Keras's
# top (include_top: average pooling, Dense(classes, activation=classifier_activation)), or
# without it a global pooling ("avg", "max") or none.
block InceptionResNetV2(n35=10, n17=20, n8=9, classes=1000, include_top=True, pooling=None,
                        classifier_activation="softmax")(x):
    ConvBN(32, 3, stride=2, padding="valid")(x)
    ConvBN(32, 3, padding="valid")
    ConvBN(64, 3)
    MaxPooling2D(3, strides=2)
    ConvBN(80, 1, padding="valid")
    ConvBN(192, 3, padding="valid")
    s = MaxPooling2D(3, strides=2)
    # mixed_5b
    b0 = ConvBN(96, 1)(s)
    ConvBN(48, 1)(s)
    b1 = ConvBN(64, 5)
    ConvBN(64, 1)(s)
    ConvBN(96, 3)
    b2 = ConvBN(96, 3)
    AveragePooling2D(3, strides=1, padding="same")(s)
    bp = ConvBN(64, 1)
    Concatenate()(b0, b1, b2, bp)
    a = Block35(0.17) * n35
    # mixed_6a
    c0 = ConvBN(384, 3, stride=2, padding="valid")(a)
    ConvBN(256, 1)(a)
    ConvBN(256, 3)
    c1 = ConvBN(384, 3, stride=2, padding="valid")
    cp = MaxPooling2D(3, strides=2, padding="valid")(a)
    Concatenate()(c0, c1, cp)
    b = Block17(0.1) * n17
    # mixed_7a
    ConvBN(256, 1)(b)
    d0 = ConvBN(384, 3, stride=2, padding="valid")
    ConvBN(256, 1)(b)
    d1 = ConvBN(288, 3, stride=2, padding="valid")
    ConvBN(256, 1)(b)
    ConvBN(288, 3)
    d2 = ConvBN(320, 3, stride=2, padding="valid")
    dp = MaxPooling2D(3, strides=2, padding="valid")(b)
    Concatenate()(d0, d1, d2, dp)
    Block8(0.2) * n8
    Block8(1.0, None)
    ConvBN(1536, 1)
    if include_top:
        GlobalAveragePooling2D()
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()
