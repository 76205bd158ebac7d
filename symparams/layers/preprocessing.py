"""Numeric preprocessing layers: Rescaling and Normalization
(``keras/src/layers/preprocessing``). Both keep the input shape.

``Normalization`` without ``mean``/``variance`` holds the statistics ``adapt`` fills in as
non-trainable weights: a mean and a variance per entry of the kept axes, and a scalar count.
"""

from __future__ import annotations

from sympy import Integer

from ..syntax import ast
from .cost import Cost
from .kinds import Axes
from .registry import (
    Anything,
    Bool,
    Condition,
    LayerType,
    Optional,
    Param,
    Reject,
    product,
    register,
)

__all__ = ["literal_shape", "kept_axes"]


def _rescaling_cost(a, x, y):
    """x × scale, then + offset unless the offset is a literal 0."""
    offset = a.offset.value if isinstance(a.offset, (ast.Int, ast.Float)) else a.offset
    return Cost(ops=product(y) * (1 if offset in (0, 0.0) else 2))


register(
    LayerType(
        name="Rescaling",
        family="preprocessing",
        params=(Param("scale", Anything()), Param("offset", Anything(), 0.0)),
        shape=lambda a, x: x,
        cost=_rescaling_cost,
        derivation="no parameters (scale and offset are constants, not weights)",
        doc="Multiplies by scale and adds offset (x / 255 as Rescaling(1 / 255)); shape "
        "unchanged.",
    )
)


def literal_shape(node) -> tuple[int, ...] | None:
    """The shape of a literal number or nested list/tuple of numbers, else None.

    >>> literal_shape(ast.Float(0.5, "0.5", None))
    ()
    """
    if isinstance(node, (ast.Int, ast.Float)) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.operand, (ast.Int, ast.Float))
    ):
        return ()
    if isinstance(node, (ast.ListExpr, ast.TupleExpr)):
        inner = {literal_shape(item) for item in node.items}
        if len(inner) == 1 and None not in inner:
            return (len(node.items), *inner.pop())
        if not node.items:
            return (0,)
    return None


def kept_axes(a, x) -> tuple[int, ...]:
    """Indices into ``x`` (batch excluded) of Normalization's kept axes, as Keras sorts them."""
    axis = a.axis
    axes = () if axis is None else axis if isinstance(axis, tuple) else (axis,)
    full = len(x) + 1
    for value in axes:
        if not -full <= value < full:
            raise Reject(f"axis={value} is out of range for the {len(x)}-D input "
                         f"(axes -{full}..{full - 1}, the batch axis counting as 0)")
    kept = sorted(v + full if v < 0 else v for v in axes)
    if 0 in kept:
        raise Reject("Normalization cannot keep the batch axis (axis 0): its size is unknown")
    if len(set(kept)) != len(kept):
        raise Reject(f"axis={axis} names the same axis twice; Keras fails to reshape the "
                     "statistics")
    return tuple(k - 1 for k in kept)


def _given(a) -> bool:
    return a.mean is not None or a.variance is not None


def _check_statistics(a, x) -> tuple[int, ...] | None:
    kept = kept_axes(a, x)
    if not _given(a):
        return None
    if a.mean is None or a.variance is None:
        raise Reject("Normalization needs both mean and variance, or neither")
    shape = literal_shape(a.nodes.get("mean"))
    if shape is None or shape != literal_shape(a.nodes.get("variance")):
        if shape is not None and literal_shape(a.nodes.get("variance")) is not None:
            raise Reject("mean and variance of Normalization must have the same shape")
        return None
    if len(shape) > len(kept):
        raise Reject(f"mean has rank {len(shape)}, more than the {len(kept)} normalized "
                     f"axes of Normalization")
    return shape


def _normalization_shape(a, x):
    _check_statistics(a, x)
    return x


def _normalization_conditions(a, x):
    shape = _check_statistics(a, x)
    if not shape:
        return []
    kept = kept_axes(a, x)
    out = []
    for i, size in enumerate(reversed(shape), start=1):
        if size == 1:
            continue
        dim = x[kept[-i]]
        what = f"input axis {kept[-i] + 1} (the size of mean)"
        if dim.is_Integer and dim != size:
            raise Reject(f"mean has {size} entries on input axis {kept[-i] + 1}, which "
                         f"has {dim}", hint="give one value per entry, or a single value")
        out += [Condition(dim, Integer(size), what), Condition(Integer(size), dim, what)]
    return out


def _normalization_cost(a, x, y) -> Cost:
    """A subtraction and a division per element (a product and a sum with invert). The
    square root of the variance and its floor at epsilon work on constants (Keras keeps the
    statistics as constants, not weights, after adapt() or when given), which XLA folds; it
    also drops the subtraction of a given mean of 0 and the division by a given variance
    of 1 (an un-adapted layer's statistics are 0 and 1: XLA counts 0 for it)."""
    elements = product(x)
    folded = int(_number(a.mean) == 0) + int(_number(a.variance) == 1)
    return Cost(ops=2 * elements, xla_ops=-folded * elements)


def _number(node):
    """The value of a number written as an argument, else None."""
    return getattr(node, "value", None) if isinstance(node, (ast.Float, ast.Int)) else None


def _normalization_non_trainable(a, x):
    if _given(a):
        return Integer(0)
    return 2 * product(x[k] for k in kept_axes(a, x)) + 1


register(
    LayerType(
        name="Normalization",
        family="preprocessing", cost=_normalization_cost,
        params=(
            Param("axis", Optional(Axes()), -1),
            Param("mean", Optional(Anything()), None),
            Param("variance", Optional(Anything()), None),
            Param("invert", Bool(), False),
        ),
        rank=(1, None),
        input_doc="(..., features)",
        shape=_normalization_shape,
        non_trainable=_normalization_non_trainable,
        conditions=_normalization_conditions,
        derivation="non-trainable: a mean and a variance per entry of the kept axes, and "
        "one count; none when mean and variance are given",
        doc="Standardizes with a mean and variance per feature (from adapt, or given); "
        "shape unchanged.",
        extra={"subtleties": (
            "without mean and variance, Keras makes non-trainable weights for adapt() to "
            "fill: 2·C + 1 (mean, variance, and a scalar count kept for old saved models)",
            "with mean and variance given there are no weights at all: they are constants",
            "axis names the axes kept (one statistic per entry), not the axes reduced; "
            "axis=None keeps none: 3 weights (scalar mean, variance, count)",
            "a given mean must have a size per kept axis equal to the axis or 1",
            "naming the same axis twice (axis=(1, -3) on a 3-D input) fails in Keras",
        )},
    )
)
