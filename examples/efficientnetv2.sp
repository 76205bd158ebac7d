# EfficientNetV2 (Tan and Le 2021) exactly as keras.applications.EfficientNetV2B0..B3 and
# EfficientNetV2S (weights=None) build them: Keras's preprocessing, fused and plain MBConv
# stages with squeeze-excite, Keras's round_filters and round_repeats, the drop-connect
# Dropout where its rate is not 0, and the head. B0 at 224 x 224 has 7,200,312 parameters
# (60,608 of them non-trainable). The blocks are stdlib.efficientnet_v2's.
#
#     symparams summary examples/efficientnetv2.sp --model efficientnetv2_b0 --set H=64 --set W=64
#     symparams summary examples/efficientnetv2.sp --model efficientnetv2 --set w=2

use stdlib.efficientnet_v2

model efficientnetv2_b0(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNetV2B(1.0, 1.0, 0.2, classes)

model efficientnetv2_b1(H=240, W=240, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNetV2B(1.0, 1.1, 0.2, classes)

model efficientnetv2_b2(H=260, W=260, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNetV2B(1.1, 1.2, 0.2, classes)

model efficientnetv2_b3(H=300, W=300, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNetV2B(1.2, 1.4, 0.2, classes)

model efficientnetv2_s(H=384, W=384, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNetV2S(classes)

# The width and depth coefficients as symbols (integers: as with EfficientNet, a fractional
# one decides Keras's rounding only at a value).
model efficientnetv2(H=224, W=224, w=1, d=1, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNetV2B(w, d, 0.2, classes)

# include_preprocessing=False.
model efficientnetv2_b0_raw(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNetV2B(1.0, 1.0, 0.2, classes, False)
