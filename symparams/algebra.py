"""Integer arithmetic on SymPy expressions as Keras's shape rules need it.

All symbols are positive integers. ``floordiv`` and ``ceildiv`` fold nested divisions with the
identities ``floor(floor(z)/n) = floor(z/n)`` and ``ceiling(ceiling(z)/n) = ceiling(z/n)``,
which hold for every real ``z`` and positive integer ``n``:

>>> from sympy import Symbol
>>> H = Symbol("H", integer=True, positive=True)
>>> floordiv(floordiv(floordiv(H, 2), 2), 2)
floor(H/8)
>>> ceildiv(ceildiv(H, 2), 3)
ceiling(H/6)
>>> floordiv(2*H + 3, 2)
H + 1
"""

from __future__ import annotations

import sympy
from sympy import Add, Expr, Integer, ceiling, floor

__all__ = ["floordiv", "ceildiv", "symbol", "is_provably_ge"]


def symbol(name: str) -> sympy.Symbol:
    """The SymPy symbol for a model's dimension name: a positive integer.

    >>> symbol("d").is_positive, symbol("d").is_integer
    (True, True)
    """
    return sympy.Symbol(name, integer=True, positive=True)


def _as_expr(x: Expr | int) -> Expr:
    return Integer(x) if isinstance(x, int) else x


def _fold_into(kind, a: Expr) -> Expr:
    """Write ``kind(z) + t`` (``t`` integer-valued) as ``kind(z + t)``, if ``a`` has that form."""
    if isinstance(a, kind):
        return a.args[0]
    if isinstance(a, Add):
        inner = [t for t in a.args if isinstance(t, kind)]
        if len(inner) == 1:
            rest = [t for t in a.args if t is not inner[0]]
            if all(t.is_integer for t in rest):
                return inner[0].args[0] + Add(*rest)
    return None


def floordiv(a: Expr, b: Expr) -> Expr:
    """``a // b`` for an integer expression ``a`` and a positive integer expression ``b``."""
    a, b = _as_expr(a), _as_expr(b)
    if b == 1:
        return a
    if a.is_Integer and b.is_Integer:
        return Integer(int(a) // int(b))
    if b.is_positive and b.is_integer:
        z = _fold_into(floor, a)
        if z is not None:
            return floor(z / b)
    return floor(a / b)


def ceildiv(a: Expr, b: Expr) -> Expr:
    """The ceiling of ``a / b`` for a positive integer expression ``b``."""
    a, b = _as_expr(a), _as_expr(b)
    if b == 1:
        return a
    if a.is_Integer and b.is_Integer:
        return Integer(-(-int(a) // int(b)))
    if b.is_positive and b.is_integer:
        z = _fold_into(ceiling, a)
        if z is not None:
            return ceiling(z / b)
    return ceiling(a / b)


def is_provably_ge(lhs: Expr, rhs: Expr) -> bool:
    """True when ``lhs >= rhs`` holds for every positive integer value of the symbols.

    >>> from sympy import Symbol
    >>> k = Symbol("k", integer=True, positive=True)
    >>> is_provably_ge(k + 2, 1), is_provably_ge(k, 2)
    (True, False)
    """
    diff = sympy.expand(lhs - rhs)
    if diff.is_nonnegative:
        return True
    # Symbols are >= 1: substitute s = t + 1 with t >= 0 and look at the signs of terms.
    free = diff.free_symbols
    if not free or diff.has(floor, ceiling):
        return False
    shifted = sympy.expand(
        diff.xreplace({s: sympy.Dummy(s.name, integer=True, nonnegative=True) + 1 for s in free})
    )
    return bool(shifted.is_nonnegative)
