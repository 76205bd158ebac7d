# ResNet50 (He et al. 2015) exactly as keras.applications.ResNet50(weights=None) builds it:
# 25,636,712 parameters, 25,583,592 trainable, 53,120 non-trainable (BatchNormalization's
# moving statistics). The counts do not depend on H and W (global average pooling); the
# shapes do: `symparams summary examples/resnet50.sp` shows them in closed form.

use stdlib.resnet

model resnet50(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    ResNetStem(64)
    ResNetStage(64, 3, stride=1)     # conv2: 56x56 at 224
    ResNetStage(128, 4)              # conv3: 28x28
    ResNetStage(256, 6)              # conv4: 14x14
    ResNetStage(512, 3)              # conv5: 7x7
    GlobalAveragePooling2D()
    Dense(classes, activation="softmax")

# The same network with the stage sizes as symbols: ResNet101 is b4=23, ResNet152 b3=8, b4=36.
model resnet(H=224, W=224, b2=3, b3=4, b4=6, b5=3, classes=1000):
    Input(shape=(H, W, 3))
    ResNetStem(64)
    ResNetStage(64, b2, stride=1)
    ResNetStage(128, b3)
    ResNetStage(256, b4)
    ResNetStage(512, b5)
    GlobalAveragePooling2D()
    Dense(classes, activation="softmax")
