"""An equation between two integer formulas, built as SymPy's ``Eq`` builds it, without
SymPy's attempt to decide it when two values of its symbols already show it can go either
way.

``Eq(p, 1)`` first asks whether ``p - 1`` is zero, then its sign, through the assumptions
system: for a global average pooling's window ``floor((H + 31)/32)*floor((W + 31)/32)``
that is milliseconds of deductions over the floors, to find that it cannot tell. Where the
two sides are equal at one value of the symbols (positive integers, nothing more assumed)
and differ at another, no sound answer exists, so SymPy's ``Eq`` returns the equation
unevaluated, the very object ``Eq(p, 1, evaluate=False)`` is; :func:`equation` builds that
directly. Anywhere else it asks SymPy's ``Eq``.

>>> from symparams.symbolic.integers import floordiv, symbol
>>> H, W = symbol("H"), symbol("W")
>>> p = floordiv(H + 31, 32) * floordiv(W + 31, 32)
>>> either_way(p, 1), equation(p, 1) == sympy.Eq(p, 1)
(True, True)
>>> either_way(H + 1, 1), equation(H + 1, 1)  # never equal: SymPy's Eq decides it
(False, False)
"""

from __future__ import annotations

import sympy
from sympy import Expr

from ..exact import exact_value

__all__ = ["equation", "either_way"]

#: The assumptions of a model's symbol (``symbol("d")``): any positive integer is a value.
_DIMENSION = sympy.Symbol("d", integer=True, positive=True).assumptions0

#: The values tried, each given to every symbol at once.
_VALUES = (1, 2, 3, 7, 1000, 10**6)

#: Bits a number on the way may have (more: SymPy's Eq decides, as before).
_BITS = 4096


def either_way(lhs: Expr, rhs: Expr) -> bool:
    """Whether ``lhs == rhs`` holds at one of the tried values of the symbols and fails at
    another, every symbol a positive integer and nothing more assumed of it; False when it
    cannot tell so (then nothing is shown)."""
    lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
    symbols = lhs.free_symbols | rhs.free_symbols
    if not symbols or any(s.assumptions0 != _DIMENSION for s in symbols):
        return False
    seen: set[bool] = set()
    for value in _VALUES:
        point = {s: sympy.Integer(value) for s in symbols}
        left, right = exact_value(lhs, point, _BITS), exact_value(rhs, point, _BITS)
        if left is None or right is None:
            return False
        seen.add(left == right)
        if len(seen) == 2:
            return True
    return False


def equation(lhs: Expr, rhs: Expr) -> sympy.Basic:
    """``sympy.Eq(lhs, rhs)``: the same object, unevaluated without asking SymPy's
    assumptions where :func:`either_way` shows it can be either (SymPy leaves it so)."""
    if either_way(lhs, rhs):
        return sympy.Eq(lhs, rhs, evaluate=False)
    return sympy.Eq(lhs, rhs)
