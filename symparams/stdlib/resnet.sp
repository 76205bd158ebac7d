# ResNet blocks as keras.applications builds them (ResNet v1, channels last).
#
#     use stdlib.resnet
#     Bottleneck(64, stride=1)             # 1x1 -> 3x3 -> 1x1 (4*filters) + projection shortcut
#     BottleneckIdentity(64) * 2           # the same with the identity shortcut
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
