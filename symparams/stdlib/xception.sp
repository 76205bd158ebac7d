# Xception's modules (Chollet 2017) as keras.applications.Xception builds them: every
# convolution is bias-free and followed by BatchNormalization, which adds 2*channels
# trainable and 2*channels non-trainable parameters.
#
#     use stdlib.xception
#     XceptionStem()                   # two 3x3 convolutions, 64 channels, 1/2 the size
#     XceptionReduction(128)(x, x)     # entry block 2: its main path starts without a ReLU
#     XceptionDown(256)                # entry blocks 3-4, and exit block 13 (728, 1024)
#     XceptionMiddle(728) * n          # the middle flow: n residual modules (8 in Keras)
#     Xception()                       # the whole network after its Input
#     Xception(include_top=False, pooling="avg", trainable=False)   # a frozen base

# The entry flow's first convolutions: 3x3/2 and 3x3, both 'valid'.
block XceptionStem(f1=32, f2=64):
    Conv2D(f1, 3, strides=2, use_bias=False)
    BatchNormalization()
    Activation("relu")
    Conv2D(f2, 3, use_bias=False)
    BatchNormalization()
    Activation("relu")

# A reduction module: two separable 3x3 convolutions (f1, then f2 channels) and 3x3/2 max
# pooling on the main path, which starts from `a`; a strided 1x1 projection of `x` to f2
# channels is added to it. XceptionDown passes a = relu(x); Keras's block 2 passes x itself.
block XceptionReduction(f1, f2=f1)(x, a):
    Conv2D(f2, 1, strides=2, padding="same", use_bias=False)(x)
    s = BatchNormalization()
    SeparableConv2D(f1, 3, padding="same", use_bias=False)(a)
    BatchNormalization()
    Activation("relu")
    SeparableConv2D(f2, 3, padding="same", use_bias=False)
    BatchNormalization()
    h = MaxPooling2D(3, strides=2, padding="same")
    Add()(h, s)

# The reduction module whose main path starts with a ReLU (entry blocks 3 and 4, exit block).
block XceptionDown(f1, f2=f1)(x):
    a = Activation("relu")(x)
    XceptionReduction(f1, f2)(x, a)

# The middle flow's module: three ReLU + separable 3x3 + BatchNormalization, and the
# identity shortcut (the input must have f channels).
block XceptionMiddle(f=728)(x):
    Activation("relu")(x)
    SeparableConv2D(f, 3, padding="same", use_bias=False)
    BatchNormalization()
    Activation("relu")
    SeparableConv2D(f, 3, padding="same", use_bias=False)
    BatchNormalization()
    Activation("relu")
    SeparableConv2D(f, 3, padding="same", use_bias=False)
    h = BatchNormalization()
    Add()(h, x)

# keras.applications.Xception after its Input (weights=None): the entry flow, the middle
# flow's 8 modules, the exit flow, then Keras's top (include_top: average pooling,
# Dense(classes, activation=classifier_activation)), or without it a global pooling ("avg",
# "max") or none. Keras takes inputs of at least 71x71.
block Xception(include_top=True, pooling=None, classes=1000,
               classifier_activation="softmax")(x):
    s = XceptionStem(32, 64)(x)
    XceptionReduction(128)(s, s)
    XceptionDown(256)
    XceptionDown(728)
    XceptionMiddle(728) * 8
    XceptionDown(728, 1024)
    SeparableConv2D(1536, 3, padding="same", use_bias=False)
    BatchNormalization()
    Activation("relu")
    SeparableConv2D(2048, 3, padding="same", use_bias=False)
    BatchNormalization()
    Activation("relu")
    if include_top:
        GlobalAveragePooling2D()
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()
