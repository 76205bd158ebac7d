"""The cost rules of convolutions: multiply-accumulates per output position times the kernel
volume and the channels each output reads; biases and the activation per output element.

XLA skips the taps that fall in the padding (``same`` and ``causal``), so its count is the
number of in-bounds taps (:func:`symparams.layers.cost.valid_taps`) along each axis.

>>> from sympy import Integer as I
>>> from symparams.layers.registry import Args
>>> a = Args({"kernel_size": (I(3), I(3)), "strides": (I(1), I(1)), "padding": "same",
...           "dilation_rate": (I(1), I(1)), "groups": I(1), "filters": I(4),
...           "use_bias": False, "activation": None})
>>> c = conv_cost(a, (I(8), I(8), I(3)), (I(8), I(8), I(4)))
>>> c.macs, c.count("xla")
(6912, 11616)
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy import Expr, Integer

from .cost import Cost, activation_cost, valid_taps
from .spatial import split_channels

__all__ = ["conv_cost", "depthwise_cost", "separable_cost", "transpose_cost"]


def _pad_low(n: Expr, out: Expr, k: Expr, s: Expr, d: Expr, padding: str) -> Expr:
    """Where the window starts before the input: jax's SAME split (the smaller half first),
    Keras's causal left padding, or 0 for valid."""
    if padding == "valid":
        return Integer(0)
    if padding == "causal":
        return d * (k - 1)
    total = sympy.Max(0, (out - 1) * s + (k - 1) * d + 1 - n)
    return sympy.floor(total / 2)


def _taps(a, x, y) -> tuple[Expr, Expr | None]:
    """(positions × kernel volume, the same counting only in-bounds taps or None)."""
    spatial, _ = split_channels(a, x)
    out, _ = split_channels(a, y)
    textbook, inside = sympy.Mul(*out) * sympy.Mul(*a.kernel_size), Integer(1)
    for n, o, k, s, d in zip(spatial, out, a.kernel_size, a.strides, a.dilation_rate,
                             strict=True):
        if a.padding == "valid":
            inside *= o * k
            continue
        if not k.is_Integer:
            return textbook, None
        low = _pad_low(n, o, k, s, d, a.padding)
        inside *= valid_taps(o, s, [t * d - low for t in range(int(k))], n)
    return textbook, inside


def _finish(a, y: Sequence[Expr], macs: Expr, xla: Expr | None) -> Cost:
    elements = sympy.Mul(*y)
    bias = elements if a.use_bias else Integer(0)
    act = activation_cost(a.activation, y)
    return Cost(macs, None if act.ops is None else bias + act.ops, act.transcendentals,
                xla)


def conv_cost(a, x, y) -> Cost:
    """ConvND: output positions × kernel volume × (input channels / groups) × filters."""
    _, channels = split_channels(a, x)
    per = channels / a.groups * a.filters
    textbook, inside = _taps(a, x, y)
    return _finish(a, y, textbook * per, None if inside is None else inside * per)


def depthwise_cost(a, x, y) -> Cost:
    """DepthwiseConvND: output positions × kernel volume × channels × depth_multiplier."""
    _, channels = split_channels(a, x)
    per = channels * a.depth_multiplier
    textbook, inside = _taps(a, x, y)
    return _finish(a, y, textbook * per, None if inside is None else inside * per)


def separable_cost(a, x, y) -> Cost:
    """SeparableConvND: the depthwise step, then a 1 × 1 convolution to filters."""
    _, channels = split_channels(a, x)
    out, _ = split_channels(a, y)
    middle = channels * a.depth_multiplier
    textbook, inside = _taps(a, x, y)
    pointwise = sympy.Mul(*out) * middle * a.filters
    return _finish(a, y, textbook * middle + pointwise,
                   None if inside is None else inside * middle + pointwise)


def transpose_cost(a, x, y) -> Cost:
    """ConvNDTranspose: every input position spreads over the kernel: input positions ×
    kernel volume × input channels × filters. XLA's count is known for ``valid`` padding
    without output_padding (nothing cropped); otherwise unknown."""
    spatial, channels = split_channels(a, x)
    macs = sympy.Mul(*spatial) * sympy.Mul(*a.kernel_size) * channels * a.filters
    cost = _finish(a, y, macs, None)
    if a.padding != "valid" or a.output_padding is not None:  # XLA crops: not derived yet
        return Cost(cost.macs, cost.ops, cost.transcendentals, xla_known=False)
    return cost
