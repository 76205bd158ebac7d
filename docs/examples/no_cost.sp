# A model with a layer type that has no cost rule (ContrastLimitedAdaptiveHistogramEqualization,
# docs/compute.md): its MACs, FLOPs and every total containing them are unknown, never 0.
model clip(H=16, W=16, f=4):
    Input(shape=(H, W, 3))
    ContrastLimitedAdaptiveHistogramEqualization()
    Dense(f)
