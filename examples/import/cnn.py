"""A small image classifier, as Keras code is usually written (read by `symparams import`;
never run by it)."""

import keras
from keras import layers, regularizers

num_classes = 10
input_shape = (32, 32, 3)

# Sequential: the classic stack
model = keras.Sequential(
    [
        keras.Input(shape=input_shape),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),  # more filters
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(num_classes, activation="softmax"),
    ],
    name="mnist_cnn",
)
model.summary()

# Functional: a residual block with a regularized head
inputs = keras.Input(shape=input_shape)
x = layers.Conv2D(32, 3, padding="same", activation=keras.activations.relu)(inputs)
y = layers.Conv2D(32, 3, padding="same")(x)
y = layers.BatchNormalization()(y)
x = layers.add([x, y])  # skip connection
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(num_classes, kernel_regularizer=regularizers.l2(0.01))(x)
resnet = keras.Model(inputs, outputs, name="tiny_resnet")
resnet.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
