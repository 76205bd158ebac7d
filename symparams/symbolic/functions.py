"""The integer functions model expressions may call, exact on rationals.

``floor``, ``ceil``, ``int`` (towards zero), ``round`` (Python's: halves to even, as Keras's
own code runs), ``min``, ``max`` and ``abs``.

>>> from sympy import Rational
>>> [int(round_half_even(Rational(n, 2))) for n in (1, 3, 5, -1)]
[0, 2, 2, 0]
>>> truncate(Rational(-7, 2)), truncate(Rational(7, 2))
(-3, 3)
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy import Expr, Integer, Rational, ceiling, floor

from .integers import ceildiv, floordiv, split_division

__all__ = ["round_half_even", "truncate", "floor_of", "ceil_of", "max_of", "FUNCTION_NAMES",
           "RoundHalfEven"]

FUNCTION_NAMES = ("floor", "ceil", "round", "int", "min", "max", "abs")


class RoundHalfEven(sympy.Function):
    """Python's ``round(x)``: the nearest integer, halves to the even one."""

    is_integer = True

    @classmethod
    def eval(cls, x):
        if x.is_Rational:
            return Integer(round(_fraction(x)))
        if x.is_integer:
            return x
        return None

    def _sympystr(self, printer) -> str:
        return f"round({printer._print(self.args[0])})"

    def _latex(self, printer) -> str:
        return rf"\operatorname{{round}}\left({printer._print(self.args[0])}\right)"


def _fraction(x: Rational):
    from fractions import Fraction

    return Fraction(int(x.p), int(x.q))


def round_half_even(x: Expr) -> Expr:
    """``round(x)`` as Python computes it."""
    return RoundHalfEven(x)


def floor_of(x: Expr) -> Expr:
    """``floor(x)``, in the textbook ``floor((a)/b)`` form where ``x = a/b``."""
    if x.is_integer:
        return x
    parts = split_division(x)
    if parts is not None and parts[1].is_Integer:
        return floordiv(*parts)
    return floor(x)


def ceil_of(x: Expr) -> Expr:
    """``ceil(x)``, like :func:`floor_of`."""
    if x.is_integer:
        return x
    parts = split_division(x)
    if parts is not None and parts[1].is_Integer:
        return ceildiv(*parts)
    return ceiling(x)


def truncate(x: Expr) -> Expr:
    """Python's ``int(x)``: towards zero (an integer is itself, whatever its sign: asked
    first, as SymPy's sign test costs far more than its integer test)."""
    if x.is_integer:
        return x
    if x.is_nonnegative:
        return floor_of(x)
    if x.is_nonpositive:
        return ceil_of(x)
    return sympy.Piecewise((floor_of(x), x >= 0), (ceil_of(x), True))


def max_of(args: Sequence[Expr]) -> Expr:
    """``Max(*args)``. A number and a positive multiple of one positive integer symbol that
    is at least the number everywhere (Keras's ``max(8, 32*w)`` with ``w >= 1``) give the
    multiple at once, as SymPy's ``Max`` does after asking its assumption system about the
    difference (a millisecond or more per call: one per channel count of a symbolic
    network); anything else is SymPy's.

    >>> from symparams.symbolic.integers import symbol
    >>> w = symbol("w")
    >>> max_of([Integer(8), 32*w]), max_of([8*w, Integer(8)]), max_of([Integer(8), 4*w])
    (32*w, 8*w, Max(8, 4*w))
    """
    if len(args) == 2:
        for number, other in (args, args[::-1]):
            least = _least_value(other)
            if number.is_Integer and least is not None and least >= int(number):
                return other
    return sympy.Max(*args)


def _least_value(expr: Expr) -> int | None:
    """The least value of ``c*s`` (or ``s``) for a positive integer ``c`` and a symbol ``s``
    declared a positive integer: ``c``; None for any other expression."""
    coefficient, symbol = (Integer(1), expr) if expr.is_Symbol else \
        expr.args if expr.is_Mul and len(expr.args) == 2 else (None, None)
    if coefficient is None or not (coefficient.is_Integer and coefficient > 0):
        return None
    if not (symbol.is_Symbol and symbol.is_integer and symbol.is_positive):
        return None
    return int(coefficient)
