"""Keras 3's ``lora_rank`` against real Keras: the frozen kernel and the two trainable
low-rank matrices, on every layer type whose constructor takes it, with symbols for every
size and the rank, at several values (``trainable=False`` and ``use_bias=False`` too)."""

from __future__ import annotations

import pytest

import symparams

from .conftest import require
from .keras_subprocess import run_keras

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

#: (input shape, layer): the same text is the DSL's and Keras's (``keras.layers.``).
LAYERS = [
    ("(T, d)", "Dense(n, lora_rank=r)"),
    ("(T, d)", "Dense(n, use_bias=False, lora_rank=r, lora_alpha=16)"),
    ("(d,)", "Dense(n, lora_rank=r, trainable=False)"),
    ("(T,)", "Embedding(V, n, lora_rank=r)"),
    ("(T, d)", "Conv1D(n, k, lora_rank=r, padding='same')"),
    ("(H, W, d)", "Conv2D(n, k, lora_rank=r, use_bias=False)"),
    ("(H, W, 2 * d)", "Conv2D(2 * n, k, groups=2, lora_rank=r)"),
    ("(H, W, T, d)", "Conv3D(n, k, lora_rank=r)"),
    ("(T, d)", "EinsumDense('abc,cd->abd', (T, n), bias_axes='d', lora_rank=r)"),
    ("(T, d)", "EinsumDense('abc,cde->abde', (T, n, k), lora_rank=r)"),
]

VALUES = [
    {"T": 6, "d": 3, "n": 4, "r": 2, "V": 10, "k": 3, "H": 7, "W": 5},
    {"T": 5, "d": 1, "n": 7, "r": 1, "V": 3, "k": 2, "H": 4, "W": 6},
    {"T": 3, "d": 5, "n": 2, "r": 9, "V": 21, "k": 1, "H": 3, "W": 3},
]

KERAS = """
import json, math, keras
from keras import layers
count = lambda ws: sum(math.prod(int(s) for s in w.shape) for w in ws)
out = []
for shape, layer, values in SPECS:
    x = keras.Input(eval(shape, dict(values)))
    y = eval("layers." + layer, {"layers": layers, **values})(x)
    m = keras.Model(x, y)
    out.append([count(m.trainable_weights), count(m.non_trainable_weights),
                list(y.shape[1:])])
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def keras_answers():
    require("keras")
    specs = [(shape, layer, values) for shape, layer in LAYERS for values in VALUES]
    return run_keras(KERAS.replace("SPECS", repr(specs)))


@pytest.mark.parametrize(("index", "shape", "layer"),
                         [(i, *row) for i, row in enumerate(LAYERS)],
                         ids=[layer for _, layer in LAYERS])
def test_lora_rank_counts_as_keras(keras_answers, index, shape, layer):
    symbols = ", ".join(f"{name}=1" for name in VALUES[0])
    model = symparams.parse(f"model m({symbols}):\n    Input(shape={shape})\n    {layer}\n")["m"]
    for offset, values in enumerate(VALUES):
        trainable, non_trainable, out = keras_answers[index * len(VALUES) + offset]
        got = model.evaluate(**values)
        assert (got.trainable, got.non_trainable, list(got.output_shape)) == \
            (trainable, non_trainable, out), values


def test_lora_rank_zero_is_no_lora_and_a_constraint_is_refused():
    """Keras reads ``if self.lora_rank:`` (0 builds the plain layer) and raises "Lora is
    incompatible with kernel constraints"."""
    plain = symparams.parse("model m():\n    Input(shape=(4,))\n    Dense(3, lora_rank=0)\n")
    assert plain["m"].evaluate().params == 15 == symparams.parse(
        "model m():\n    Input(shape=(4,))\n    Dense(3)\n")["m"].evaluate().params
    with pytest.raises(symparams.SymparamsError, match="lora_rank cannot be used with "
                       "kernel_constraint"):
        symparams.parse("model m():\n    Input(shape=(4,))\n"
                        "    Dense(3, lora_rank=2, kernel_constraint='max_norm')\n")
