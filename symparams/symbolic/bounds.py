"""Inequalities ``diff >= 0`` between integer expressions in a normal form: floors removed
exactly (``floor(x/b) >= c`` is ``x >= b*c``), remainders folded into roundings, and the
integer coefficients made coprime, so that ``(p, m)`` means ``p >= m``.

>>> from symparams.symbolic.integers import floordiv, symbol
>>> H, k = symbol("H"), symbol("k")
>>> normalize(floordiv(H - k + 1, 2) - 2)
(H - k, 3)
>>> normalize(H + sympy.Mod(H, 2) - 4)
(H, 3)
"""

from __future__ import annotations

from math import gcd

import sympy
from sympy import Add, Expr, Integer, ceiling, floor

from .integers import fold_remainders, split_division

__all__ = ["without_floors", "remainders_folded", "normalize"]


def without_floors(diff: Expr) -> Expr:
    """``diff >= 0`` rewritten without top-level floors, exactly (integers throughout)."""
    for _ in range(20):
        diff = sympy.expand(diff)
        found = [t for t in Add.make_args(diff) if isinstance(t, (floor, ceiling))
                 or (isinstance(-t, (floor, ceiling)))]
        if len(found) != 1:
            return diff
        term = found[0]
        sign = 1 if isinstance(term, (floor, ceiling)) else -1
        f = term if sign == 1 else -term
        rest = diff - term
        parts = split_division(f.args[0])
        if parts is None or not rest.is_integer:
            return diff
        x, b = parts
        if isinstance(f, floor):  # floor(x/b) >= -rest  |  floor(x/b) <= rest
            diff = x + b * rest if sign == 1 else b * (rest + 1) - 1 - x
        else:  # ceiling(x/b) >= -rest  |  ceiling(x/b) <= rest
            diff = x + b * (rest + 1) - 1 if sign == 1 else b * rest - x
    return diff


def remainders_folded(diff: Expr) -> Expr:
    """``H + Mod(H, 2) - 4 >= 0`` as ``ceiling(H/2) - 2 >= 0`` (then ``H >= 3``): remainders
    folded into roundings, the common factor of the other terms divided out."""
    if not diff.has(sympy.Mod):
        return diff
    diff = fold_remainders(diff)
    const, p = diff.as_coeff_Add()
    coeffs = [t.as_coeff_Mul()[0] for t in Add.make_args(p)]
    if p == 0 or not const.is_Integer or not all(c.is_Integer for c in coeffs):
        return diff
    g = 0
    for c in coeffs:
        g = gcd(g, int(c))
    if g <= 1:
        return diff
    return sympy.expand(p / g) + (int(const) // g)  # p + c >= 0 iff p/g >= ceil(-c/g)


def normalize(diff: Expr) -> tuple[Expr, Integer] | None:
    """``diff >= 0`` as ``(p, m)``: ``p >= m``, ``p`` with coprime integer coefficients."""
    diff = without_floors(remainders_folded(diff))
    scale = 1
    for term in Add.make_args(diff):
        c = term.as_coeff_Mul()[0]
        if c.is_Rational:
            scale = scale * int(c.q) // gcd(scale, int(c.q))
    if scale > 1:
        diff = sympy.expand(diff * scale)
    const, p = diff.as_coeff_Add()
    if not const.is_Rational or p == 0:
        return None
    coeffs = [t.as_coeff_Mul()[0] for t in Add.make_args(p)]
    if not all(c.is_Integer for c in coeffs):
        return None
    g = 0
    for c in coeffs:
        g = gcd(g, int(c))
    bound = -(int(const) // g) if const.is_Integer else sympy.ceiling(-const / g)
    return sympy.expand(p / g), Integer(bound)
