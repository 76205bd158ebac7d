# An Inception module (Szegedy et al. 2014, GoogLeNet's "inception (3a)" and friends):
# four branches over the same input, concatenated along the channels.
#
#     use stdlib.inception
#     Inception(64, 96, 128, 16, 32, 32)       # inception (3a): 256 channels out

block Inception(f1, f3_reduce, f3, f5_reduce, f5, pool_proj)(x):
    b1 = Conv2D(f1, 1, activation="relu")(x)
    Conv2D(f3_reduce, 1, activation="relu")(x)
    b3 = Conv2D(f3, 3, padding="same", activation="relu")
    Conv2D(f5_reduce, 1, activation="relu")(x)
    b5 = Conv2D(f5, 5, padding="same", activation="relu")
    MaxPooling2D(3, strides=1, padding="same")(x)
    bp = Conv2D(pool_proj, 1, activation="relu")
    Concatenate()(b1, b3, b5, bp)

# InceptionV3's modules (Szegedy et al. 2016) as keras.applications.InceptionV3 builds them,
# named as in torchvision (A: 35x35, B: reduction to 17x17, C: factorised 7x7, D: reduction
# to 8x8, E: expanded filter bank). Each convolution is InceptionV3's conv2d_bn:
#
#     use stdlib.inception
#     ConvBN(32, 3, stride=2, padding="valid")    # Conv2D + BatchNormalization + ReLU
#     InceptionA(32)                              # mixed0: 256 channels out
#     InceptionC(160) * 2                         # mixed5, mixed6: 768 channels in and out
#     InceptionV3(include_top=False, pooling="avg", trainable=False)   # a frozen base

# A bias-free kh x kw convolution, BatchNormalization without its scale (gamma: only beta
# is trained, so 1*filters trainable and 2*filters non-trainable), ReLU.
block ConvBN(filters, kh, kw=kh, stride=1, padding="same")(x):
    Conv2D(filters, kernel_size=(kh, kw), strides=stride, padding=padding, use_bias=False)(x)
    BatchNormalization(scale=False)
    Activation("relu")

# mixed0-2: 1x1, 5x5, double 3x3 and pooled branches; 224 + pool_features channels out.
block InceptionA(pool_features)(x):
    b1 = ConvBN(64, 1)(x)
    ConvBN(48, 1)(x)
    b5 = ConvBN(64, 5)
    ConvBN(64, 1)(x)
    ConvBN(96, 3)
    b3 = ConvBN(96, 3)
    AveragePooling2D(3, strides=1, padding="same")(x)
    bp = ConvBN(pool_features, 1)
    Concatenate()(b1, b5, b3, bp)

# mixed3: strided 3x3, strided double 3x3 and max pooling; 480 + input channels out.
block InceptionB()(x):
    b3 = ConvBN(384, 3, stride=2, padding="valid")(x)
    ConvBN(64, 1)(x)
    ConvBN(96, 3)
    bd = ConvBN(96, 3, stride=2, padding="valid")
    bp = MaxPooling2D(3, strides=2)(x)
    Concatenate()(b3, bd, bp)

# mixed4-7: 7x7 convolutions factorised into 1x7 and 7x1, c7 channels inside; 768 out.
block InceptionC(c7)(x):
    b1 = ConvBN(192, 1)(x)
    ConvBN(c7, 1)(x)
    ConvBN(c7, 1, 7)
    b7 = ConvBN(192, 7, 1)
    ConvBN(c7, 1)(x)
    ConvBN(c7, 7, 1)
    ConvBN(c7, 1, 7)
    ConvBN(c7, 7, 1)
    bd = ConvBN(192, 1, 7)
    AveragePooling2D(3, strides=1, padding="same")(x)
    bp = ConvBN(192, 1)
    Concatenate()(b1, b7, bd, bp)

# mixed8: strided 3x3 after 1x1, strided 3x3 after 1x7 and 7x1, max pooling; 512 + input
# channels out.
block InceptionD()(x):
    ConvBN(192, 1)(x)
    b3 = ConvBN(320, 3, stride=2, padding="valid")
    ConvBN(192, 1)(x)
    ConvBN(192, 1, 7)
    ConvBN(192, 7, 1)
    b7 = ConvBN(192, 3, stride=2, padding="valid")
    bp = MaxPooling2D(3, strides=2)(x)
    Concatenate()(b3, b7, bp)

# mixed9-10: 3x3 branches split into parallel 1x3 and 3x1; 2048 channels out.
block InceptionE()(x):
    b1 = ConvBN(320, 1)(x)
    r = ConvBN(384, 1)(x)
    a1 = ConvBN(384, 1, 3)(r)
    a2 = ConvBN(384, 3, 1)(r)
    b3 = Concatenate()(a1, a2)
    ConvBN(448, 1)(x)
    r2 = ConvBN(384, 3)
    c1 = ConvBN(384, 1, 3)(r2)
    c2 = ConvBN(384, 3, 1)(r2)
    bd = Concatenate()(c1, c2)
    AveragePooling2D(3, strides=1, padding="same")(x)
    bp = ConvBN(192, 1)
    Concatenate()(b1, b3, bd, bp)

# keras.applications.InceptionV3 after its Input (weights=None): the stem of five ConvBN and
# two max poolings, mixed0..mixed10, then Keras's top (include_top: average pooling,
# Dense(classes, activation=classifier_activation)), or without it a global pooling ("avg",
# "max") or none. Keras takes inputs of at least 75x75.
block InceptionV3(include_top=True, pooling=None, classes=1000,
                  classifier_activation="softmax"):
    ConvBN(32, 3, stride=2, padding="valid")
    ConvBN(32, 3, padding="valid")
    ConvBN(64, 3)
    MaxPooling2D(3, strides=2)
    ConvBN(80, 1, padding="valid")
    ConvBN(192, 3, padding="valid")
    MaxPooling2D(3, strides=2)
    InceptionA(32)
    InceptionA(64)
    InceptionA(64)
    InceptionB()
    InceptionC(128)
    InceptionC(160) * 2
    InceptionC(192)
    InceptionD()
    InceptionE()
    InceptionE()
    if include_top:
        GlobalAveragePooling2D()
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()
