"""A formula's exact value at numbers, by Python's own integer and fraction arithmetic.

A summary shows every shape and count at the model's values: SymPy substitutes them by
rebuilding each sub-expression (``H/2`` at ``H = 224``, then ``ceiling(112)``), and each new
SymPy object is built, flattened and canonicalised on the way. The value is a rational
number, the same whichever arithmetic finds it; :func:`exact_value` finds it with
``fractions.Fraction`` for the kinds of node shapes and counts are made of, and returns
None for anything else (a symbol without a number, a case distinction, a number past the
size limit), where the caller goes on as before. It imports only SymPy: it is part of the
foundation, with :mod:`symparams.guard`, which calls it.

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


Number = int | Fraction  # an int while the value is whole: Python's ints are far faster


def _whole(value: Number) -> Number:
    return value.numerator if isinstance(value, Fraction) and value.denominator == 1 else value


def _power(values: list[Number], max_bits: int) -> Number:
    base, exp = values
    if not isinstance(exp, int):
        raise _Unsupported
    size = max(base.numerator.bit_length(), base.denominator.bit_length()) - 1
    if size * abs(exp) > max_bits:  # refused before it is computed; SymPy's path says why
        raise _Unsupported
    # (a negative power of an int would be a float: a Fraction's is exact; a zero base
    # raises ZeroDivisionError, left to SymPy)
    return Fraction(base) ** exp if exp < 0 else base ** exp


@functools.lru_cache(maxsize=8)
def _rules(max_bits: int) -> dict[type, Callable[[list[Number]], Number]]:
    return {
        sympy.Add: sum,
        sympy.Mul: math.prod,
        sympy.Pow: lambda v: _power(v, max_bits),
        sympy.floor: lambda v: math.floor(v[0]),
        sympy.ceiling: lambda v: math.ceil(v[0]),
        sympy.Max: max,
        sympy.Min: min,
        sympy.Mod: lambda v: v[0] % v[1],  # the sign of the divisor, as SymPy's Mod
        sympy.Abs: lambda v: abs(v[0]),
    }


def exact_value(expr: sympy.Basic, subs: Mapping[sympy.Basic, sympy.Basic],
                max_bits: int) -> sympy.Rational | None:
    """``expr.xreplace(subs)`` when that is a rational number and every part of ``expr`` is
    a number, a symbol ``subs`` gives a rational number, or a sum, product, integer power,
    ``floor``, ``ceiling``, ``Max``, ``Min``, ``Mod`` or ``Abs`` of those, with
    no number on the way longer than ``max_bits`` bits; else None."""
    if expr.is_Rational:
        return expr
    rules = _rules(max_bits)
    memo: dict[sympy.Basic, Number] = {}

    def walk(node: sympy.Basic) -> Number:
        if node.is_Rational and node not in subs:
            return _number(node)
        found = memo.get(node)
        if found is not None:
            return found
        if node in subs:
            given = subs[node]
            if not getattr(given, "is_Rational", False):
                raise _Unsupported
            value = _number(given)
        else:
            rule = rules.get(type(node))
            if rule is None:
                raise _Unsupported
            value = _whole(rule([walk(arg) for arg in node.args]))
        if max(value.numerator.bit_length(), value.denominator.bit_length()) > max_bits:
            raise _Unsupported
        memo[node] = value
        return value

    try:
        value = walk(expr)
    except (_Unsupported, ZeroDivisionError):
        return None
    return sympy.Rational(value.numerator, value.denominator)


def _number(value: sympy.Rational) -> Number:
    q = int(value.q)
    return int(value.p) if q == 1 else Fraction(int(value.p), q)
