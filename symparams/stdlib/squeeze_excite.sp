# Squeeze-and-excitation (Hu et al. 2018): channel weights from a global average, applied by
# multiplication. `channels` must be the input's channel count.
#
#     use stdlib.squeeze_excite
#     SqueezeExcite(C, 16)

block SqueezeExcite(channels, ratio=16)(x):
    GlobalAveragePooling2D()(x)
    Dense(channels // ratio, activation="relu")
    Dense(channels, activation="sigmoid")
    s = Reshape((1, 1, channels))
    Multiply()(x, s)
