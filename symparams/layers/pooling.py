"""Pooling layers."""

from __future__ import annotations

from .registry import REQUIRED, Choice, Dims, LayerType, Optional, Param, register
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
        pool_length(n, p, s, a.padding) for n, p, s in zip(spatial, a.pool_size, _strides(a))
    ]
    return join_channels(a, out, channels)


def _pool_conditions(a, x):
    spatial, _ = split_channels(a, x)
    return window_conditions(spatial, a.pool_size, a.padding)


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
        input_doc="(" + ", ".join(axis_names(nd)) + ", channels)",
        shape=_pool_shape,
        conditions=_pool_conditions,
        derivation="no parameters; valid: (n - pool) // strides + 1, same: ceil(n / strides)",
        doc=f"{nd}-D {kind.lower()} pooling; strides default to pool_size.",
    )


register(pooling_layer("Max", 2, (2, 2)))
register(pooling_layer("Average", 2, REQUIRED))
