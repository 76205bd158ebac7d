"""The cost rules of convolutions: multiply-accumulates per output position times the kernel
volume and the channels each output reads; biases and the activation per output element.

XLA skips the taps that fall in the padding (``same`` and ``causal``; not a ``causal`` one
with ``channels_first``, whose padding Keras writes out), so its count is the number of
in-bounds taps (:func:`symparams.layers.cost.valid_taps`) along each axis; a transposed
convolution's, the taps that land inside its (cropped) output. A ``ZeroPadding`` right
before (``pads``, see :mod:`symparams.engine.padding_fold`) is folded into the convolution's
own padding: its zeros are skipped too.

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
from typing import Any

import sympy
from sympy import Expr, Integer

from ..symbolic.integers import ceildiv, is_provably_ge
from .cost import Cost, Later, activation_cost, contraction, valid_taps
from .fused_softmax import softmax_copies
from .spatial import split_channels

__all__ = ["conv_cost", "depthwise_cost", "separable_cost", "transpose_cost", "ZeroPads"]

ONE = Integer(1)

#: Per spatial axis, the (before, after) zeros of a ``ZeroPadding`` XLA folds into the
#: convolution reading it; None when there is none.
ZeroPads = Sequence[tuple[Expr, Expr]] | None


def _pad_low(n: Expr, out: Expr, k: Expr, s: Expr, d: Expr, padding: str) -> Expr:
    """Where the window starts before the input: jax's SAME split (the smaller half first),
    Keras's causal left padding, or 0 for valid."""
    if padding == "valid":
        return Integer(0)
    if padding == "causal":
        return d * (k - 1)
    total = sympy.Max(0, (out - 1) * s + (k - 1) * d + 1 - n)
    return sympy.floor(total / 2)


def _folded(pads: ZeroPads) -> bool:
    """Whether a ``ZeroPadding`` that may add zeros is folded in."""
    return pads is not None and any(p != 0 for pair in pads for p in pair)


def _inside_known(a, pads: ZeroPads = None) -> bool:
    """Whether symparams knows XLA's in-bounds taps: a padded window (or one reading a
    folded ``ZeroPadding``) needs whole kernel sizes to list its taps."""
    return (a.padding == "valid" and not _folded(pads)) \
        or (a.padding == "causal" and a.get("data_format") == "channels_first") \
        or all(k.is_Integer for k in a.kernel_size)


def _inside(a, x, y, pads: ZeroPads = None) -> Expr:
    """Output positions × kernel volume counting only the taps inside the input (XLA skips
    the padding, and the zeros of a folded ``ZeroPadding``: the taps are counted on the
    length before it, the window starting ``before`` earlier), for a window whose taps are
    known (:func:`_inside_known`)."""
    spatial, _ = split_channels(a, x)
    out, _ = split_channels(a, y)
    if a.padding == "causal" and a.get("data_format") == "channels_first":
        return _textbook(a, y)  # Keras pads a transposed input: XLA multiplies the zeros
    zeros = pads if _folded(pads) else ((Integer(0), Integer(0)),) * len(spatial)
    inside = Integer(1)
    for n, o, k, s, d, (before, after) in zip(spatial, out, a.kernel_size, a.strides,
                                              a.dilation_rate, zeros, strict=True):
        if a.padding == "valid" and before == 0 and after == 0:
            inside *= o * k
            continue
        low = _pad_low(n, o, k, s, d, a.padding) + before
        inside *= valid_taps(o, s, [t * d - low for t in range(int(k))], n - before - after)
    return inside


def _textbook(a, y) -> Expr:
    """Output positions × kernel volume."""
    out, _ = split_channels(a, y)
    return sympy.Mul(*out) * sympy.Mul(*a.kernel_size)


def _finish(a, y: Sequence[Expr], products: Cost, multiply: Expr | int = 0) -> Cost:
    """The products, the bias add and the activation; ``multiply`` is 1 where XLA makes the
    products a multiply (element-wise, so a softmax's fusions copy it too)."""
    elements = sympy.Mul(*y)
    bias = Cost(ops=elements) if a.use_bias else Cost()
    copies = softmax_copies(a.activation, y, int(bool(a.use_bias)) + multiply)
    return products + bias + copies + activation_cost(a.activation, y)


def _window(a, x, y, per_tap: Expr, kernel_length: Expr, out_channels: Expr,
            group_in: Expr = ONE, pads: ZeroPads = None, feature_groups: Expr = ONE) -> Cost:
    """The products of a window of ``kernel_length`` taps per output, ``per_tap`` each. XLA
    makes a multiply of a convolution of one tap, ``out_channels`` = 1 output channel per
    group, stride and dilation 1 (more output channels keep it a convolution); and a
    multiply and a sum (``2K - 1`` flops) of a valid one of ``group_in`` = 1 input and one
    output channel per group whose window gives one position along each axis it is longer
    than 1 (it covers the input there: a sum over those axes). Either rewrite, and swapping
    the operands (:func:`_swapped`, of ``feature_groups`` groups), comes before XLA folds a
    ``ZeroPadding`` (``pads``) in: it then multiplies the zeros. XLA's part is worked out
    only when asked for (its floors and maxes are slow)."""
    textbook = _textbook(a, y)
    outputs = textbook / kernel_length * per_tap
    if not _inside_known(a, pads):
        return Cost(contraction(outputs, kernel_length).macs, xla_known=False)

    def inside() -> Expr | None:
        products = _inside(a, x, y, pads)
        if _folded(pads):
            products = _unless(_swapped(a, x, feature_groups), _inside(a, x, y), products)
        return None if products == textbook else products * per_tap

    def plain() -> Expr:
        return sympy.And(sympy.Eq(out_channels, 1), *_steps(a))

    def summed() -> Expr:
        if a.padding != "valid":
            return sympy.false
        # the positions' Eq last: comparing floors is slow in SymPy
        one = sympy.And(*_steps(a), sympy.Eq(group_in, 1), sympy.Eq(out_channels, 1))
        if one is sympy.false:
            return one
        return sympy.And(one, *(sympy.Or(sympy.Eq(k, 1), sympy.Eq(o, 1)) for o, k in zip(
            split_channels(a, y)[0], a.kernel_size, strict=True)))

    return contraction(outputs, kernel_length, Later(inside), rewritten=Later(plain),
                       summed=Later(summed))


def _swapped(a, x, feature_groups: Expr) -> Any:
    """Whether XLA swaps a convolution's operands (one feature group, a kernel volume larger
    than its input's) before folding the ``ZeroPadding`` it reads: a SymPy condition. A
    causal window's input holds Keras's padding."""
    spatial, _ = split_channels(a, x)
    lengths = [n + d * (k - 1) if a.padding == "causal" else n
               for n, k, d in zip(spatial, a.kernel_size, a.dilation_rate, strict=True)]
    return sympy.And(sympy.Eq(feature_groups, 1), _larger(a.kernel_size, lengths))


def _larger(kernel: Sequence[Expr], lengths: Sequence[Expr]) -> Any:
    """Whether the kernel's volume exceeds the input's: a SymPy condition."""
    volume, inputs = sympy.Mul(*kernel), sympy.Mul(*lengths)
    if is_provably_ge(inputs, volume):
        return sympy.false
    return sympy.StrictGreaterThan(volume, inputs)


def _unless(condition: Any, then: Expr, otherwise: Expr) -> Expr:
    """``then`` where ``condition`` holds, else ``otherwise``."""
    if condition is sympy.true:
        return then
    if condition is sympy.false:
        return otherwise
    return sympy.Piecewise((then, condition), (otherwise, True))


def _steps(a) -> list:
    return [sympy.Eq(v, 1) for v in (*a.dilation_rate, *a.strides)]


def conv_cost(a, x, y, pads: ZeroPads = None) -> Cost:
    """ConvND: output positions × kernel volume × (input channels / groups) × filters."""
    _, channels = split_channels(a, x)
    group = channels / a.groups
    kernel = sympy.Mul(*a.kernel_size)
    product_cost = _window(a, x, y, group * a.filters, kernel * group, a.filters / a.groups,
                           group_in=group, pads=pads, feature_groups=a.groups)
    return _finish(a, y, product_cost)


def depthwise_cost(a, x, y, pads: ZeroPads = None) -> Cost:
    """DepthwiseConvND: output positions × kernel volume × channels × depth_multiplier."""
    _, channels = split_channels(a, x)
    per = channels * a.depth_multiplier
    one_tap = sympy.And(sympy.Eq(a.depth_multiplier, 1), sympy.Eq(sympy.Mul(*a.kernel_size), 1),
                        *_steps(a))
    return _finish(a, y, _window(a, x, y, per, sympy.Mul(*a.kernel_size), a.depth_multiplier,
                                 pads=pads, feature_groups=channels),
                   sympy.Piecewise((1, one_tap), (0, True)))


def separable_cost(a, x, y, pads: ZeroPads = None) -> Cost:
    """SeparableConvND: the depthwise step, then a 1 × 1 convolution to filters."""
    _, channels = split_channels(a, x)
    out, _ = split_channels(a, y)
    middle = channels * a.depth_multiplier
    depthwise = _window(a, x, y, middle, sympy.Mul(*a.kernel_size), a.depth_multiplier,
                        pads=pads, feature_groups=channels)
    pointwise = contraction(sympy.Mul(*out) * a.filters, middle,  # (Keras gives the 1 × 1
                            rewritten=sympy.And(sympy.Eq(a.filters, 1),  # the dilation too)
                                                *(sympy.Eq(d, 1) for d in a.dilation_rate)))
    return _finish(a, y, depthwise + pointwise)


def _transpose_low(k: Expr, s: Expr, d: Expr, padding: str, output_padding: Expr | None) -> Expr:
    """Keras's left padding of the stride-dilated input of a transposed convolution on jax
    (``jax.lax.conv_transpose``): ``K - 1`` for valid, where ``K`` is the dilated kernel
    length; for same, half the total padding rounded up, at most ``K - 1``."""
    span = d * (k - 1) + 1
    if padding == "valid":
        return span - 1
    total = s + span - 2 if output_padding is None \
        else span + sympy.Mod(span, 2) - 2 + output_padding
    return sympy.Min(ceildiv(total, 2), span - 1)


def transpose_cost(a, x, y, pads: ZeroPads = None) -> Cost:
    """ConvNDTranspose: every input position spreads over the kernel: input positions ×
    kernel volume × input channels × filters. XLA convolves the stride-dilated, padded input
    and multiplies only the taps that land on an input position inside the output: along an
    axis, input position ``i`` and tap ``t`` reach output ``i·s + low - t·d``, counted when
    in ``[0, out)`` (``low``: :func:`_transpose_low`). Valid padding keeps every tap; same
    padding and ``output_padding`` crop some. A 1-tap product of one input channel and one
    filter, stride and dilation 1, is a multiply.

    >>> from sympy import Integer as I
    >>> from symparams.layers.registry import Args
    >>> a = Args({"kernel_size": (I(3),), "strides": (I(2),), "padding": "same",
    ...           "dilation_rate": (I(1),), "filters": I(2), "output_padding": None,
    ...           "use_bias": True, "activation": None})
    >>> c = transpose_cost(a, (I(8), I(3)), (I(16), I(2)))
    >>> c.macs, c.count("xla")
    (144, 308)
    """
    spatial, channels = split_channels(a, x)
    kernel = sympy.Mul(*a.kernel_size)
    products = contraction(sympy.Mul(*spatial) * a.filters, kernel * channels,
                           Later(lambda: _transpose_folded(a, x, y, pads)),
                           rewritten=Later(lambda: sympy.And(sympy.Eq(a.filters, 1),
                                                             *_steps(a))))
    cost = _finish(a, y, products)
    if (a.padding != "valid" or _folded(pads)) \
            and not all(k.is_Integer for k in a.kernel_size):
        return Cost(cost.macs, cost.ops, cost.transcendentals, xla_known=False)
    return cost


def _transpose_folded(a, x, y, pads: ZeroPads) -> Expr | None:
    """:func:`_transpose_inside` with the ``ZeroPadding`` ``pads`` folded in where XLA folds
    it: no axis both padded and stride-dilated, operands not swapped (:func:`_swapped`)."""
    if not _folded(pads):
        return _transpose_inside(a, x, y, None)
    spatial, _ = split_channels(a, x)
    folds = sympy.And(*(sympy.Or(sympy.Eq(s, 1), sympy.And(sympy.Eq(b, 0), sympy.Eq(e, 0)))
                        for s, (b, e) in zip(a.strides, pads, strict=True)),
                      sympy.Not(_larger(a.kernel_size, spatial)))  # not swapped
    if folds is sympy.false:
        return _transpose_inside(a, x, y, None)
    folded = _transpose_inside(a, x, y, pads)
    if folds is sympy.true:
        return folded
    whole = sympy.Mul(*x) * sympy.Mul(*a.kernel_size) * a.filters
    plain = _transpose_inside(a, x, y, None)
    return sympy.Piecewise((whole if folded is None else folded, folds),
                           (whole if plain is None else plain, True))


def _transpose_inside(a, x, y, pads: ZeroPads) -> Expr | None:
    """XLA's multiply-accumulates of a transposed convolution (reading the folded zeros
    ``pads``: the taps of input positions ``[before, n - after)`` only); None where all taps
    count."""
    if a.padding == "valid" and not _folded(pads):
        return None
    spatial, channels = split_channels(a, x)
    out, _ = split_channels(a, y)
    cropped = a.output_padding if a.output_padding is not None else (None,) * len(spatial)
    zeros = pads if _folded(pads) else ((Integer(0), Integer(0)),) * len(spatial)
    inside = Integer(1)
    for n, o, k, s, d, p, (before, after) in zip(spatial, out, a.kernel_size, a.strides,
                                                 a.dilation_rate, cropped, zeros, strict=True):
        low = _transpose_low(k, s, d, a.padding, p) + before * s
        inside *= valid_taps(n - before - after, s, [low - t * d for t in range(int(k))], o)
    if inside == sympy.Mul(*spatial) * sympy.Mul(*a.kernel_size):
        return None
    return inside * channels * a.filters
