"""Two inputs, a model made by a function, a merge function and a nested layer call."""

import keras
from keras import layers


def build():
    text = keras.Input(shape=(None,), name="text")  # token ids of any length
    meta = keras.Input(shape=(5,), name="meta")
    x = layers.Embedding(1000, 16)(text)
    x = layers.LSTM(8)(x)
    h = layers.concatenate([x, layers.Dense(4, activation="relu")(meta)])
    out = layers.Dense(1, activation="sigmoid")(h)
    return keras.Model(inputs=[text, meta], outputs=out)


model = build()
