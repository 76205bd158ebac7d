# MobileNetV2 (Sandler et al. 2018) exactly as keras.applications.MobileNetV2(weights=None)
# builds it, with the width multiplier alpha as a symbol: at alpha=1, 3,538,984 parameters.
# Every block is stdlib.mobilenet's one InvertedResidual (Keras's _inverted_res_block, its
# conditions included); the spatial sizes are closed forms in H and W.
#
# alpha is a positive integer here. Keras's fractional widths (0.35, 0.5, 0.75, 1.3, 1.4)
# are refused for now: with a rational alpha, whether blocks 0, 10 and 16 add their
# residual (Keras: `in_channels == pointwise_filters`) depends on alpha through
# make_divisible, and symparams does not pick a branch it cannot decide.
#
#     symparams summary examples/mobilenetv2.sp --set alpha=2 --set H=96 --set W=96

use stdlib.mobilenet

model mobilenetv2(H=224, W=224, alpha=1, classes=1000):
    Input(shape=(H, W, 3))
    Conv2D(make_divisible(32 * alpha, 8), 3, strides=2, padding="same", use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    InvertedResidual(16, 1, 1, alpha)
    InvertedResidual(24, 2, 6, alpha)
    InvertedResidual(24, 1, 6, alpha)
    InvertedResidual(32, 2, 6, alpha)
    InvertedResidual(32, 1, 6, alpha) * 2
    InvertedResidual(64, 2, 6, alpha)
    InvertedResidual(64, 1, 6, alpha) * 3
    InvertedResidual(96, 1, 6, alpha)
    InvertedResidual(96, 1, 6, alpha) * 2
    InvertedResidual(160, 2, 6, alpha)
    InvertedResidual(160, 1, 6, alpha) * 2
    InvertedResidual(320, 1, 6, alpha)
    Conv2D(make_divisible(1280 * alpha, 8) if alpha > 1 else 1280, 1, use_bias=False)
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    GlobalAveragePooling2D()
    Dense(classes, activation="softmax")
