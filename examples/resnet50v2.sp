# ResNet50V2, ResNet101V2 and ResNet152V2 (He et al. 2016, pre-activation) exactly as
# keras.applications builds them (weights=None): the 7x7 stem, four stacks of
# pre-activation bottleneck blocks, the post-activation and the classifier. ResNet50V2 at
# 224 x 224 has 25,613,800 parameters. The blocks are stdlib.resnet_v2's.
#
#     symparams summary examples/resnet50v2.sp --model resnet50v2 --set H=64 --set W=64
#     symparams summary examples/resnet50v2.sp --model resnetv2 --set b3=8 --set b4=36

use stdlib.resnet_v2

model resnet50v2(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    ResNet50V2(classes)

model resnet101v2(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    ResNet101V2(classes)

model resnet152v2(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    ResNet152V2(classes)

# The four stage depths as symbols (each at least 2; Keras: 3, 4, 6, 3 for ResNet50V2).
model resnetv2(H=224, W=224, b2=3, b3=4, b4=6, b5=3, classes=1000):
    Input(shape=(H, W, 3))
    ResNetV2(b2, b3, b4, b5, classes)
