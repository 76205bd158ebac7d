"""What resizing an image costs at inference, as Keras 3 does it on jax: ``Resizing``, and
``CenterCrop`` when the crop is larger than the image (``smart_resize``: the largest centred
crop of the target's aspect ratio, resized bilinearly).

``jax.image.resize`` skips an axis whose size does not change. Nearest neighbour gathers
(7 operations per output position of an axis, for the index, none when either size is 1;
6 on the second of two axes resized to one length, whose positions' centres XLA computes
once).
Every other method builds, per resized axis of m positions into n, an m × n matrix of
kernel weights (their work is the method's ``ops`` per entry and per output position, and
``lanczos`` two ``sin`` per entry), then contracts the image with the matrices in one einsum:
MACs are the dense products, the cheaper of the two axis orders when both axes change (jax's
einsum path). The same (m, n) on both axes builds one matrix (XLA shares it). Sizes of 1 are
fused otherwise by XLA: the ``xla`` count is unknown there (MACs and FLOPs keep the formula),
and so it is for ``bicubic`` with ``antialias`` on an image of one row or column.

>>> from sympy import Integer as I
>>> from symparams.layers.registry import Args
>>> a = Args({"height": I(3), "width": I(9), "interpolation": "bilinear"})
>>> c = resize_cost(a, (I(8), I(7), I(2)), (I(3), I(9), I(2)))
>>> c.macs, c.count("xla")
(714, 2628)
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy import Expr, Integer

from ..symbolic.integers import floordiv
from .argkinds import plain_value
from .cost import Cost
from .spatial import split_channels

__all__ = ["RESIZE_KERNELS", "resize_cost", "center_crop_cost"]

ZERO, ONE, TWO = Integer(0), Integer(1), Integer(2)

#: Per method, as XLA counts jax's weight matrix of an axis m → n (m, n ≥ 2): ops per entry,
#: ops per output position, transcendentals per entry, and ops per entry more with
#: ``antialias`` when the axis shrinks (the kernel is widened).
RESIZE_KERNELS: dict[str, tuple[int, int, int, int]] = {
    "bilinear": (12, 13, 0, 4),
    "bicubic": (38, 13, 0, 2),
    "lanczos3": (27, 16, 2, 3),
    "lanczos5": (27, 16, 2, 3),
}
#: Nearest neighbour: ops per output position of a resized axis (none when a size is 1).
_NEAREST = 7


def _changes(m: Expr, n: Expr) -> Expr:
    """1 when an axis of m positions is resized to n, else 0 (jax skips it)."""
    same = sympy.Eq(m, n)
    if same in (sympy.true, sympy.false):
        return ZERO if same else ONE
    return sympy.Piecewise((ZERO, same), (ONE, True))


def _both(m: Expr, n: Expr, p: Expr, q: Expr) -> Expr:
    """1 when the second axis builds a matrix of its own (not the first's (m, n))."""
    same = sympy.And(sympy.Eq(m, p), sympy.Eq(n, q))
    if same in (sympy.true, sympy.false):
        return ZERO if same else ONE
    return sympy.Piecewise((ZERO, same), (ONE, True))


def _weights(method: str, antialias: bool, m: Expr, n: Expr) -> tuple[Expr, Expr]:
    """(ops, transcendentals) of the weight matrix of one resized axis m → n."""
    if method == "nearest":
        degenerate = sympy.Or(sympy.Eq(m, 1), sympy.Eq(n, 1))
        if degenerate in (sympy.true, sympy.false):
            return (ZERO if degenerate else _NEAREST * n), ZERO
        return sympy.Piecewise((ZERO, degenerate), (_NEAREST * n, True)), ZERO
    entry, output, trans, wider = RESIZE_KERNELS[method]
    ops = entry * m * n + output * n
    if antialias:
        shrinks = sympy.StrictGreaterThan(m, n)
        if shrinks in (sympy.true, sympy.false):
            ops += wider * m * n if shrinks else ZERO
        else:
            ops += sympy.Piecewise((wider * m * n, shrinks), (ZERO, True))
    return ops, trans * m * n


def _shared_centres(m: Expr, p: Expr, n: Expr, q: Expr) -> Expr:
    """Nearest neighbour on two resized axes of one output length n (from m and p, no size
    1): XLA computes the output positions' centres once, one operation per position."""
    shared = sympy.And(sympy.Eq(n, q), *[sympy.Ne(size, 1) for size in (m, p, n)])
    if shared in (sympy.true, sympy.false):
        return q if shared else ZERO
    return sympy.Piecewise((q, shared), (ZERO, True))


def _resize(method, antialias, before: Sequence[Expr], after: Sequence[Expr],
            channels: Expr) -> Cost:
    """Resize an image of spatial sizes ``before`` (m, p) to ``after`` (n, q)."""
    if method not in RESIZE_KERNELS and method != "nearest" or not isinstance(antialias, bool):
        return Cost(ZERO, None, None)
    (m, p), (n, q) = before, after
    rows, cols = _changes(m, n), _changes(p, q)
    w_ops, w_trans = _weights(method, antialias, m, n)
    v_ops, v_trans = _weights(method, antialias, p, q)
    own = _both(m, n, p, q) if cols != ZERO and rows != ZERO else ONE
    ops = rows * w_ops + cols * own * v_ops
    trans = rows * w_trans + cols * own * v_trans
    if method == "nearest":
        return Cost(ZERO, ops - rows * cols * own * _shared_centres(m, p, n, q), trans)
    # one axis: (other axis × channels × n) outputs, each a sum of m; both: jax's cheaper order
    height_first = n * p * channels * (m + q)
    width_first = m * q * channels * (p + n)
    macs = sympy.Piecewise(
        (ZERO, sympy.And(sympy.Eq(rows, 0), sympy.Eq(cols, 0))),
        (p * channels * n * m, sympy.Eq(cols, 0)),
        (n * channels * q * p, sympy.Eq(rows, 0)),
        (sympy.Min(height_first, width_first), True))
    known = sympy.And(*[sympy.Or(sympy.Eq(a, b), sympy.And(a >= TWO, b >= TWO))
                        for a, b in ((m, n), (p, q))])
    if method == "bicubic" and antialias:  # an image of one row or column: XLA counts less
        known = sympy.And(known, *[sympy.Ne(size, 1) for size in (m, p)])
    return Cost(macs, ops, trans, xla_known=known is sympy.true)


def _aspect_crop(h: Expr, w: Expr, height: Expr, width: Expr) -> tuple[Expr, Expr]:
    """The largest centred crop of an h × w image with the target's aspect ratio."""
    crop_h = sympy.Max(sympy.Min(h, floordiv(w * height, width)), ONE)
    crop_w = sympy.Max(sympy.Min(w, floordiv(h * width, height)), ONE)
    return crop_h, crop_w


def _aspect_pad(h: Expr, w: Expr, height: Expr, width: Expr) -> tuple[Expr, Expr]:
    """The image padded to the target's aspect ratio, as Keras's jax backend pads: the same
    border on both sides of one axis (height first), none when that border would be 0."""
    top = floordiv(sympy.Max(h, floordiv(w * height, width)) - h, TWO)
    left = floordiv(sympy.Max(w, floordiv(h * width, height)) - w, TWO)
    padded_h = sympy.Piecewise((h + 2 * top, top > 0), (h, True))
    padded_w = sympy.Piecewise((w, top > 0), (w + 2 * left, left > 0), (w, True))
    return padded_h, padded_w


def resize_cost(a, x, y) -> Cost:
    """``Resizing``: the image (cropped or padded to the aspect ratio first, when asked)
    resized to ``height × width`` by the ``interpolation`` method."""
    (h, w), channels = split_channels(a, x)
    crop = plain_value(a.get("crop_to_aspect_ratio", False))
    pad = plain_value(a.get("pad_to_aspect_ratio", False))
    if crop is None or pad is None:
        return Cost(None, None, None)
    if crop:
        h, w = _aspect_crop(h, w, a.height, a.width)
    elif pad:
        h, w = _aspect_pad(h, w, a.height, a.width)
    method = plain_value(a.get("interpolation", "bilinear"))
    return _resize(method, plain_value(a.get("antialias", False)), (h, w),
                   (a.height, a.width), channels)


def center_crop_cost(a, x, y) -> Cost:
    """``CenterCrop``: a slice (free) when the image is at least ``height × width``, else
    ``smart_resize`` (a centred crop of the aspect ratio, resized bilinearly)."""
    (h, w), channels = split_channels(a, x)
    fits = sympy.And(h >= a.height, w >= a.width)
    if fits is sympy.true:
        return Cost()
    resized = _resize("bilinear", False, _aspect_crop(h, w, a.height, a.width),
                      (a.height, a.width), channels)
    if fits is sympy.false:
        return resized

    def when(part):
        return sympy.Piecewise((ZERO, fits), (part, True))

    return Cost(when(resized.macs), when(resized.ops), when(resized.transcendentals),
                xla_known=False)
