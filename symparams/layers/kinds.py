"""Argument kinds that only some layer families need: paddings, axes, target shapes.

They follow :class:`symparams.layers.argkinds.Kind`: ``convert(node, ctx)`` turns one AST node
into a value or raises ``ArgumentError`` pointing at it.
"""

from __future__ import annotations

from ..errors import ArgumentError
from ..record import Record, record
from ..syntax import ast
from .argkinds import Dim, Int, Kind, integer_expression, literal

__all__ = [
    "NonNegative", "Pads", "pairs", "Axes", "TargetShape", "Permutation", "DimOrDims", "UNKNOWN",
]

UNKNOWN = -1
"""The ``-1`` entry of a ``Reshape`` target shape."""


def _is_tuple(node) -> bool:
    return isinstance(node, (ast.TupleExpr, ast.ListExpr))


class NonNegative(Kind):
    """An integer expression that may be 0 (paddings, croppings): ``0``, ``p``, ``2*p``."""

    label = "a non-negative integer expression"

    def convert(self, node, ctx):
        return integer_expression(self, node, ctx, least=0)


@record
class Pads(Kind, Record):
    """Per-axis ``(before, after)`` amounts for ``n`` axes, as ZeroPadding/Cropping take them.

    One axis: ``p`` or ``(a, b)``. Several axes: ``p``, ``(p_1, ..., p_n)`` (symmetric) or
    ``((a_1, b_1), ..., (a_n, b_n))``. The value is a tuple of ``n`` pairs.
    """

    n: int

    @property
    def label(self) -> str:
        if self.n == 1:
            return "an integer or a pair (before, after)"
        return (f"an integer, a tuple of {self.n} integers or a tuple of {self.n} "
                "(before, after) pairs")

    def _pair(self, node, ctx):
        if _is_tuple(node):
            if len(node.items) != 2:
                self.fail(node, ctx)
            return tuple(NonNegative().convert(item, ctx) for item in node.items)
        value = NonNegative().convert(node, ctx)
        return (value, value)

    def convert(self, node, ctx):
        if not _is_tuple(node):
            return (self._pair(node, ctx),) * self.n
        if self.n == 1:
            return (self._pair(node, ctx),)
        if len(node.items) != self.n:
            self.fail(node, ctx)
        return tuple(self._pair(item, ctx) for item in node.items)


def pairs(value, n: int) -> tuple:
    """Normalise a padding written as Keras writes it (also a default) to ``n`` pairs.

    >>> pairs(1, 2), pairs((1, 2), 1), pairs((1, 2), 2), pairs(((1, 2),), 1)
    (((1, 1), (1, 1)), ((1, 2),), ((1, 1), (2, 2)), ((1, 2),))
    """
    if not isinstance(value, tuple):
        return ((value, value),) * n
    if all(isinstance(v, tuple) for v in value):
        return value
    if n == 1:
        return (tuple(value),)
    return tuple((v, v) for v in value)


class Axes(Kind):
    """One axis or a tuple/list of axes, as literal integers (``-1``, ``(1, 2)``)."""

    label = "an integer axis or a tuple of integer axes"

    def convert(self, node, ctx):
        if _is_tuple(node):
            return tuple(Int().convert(item, ctx) for item in node.items)
        return Int().convert(node, ctx)


class TargetShape(Kind):
    """``Reshape``'s target: positive integer expressions and at most one literal ``-1``."""

    label = "a shape tuple such as (h, w) or (-1, c)"

    def convert(self, node, ctx):
        if not _is_tuple(node):
            self.fail(node, ctx, hint="a one-dimensional shape needs a trailing comma: (n,)")
        out = []
        for item in node.items:
            if literal(item) == UNKNOWN:
                if UNKNOWN in out:
                    raise ArgumentError("a target shape has at most one -1", ctx.span(item.pos))
                out.append(UNKNOWN)
            else:
                out.append(Dim().convert(item, ctx))
        return tuple(out)


class Permutation(Kind):
    """``Permute``'s ``dims``: a permutation of ``1..n`` written as literal integers."""

    label = "a tuple of axes 1..n in some order, such as (2, 1)"

    def convert(self, node, ctx):
        if not _is_tuple(node):
            self.fail(node, ctx)
        values = [literal(item) for item in node.items]
        if None in values or sorted(values) != list(range(1, len(values) + 1)):
            raise ArgumentError(
                f"expected a permutation of 1..{len(values)}, got {describe_tuple(values)}",
                ctx.span(node.pos),
                hint="axes count from 1 (the batch axis 0 cannot move)",
            )
        return tuple(values)


class DimOrDims(Kind):
    """A positive integer expression or a tuple of them (``output_shape`` of attention)."""

    label = "a positive integer or a tuple of positive integers"

    def convert(self, node, ctx):
        if _is_tuple(node):
            return tuple(Dim().convert(item, ctx) for item in node.items)
        return (Dim().convert(node, ctx),)


def describe_tuple(values) -> str:
    return "(" + ", ".join("?" if v is None else str(v) for v in values) + ")"

