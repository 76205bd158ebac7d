# ResNet blocks as keras.applications builds them (ResNet v1, channels last).
#
#     use stdlib.resnet
#     Bottleneck(64, stride=1)             # 1x1 -> 3x3 -> 1x1 (4*filters) + projection shortcut
#     BottleneckIdentity(64) * 2           # the same with the identity shortcut
#     ResNet50()                           # the whole network after its Input (101, 152 too)
#     ResNet50(include_top=False, pooling="avg", trainable=False)   # a frozen base
#
# Every convolution is followed by BatchNormalization(epsilon=1.001e-5), which adds
# 2*channels trainable (gamma, beta) and 2*channels non-trainable (moving mean and variance)
# parameters.

# ResNet18/34 "basic" block: two 3x3 convolutions; the shortcut is a strided 1x1 projection.
block BasicBlock(filters, stride=1)(x):
    s = Conv2D(filters, 1, strides=stride)(x)
    s = BatchNormalization(epsilon=1.001e-5)
    Conv2D(filters, 3, strides=stride, padding="same")(x)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    Conv2D(filters, 3, padding="same")
    h = BatchNormalization(epsilon=1.001e-5)
    Add()(s, h)
    Activation("relu")

# The basic block with the identity shortcut: the input must have `filters` channels.
block BasicIdentity(filters)(x):
    Conv2D(filters, 3, padding="same")(x)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    Conv2D(filters, 3, padding="same")
    h = BatchNormalization(epsilon=1.001e-5)
    Add()(x, h)
    Activation("relu")

# ResNet50/101/152 bottleneck (keras.applications.resnet's block1 with conv_shortcut=True).
block Bottleneck(filters, stride=2)(x):
    s = Conv2D(4*filters, 1, strides=stride)(x)
    s = BatchNormalization(epsilon=1.001e-5)
    Conv2D(filters, 1, strides=stride)(x)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    Conv2D(filters, 3, padding="same")
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    Conv2D(4*filters, 1)
    h = BatchNormalization(epsilon=1.001e-5)
    Add()(s, h)
    Activation("relu")

# The bottleneck with the identity shortcut (block1 with conv_shortcut=False): the input
# must have 4*filters channels.
block BottleneckIdentity(filters)(x):
    Conv2D(filters, 1)(x)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    Conv2D(filters, 3, padding="same")
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    Conv2D(4*filters, 1)
    h = BatchNormalization(epsilon=1.001e-5)
    Add()(x, h)
    Activation("relu")

# A stage (keras.applications.resnet's stack1): one projection block, then blocks - 1
# identity blocks.
block ResNetStage(filters, blocks, stride=2):
    Bottleneck(filters, stride)
    BottleneckIdentity(filters) * (blocks - 1)

# The stem of ResNet50: 7x7/2 convolution, batch norm, ReLU, 3x3/2 max pooling.
block ResNetStem(filters=64):
    ZeroPadding2D(padding=((3, 3), (3, 3)))
    Conv2D(filters, 7, strides=2)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    ZeroPadding2D(padding=((1, 1), (1, 1)))
    MaxPooling2D(3, strides=2)

# keras.applications.resnet.ResNet(stack_fn, preact=False, use_bias=True) after its Input,
# with stack_residual_blocks_v1 at depths b2..b5 (ResNet50: 3, 4, 6, 3): the stem, four
# stages (the first of stride 1), then Keras's top (include_top: average pooling,
# Dense(classes, activation=classifier_activation)), or without it a global pooling
# ("avg", "max") or none.
block ResNet(b2=3, b3=4, b4=6, b5=3, include_top=True, pooling=None, classes=1000,
             classifier_activation="softmax"):
    ResNetStem(64)
    ResNetStage(64, b2, stride=1)
    ResNetStage(128, b3)
    ResNetStage(256, b4)
    ResNetStage(512, b5)
    if include_top:
        GlobalAveragePooling2D()
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()

# keras.applications.ResNet50 after its Input, with Keras's arguments (weights=None).
block ResNet50(include_top=True, pooling=None, classes=1000,
               classifier_activation="softmax"):
    ResNet(3, 4, 6, 3, include_top, pooling, classes, classifier_activation)

# keras.applications.ResNet101: conv4 has 23 blocks.
block ResNet101(include_top=True, pooling=None, classes=1000,
                classifier_activation="softmax"):
    ResNet(3, 4, 23, 3, include_top, pooling, classes, classifier_activation)

# keras.applications.ResNet152: conv3 has 8 blocks, conv4 36.
block ResNet152(include_top=True, pooling=None, classes=1000,
                classifier_activation="softmax"):
    ResNet(3, 8, 36, 3, include_top, pooling, classes, classifier_activation)
