# MobileNet (Howard et al. 2017) exactly as keras.applications.MobileNet(weights=None)
# builds it: one model per width multiplier Keras offers (alpha = 0.25, 0.5, 0.75, 1.0;
# at 1.0, 4,253,864 parameters), each calling stdlib.mobilenet_v1's MobileNet block with
# its alpha as a literal, read exactly (0.75 is 3/4); the depth multiplier dm is a symbol.
#
#     symparams summary examples/mobilenet.sp --model mobilenet_025 --set H=96 --set W=96
#     symparams summary examples/mobilenet.sp --model mobilenet_100 --set dm=2

use stdlib.mobilenet_v1

model mobilenet_025(H=224, W=224, dm=1, classes=1000):
    Input(shape=(H, W, 3))
    MobileNet(0.25, dm, 1e-3, classes)

model mobilenet_050(H=224, W=224, dm=1, classes=1000):
    Input(shape=(H, W, 3))
    MobileNet(0.5, dm, 1e-3, classes)

model mobilenet_075(H=224, W=224, dm=1, classes=1000):
    Input(shape=(H, W, 3))
    MobileNet(0.75, dm, 1e-3, classes)

model mobilenet_100(H=224, W=224, dm=1, classes=1000):
    Input(shape=(H, W, 3))
    MobileNet(1.0, dm, 1e-3, classes)
