# Xception (Chollet 2017) exactly as keras.applications.Xception(weights=None) builds it:
# 22,910,480 parameters at any input size (global average pooling), 54,528 of them
# non-trainable. The middle flow's depth is the symbol n (Keras: 8; 0 is allowed: no middle
# flow); the spatial sizes are closed forms in H and W:
# `symparams summary examples/xception.sp`.

use stdlib.xception

model xception(H=299, W=299, n=8, classes=1000):
    assume n >= 0
    Input(shape=(H, W, 3))
    x = XceptionStem(32, 64)                 # entry flow
    x = XceptionReduction(128)(x, x)
    XceptionDown(256)
    XceptionDown(728)
    XceptionMiddle(728) * n                  # middle flow
    XceptionDown(728, 1024)                  # exit flow
    SeparableConv2D(1536, 3, padding="same", use_bias=False)
    BatchNormalization()
    Activation("relu")
    SeparableConv2D(2048, 3, padding="same", use_bias=False)
    BatchNormalization()
    Activation("relu")
    GlobalAveragePooling2D()
    Dense(classes, activation="softmax")
