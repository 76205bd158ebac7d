# An Inception module (Szegedy et al. 2014, GoogLeNet's "inception (3a)" and friends):
# four branches over the same input, concatenated along the channels.
#
#     use stdlib.inception
#     Inception(64, 96, 128, 16, 32, 32)       # inception (3a): 256 channels out

block Inception(f1, f3_reduce, f3, f5_reduce, f5, pool_proj)(x):
    b1 = Conv2D(f1, 1, activation="relu")(x)
    Conv2D(f3_reduce, 1, activation="relu")(x)
    b3 = Conv2D(f3, 3, padding="same", activation="relu")
    Conv2D(f5_reduce, 1, activation="relu")(x)
    b5 = Conv2D(f5, 5, padding="same", activation="relu")
    MaxPooling2D(3, strides=1, padding="same")(x)
    bp = Conv2D(pool_proj, 1, activation="relu")
    Concatenate()(b1, b3, b5, bp)
