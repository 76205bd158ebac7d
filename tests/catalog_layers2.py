"""More catalog layers for :mod:`tests.test_catalog_oracle`: their stack generators and their
rows of the every-layer table (kept here so that file stays one list per helper branch).

Each generator takes Hypothesis's ``draw`` and the current shape (batch excluded) and returns
an :class:`oracle.L` that Keras accepts on that shape.
"""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from .oracle import L

__all__ = ["extra_candidates", "EXTRA_COVER", "SELF_ATTENTION"]

#: Layers a chain calls as self-attention, ``layer(x, x)``; TimeDistributed cannot wrap them.
SELF_ATTENTION = ("MultiHeadAttention", "GroupQueryAttention")


def gen_einsum(draw, shape) -> L:
    """EinsumDense over the last axis (left ellipsis) or, on rank 2, a multi-head split.
    No None in output_shape: Keras reports None there (tests/test_einsum_oracle.py)."""
    units = draw(st.integers(1, 4))
    bias = draw(st.sampled_from([None, "c"]))
    if len(shape) == 2 and draw(st.booleans()):
        heads = draw(st.integers(1, 3))
        return L("EinsumDense", {"equation": "abc,cde->abde",
                                 "output_shape": (shape[0], heads, units),
                                 "bias_axes": draw(st.sampled_from([None, "de", "e", "d"]))})
    kwargs = {"equation": "...b,bc->...c", "output_shape": units}
    if bias:
        kwargs["bias_axes"] = bias
    return L("EinsumDense", kwargs)


def gen_gqa(draw, shape) -> L:
    groups = draw(st.integers(1, 3))
    kwargs = {"head_dim": draw(st.integers(1, 4)),
              "num_query_heads": groups * draw(st.integers(1, 3)),
              "num_key_value_heads": groups}
    if draw(st.integers(0, 3)) == 0:
        kwargs["use_bias"] = False
    if draw(st.integers(0, 4)) == 0:
        kwargs["use_gate"] = True
    return L("GroupQueryAttention", kwargs)


def _cell(draw) -> L:
    cls = draw(st.sampled_from(["SimpleRNNCell", "LSTMCell", "GRUCell"]))
    kwargs: dict = {"units": draw(st.integers(1, 4))}
    if draw(st.integers(0, 3)) == 0:
        kwargs["use_bias"] = False
    if cls == "GRUCell" and draw(st.booleans()):
        kwargs["reset_after"] = draw(st.booleans())
    if draw(st.integers(0, 7)) == 0:
        kwargs["trainable"] = False
    return L(cls, kwargs)


def gen_rnn(draw, shape) -> L:
    """RNN around one cell, a list of cells or a StackedRNNCells."""
    form = draw(st.integers(0, 2))
    if form == 0:
        cell = _cell(draw)
    else:
        cells = [_cell(draw) for _ in range(draw(st.integers(1, 3)))]
        cell = cells if form == 1 else L("StackedRNNCells", {"cells": cells})
    kwargs: dict = {"cell": cell}
    for flag in ("return_sequences", "go_backwards"):
        if draw(st.booleans()):
            kwargs[flag] = draw(st.booleans())
    return L("RNN", kwargs)


def gen_bidirectional_rnn(draw, shape) -> L:
    """Bidirectional around an RNN of cells, sometimes with a backward RNN of its own."""
    forward = gen_rnn(draw, shape)
    kwargs: dict = {"layer": L("RNN", {**forward.kwargs, "go_backwards": False})}
    if draw(st.booleans()):
        kwargs["merge_mode"] = draw(st.sampled_from(["concat", "sum", "mul", "ave"]))
    if draw(st.integers(0, 2)) == 0:
        cell = forward.kwargs["cell"]
        last = (cell[-1] if isinstance(cell, list) else cell.kwargs["cells"][-1]
                if cell.cls == "StackedRNNCells" else cell)
        back = L(draw(st.sampled_from(["SimpleRNNCell", "LSTMCell", "GRUCell"])),
                 {"units": last.kwargs["units"]})
        kwargs["backward_layer"] = L("RNN", {
            "cell": back, "go_backwards": True,
            "return_sequences": forward.kwargs.get("return_sequences", False)})
    return L("Bidirectional", kwargs)


def gen_adaptive(draw, shape) -> L:
    nd = len(shape) - 1
    cls = draw(st.sampled_from(["AdaptiveAveragePooling", "AdaptiveMaxPooling"])) + f"{nd}D"
    sizes = [draw(st.integers(1, 5)) for _ in range(nd)]
    kwargs: dict = {"output_size": sizes[0] if len(set(sizes)) == 1 and draw(st.booleans())
                    else tuple(sizes)}
    if draw(st.booleans()):
        kwargs["data_format"] = draw(st.sampled_from(["channels_last", "channels_first"]))
    return L(cls, kwargs)


def extra_candidates(shape: tuple[int, ...]) -> list:
    """(name, generator) pairs of this module's layers that fit ``shape``."""
    options: list = []
    if len(shape) <= 2 or len(set(shape[:-1])) == 1:  # Keras reverses ellipsis axes
        options.append(("EinsumDense", gen_einsum))
    if len(shape) == 2:
        options += [("GroupQueryAttention", gen_gqa), ("RNN", gen_rnn),
                    ("BidirectionalRNN", gen_bidirectional_rnn)]
    if 2 <= len(shape) <= 4:
        options.append(("AdaptivePooling", gen_adaptive))
    return options


def _case(shape, *layers, id):
    return pytest.param(tuple(shape), list(layers), id=id)


EXTRA_COVER = [
    _case((6,), L("ReversibleEmbedding", {"input_dim": 11, "output_dim": 4}), id="reversible"),
    _case((3, 4), L("ReversibleEmbedding", {"input_dim": 9, "output_dim": 2,
                                            "tie_weights": False, "mask_zero": True,
                                            "logit_soft_cap": 30.0}),
          id="reversible-untied"),
    _case((7, 3), L("AdaptiveAveragePooling1D", {"output_size": 4}),
          L("AdaptiveMaxPooling1D", {"output_size": (9,), "data_format": "channels_first"}),
          id="adaptive-pooling1d"),
    _case((9, 8, 4), L("AdaptiveAveragePooling2D", {"output_size": (3, 5)}),
          L("AdaptiveMaxPooling2D", {"output_size": 2, "data_format": "channels_first"}),
          id="adaptive-pooling2d"),
    _case((5, 6, 7, 2), L("AdaptiveAveragePooling3D", {"output_size": (1, 2, 9)}),
          L("AdaptiveMaxPooling3D", {"output_size": 3}), id="adaptive-pooling3d"),
    _case((7, 3), L("RNN", {"cell": L("SimpleRNNCell", {"units": 4}), "return_sequences": True}),
          L("RNN", {"cell": L("LSTMCell", {"units": 3, "use_bias": False}),
                    "return_sequences": True, "go_backwards": True}),
          L("RNN", {"cell": L("GRUCell", {"units": 2, "reset_after": False}),
                    "return_sequences": True}),
          L("RNN", {"cell": L("GRUCell", {"units": 2, "trainable": False})}), id="rnn-cells"),
    _case((7, 3), L("RNN", {"cell": [L("LSTMCell", {"units": 4}), L("GRUCell", {"units": 3})],
                            "return_sequences": True}),
          L("RNN", {"cell": L("StackedRNNCells", {"cells": [
              L("SimpleRNNCell", {"units": 2}), L("LSTMCell", {"units": 5})]})}),
          id="rnn-stacked-cells"),
    _case((7, 3), L("Bidirectional", {"layer": L("RNN", {
        "cell": [L("LSTMCell", {"units": 3}), L("GRUCell", {"units": 2})],
        "return_sequences": True})}),
          L("Bidirectional", {"layer": L("RNN", {"cell": L("GRUCell", {"units": 2})}),
                              "backward_layer": L("RNN", {"cell": L("SimpleRNNCell",
                                                                    {"units": 2}),
                                                          "go_backwards": True}),
                              "merge_mode": "sum"}), id="bidirectional-rnn"),
    _case((4, 7, 3), L("TimeDistributed", {"layer": L("RNN", {"cell": L("GRUCell",
                                                                      {"units": 2})})}),
          id="time-distributed-rnn"),
    _case((7, 6), L("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 4,
                                            "num_key_value_heads": 2}),
          L("GroupQueryAttention", {"head_dim": 3, "num_query_heads": 3,
                                    "num_key_value_heads": 1, "use_bias": False,
                                    "use_gate": True}),
          L("GroupQueryAttention", {"head_dim": 1, "num_query_heads": 2,
                                    "num_key_value_heads": 2, "trainable": False}),
          id="group-query-attention"),
    _case((7, 3), L("EinsumDense", {"equation": "abc,cde->abde", "output_shape": (7, 2, 4),
                                    "bias_axes": "de"}),
          L("EinsumDense", {"equation": "abcd,cde->abe", "output_shape": (7, 5)}),
          L("EinsumDense", {"equation": "...b,bc->...c", "output_shape": (3,),
                            "bias_axes": "c"}), id="einsum-dense"),
]
