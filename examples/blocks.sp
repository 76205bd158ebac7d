# Composition in small: a block, symbolic repetition, named tensors and a merge.
#
#   symparams summary examples/blocks.sp --model residual_mlp
#
# A residual MLP block: x + Dense(d)(Dense(4d, relu)(x)). Repeated L times it has
# L*(8*d**2 + 5*d) parameters: symparams derives the closed form.

block ResidualMLP(d, expansion=4)(x):
    Dense(expansion*d, activation="relu")(x)
    h = Dense(d)
    Add()(x, h)

model residual_mlp(d=64, L=6, n=10):
    Input(shape=(d,))
    ResidualMLP(d) * L
    Dense(n, activation="softmax")

# The same with `repeat`, the running tensor named h, and a skip from the input x into
# every copy (an outer tensor is the same in each copy).
model dense_skip(d=32, L=3):
    x = Input(shape=(d,))
    repeat L as h:
        a = Dense(d, activation="relu")(h)
        b = Dense(d)(x)
        Add()(h, a, b)

# Two branches concatenated: the widths add up.
model two_towers(d=16, a=8, b=24):
    x = Input(shape=(d,))
    left = Dense(a, activation="relu")(x)
    right = Dense(b, activation="relu")(x)
    Concatenate()(left, right)
    Dense(1, activation="sigmoid")

# Two inputs, as Keras's Model([text, meta], out): a text encoder beside a dense side input.
# Several inputs come first, each named; the body starts from the last one named.
model two_inputs(V=10000, E=32, T=100, m=8):
    text = Input(shape=(T,))
    meta = Input(shape=(m,))
    Embedding(V, E)(text)
    GlobalAveragePooling1D()
    h = Dense(16, activation="relu")
    side = Dense(16, activation="relu")(meta)
    Concatenate()(h, side)
    Dense(1, activation="sigmoid")
