# MobileNetV2 (alpha=1.0) as keras.applications.MobileNetV2(weights=None) builds it, with
# symbolic input size: 3,538,984 parameters (3,504,872 trainable, 34,112 non-trainable).
# A benchmark model for issue 16 (`python benchmarks/run.py`): symbolic H and W, and the
# same network with `assume H % 32 == 0, W % 32 == 0` (Keras's correct_pad is ((0, 1), (0, 1))
# before every strided depthwise convolution when the sizes are even, as they then are).

# The 1x1 projection of every inverted residual block.
block Project(filters):
    Conv2D(filters, 1, padding="same", use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)

# The 1x1 expansion (every block but the first).
block Expand(channels):
    Conv2D(channels, 1, padding="same", use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)

# Stride 1, same width in and out: residual connection.
block InvertedResidual(filters, expansion=6)(x):
    Expand(expansion*filters)(x)
    DepthwiseConv2D(3, padding="same", use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    h = Project(filters)
    Add()(x, h)

# Stride 1, a new width: no residual connection.
block Widen(in_channels, filters, expansion=6):
    Expand(expansion*in_channels)
    DepthwiseConv2D(3, padding="same", use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    Project(filters)

# Stride 2 (always a new width).
block Downsample(in_channels, filters, expansion=6):
    Expand(expansion*in_channels)
    ZeroPadding2D(padding=((0, 1), (0, 1)))
    DepthwiseConv2D(3, strides=2, use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    Project(filters)

model mobilenet_v2(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    Conv2D(32, 3, strides=2, padding="same", use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    DepthwiseConv2D(3, padding="same", use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    Project(16)
    Downsample(16, 24)
    InvertedResidual(24)
    Downsample(24, 32)
    InvertedResidual(32) * 2
    Downsample(32, 64)
    InvertedResidual(64) * 3
    Widen(64, 96)
    InvertedResidual(96) * 2
    Downsample(96, 160)
    InvertedResidual(160) * 2
    Widen(160, 320)
    Conv2D(1280, 1, use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    GlobalAveragePooling2D()
    Dense(classes, activation="softmax")
