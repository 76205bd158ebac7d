"""The seed's models against a real Keras, built from the notebook's own code (Keras 3: the
Embedding's ``input_length`` becomes an ``Input(shape=(600,))``)."""

from __future__ import annotations

import math

import pytest

import symparams

from .conftest import EXAMPLES

pytestmark = pytest.mark.oracle


def notebook_models(keras):
    from keras.layers import Conv2D, Dense, Embedding, Flatten, MaxPool2D, SimpleRNN
    from keras.models import Sequential

    mlp = Sequential()
    mlp.add(keras.Input(shape=(28, 28)))
    mlp.add(Flatten())
    mlp.add(Dense(30, activation="relu"))
    mlp.add(Dense(10, activation="relu"))
    mlp.add(Dense(3, activation="softmax"))

    cnn = Sequential()
    cnn.add(keras.Input(shape=(55, 55, 1)))
    cnn.add(Conv2D(filters=99, kernel_size=(7, 7), strides=1, activation="relu"))
    cnn.add(MaxPool2D(pool_size=(2, 2)))
    cnn.add(Flatten())
    cnn.add(Dense(3, activation="softmax"))

    rnn = Sequential()
    rnn.add(keras.Input(shape=(600,)))
    rnn.add(Embedding(input_dim=10000, output_dim=32))
    rnn.add(SimpleRNN(15, activation="tanh", return_sequences=True))
    rnn.add(Dense(1, activation="sigmoid"))
    return {"mlp": mlp, "cnn": cnn, "rnn": rnn}


def _count(weights):
    return sum(math.prod(int(d) for d in w.shape) for w in weights)


def test_seed_against_keras(keras):
    keras.utils.clear_session()
    doc = symparams.parse_file(EXAMPLES / "seed.sp")
    for name, km in notebook_models(keras).items():
        ours = doc.models[name].evaluate()
        for ours_layer, keras_layer in zip(ours.layers, km.layers, strict=True):
            assert ours_layer.type == type(keras_layer).__name__
            assert ours_layer.output_shape == tuple(keras_layer.output.shape[1:])
            assert ours_layer.trainable == _count(keras_layer.trainable_weights)
            assert ours_layer.non_trainable == _count(keras_layer.non_trainable_weights)
        assert ours.params == km.count_params()
