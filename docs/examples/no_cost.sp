# A model with a layer whose cost symparams does not derive (UpSampling2D with bilinear
# interpolation, docs/compute.md; no layer type that a model accepts lacks a cost rule):
# its MACs, FLOPs and every total containing them are unknown, never 0.
model clip(H=16, W=16, f=4):
    Input(shape=(H, W, 3))
    UpSampling2D(2, interpolation="bilinear")
    Dense(f)
