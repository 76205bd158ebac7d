# EfficientNetB0 to B7 (Tan and Le 2019) exactly as keras.applications builds them
# (weights=None): one model per network, each calling stdlib.efficientnet's one EfficientNet
# block with Keras's (width, depth, dropout) coefficients as literals, read exactly (1.1 is
# 11/10), and Keras's default resolution as the example value of H = W. B0 has 5,330,571
# parameters, 42,023 non-trainable (including Normalization's 2*3 + 1). Every block is
# stdlib.efficientnet's one MBConv.
#
# Literal coefficients decide every residual condition and repeat count while the block is
# elaborated. With symbolic ones they are decided only for integers (the model efficientnet
# below): for a fractional width, whether the first block of stages 1, 5 and 7 adds its
# shortcut (Keras: `filters_in == filters_out`) depends on it through round_filters, and
# symparams does not pick a branch it cannot decide.
#
#     symparams summary examples/efficientnet.sp --model efficientnet_b3 --set H=64 --set W=64
#     symparams summary examples/efficientnet.sp --model efficientnet --set w=2 --set d=3

use stdlib.efficientnet

model efficientnet_b0(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNet(1.0, 1.0, 0.2, classes)

model efficientnet_b1(H=240, W=240, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNet(1.0, 1.1, 0.2, classes)

model efficientnet_b2(H=260, W=260, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNet(1.1, 1.2, 0.3, classes)

model efficientnet_b3(H=300, W=300, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNet(1.2, 1.4, 0.3, classes)

model efficientnet_b4(H=380, W=380, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNet(1.4, 1.8, 0.4, classes)

model efficientnet_b5(H=456, W=456, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNet(1.6, 2.2, 0.4, classes)

model efficientnet_b6(H=528, W=528, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNet(1.8, 2.6, 0.5, classes)

model efficientnet_b7(H=600, W=600, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNet(2.0, 3.1, 0.5, classes)

# The width and depth coefficients as symbols: any positive integers w and d.
model efficientnet(H=224, W=224, w=1, d=1, classes=1000):
    Input(shape=(H, W, 3))
    EfficientNet(w, d, 0.2, classes)
