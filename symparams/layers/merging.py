"""Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate.

They take several tensors, written ``Add()(x, h)``. Their ``shape`` gets the tuple of input
shapes. Element-wise merges follow Keras's broadcasting rule (a dimension of 1 takes the
other's size, shapes are aligned on the right); otherwise two dimensions must be provably
equal. None of them has parameters.

>>> from sympy import Symbol
>>> from symparams.layers.registry import Args, lookup
>>> d = Symbol("d", integer=True, positive=True)
>>> lookup("Add").shape(Args({}), ((d, 1), (d, 2*d)))
(d, 2*d)
>>> lookup("Concatenate").shape(Args({"axis": -1}), ((d, 3), (d, d)))
(d, d + 3)
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

import sympy
from sympy import Expr

from ..symbolic.forms import readable_text
from ..symbolic.integers import is_zero
from .cost import Cost, free
from .registry import Int, LayerType, Param, Reject, product, register

__all__ = ["provably_equal", "EQUALITY", "elementwise_shape", "concat_shape"]

#: A function that rewrites an expression using the model's assumptions (``assume d == 2*e``);
#: the elaborator sets it while it analyses a model. Identity when there are none.
EQUALITY: ContextVar[Callable[[Expr], Expr] | None] = ContextVar("symparams_equality",
                                                                    default=None)


def provably_equal(a: Expr, b: Expr) -> bool:
    """True if ``a == b`` for every value of the symbols (and under the assumptions in force).

    >>> from sympy import Symbol
    >>> n = Symbol("n", integer=True, positive=True)
    >>> provably_equal(2*(n + 1), 2*n + 2), provably_equal(n, n + 1)
    (True, False)
    """
    if a == b:
        return True
    difference = sympy.expand(a - b)
    if difference == 0:
        return True
    refine = EQUALITY.get()
    if refine is not None and sympy.expand(refine(difference)) == 0:
        return True
    # bounded, structural rules (floors, Mod, max/min arguments), never ``simplify``: its
    # time on case distinctions (a width multiplier's rounding) is unbounded
    return bool(difference.free_symbols) and is_zero(difference)


def _text(shape) -> str:
    return "(" + ", ".join(readable_text(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _pair(shape1, shape2, first: int, second: int):
    if len(shape1) < len(shape2):
        return _pair(shape2, shape1, second, first)
    out = list(shape1[: len(shape1) - len(shape2)])
    offset = len(shape1) - len(shape2)
    for index, (i, j) in enumerate(zip(shape1[offset:], shape2, strict=True)):
        if i == 1:
            out.append(j)
        elif j == 1:
            out.append(i)
        elif provably_equal(i, j):
            out.append(i)
        else:
            axis = offset + index + 1
            raise Reject(
                f"inputs {first} and {second} differ in dimension {axis}: "
                f"{readable_text(i)} vs {readable_text(j)} "
                f"(shapes {_text(shape1)} and {_text(shape2)})",
                hint="element-wise merges need equal sizes (or 1); if they are equal for "
                f"the values you mean, say so: assume {i} == {j}",
            )
    return tuple(out)


def _several(shapes) -> tuple:
    """The input shapes; one bare shape (a tuple of sizes) is a single input."""
    if shapes and not isinstance(shapes[0], tuple):
        return (tuple(shapes),)
    return tuple(shapes)


def elementwise_shape(a, shapes) -> tuple:
    """Keras's ``Merge`` output shape, inputs checked pairwise from the left."""
    shapes = _several(shapes)
    out = tuple(shapes[0])
    for number, shape in enumerate(shapes[1:], start=2):
        out = _pair(out, tuple(shape), 1 if number == 2 else number - 1, number)
    return out


def concat_shape(a, shapes) -> tuple:
    """Concatenation along ``axis``: other dimensions provably equal, that one summed."""
    shapes = _several(shapes)
    rank = len(shapes[0])
    axis = a.axis
    if not -rank <= axis < rank + 1 or axis == 0:
        raise Reject(f"axis {axis} is out of range for {rank}-D inputs (axis 0 is the batch)",
                     hint="use axis=-1 for the last axis")
    position = (axis - 1) if axis > 0 else (rank + axis)
    for number, shape in enumerate(shapes[1:], start=2):
        if len(shape) != rank:
            raise Reject(f"input {number} has rank {len(shape)}, input 1 has rank {rank}")
        for index, (i, j) in enumerate(zip(shapes[0], shape, strict=True)):
            if index != position and not provably_equal(i, j):
                raise Reject(
                    f"inputs 1 and {number} differ in dimension {index + 1}: {readable_text(i)} vs "
                    f"{readable_text(j)}; "
                    f"only the concatenation axis ({axis}) may differ",
                    hint=f"if they are equal for the values you mean, say so: assume {i} == {j}",
                )
    total = sympy.Add(*(shape[position] for shape in shapes))
    return tuple(total if i == position else d for i, d in enumerate(shapes[0]))


def _merge_cost(extra: int):
    """n inputs: n - 1 operations per output element (a sum, product, max, min, difference),
    plus ``extra`` (Average divides by n)."""

    def rule(a, shapes, y):
        return Cost(ops=(len(shapes) - 1 + extra) * product(y))

    return rule


def _merge(name: str, doc: str, inputs: tuple[int, int | None] = (1, None)) -> LayerType:
    return register(LayerType(
        name=name, family="merging", params=(), shape=elementwise_shape,
        cost=_merge_cost(1 if name == "Average" else 0),
        input_doc="(..., features)",
        derivation="no parameters; inputs of equal shape (or 1, broadcast)",
        doc=doc, extra={"inputs": inputs},
    ))


_merge("Add", "Element-wise sum of its inputs (a residual connection).")
_merge("Subtract", "The first input minus the second.", inputs=(2, 2))
_merge("Multiply", "Element-wise product of its inputs.")
_merge("Average", "Element-wise mean of its inputs.")
_merge("Maximum", "Element-wise maximum of its inputs.")
_merge("Minimum", "Element-wise minimum of its inputs.")

register(LayerType(
    name="Concatenate", family="merging", params=(Param("axis", Int(), -1),),
    shape=concat_shape, input_doc="(..., features)", cost=free,
    derivation="no parameters; sizes along the axis add up",
    doc="Joins its inputs along one axis (the last by default).",
    extra={"inputs": (1, None)},
))
