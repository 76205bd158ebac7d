"""Chain layers of tests/catalog_layers2.py that Keras rejects: symparams must reject them
too, naming the layer (the valid ones are in the catalog's table and random stacks)."""

from __future__ import annotations

import pytest

import symparams

from .oracle import L, model_source
from .test_catalog_oracle import keras_facts

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]


def _bad(shape, *layers, name, id):
    return pytest.param(tuple(shape), list(layers), name, id=id)


SEQ = (7, 3)
GQA = {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2}
INVALID = [
    _bad(SEQ, L("LSTMCell", {"units": 3}), name="lstm_cell", id="cell-alone"),
    _bad(SEQ, L("RNN", {"cell": L("Dense", {"units": 3})}), name="RNN", id="rnn-of-dense"),
    _bad(SEQ, L("RNN", {"cell": L("LSTM", {"units": 3})}), name="RNN", id="rnn-of-lstm"),
    _bad(SEQ, L("RNN", {"cell": []}), name="RNN", id="rnn-no-cells"),
    _bad(SEQ, L("RNN", {"cell": L("GRUCell", {"units": 3}), "return_state": True}),
         L("Dense", {"units": 2}), name="rnn", id="rnn-return-state"),
    _bad((5, 7, 3), L("RNN", {"cell": L("GRUCell", {"units": 3})}), name="rnn",
         id="rnn-3d-input"),
    _bad(SEQ, L("RNN", {"cell": L("StackedRNNCells", {"cells": [L("Dense", {"units": 2})]})}),
         name="StackedRNNCells", id="stack-of-dense"),
    _bad(SEQ, L("StackedRNNCells", {"cells": [L("GRUCell", {"units": 2})]}),
         name="stacked_rnn_cells", id="stack-alone"),
    _bad(SEQ, L("GroupQueryAttention", {**GQA, "num_query_heads": 3}),
         name="GroupQueryAttention", id="gqa-heads-not-multiple"),
    _bad((5, 7, 4), L("GroupQueryAttention", GQA), name="group_query_attention",
         id="gqa-3d-input"),
    _bad((5, 7, 4), L("TimeDistributed", {"layer": L("GroupQueryAttention", GQA)}),
         name="time_distributed", id="time-distributed-gqa"),
    _bad(SEQ, L("EinsumDense", {"equation": "ab,bc->ac", "output_shape": 4}),
         name="einsum_dense", id="einsum-rank"),
    _bad(SEQ, L("Bidirectional", {"layer": L("RNN", {"cell": L("GRUCell", {"units": 2})}),
                                  "backward_layer": L("RNN", {"cell": L("GRUCell",
                                                                        {"units": 2})})}),
         name="bidirectional", id="bidirectional-rnn-same-direction"),
    _bad(SEQ, L("Bidirectional", {"layer": L("RNN", {"cell": L("GRUCell", {"units": 2})}),
                                  "backward_layer": L("RNN", {"cell": L("GRUCell",
                                                                        {"units": 3}),
                                                              "go_backwards": True})}),
         name="bidirectional", id="bidirectional-rnn-other-units"),
    _bad(SEQ, L("AdaptiveAveragePooling2D", {"output_size": 2}),
         name="adaptive_average_pooling2d", id="adaptive-rank"),  # reports (2, 2, 3)
    _bad((5, 6, 3), L("AdaptiveMaxPooling2D", {"output_size": (2, 3, 4)}),
         name="AdaptiveMaxPooling2D", id="adaptive-output-size-length"),
    _bad((6,), L("ReversibleEmbedding", {"input_dim": 0, "output_dim": 2}),
         name="ReversibleEmbedding", id="reversible-empty-vocabulary"),
]


def _runs_in_keras(shape, layers) -> bool:
    """Builds, and (for layers Keras only checks when called) a real call succeeds and gives
    the shape Keras reported."""
    import keras
    import numpy as np

    from .test_catalog_oracle import _instantiate

    try:
        facts = keras_facts(shape, layers)
        x = np.zeros((2, *shape), "float32")
        for spec in layers:
            layer = _instantiate(keras, spec)
            x = layer(x, x) if spec.cls == "GroupQueryAttention" else layer(x)
    except Exception:  # noqa: BLE001 - Keras raises ValueError, TypeError, ...
        return False
    return tuple(x.shape[1:]) == facts[-1].output_shape


@pytest.mark.parametrize(("shape", "layers", "name"), INVALID)
def test_models_keras_rejects_are_rejected(shape, layers, name):
    from .conftest import require

    require("keras")
    assert not _runs_in_keras(shape, layers)
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse(model_source("m", shape, layers))
    assert info.value.layer == name or name in str(info.value), str(info.value)


REVERSE = """
import json, math, keras
out = []
for tie in (True, False):
    tokens = keras.Input((5,), dtype="int32")
    emb = keras.layers.ReversibleEmbedding(13, 4, tie_weights=tie)
    h = keras.layers.Dense(4)(emb(tokens))
    logits = emb(h, reverse=True)
    m = keras.Model(tokens, logits)
    out.append([sum(math.prod(int(d) for d in w.shape) for w in m.weights),
                list(logits.shape[1:])])
print(json.dumps(out))
"""


def test_reverse_call_is_a_dense_tied_to_the_layer():
    from .conftest import require
    from .keras_subprocess import run_keras

    require("keras")
    facts = run_keras(REVERSE)
    for tie, (count, shape) in zip((True, False), facts, strict=True):
        source = ("model g(V=13, E=4):\n    tokens = Input(shape=(5,))\n"
                  f"    ReversibleEmbedding(V, E, tie_weights={tie}, name=\"emb\")(tokens)\n"
                  "    Dense(E)\n    Dense(V, use_bias=False, tied_to=\"emb\")\n")
        ev = symparams.parse(source)["g"].evaluate()
        assert (ev.params, list(ev.output_shape)) == (count, shape), source
