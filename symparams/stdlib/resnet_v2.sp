# ResNetV2 (He et al. 2016, "Identity Mappings in Deep Residual Networks"), the
# pre-activation ResNet, as keras.applications builds it (resnet_v2.py and resnet.py's
# ResNet(stack_fn, preact=True, use_bias=True), weights=None).
#
#     use stdlib.resnet_v2
#     ResNet50V2()                       # the network after its Input (also 101V2, 152V2)
#     ResNet50V2(include_top=False, pooling="avg", trainable=False)   # a frozen base
#     ResNetV2(3, 8, 36, 3)              # any four stage depths (each at least 2)
#     ResidualBlockV2(64, stride=2)      # one pre-activation bottleneck block
#
# Every BatchNormalization has epsilon=1.001e-5: 2*channels trainable and 2*channels
# non-trainable parameters.

# Keras's residual_block_v2: BatchNormalization and ReLU first (the shortcut's projection
# also reads them), then 1x1, 3x3 (stride `stride`), 1x1 to 4*filters with bias. The
# shortcut: a projection (conv_shortcut), else a strided MaxPooling2D(1), else the input.
block ResidualBlockV2(filters, kernel_size=3, stride=1, conv_shortcut=False)(x):
    BatchNormalization(epsilon=1.001e-5)(x)
    preact = Activation("relu")
    if conv_shortcut:
        shortcut = Conv2D(4 * filters, 1, strides=stride)(preact)
    elif stride > 1:
        shortcut = MaxPooling2D(1, strides=stride)(x)
    else:
        shortcut = x
    Conv2D(filters, 1, strides=1, use_bias=False)(preact)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    ZeroPadding2D(padding=((1, 1), (1, 1)))
    Conv2D(filters, kernel_size, strides=stride, use_bias=False)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    y = Conv2D(4 * filters, 1)
    Add()(shortcut, y)

# Keras's stack_residual_blocks_v2: a first block with the projection shortcut, blocks - 2
# identity blocks, and a last one of stride stride1.
block StackResidualBlocksV2(filters, blocks, stride1=2):
    ResidualBlockV2(filters, conv_shortcut=True)
    ResidualBlockV2(filters) * (blocks - 2)
    ResidualBlockV2(filters, stride=stride1)

# resnet.ResNet(stack_fn, preact=True, use_bias=True) with ResNet50V2's stack_fn at depths
# b2..b5 (Keras: 3, 4, 6, 3): the 7x7 stem with bias and no normalisation, four stacks, the
# post-activation BatchNormalization and ReLU (there with or without the top), then Keras's
# top (include_top: average pooling, Dense(classes, activation=classifier_activation)), or
# without it a global pooling ("avg", "max") or none.
block ResNetV2(b2=3, b3=4, b4=6, b5=3, classes=1000, include_top=True, pooling=None,
               classifier_activation="softmax"):
    ZeroPadding2D(padding=((3, 3), (3, 3)))
    Conv2D(64, 7, strides=2, use_bias=True)
    ZeroPadding2D(padding=((1, 1), (1, 1)))
    MaxPooling2D(3, strides=2)
    StackResidualBlocksV2(64, b2)
    StackResidualBlocksV2(128, b3)
    StackResidualBlocksV2(256, b4)
    StackResidualBlocksV2(512, b5, stride1=1)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    if include_top:
        GlobalAveragePooling2D()
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()

block ResNet50V2(classes=1000, include_top=True, pooling=None,
                 classifier_activation="softmax"):
    ResNetV2(3, 4, 6, 3, classes, include_top, pooling, classifier_activation)

block ResNet101V2(classes=1000, include_top=True, pooling=None,
                  classifier_activation="softmax"):
    ResNetV2(3, 4, 23, 3, classes, include_top, pooling, classifier_activation)

block ResNet152V2(classes=1000, include_top=True, pooling=None,
                  classifier_activation="softmax"):
    ResNetV2(3, 8, 36, 3, classes, include_top, pooling, classifier_activation)
