"""Issue 13 part 2: Keras code pastes as written. Each case's layer lines are Python that a
Keras child evaluates (``tf`` there is a stand-in whose ``keras`` is Keras and whose ``nn`` is
``keras.activations``: TensorFlow is not installed) and the same lines are a symparams model
body; every layer's output shape and counts must agree."""

from __future__ import annotations

import pytest

import symparams
from symparams.errors import ArgumentError, ShapeError
from symparams.layers.argkinds import KERAS_ACTIVATIONS

from .keras_subprocess import run_keras

KERAS_SCRIPT = """
import json, sys, types
import keras
from keras import layers, regularizers, initializers, constraints
tf = types.SimpleNamespace(keras=keras, nn=keras.activations)
cases = json.loads(sys.argv[1]) if len(sys.argv) > 1 else json.loads(CASES)
out = []
for shape, lines in cases:
    made = [eval(line) for line in lines]
    model = keras.Sequential([keras.Input(shape=tuple(shape)), *made])
    out.append([[list(l.output.shape[1:]), sum(int(w.numpy().size) if False else
                 int(__import__('math').prod(w.shape)) for w in l.trainable_weights),
                 sum(int(__import__('math').prod(w.shape)) for w in l.non_trainable_weights)]
                for l in model.layers])
print(json.dumps(out))
"""

# (input shape, [layer lines as a notebook writes them])
PASTED = [
    ((28, 28), ["layers.Flatten()", "layers.Dense(64, activation=tf.nn.relu)",
                "keras.layers.Dense(10, activation=keras.activations.softmax)"]),
    ((16,), ["tf.keras.layers.Dense(8, kernel_regularizer=regularizers.l2(0.01), "
             "kernel_initializer=keras.initializers.HeNormal())",
             "keras.layers.Dense(4, kernel_constraint=constraints.MaxNorm(2.0), "
             "bias_initializer=initializers.Zeros(), activation='gelu')"]),
    ((32, 32, 3), ["layers.Conv2D(64, 2, strides=2, activation='relu')",
                   "layers.BatchNormalization()",
                   "tf.keras.layers.MaxPooling2D()", "layers.GlobalAveragePooling2D()"]),
    ((None, 8), ["layers.Conv1D(16, 3, activation=tf.nn.relu)",
                 "layers.LSTM(4, return_sequences=True, recurrent_activation='hard_sigmoid')",
                 "layers.GlobalMaxPooling1D()", "layers.Dense(3, activation='softmax')"]),
    ((None, 5), ["layers.SimpleRNN(7)", "layers.Dense(2)"]),
    ((8,), ["layers.Dense(64, activation='glu')", "layers.Dense(10)"]),  # Keras keeps 64
    ((None, None, 3), ["layers.Conv2D(8, (3, 3), padding='same')",
                       "layers.GlobalMaxPooling2D()", "layers.Dense(2)"]),
]


def _source(shape, lines) -> str:
    dims = ", ".join("None" if d is None else str(d) for d in shape)
    dims += "," if len(shape) == 1 else ""
    return "model g:\n    keras.Input(shape=(" + dims + "))\n" + "".join(
        f"    {line}\n" for line in lines)


@pytest.fixture(scope="module")
def keras_answers():
    from .conftest import require

    require("keras")
    cases = [[list(shape), lines] for shape, lines in PASTED]
    import json
    return run_keras(f"CASES = {json.dumps(json.dumps(cases))}\n" + KERAS_SCRIPT)


@pytest.mark.parametrize("index", range(len(PASTED)))
def test_pasted_code_counts_as_keras(index, keras_answers):
    shape, lines = PASTED[index]
    model = symparams.parse(_source(shape, lines), "g.sp")["g"]
    ev = model.evaluate({})
    got = [[list(layer.output_shape), layer.trainable, layer.non_trainable]
           for layer in ev.layers]
    assert got == keras_answers[index], _source(shape, lines)


def test_activation_list_is_keras():
    from .conftest import require

    require("keras")
    import keras.src.activations as activations

    assert sorted(KERAS_ACTIVATIONS) == sorted(activations.ALL_OBJECTS_DICT)


@pytest.mark.parametrize(("line", "error", "words"), [
    ('Dense(3, activation="rleu")', ArgumentError, ("unknown activation 'rleu'",
                                                     "did you mean 'relu'?")),
    ("Dense(3, activation=tf.nn.rleu)", ArgumentError, ("did you mean 'relu'?",)),
    ('Activation("Softmax")', ArgumentError, ("did you mean 'softmax'?",)),
    ('LSTM(3, recurrent_activation="sigmod")', ArgumentError, ("did you mean 'sigmoid'?",)),
    ("Dense(3, activation=3)", ArgumentError, ("Dense (dense): activation must be an activation",)),
    ("Flatten()\n    Dense(3)", ShapeError, ("parameter count of dense depends on a None",
                                            "Input(shape=(T, 8))", "g.sp:4:5")),
])
def test_bad_pasted_code_is_an_error(line, error, words):
    with pytest.raises(error) as info:
        symparams.parse(f"model g:\n    Input(shape=(None, 8))\n    {line}\n", "g.sp")
    shown = info.value.render() if hasattr(info.value, "render") else str(info.value)
    for word in words:
        assert word in shown, shown


@pytest.mark.parametrize(("call", "readings"), [
    ("Conv2D(64, 2, 2)", ("kernel_size=(2, 2)", "kernel_size=2, strides=2")),
    ("Conv2D(64, 3, 3)", ("kernel_size=(3, 3)", "kernel_size=3, strides=3")),
    ("Conv2D(64, k, 2)", ("kernel_size=(k, 2)", "kernel_size=k, strides=2")),
    ("Conv3D(4, 2, 2, 2)", ("kernel_size=(2, 2, 2)", "strides=2, padding=2")),
    ("Conv2DTranspose(4, 3, 1)", ("kernel_size=(3, 1)", "kernel_size=3, strides=1")),
])
def test_literal_kernel_sizes_warn_every_time(call, readings):
    rank = 4 if call.startswith("Conv3D") else 3
    shape = ", ".join(["32"] * (rank - 1)) + ", 3"
    doc = symparams.parse(f"model g(k=3):\n    Input(shape=({shape}))\n    {call}\n", "g.sp")
    (warning,) = doc.warnings
    for text in readings:
        assert text in warning.render()


@pytest.mark.parametrize("call", ["Conv2D(64, k, k)", "Conv2D(64, (2, 2), 2)", "Conv2D(64, 2)",
                                  "Conv2D(64, 2, strides=2)"])
def test_no_warning_without_literal_extra_sizes(call):
    assert symparams.parse(f"model g(k=3):\n    Input(shape=(32, 32, 3))\n    {call}\n").warnings \
        == ()


def test_keras_reads_literal_extra_size_as_strides(keras_answers):
    """Keras's reading of Conv2D(64, 2, 2) on 32 x 32 is 16 x 16: what the warning says."""
    answer = run_keras(KERAS_SCRIPT.replace("json.loads(CASES)", "[[[32, 32, 3], "
                                            "['layers.Conv2D(64, 2, 2)']]]"))
    ours = symparams.parse("model g:\n    Input(shape=(32, 32, 3))\n"
                           "    Conv2D(64, 2, strides=2)\n")["g"].evaluate({})
    assert [list(ours.layers[0].output_shape), ours.layers[0].trainable, 0] == answer[0][0]


def test_glu_warns_that_keras_counts_the_full_size():
    doc = symparams.parse('model g:\n    Input(shape=(8,))\n    Dense(64, activation="glu")\n')
    (warning,) = doc.warnings
    assert "halves the last axis" in warning.render()  # counts: PASTED, against Keras
