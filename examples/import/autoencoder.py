"""A convolutional autoencoder as Keras's tutorials write it: an encoder and a decoder, each
a Sequential model, applied one after the other to the input. `symparams import` writes
each as a block of the model text (and as a model of its own)."""

import keras
from keras import layers

latent_dim = 16

encoder = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
    layers.Conv2D(64, 3, strides=2, padding="same", activation="relu"),
    layers.Flatten(),
    layers.Dense(latent_dim),
], name="encoder")

decoder = keras.Sequential([
    keras.Input(shape=(latent_dim,)),
    layers.Dense(7 * 7 * 64, activation="relu"),
    layers.Reshape((7, 7, 64)),
    layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),
    layers.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid"),
], name="decoder")

inputs = keras.Input(shape=(28, 28, 1))
autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="autoencoder")
