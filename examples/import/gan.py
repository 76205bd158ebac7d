"""A GAN as courses build it: a generator and a discriminator, each a Sequential model, the
discriminator frozen (`discriminator.trainable = False`) inside the combined model that
trains the generator. `symparams import` writes each as a block and as a model of its own;
the frozen one says `trainable=False`, so the combined model's trainable count is the
generator's. A layer frozen by index (`model.layers[0].trainable = False`) too."""

import keras
from keras import layers

latent_dim = 32

generator = keras.Sequential([
    keras.Input(shape=(latent_dim,)),
    layers.Dense(128),
    layers.LeakyReLU(negative_slope=0.2),
    layers.Dense(28 * 28, activation="sigmoid"),
    layers.Reshape((28, 28, 1)),
], name="generator")

discriminator = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Flatten(),
    layers.Dense(128),
    layers.LeakyReLU(negative_slope=0.2),
    layers.Dense(1, activation="sigmoid"),
], name="discriminator")

discriminator.trainable = False
gan = keras.Sequential([generator, discriminator], name="gan")

# Fine-tuning by hand: the first layer of a small classifier frozen by its index.
classifier = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(8, activation="relu"),
    layers.Dense(3, activation="softmax"),
], name="classifier")
classifier.layers[0].trainable = False
