# MobileNetV2 (Sandler et al. 2018) exactly as keras.applications.MobileNetV2(weights=None)
# builds it: one model per width multiplier Keras offers (alpha = 0.35, 0.5, 0.75, 1.0, 1.3,
# 1.4; at 1.0, 3,538,984 parameters), each calling stdlib.mobilenet's one MobileNetV2 block
# (Keras's stem, 17 _inverted_res_block's with their conditions, and top) with its alpha as
# a literal, read exactly (0.35 is 7/20). The spatial sizes stay closed forms in H and W.
#
# A literal alpha decides every residual condition while the block is elaborated. With a
# symbolic alpha it is decided only for integers (the model mobilenetv2 below): for a
# fractional one, whether blocks 0, 10 and 16 add their shortcut (Keras:
# `in_channels == pointwise_filters`) depends on alpha through make_divisible, and
# symparams does not pick a branch it cannot decide.
#
#     symparams summary examples/mobilenetv2.sp --model mobilenetv2_035 --set H=96 --set W=96
#     symparams summary examples/mobilenetv2.sp --model mobilenetv2 --set alpha=2

use stdlib.mobilenet

model mobilenetv2_035(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV2(0.35, classes)

model mobilenetv2_050(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV2(0.5, classes)

model mobilenetv2_075(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV2(0.75, classes)

model mobilenetv2_100(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV2(1.0, classes)

model mobilenetv2_130(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV2(1.3, classes)

model mobilenetv2_140(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV2(1.4, classes)

# The width multiplier as a symbol: any positive integer alpha.
model mobilenetv2(H=224, W=224, alpha=1, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV2(alpha, classes)
