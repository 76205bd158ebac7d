"""The base argument kinds: how one layer argument's AST node becomes a value.

A :class:`Kind` converts a node (``convert(node, ctx)``) or raises ``ArgumentError`` pointing
at it. :mod:`symparams.layers.registry` re-exports every kind here, and
:mod:`symparams.layers.kinds` adds the ones only some families need (paddings, axes).

>>> Dims(2).label, Optional(Bool()).label
('an integer or a tuple of 2 integers', 'None or True or False')
"""

from __future__ import annotations

from typing import Any

from ..errors import ArgumentError, did_you_mean
from ..record import Record, record
from ..symbolic.integers import NONE_DIM
from ..syntax import ast
from ..syntax.describe import describe

__all__ = [
    "integer_expression",
    "literal",
    "plain_value",
    "Kind",
    "Dim",
    "Int",
    "Dims",
    "ShapeArg",
    "InputShapeArg",
    "Bool",
    "Number",
    "Choice",
    "Anything",
    "KERAS_ACTIVATIONS",
    "ActivationArg",
    "LayerArg",
    "Optional",
]


class Kind:
    """Converts one argument's AST node to a value, or raises ``ArgumentError``."""

    label = "a value"

    def convert(self, node: ast.Expr, ctx) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def fail(self, node: ast.Expr, ctx, hint: str | None = None):
        raise ArgumentError(f"expected {self.label}, got {describe(node)}", ctx.span(node.pos),
                            hint=hint)


_NOT_INTEGER = (ast.Str, ast.Float, ast.Const, ast.TupleExpr, ast.ListExpr, ast.Call)


def integer_expression(kind: Kind, node: ast.Expr, ctx, least: int = 1):
    """``node`` as an integer expression in the model's symbols; an integer below ``least``
    (1: positive, 0: non-negative) is an ``ArgumentError``."""
    if isinstance(node, _NOT_INTEGER) and not (
            isinstance(node, ast.Call) and ctx.is_function(node.func)):
        if isinstance(node, ast.Call) and node.func not in ctx.builder.known_layers:
            ctx.expr(node)  # an unknown function: its error names the closest one
        kind.fail(node, ctx)
    value = ctx.expr(node)
    if value.is_Integer and int(value) < least:
        noun = "a positive" if least > 0 else "a non-negative"
        raise ArgumentError(f"expected {noun} integer, got {value}", ctx.span(node.pos))
    return value


def literal(node: ast.Expr, types=(ast.Int,)):
    """The value of a literal of ``types`` written as ``3``, ``-3`` or ``+3``, else None.

    >>> literal(ast.UnaryOp("-", ast.Int(3, None), None)), literal(ast.Str("a", None))
    (-3, None)
    """
    if isinstance(node, types):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, types):
        return -node.operand.value if node.op == "-" else node.operand.value
    return None


def plain_value(node, unknown=None):
    """An ``Anything`` argument as Python (``"hann"``, ``True``, ``None``, ``2.0``, ``-3``),
    given or a default; ``unknown`` for anything but a literal.

    >>> plain_value(ast.Str("hann", None)), plain_value(2.0), plain_value(ast.Name("x", None))
    ('hann', 2.0, None)
    """
    if node is None or isinstance(node, (str, bool, int, float)):
        return node
    if isinstance(node, (ast.Str, ast.Const)):
        return node.value
    value = literal(node, (ast.Int, ast.Float))
    return unknown if value is None else value


class Dim(Kind):
    """A positive integer expression in the model's symbols: ``64``, ``d``, ``4*d``."""

    label = "a positive integer expression"

    def convert(self, node, ctx):
        return integer_expression(self, node, ctx)


class Int(Kind):
    """An integer literal, possibly negative (axes, ``-1`` in ``Reshape``)."""

    label = "an integer"

    def convert(self, node, ctx):
        value = literal(node)
        if value is None:
            self.fail(node, ctx)
        return value


@record
class Dims(Kind, Record):
    """``n`` dimensions: one integer expression (used for each) or a tuple/list of ``n``;
    each at least ``least`` (``least=0`` for output paddings)."""

    n: int
    least: int = 1

    @property
    def label(self) -> str:
        return f"an integer or a tuple of {self.n} integers"

    def convert(self, node, ctx):
        if isinstance(node, (ast.TupleExpr, ast.ListExpr)):
            if len(node.items) != self.n:
                self.fail(node, ctx)
            return tuple(integer_expression(self, item, ctx, self.least)
                         for item in node.items)
        return (integer_expression(self, node, ctx, self.least),) * self.n


class ShapeArg(Kind):
    """A shape: a tuple or list of positive integer expressions, ``(h, w)`` or ``(T,)``."""

    label = "a shape tuple such as (h, w) or (T,)"

    def convert(self, node, ctx):
        if not isinstance(node, (ast.TupleExpr, ast.ListExpr)):
            hint = None
            if not isinstance(node, (ast.Str, ast.Float, ast.Const, ast.Call)):
                hint = "a one-dimensional shape needs a trailing comma: (T,)"
            self.fail(node, ctx, hint=hint)
        return tuple(Dim().convert(item, ctx) for item in node.items)


class InputShapeArg(ShapeArg):
    """A model input's shape, where ``None`` is Keras's unknown size: ``(None, 8)``."""

    def convert(self, node, ctx):
        if not isinstance(node, (ast.TupleExpr, ast.ListExpr)):
            return super().convert(node, ctx)
        return tuple(NONE_DIM if isinstance(item, ast.Const) and item.value is None
                     else Dim().convert(item, ctx) for item in node.items)


class Bool(Kind):
    label = "True or False"

    def convert(self, node, ctx):
        if isinstance(node, ast.Const) and isinstance(node.value, bool):
            return node.value
        self.fail(node, ctx)


class Number(Kind):
    """A number (rates, epsilons, momenta), not part of any count: a float or integer literal
    as written, or an expression of numbers and symbols (``1 / 4``, ``rate * b / blocks``,
    Keras's drop-connect schedule) as an exact SymPy value."""

    label = "a number"

    def convert(self, node, ctx):
        value = literal(node, (ast.Float, ast.Int))
        if value is not None:
            return value
        if isinstance(node, (ast.Str, ast.Const, ast.TupleExpr, ast.ListExpr)) or (
                isinstance(node, ast.Call) and not ctx.is_function(node.func)):
            self.fail(node, ctx)
        return ctx.builder.number(node)


@record
class Choice(Kind, Record):
    """One of a few strings, compared case-insensitively as Keras does for ``padding``."""

    options: tuple[str, ...]
    case_sensitive: bool = False

    @property
    def label(self) -> str:
        return " or ".join(repr(o) for o in self.options)

    def convert(self, node, ctx):
        if isinstance(node, ast.Str):
            value = node.value if self.case_sensitive else node.value.lower()
            if value in self.options:
                return value
        hint = did_you_mean(node.value, self.options) if isinstance(node, ast.Str) else None
        self.fail(node, ctx, hint=hint)


class Anything(Kind):
    """Accepted and kept, but it changes no shape or count (``activation="relu"``)."""

    label = "a value"

    def convert(self, node, ctx):
        return node


#: The names ``keras.activations.get`` accepts (``ALL_OBJECTS_DICT`` in
#: ``keras/src/activations/__init__.py``: case-sensitive); tests compare it with Keras's.
KERAS_ACTIVATIONS = (
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
    "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
    "tanh_shrink", "threshold",
)


class ActivationArg(Kind):
    """An activation: None, one of Keras's names (``"relu"``), a function reference whose last
    part is one (``tf.nn.relu``, ``keras.activations.relu``) or a layer call
    (``LeakyReLU(0.1)``). Changes no count; ``"rleu"`` is an error, as in Keras.
    """

    label = "an activation such as 'relu'"

    def convert(self, node, ctx):
        if isinstance(node, ast.Const) and node.value is None or isinstance(node, ast.Call):
            return node
        if isinstance(node, (ast.Str, ast.Name)):
            name = node.value if isinstance(node, ast.Str) else node.id.rpartition(".")[2]
            if name in KERAS_ACTIVATIONS:
                if name == "glu":
                    ctx.warn("activation 'glu' halves the last axis, but Keras's summary and "
                             "counts (and so these) keep its full size: the model fails "
                             "when run", node.pos)
                return node
            raise ArgumentError(
                f"unknown activation {name!r}: Keras accepts only the names of "
                "keras.activations", ctx.span(node.pos),
                hint=did_you_mean(name, KERAS_ACTIVATIONS) or "e.g. 'relu', 'softmax', "
                "'sigmoid', 'tanh', 'gelu', 'linear'")
        self.fail(node, ctx)


class LayerArg(Kind):
    """A layer call as an argument, as in ``Bidirectional(LSTM(64))``."""

    label = "a layer call such as LSTM(64)"

    def convert(self, node, ctx):
        if not isinstance(node, ast.Call):
            self.fail(node, ctx)
        return ctx.layer(node)


@record
class Optional(Kind, Record):
    """``None`` or a value of the inner kind."""

    inner: Kind

    @property
    def label(self) -> str:
        return f"None or {self.inner.label}"

    def convert(self, node, ctx):
        if isinstance(node, ast.Const) and node.value is None:
            return None
        return self.inner.convert(node, ctx)
