"""XLA folds a ``ZeroPadding`` into the convolution that reads it: the zeros become the
convolution's own padding, and its cost analysis then skips the taps that fall on them.

A convolution (``Conv``, grouped, ``Depthwise``, ``Separable``'s depthwise step, causal;
``Conv*Transpose`` on axes of stride 1) whose input comes straight from a ``ZeroPadding``,
both channels last, is costed with the padding's zeros (:mod:`symparams.layers.conv_cost`),
summed over a chain of paddings. Other layers reading the same padding do not stop it (XLA
folds it into each convolution); a layer between them does, and so does ``channels_first``
(Keras transposes the padded tensor first). The ``ZeroPadding`` row itself stays free.

>>> import symparams
>>> m = symparams.parse('''
... model m():
...     Input(shape=(6, 6, 3))
...     ZeroPadding2D(((1, 0), (0, 1)))
...     Conv2D(2, 3, strides=2, use_bias=False)
... ''')["m"]
>>> m.count("macs"), m.count("xla")
(486, 768)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

from ..layers.kinds import pairs
from .model import Layer

if TYPE_CHECKING:  # (a model without a convolution does not load the convolution rules)
    from ..layers.conv_cost import ZeroPads

__all__ = ["fold_input_padding", "folded_pads", "FOLDING"]

_PADDINGS = ("ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D")
#: The layers whose cost rule takes the ``pads`` XLA folds in
#: (:mod:`symparams.layers.conv_cost`).
FOLDING = frozenset({*(f"Conv{nd}D{end}" for nd in (1, 2, 3) for end in ("", "Transpose")),
                     *(f"{kind}Conv{nd}D" for nd in (1, 2) for kind in ("Depthwise",
                                                                        "Separable"))})


def _channels_last(row: Layer) -> bool:
    return row.args.get("data_format") in (None, "channels_last")


def folded_pads(layer: Layer, rows: Mapping[str, Layer]) -> ZeroPads:
    """The (before, after) zeros per spatial axis of the ``ZeroPadding`` rows ``layer``
    reads straight from (by name in ``rows``), summed; None if it reads none."""
    pads = None
    source = layer.inbound[0] if len(layer.inbound) == 1 else None
    while source is not None:
        row = rows.get(source)
        if row is None or row.type not in _PADDINGS or not _channels_last(row):
            break
        mine = pairs(row.args.padding, len(row.input_shape) - 1)
        pads = mine if pads is None else tuple(
            (a + c, b + d) for (a, b), (c, d) in zip(pads, mine, strict=True))
        source = row.inbound[0] if len(row.inbound) == 1 else None
    return pads


def fold_input_padding(layer: Layer, rows: Mapping[str, Layer]) -> Layer:
    """``layer`` costed as XLA counts it after folding the ``ZeroPadding`` it reads (see the
    module); ``layer`` itself if there is none to fold."""
    rule = layer.layer_type.cost
    if layer.cost_rule is None or layer.type not in FOLDING or not _channels_last(layer):
        return layer
    pads = folded_pads(layer, rows)
    if pads is None:
        return layer
    return dataclasses.replace(layer, cost_rule=partial(
        rule, layer.args, layer.input_shape, layer.output_shape, pads=pads))
