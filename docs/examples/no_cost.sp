# A model with a layer type that has no cost rule (ConvLSTM1D, docs/compute.md): its MACs,
# FLOPs and every total containing them are unknown, never 0.
model clip(T=8, L=16, f=4):
    Input(shape=(T, L, 3))
    ConvLSTM1D(f, 3)
    Dense(2)
