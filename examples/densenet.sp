# DenseNet121, DenseNet169 and DenseNet201 (Huang et al. 2017) from one definition, exactly
# as keras.applications builds them (weights=None): the dense blocks' depths b1..b4 and the
# growth rate g are symbols, so the total is a closed form in them.
#
#     symparams summary examples/densenet.sp                          # DenseNet121: 8,062,504
#     symparams summary examples/densenet.sp --set b3=32 --set b4=32  # DenseNet169
#     symparams summary examples/densenet.sp --set b3=48 --set b4=32  # DenseNet201

use stdlib.densenet

model densenet(H=224, W=224, b1=6, b2=12, b3=24, b4=16, g=32, classes=1000):
    Input(shape=(H, W, 3))
    DenseNetStem(64)
    DenseBlock(b1, g)
    Transition(0.5)
    DenseBlock(b2, g)
    Transition(0.5)
    DenseBlock(b3, g)
    Transition(0.5)
    DenseBlock(b4, g)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    GlobalAveragePooling2D()
    Dense(classes, activation="softmax")
