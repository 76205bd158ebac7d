"""Adaptive pooling: AdaptiveAverage/AdaptiveMaxPoolingND pool each spatial axis into a given
number of bins (``keras/src/layers/pooling/base_adaptive_pooling.py``). No weights; the
output's spatial axes are ``output_size`` whatever the input's (more bins than positions is
allowed: bins then overlap).

Keras's jax backend pools one axis at a time by "two pools and a gather": a bin of an axis
of l positions into o is ``s = ⌈l/o⌉`` or ``s + 1`` positions, so it pools every window of
both sizes (a valid pooling of stride 1) and gathers the o bins it needs. Per axis, over
the R other numbers (channels, the axes already pooled, the axes still to pool): the two
poolings' work (a max of p: p − 1 comparisons; an average: p − 1 additions and a
division, none for p = 1), and for o > 1 one operation per gathered number and XLA's
work on the gather's indices, 21·o (19·o for l = 1). XLA's count is this for one axis;
with several it fuses the axes' poolings and gathers and counts more, so the ``xla`` count
of ``AdaptivePooling2D/3D`` is unknown.

>>> from sympy import Integer as I
>>> from symparams.layers.registry import Args
>>> a = Args({"output_size": (I(4),), "data_format": "channels_last"})
>>> _cost("Max")(a, (I(7), I(3)), (I(4), I(3))).count("xla")
144
"""

from __future__ import annotations

import sympy

from ..symbolic.integers import ceildiv
from .cost import Cost
from .pooling import window_ops
from .registry import Dims, LayerType, Param, register
from .spatial import DATA_FORMAT, axis_names, join_channels, split_channels

__all__ = ["adaptive_pooling_layer"]

#: XLA's operations on the gather's indices, per bin of an axis (of more than 1 position).
_INDEX_OPS, _INDEX_OPS_ONE = 21, 19


def _shape(a, x):
    _, channels = split_channels(a, x)
    return join_channels(a, a.output_size, channels)


def _axis_ops(kind: str, length, bins, others):
    """One axis of ``length`` positions pooled into ``bins``, for ``others`` numbers each."""
    small = ceildiv(length, bins)
    ops = sum((others * sympy.Max(0, length - size + 1) * window_ops(kind, size)
               for size in (small, small + 1)), sympy.Integer(0))
    index = sympy.Piecewise((_INDEX_OPS_ONE * bins, sympy.Eq(length, 1)),
                            (_INDEX_OPS * bins, True))
    gather = sympy.Piecewise((0, sympy.Eq(bins, 1)), (others * bins + index, True))
    return ops + gather


def _cost(kind: str):
    def rule(a, x, y):
        spatial, channels = split_channels(a, x)
        sizes, ops = list(spatial), sympy.Integer(0)
        for axis, bins in enumerate(a.output_size):
            others = channels * sympy.Mul(*sizes[:axis], *sizes[axis + 1:])
            ops += _axis_ops(kind, sizes[axis], bins, others)
            sizes[axis] = bins
        return Cost(ops=ops, xla_known=len(spatial) == 1)

    return rule


def adaptive_pooling_layer(kind: str, nd: int) -> LayerType:
    """``AdaptiveAveragePooling2D`` and friends."""
    return LayerType(
        name=f"Adaptive{kind}Pooling{nd}D",
        family="pooling", cost=_cost(kind),
        params=(Param("output_size", Dims(nd)), DATA_FORMAT),
        rank=nd + 1,
        input_doc="(" + ", ".join(axis_names(nd)) + ", channels)",
        shape=_shape,
        derivation="no parameters; the spatial axes become output_size",
        doc=f"{nd}-D adaptive {kind.lower()} pooling into output_size bins per axis.",
        extra={"subtleties": (
            "the output's spatial axes are output_size, whatever the input's (more bins "
            "than positions is allowed)",
        )},
    )


for _nd in (1, 2, 3):
    register(adaptive_pooling_layer("Average", _nd))
    register(adaptive_pooling_layer("Max", _nd))
