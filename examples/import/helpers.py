"""Helper functions the ways Keras code writes them: called where a tensor goes, with
keywords and defaults, and making a layer object that is applied later (each call makes
layers of its own)."""

import keras
from keras import layers

WIDTH = 32


def residual(x, units, *, activation="relu"):
    h = layers.Dense(units, activation=activation)(x)
    h = layers.Dense(units)(h)
    return layers.add([x, h])


def projected(x, units=WIDTH // 2):
    project = layers.Dense(units, use_bias=False)
    return layers.Dense(8)(project(x))


inputs = keras.Input(shape=(WIDTH,))
x = residual(inputs, WIDTH)
x = layers.add([x, residual(x, units=WIDTH, activation="tanh")])
a = projected(x)
b = projected(layers.LayerNormalization()(a), units=4)
outputs = layers.concatenate([a, b])
model = keras.Model(inputs, outputs)
