"""Transfer learning as TensorFlow's tutorial writes it: MobileNetV2 without its classifier,
frozen, under a new head. `symparams import` writes the network as the stdlib block
`MobileNetV2(include_top=False, trainable=False)` and preprocess_input as its two Keras
operations. (The tutorial loads weights="imagenet"; the counts are the same without.)"""

import keras
from keras import layers

IMG_SIZE = (160, 160)
IMG_SHAPE = IMG_SIZE + (3,)

base_model = keras.applications.MobileNetV2(input_shape=IMG_SHAPE, include_top=False,
                                            weights=None)
base_model.trainable = False

preprocess_input = keras.applications.mobilenet_v2.preprocess_input
global_average_layer = layers.GlobalAveragePooling2D()
prediction_layer = layers.Dense(1)

inputs = keras.Input(shape=(160, 160, 3))
x = preprocess_input(inputs)
x = base_model(x, training=False)
x = global_average_layer(x)
x = layers.Dropout(0.2)(x)
outputs = prediction_layer(x)
model = keras.Model(inputs, outputs)

# The same network listed in a Sequential model, its classifier a Dense of 5 classes.
classifier = keras.Sequential([
    keras.applications.MobileNetV2(input_shape=(96, 96, 3), include_top=False,
                                   pooling="avg", alpha=0.5, weights=None),
    layers.Dense(5, activation="softmax"),
])
