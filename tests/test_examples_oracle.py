"""The classic example models against real Keras, built by independent Keras code.

Each Keras model below is written as a Keras user would write it (not generated from our
parse); symparams's numbers for the example file must equal Keras's, layer by layer and in
total, at the file's example values and at a few others.
"""

from __future__ import annotations

import math
import re

import pytest

import symparams

from .conftest import EXAMPLES, require

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]


def lenet5(keras, H=32, W=32, C=1, n=10):
    layers = keras.layers
    return [layers.Input((H, W, C)),
            layers.Conv2D(6, (5, 5), activation="tanh"),
            layers.AveragePooling2D(pool_size=(2, 2)),
            layers.Conv2D(16, (5, 5), activation="tanh"),
            layers.AveragePooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dense(120, activation="tanh"),
            layers.Dense(84, activation="tanh"),
            layers.Dense(n, activation="softmax")]


def vgg16(keras, H=224, W=224, C=3, n=1000):
    layers = keras.layers
    stack = [layers.Input((H, W, C))]
    for filters, convs in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        stack += [layers.Conv2D(filters, (3, 3), padding="same", activation="relu")
                  for _ in range(convs)]
        stack.append(layers.MaxPooling2D((2, 2), strides=(2, 2)))
    return stack + [layers.Flatten(), layers.Dense(4096, activation="relu"),
                    layers.Dense(4096, activation="relu"),
                    layers.Dense(n, activation="softmax")]


def lstm_text(keras, V=20000, E=64, T=200, h=64):
    layers = keras.layers
    return [layers.Input((T,)),
            layers.Embedding(V, E),
            layers.Bidirectional(layers.LSTM(h, return_sequences=True)),
            layers.LSTM(h // 2),
            layers.Dropout(0.5),
            layers.Dense(1, activation="sigmoid")]


def transformer_encoder(keras, T=128, d=256, h=8, f=1024, n=2):
    layers = keras.layers
    return [layers.Input((T, d)),
            layers.MultiHeadAttention(num_heads=h, key_dim=d // h),
            layers.Dropout(0.1),
            layers.LayerNormalization(epsilon=1e-6),
            layers.Dense(f, activation="relu"),
            layers.Dense(d),
            layers.Dropout(0.1),
            layers.LayerNormalization(epsilon=1e-6),
            layers.GlobalAveragePooling1D(),
            layers.Dense(n, activation="softmax")]


def keras_model(keras, stack):
    """A functional model: attention layers are called as self-attention, mha(x, x)."""
    inputs = x = stack[0]
    for layer in stack[1:]:
        x = layer(x, x) if isinstance(layer, keras.layers.MultiHeadAttention) else layer(x)
    return keras.Model(inputs, x)


def _size(weights) -> int:
    return sum(math.prod(int(d) for d in w.shape) for w in weights)


CASES = [
    pytest.param("lenet5", lenet5, {}, id="lenet5"),
    pytest.param("lenet5", lenet5, {"H": 28, "W": 28}, id="lenet5-mnist"),
    pytest.param("vgg16", vgg16, {}, id="vgg16"),
    pytest.param("vgg16", vgg16, {"H": 64, "W": 96, "n": 10}, id="vgg16-small-images"),
    pytest.param("lstm_text", lstm_text, {}, id="lstm-text"),
    pytest.param("lstm_text", lstm_text, {"h": 33, "T": 50}, id="lstm-text-odd-units"),
    pytest.param("transformer_encoder", transformer_encoder, {}, id="transformer"),
    pytest.param("transformer_encoder", transformer_encoder, {"d": 100, "h": 3, "f": 64},
                 id="transformer-uneven-heads"),
]


@pytest.mark.parametrize(("name", "build", "values"), CASES)
def test_example_matches_keras(name, build, values):
    require("keras")
    import keras
    from keras.src.backend.common import global_state
    from keras.src.backend.common.stateless_scope import StatelessScope

    model = symparams.parse_file(EXAMPLES / f"{name}.sp").models[name]
    evaluation = model.evaluate(values)
    saved = list(global_state.get_global_attribute("uninitialized_variables", []) or [])
    with StatelessScope(initialize_variables=False):  # shapes only: no random init
        reference = keras_model(keras, build(keras, **evaluation.values))
    global_state.set_global_attribute("uninitialized_variables", saved)
    keras_layers = reference.layers[1:]
    assert len(keras_layers) == len(evaluation.layers)
    for ours, theirs in zip(evaluation.layers, keras_layers, strict=True):
        assert ours.type == type(theirs).__name__
        assert ours.output_shape == tuple(int(d) for d in theirs.output.shape[1:]), ours.name
        assert ours.trainable == _size(theirs.trainable_weights), ours.name
        assert ours.non_trainable == _size(theirs.non_trainable_weights), ours.name
    assert evaluation.params == reference.count_params()
    assert evaluation.trainable == _size(reference.trainable_weights)


@pytest.mark.parametrize("name", ["lenet5", "vgg16", "lstm_text", "transformer_encoder"])
def test_documented_total_is_what_symparams_computes(name):
    """The "Keras reports N parameters" comment of each file (checked against Keras above)."""
    text = (EXAMPLES / f"{name}.sp").read_text(encoding="utf-8")
    documented = re.search(r"Keras reports ([\d,]+) parameters", text.replace("#\n", ""))
    assert documented, f"{name}.sp does not say what Keras reports"
    total = symparams.parse_file(EXAMPLES / f"{name}.sp").models[name].evaluate().params
    assert int(documented.group(1).replace(",", "")) == total
