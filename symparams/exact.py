"""A formula's exact value at numbers, by Python's own integer and fraction arithmetic.

A summary shows every shape and count at the model's values: SymPy substitutes them by
rebuilding each sub-expression (``H/2`` at ``H = 224``, then ``ceiling(112)``), and each new
SymPy object is built, flattened and canonicalised on the way. The value is a rational
number, the same whichever arithmetic finds it; :func:`exact_value` finds it with
``fractions.Fraction`` for the kinds of node shapes and counts are made of, and returns
None for anything else (a symbol without a number, a case distinction, a number past the
size limit), where the caller goes on as before.

>>> from sympy import Integer, Max, Symbol, ceiling
>>> H = Symbol("H", integer=True, positive=True)
>>> exact_value(Max(8, ceiling(H/2)) * (H + 1) - H**2, {H: Integer(225)}, 4096)
-25087
>>> exact_value(H + Symbol("W"), {H: Integer(2)}, 4096) is None
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from fractions import Fraction

import sympy

__all__ = ["exact_value"]


class _Unsupported(Exception):
    """A node this evaluation leaves to SymPy."""


def _product(values: list[Fraction]) -> Fraction:
    out = Fraction(1)
    for value in values:
        out *= value
    return out


def _power(values: list[Fraction], max_bits: int) -> Fraction:
    base, exp = values
    if exp.denominator != 1:
        raise _Unsupported
    e = exp.numerator
    size = max(base.numerator.bit_length(), base.denominator.bit_length()) - 1
    if size * abs(e) > max_bits:  # refused before it is computed; SymPy's path says why
        raise _Unsupported
    return base ** e  # a zero base to a negative power: ZeroDivisionError, left to SymPy


@functools.lru_cache(maxsize=8)
def _rules(max_bits: int) -> dict[type, Callable[[list[Fraction]], Fraction]]:
    from .symbolic.functions import RoundHalfEven

    return {
        sympy.Add: sum,
        sympy.Mul: _product,
        sympy.Pow: lambda v: _power(v, max_bits),
        sympy.floor: lambda v: Fraction(math.floor(v[0])),
        sympy.ceiling: lambda v: Fraction(math.ceil(v[0])),
        sympy.Max: max,
        sympy.Min: min,
        sympy.Mod: lambda v: v[0] % v[1],  # the sign of the divisor, as SymPy's Mod
        sympy.Abs: lambda v: abs(v[0]),
        RoundHalfEven: lambda v: Fraction(round(v[0])),  # halves to even, as its eval
    }


def exact_value(expr: sympy.Basic, subs: Mapping[sympy.Basic, sympy.Basic],
                max_bits: int) -> sympy.Rational | None:
    """``expr.xreplace(subs)`` when that is a rational number and every part of ``expr`` is
    a number, a symbol ``subs`` gives a rational number, or a sum, product, integer power,
    ``floor``, ``ceiling``, ``Max``, ``Min``, ``Mod``, ``Abs`` or ``round`` of those, with
    no number on the way longer than ``max_bits`` bits; else None."""
    if expr.is_Rational:
        return expr
    rules = _rules(max_bits)
    memo: dict[sympy.Basic, Fraction] = {}

    def walk(node: sympy.Basic) -> Fraction:
        if node.is_Rational and node not in subs:
            return Fraction(int(node.p), int(node.q))
        found = memo.get(node)
        if found is not None:
            return found
        if node in subs:
            given = subs[node]
            if not getattr(given, "is_Rational", False):
                raise _Unsupported
            value = Fraction(int(given.p), int(given.q))
        else:
            rule = rules.get(type(node))
            if rule is None:
                raise _Unsupported
            value = rule([walk(arg) for arg in node.args])
        if max(value.numerator.bit_length(), value.denominator.bit_length()) > max_bits:
            raise _Unsupported
        memo[node] = value
        return value

    try:
        value = walk(expr)
    except (_Unsupported, ZeroDivisionError):
        return None
    return sympy.Rational(value.numerator, value.denominator)
