"""Python loops and conditions the script decides by itself, as course code writes a VGG-style
stack: `symparams import` writes each pass out (a loop over `range(NUM_BLOCKS)` for the
script's NUM_BLOCKS, noted at the top of the model file)."""

import keras
from keras import layers
NUM_BLOCKS = 3
def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.BatchNormalization()(x)
inputs = keras.Input(shape=(32, 32, 3))
x = inputs
for i in range(NUM_BLOCKS):
    x = conv_block(x, 32 * 2 ** i)
    if i < NUM_BLOCKS - 1:
        x = layers.MaxPooling2D()(x)
x = layers.GlobalAveragePooling2D()(x)
for units, rate in zip([128, 64], [0.5, 0.25]):
    x = layers.Dense(units, activation="relu")(x)
    x = layers.Dropout(rate)(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
seq = keras.Sequential([keras.Input(shape=(16,))])
for n in (64, 32):
    seq.add(layers.Dense(n, activation="relu"))
