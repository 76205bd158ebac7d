"""Shared arithmetic of convolution and pooling windows, exactly as Keras computes it.

``valid``: ``(n - d*(k-1) - 1) // s + 1``; ``same`` (and ``causal``): ``ceil(n / s)``.

>>> from sympy import Integer as I
>>> conv_length(I(55), I(7), I(1), I(1), "valid"), pool_length(I(49), I(2), I(2), "valid")
(49, 24)
>>> conv_length(I(10), I(3), I(3), I(1), "same")
4
"""

from __future__ import annotations

from collections.abc import Sequence

from sympy import Expr

from ..symbolic.integers import ceildiv, floordiv
from .registry import Args, Choice, Condition, Optional, Param, Shape

__all__ = [
    "conv_length",
    "pool_length",
    "split_channels",
    "join_channels",
    "axis_names",
    "window_conditions",
    "DATA_FORMAT",
]

DATA_FORMAT = Param(
    "data_format", Optional(Choice(("channels_last", "channels_first"))), None
)

_AXES = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}


def axis_names(nd: int) -> tuple[str, ...]:
    return _AXES[nd]


def conv_length(n: Expr, k: Expr, s: Expr, d: Expr, padding: str) -> Expr:
    """Output length of a convolution along one axis (Keras's ``compute_conv_output_shape``)."""
    if padding == "valid":
        return floordiv(n - d * (k - 1) - 1 + s, s)
    return ceildiv(n, s)


def pool_length(n: Expr, p: Expr, s: Expr, padding: str) -> Expr:
    """Output length of a pooling window along one axis."""
    if padding == "valid":
        return floordiv(n - p + s, s)
    return ceildiv(n, s)


def split_channels(a: Args, x: Shape) -> tuple[Shape, Expr]:
    """The spatial dimensions and the channel count of an input, by ``data_format``."""
    if a.get("data_format") == "channels_first":
        return tuple(x[1:]), x[0]
    return tuple(x[:-1]), x[-1]


def join_channels(a: Args, spatial: Sequence[Expr], channels: Expr) -> Shape:
    if a.get("data_format") == "channels_first":
        return (channels, *spatial)
    return (*spatial, channels)


def window_conditions(
    spatial: Sequence[Expr], windows: Sequence[Expr], padding: str
) -> list[Condition]:
    """With ``valid`` padding each input length must hold the window (Keras raises otherwise)."""
    if padding != "valid":
        return []
    names = axis_names(len(spatial))
    return [
        Condition(n, w, f"input {name}")
        for n, w, name in zip(spatial, windows, names, strict=False)
    ]
