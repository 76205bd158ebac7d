# EfficientNet (Tan and Le 2019) from one model, exactly as keras.applications builds it
# (weights=None), driven by the width and depth coefficients w and d and the resolution
# H = W. w=1, d=1, 224 is EfficientNetB0: 5,330,571 parameters, 42,023 non-trainable
# (including Normalization's 2*3 + 1). Every block is stdlib.efficientnet's one MBConv.
#
# w and d are positive integers here. B1 to B7 (w, d = 1/1.1, 1.1/1.2, 1.2/1.4, 1.4/1.8,
# 1.6/2.2, 1.8/2.6, 2/3.1) are refused for now: with a rational w, whether the first block
# of stages 1, 5 and 7 adds its residual (Keras: `filters_in == filters_out`) depends on w
# through round_filters, and symparams does not pick a branch it cannot decide.
#
#     symparams summary examples/efficientnet.sp --set w=2 --set d=3 --set H=64 --set W=64

use stdlib.efficientnet

model efficientnet(H=224, W=224, w=1, d=1, classes=1000):
    Input(shape=(H, W, 3))
    Rescaling(1 / 255)
    Normalization()
    ZeroPadding2D(padding=((correct_pad(H, 3), 1), (correct_pad(W, 3), 1)))
    Conv2D(round_filters(32, w), 3, strides=2, use_bias=False)
    BatchNormalization()
    Activation("swish")
    MBStage(16, 3, 1, 1, 1, w, d)
    MBStage(24, 3, 2, 6, 2, w, d)
    MBStage(40, 5, 2, 6, 2, w, d)
    MBStage(80, 3, 2, 6, 3, w, d)
    MBStage(112, 5, 1, 6, 3, w, d)
    MBStage(192, 5, 2, 6, 4, w, d)
    MBStage(320, 3, 1, 6, 1, w, d)
    Conv2D(round_filters(1280, w), 1, padding="same", use_bias=False)
    BatchNormalization()
    Activation("swish")
    GlobalAveragePooling2D()
    Dropout(0.2)
    Dense(classes, activation="softmax")
