"""A small U-Net (Ronneberger et al., 2015) as course notebooks write it: a helper function
per kind of block, called once per level. `symparams import` writes each call out."""

import keras
from keras import layers

NUM_CLASSES = 4


def conv_block(x, filters, kernel_size=3):
    """Two 3x3 convolutions, each with batch normalization and ReLU."""
    x = layers.Conv2D(filters, kernel_size, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = layers.Conv2D(filters, kernel_size, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.Activation("relu")(x)


def encoder_block(x, filters):
    skip = conv_block(x, filters)
    return skip, layers.MaxPooling2D(2)(skip)


def decoder_block(x, skip, filters):
    x = layers.Conv2DTranspose(filters, 2, strides=2, padding="same")(x)
    x = layers.concatenate([x, skip])
    return conv_block(x, filters)


def build_unet(input_shape, classes, base=16):
    inputs = keras.Input(shape=input_shape)
    s1, x = encoder_block(inputs, base)
    s2, x = encoder_block(x, base * 2)
    x = conv_block(x, base * 4)
    x = decoder_block(x, s2, base * 2)
    x = decoder_block(x, s1, base)
    outputs = layers.Conv2D(classes, 1, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="unet")


model = build_unet((96, 96, 3), NUM_CLASSES)
