"""Pooling layers: Max/AveragePoolingND and GlobalMax/GlobalAveragePoolingND. No weights."""

from __future__ import annotations

from functools import lru_cache

import sympy
from sympy import Eq, Expr, Integer, Piecewise

from .cost import Cost, xla_reduce_extra
from .registry import (
    REQUIRED,
    Bool,
    Choice,
    Dims,
    LayerType,
    Optional,
    Param,
    product,
    register,
)
from .spatial import (
    DATA_FORMAT,
    axis_names,
    join_channels,
    pool_length,
    split_channels,
    window_conditions,
)


def _strides(a):
    return a.pool_size if a.strides is None else a.strides


def _pool_shape(a, x):
    spatial, channels = split_channels(a, x)
    out = [
        pool_length(n, p, s, a.padding)
        for n, p, s in zip(spatial, a.pool_size, _strides(a), strict=False)
    ]
    return join_channels(a, out, channels)


def _pool_conditions(a, x):
    spatial, _ = split_channels(a, x)
    return window_conditions(spatial, a.pool_size, a.padding)


__all__ = ["window_ops", "pooling_layer", "global_pooling_layer"]


def window_ops(kind: str, p):
    """A window of p values: p - 1 comparisons (max), or p - 1 additions and a division
    (average; padding included, as XLA counts it), none for a window of one (XLA drops the
    division by 1)."""
    if kind == "Max":
        return p - 1
    return _unless_one(p) if not p.is_Integer else (0 if p == 1 else p)


@lru_cache(maxsize=256)
def _unless_one(p: Expr) -> Expr:
    """``(0 if p == 1 else p)``, made once per window: SymPy's ``Eq`` first tries to decide
    ``p == 1`` from the assumptions on ``p``'s floors (milliseconds), and every global
    average pooling of one input size asks the same (a file's models often share it)."""
    return Piecewise((0, Eq(p, 1)), (p, True))


def _pool_cost(kind: str):
    def rule(a, x, y):
        cost = Cost(ops=product(y) * window_ops(kind, product(a.pool_size)))
        if _two_padded_windows(a, x, y):
            return Cost(cost.macs, cost.ops, cost.transcendentals, xla_known=False)
        return cost

    return rule


def _two_padded_windows(a, x, y) -> bool:
    """A 1D same-padded pooling of two windows, padded on both sides, or sizes that may be
    so: XLA counts fewer operations there (measured: an average of (3, 2), pool 3, stride 2,
    7 where each window counts 3; a maximum of (4, 2), pool 3, 3 for 8), not derived."""
    if len(a.pool_size) != 1 or a.padding != "same":
        return False
    (n,), _ = split_channels(a, x)
    (out,), _ = split_channels(a, y)
    pool, stride = a.pool_size[0], _strides(a)[0]
    total = (out - 1) * stride + pool - n  # Keras's total padding, when positive
    may = [Eq(out, 2), total >= 2]
    return all(c is not sympy.false and c is not False for c in may)


def _global_cost(kind: str):
    def rule(a, x, y):
        spatial, channels = split_channels(a, x)
        cost = Cost(ops=channels * window_ops(kind, product(spatial)))
        if len(spatial) == 1:  # one reduced axis: windowed by XLA's CPU compiler (cost.py)
            return cost + Cost(xla_ops=xla_reduce_extra(spatial[0], channels))
        return cost

    return rule


def _input_doc(nd: int) -> str:
    return "(" + ", ".join(axis_names(nd)) + ", channels)"


def pooling_layer(kind: str, nd: int, default_pool) -> LayerType:
    """``MaxPooling2D`` and friends: ``strides`` defaults to ``pool_size``."""
    name = f"{kind}Pooling{nd}D"
    short = {"Max": "MaxPool", "Average": "AvgPool"}[kind] + f"{nd}D"
    return LayerType(
        name=name,
        family="pooling",
        aliases=(short,),
        params=(
            Param("pool_size", Dims(nd), default_pool),
            Param("strides", Optional(Dims(nd)), None),
            Param("padding", Choice(("valid", "same"), case_sensitive=True), "valid"),
            DATA_FORMAT,
        ),
        rank=nd + 1,
        input_doc=_input_doc(nd),
        shape=_pool_shape,
        cost=_pool_cost(kind),
        conditions=_pool_conditions,
        derivation="no parameters; size per axis, valid: ⌊(size − pool)/strides⌋ + 1, "
                   "same: ⌈size/strides⌉",
        doc=f"{nd}-D {kind.lower()} pooling; strides default to pool_size.",
        extra={"subtleties": (
            "strides=None means strides = pool_size",
            "padding is case-sensitive here (Keras does not lower-case it for pooling)",
            "valid: Keras rejects a window larger than the input (an output of 0)",
        ) + (("pool_size has no default for average pooling",) if kind == "Average" else ())},
    )


def _global_shape(a, x):
    spatial, channels = split_channels(a, x)
    if not a.keepdims:
        return (channels,)
    return join_channels(a, [Integer(1)] * len(spatial), channels)


def global_pooling_layer(kind: str, nd: int) -> LayerType:
    short = {"Max": "GlobalMaxPool", "Average": "GlobalAvgPool"}[kind] + f"{nd}D"
    return LayerType(
        name=f"Global{kind}Pooling{nd}D",
        family="pooling",
        aliases=(short,),
        params=(DATA_FORMAT, Param("keepdims", Bool(), False)),
        rank=nd + 1,
        input_doc=_input_doc(nd),
        shape=_global_shape,
        cost=_global_cost(kind),
        derivation="no parameters; one number per channel",
        doc=f"{kind} over all {nd}-D positions: (channels,); keepdims=True keeps a 1 per "
        "pooled axis.",
        extra={"subtleties": ("keepdims=True keeps each pooled axis as a 1",)},
    )


for _nd, _default in ((1, (2,)), (2, (2, 2)), (3, (2, 2, 2))):
    register(pooling_layer("Max", _nd, _default))
    register(pooling_layer("Average", _nd, REQUIRED))
    register(global_pooling_layer("Max", _nd))
    register(global_pooling_layer("Average", _nd))
