# MobileNetV3 (Howard et al. 2019) exactly as keras.applications.MobileNetV3Small and
# MobileNetV3Large (weights=None) build them, plain and minimalistic (3x3 kernels, relu, no
# squeeze-excite). MobileNetV3Small at 224 x 224 has 2,554,968 parameters. The blocks are
# stdlib.mobilenet_v3's; Keras's hard_sigmoid, ReLU(6.0)(x + 3.0) * (1.0 / 6.0), is written
# as Keras writes it (rows add, re_lu, multiply). alpha is the blocks' first argument:
# MobileNetV3Small(0.75, False, classes) is Keras's alpha=0.75.
#
#     symparams summary examples/mobilenetv3.sp --model mobilenetv3_small --set H=96 --set W=96
#     symparams summary examples/mobilenetv3.sp --model mobilenetv3_large_minimalistic

use stdlib.mobilenet_v3

model mobilenetv3_small(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV3Small(1.0, False, classes)

model mobilenetv3_small_minimalistic(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV3Small(1.0, True, classes)

model mobilenetv3_large(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV3Large(1.0, False, classes)

model mobilenetv3_large_minimalistic(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    MobileNetV3Large(1.0, True, classes)
