# DenseNet's blocks (Huang et al. 2017) as keras.applications.densenet builds them.
#
#     use stdlib.densenet
#     DenseNetStem(64)         # 7x7/2 convolution and 3x3/2 max pooling: 1/4 the size
#     DenseBlock(b1, g)        # b1 conv blocks, each adding g channels
#     Transition()             # half the channels (int(c * 0.5)), half the size
#     DenseNet121()            # the whole network after its Input (169, 201 too)
#     DenseNet121(include_top=False, pooling="avg", trainable=False)   # a frozen base

# The stem: 7x7/2 bias-free convolution, BatchNormalization, ReLU, 3x3/2 max pooling.
block DenseNetStem(filters=64):
    ZeroPadding2D(padding=((3, 3), (3, 3)))
    Conv2D(filters, 7, strides=2, use_bias=False)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    ZeroPadding2D(padding=((1, 1), (1, 1)))
    MaxPooling2D(3, strides=2)

# n conv blocks (Keras's dense_block and conv_block): BN, ReLU, 1x1 convolution to 4*g
# channels, BN, ReLU, 3x3 convolution to g channels, concatenated to the block's input, so
# copy i receives c + i*g channels.
block DenseBlock(n, g=32)(x):
    repeat n as h, i:
        BatchNormalization(epsilon=1.001e-5)(h)
        Activation("relu")
        Conv2D(4*g, 1, use_bias=False)
        BatchNormalization(epsilon=1.001e-5)
        Activation("relu")
        y = Conv2D(g, 3, padding="same", use_bias=False)
        Concatenate()(h, y)

# A transition (Keras's transition_block): BN, ReLU, a 1x1 convolution to
# int(channels * reduction) channels, 2x2 average pooling.
block Transition(reduction=0.5)(x):
    c = x.shape[-1]
    BatchNormalization(epsilon=1.001e-5)(x)
    Activation("relu")
    Conv2D(int(c * reduction), 1, use_bias=False)
    AveragePooling2D(2, strides=2)

# keras.applications.densenet.DenseNet(blocks) after its Input, blocks = [b1, b2, b3, b4]
# (growth rate 32, as Keras's conv_block is called): the stem, four dense blocks with three
# transitions between them, BatchNormalization and ReLU, then Keras's top (include_top:
# average pooling, Dense(classes, activation=classifier_activation)), or without it a
# global pooling ("avg", "max") or none.
block DenseNet(b1=6, b2=12, b3=24, b4=16, include_top=True, pooling=None, classes=1000,
               classifier_activation="softmax"):
    DenseNetStem(64)
    DenseBlock(b1, 32)
    Transition(0.5)
    DenseBlock(b2, 32)
    Transition(0.5)
    DenseBlock(b3, 32)
    Transition(0.5)
    DenseBlock(b4, 32)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    if include_top:
        GlobalAveragePooling2D()
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()

# keras.applications.DenseNet121 after its Input, with Keras's arguments (weights=None).
block DenseNet121(include_top=True, pooling=None, classes=1000,
                  classifier_activation="softmax"):
    DenseNet(6, 12, 24, 16, include_top, pooling, classes, classifier_activation)

# keras.applications.DenseNet169: blocks 6, 12, 32, 32.
block DenseNet169(include_top=True, pooling=None, classes=1000,
                  classifier_activation="softmax"):
    DenseNet(6, 12, 32, 32, include_top, pooling, classes, classifier_activation)

# keras.applications.DenseNet201: blocks 6, 12, 48, 32.
block DenseNet201(include_top=True, pooling=None, classes=1000,
                  classifier_activation="softmax"):
    DenseNet(6, 12, 48, 32, include_top, pooling, classes, classifier_activation)
