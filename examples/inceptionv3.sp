# InceptionV3 (Szegedy et al. 2016) exactly as keras.applications.InceptionV3(weights=None)
# builds it: 23,851,784 parameters at any input size (global average pooling), 34,432 of
# them non-trainable. The spatial sizes are closed forms in H and W:
# `symparams summary examples/inceptionv3.sp`.

use stdlib.inception

model inceptionv3(H=299, W=299, classes=1000):
    Input(shape=(H, W, 3))
    ConvBN(32, 3, stride=2, padding="valid")      # stem
    ConvBN(32, 3, padding="valid")
    ConvBN(64, 3)
    MaxPooling2D(3, strides=2)
    ConvBN(80, 1, padding="valid")
    ConvBN(192, 3, padding="valid")
    MaxPooling2D(3, strides=2)
    InceptionA(32)                                # mixed0: 35x35 at 299
    InceptionA(64)                                # mixed1
    InceptionA(64)                                # mixed2
    InceptionB()                                  # mixed3: 17x17
    InceptionC(128)                               # mixed4
    InceptionC(160) * 2                           # mixed5, mixed6
    InceptionC(192)                               # mixed7
    InceptionD()                                  # mixed8: 8x8
    InceptionE()                                  # mixed9
    InceptionE()                                  # mixed10
    GlobalAveragePooling2D()
    Dense(classes, activation="softmax")
