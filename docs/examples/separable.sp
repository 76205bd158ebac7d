# Two 3x3 convolution stacks on an RGB image: the first layer plain, or depthwise separable.
model plain(H=32, f=16, k=3):
    Input(shape=(H, H, 3))
    Conv2D(f, k, padding="same")
    Conv2D(f, k, padding="same")

model separable(H=32, f=16, k=3):
    Input(shape=(H, H, 3))
    SeparableConv2D(f, k, padding="same")
    Conv2D(f, k, padding="same")
