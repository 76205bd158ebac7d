"""A formula's exact value at numbers, by Python's own integer and fraction arithmetic.

A summary shows every shape and count at the model's values: SymPy substitutes them by
rebuilding each sub-expression (``H/2`` at ``H = 224``, then ``ceiling(112)``), and each new
SymPy object is built, flattened and canonicalised on the way. The value is a rational
number, the same whichever arithmetic finds it; :func:`exact_value` finds it with
``fractions.Fraction`` for the kinds of node shapes and counts are made of, and returns
None for anything else (a symbol without a number, a case distinction, a number past the
size limit), where the caller goes on as before. It imports only SymPy: it is part of the
foundation, with :mod:`symparams.guard`, which calls it.

A case distinction (``Piecewise``, as an average pooling's division by a window of one
makes) has the value of its first branch whose condition holds: conditions are
comparisons, ``And``, ``Or`` and ``Not`` of them, each decided exactly. A caller that asks
the values of many formulas at the same numbers passes one ``memo``: the formulas of a
network share most of their parts (``floor((H + 1)/2)``), each then worked out once.

>>> from sympy import Integer, Max, Symbol, ceiling
>>> H = Symbol("H", integer=True, positive=True)
>>> exact_value(Max(8, ceiling(H/2)) * (H + 1) - H**2, {H: Integer(225)}, 4096)
-25087
>>> exact_value(H + Symbol("W"), {H: Integer(2)}, 4096) is None
True
>>> from sympy import Eq, Piecewise
>>> [exact_value(Piecewise((0, Eq(ceiling(H/2), 1)), (H, True)), {H: Integer(h)}, 4096)
...  for h in (2, 4)]
[0, 4]
"""

from __future__ import annotations

import functools
import math
import operator
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
        # conditions, decided exactly: a bool stands for SymPy's true or false
        sympy.Eq: _compare(operator.eq),
        sympy.Ne: _compare(operator.ne),
        sympy.Lt: _compare(operator.lt),
        sympy.Le: _compare(operator.le),
        sympy.Gt: _compare(operator.gt),
        sympy.Ge: _compare(operator.ge),
        sympy.And: lambda v: all(_truth(b) for b in v),
        sympy.Or: lambda v: any(_truth(b) for b in v),
        sympy.Not: lambda v: not _truth(v[0]),
        type(sympy.true): lambda v: True,
        type(sympy.false): lambda v: False,
    }


def _compare(relation: Callable[[Number, Number], bool]) -> Callable[[list], bool]:
    """A comparison of two numbers (of conditions, it is left to SymPy)."""

    def rule(values: list) -> bool:
        if any(isinstance(v, bool) for v in values):
            raise _Unsupported
        return relation(*values)

    return rule


def _truth(value: Number | bool) -> bool:
    """A decided condition; a number where a condition stands is left to SymPy."""
    if not isinstance(value, bool):
        raise _Unsupported
    return value


def _first_branch(branches: list[tuple[Number | bool, Number | bool]]) -> Number:
    """A ``Piecewise``'s value: that of its first branch whose condition holds (SymPy's
    ``Piecewise.eval`` drops the false ones); none holds: SymPy's (undefined)."""
    for value, condition in branches:
        if _truth(condition):
            if isinstance(value, bool):
                raise _Unsupported
            return value
    raise _Unsupported


def exact_value(expr: sympy.Basic, subs: Mapping[sympy.Basic, sympy.Basic],
                max_bits: int, memo: dict[sympy.Basic, Number | bool] | None = None,
                ) -> sympy.Rational | None:
    """``expr.xreplace(subs)`` when that is a rational number and every part of ``expr`` is
    a number, a symbol ``subs`` gives a rational number, or a sum, product, integer power,
    ``floor``, ``ceiling``, ``Max``, ``Min``, ``Mod``, ``Abs`` or ``Piecewise`` of those,
    with no number on the way longer than ``max_bits`` bits; else None.

    ``memo`` keeps the values of the parts worked out, for the next call with the same
    ``subs`` and ``max_bits`` (never pass one memo with different ones)."""
    if expr.is_Rational:
        return expr
    rules = _rules(max_bits)
    if memo is None:
        memo = {}

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
        elif isinstance(node, sympy.Piecewise):  # every branch, as xreplace would build it
            value = _first_branch([(walk(e), walk(c)) for e, c in node.args])
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
    if isinstance(value, bool):  # a condition, not a number
        return None
    return sympy.Rational(value.numerator, value.denominator)


def _number(value: sympy.Rational) -> Number:
    q = int(value.q)
    return int(value.p) if q == 1 else Fraction(int(value.p), q)
