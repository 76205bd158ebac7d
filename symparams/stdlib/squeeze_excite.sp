# Squeeze-and-excitation (Hu et al. 2018): channel weights from a global average, applied by
# multiplication. The channel count is read from the input's shape.
#
#     use stdlib.squeeze_excite
#     SqueezeExcite(16)

block SqueezeExcite(ratio=16)(x):
    channels = x.shape[-1]
    GlobalAveragePooling2D()(x)
    Dense(channels // ratio, activation="relu")
    Dense(channels, activation="sigmoid")
    s = Reshape((1, 1, channels))
    Multiply()(x, s)
