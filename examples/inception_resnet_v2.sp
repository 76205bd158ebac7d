# InceptionResNetV2 (Szegedy et al. 2016) exactly as keras.applications.InceptionResNetV2
# (weights=None) builds it: the Inception stem, 10 Block35, 20 Block17 and 10 Block8
# residual blocks (each summed by Keras's CustomScaleLayer) with the reductions between them,
# and the head: 55,873,736 parameters at 299 x 299. The blocks are stdlib.inception_resnet's.
#
#     symparams summary examples/inception_resnet_v2.sp --set H=75 --set W=75

use stdlib.inception_resnet

model inception_resnet_v2(H=299, W=299, classes=1000):
    Input(shape=(H, W, 3))
    InceptionResNetV2(10, 20, 9, classes)

# The numbers of residual blocks as symbols (Keras: 10, 20 and 9 + 1).
model inception_resnet(H=299, W=299, n35=10, n17=20, n8=9, classes=1000):
    assume n35 >= 0, n17 >= 0, n8 >= 0
    Input(shape=(H, W, 3))
    InceptionResNetV2(n35, n17, n8, classes)
