"""Display forms of a formula: the textbook default, expanded, factored, or collected.

:func:`display` returns a SymPy expression meant for printing: every ``floor``/``ceiling``
reads as ``floor((H - k + 1)/2)`` rather than SymPy's ``floor(H/2 - k/2 + 1/2)`` (an
unevaluated product, so ``str()``, ``latex()`` and ``sympify`` of the printed text all agree
with the value).

>>> from symparams.algebra import floordiv, symbol
>>> H, k, f, C = symbol("H"), symbol("k"), symbol("f"), symbol("C")
>>> print(display(floordiv(H - k + 1, 2)))
floor((H - k + 1)/2)
>>> e = f*(C*k**2 + 1)
>>> print(display(e), display(e, "expand"), display(e, "collect"), sep=" | ")
f*(C*k**2 + 1) | C*f*k**2 + f | C*f*k**2 + f
>>> print(display(f*C + f*k + 2*f, "factor"))
f*(C + k + 2)
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy
from sympy import Expr, Mul, Rational, ceiling, floor

from .algebra import split_division

__all__ = ["FORMS", "display", "readable_floors", "check_form"]

FORMS = ("default", "expand", "factor", "collect")


def check_form(form: str) -> str:
    """``form`` if it is one of :data:`FORMS`, else ``ValueError``."""
    if form not in FORMS:
        raise ValueError(f"unknown form {form!r}; expected one of {', '.join(FORMS)}")
    return form


def display(expr: Expr, form: str = "default", symbols: Iterable[sympy.Symbol] = ()) -> Expr:
    """``expr`` in a display form; ``symbols`` orders ``collect`` (default: by name)."""
    check_form(form)
    if not isinstance(expr, Expr) or expr.is_Atom:
        return expr
    if form == "expand":
        expr = sympy.expand(expr)
    elif form == "factor":
        expr = sympy.factor(expr)
    elif form == "collect":
        order = list(symbols) or sorted(expr.free_symbols, key=str)
        expr = sympy.collect(sympy.expand(expr), [s for s in order if s in expr.free_symbols])
    return readable_floors(expr)


def readable_floors(expr: Expr) -> Expr:
    """Each ``floor(z)``/``ceiling(z)`` with ``z = x/b`` (``b`` an integer) printed as
    ``floor((x)/b)``.

    >>> from symparams.algebra import symbol
    >>> H = symbol("H")
    >>> str(readable_floors(3*sympy.ceiling(H/4 + sympy.Rational(3, 4)) + 1))
    '3*ceiling((H + 3)/4) + 1'
    """
    if not expr.has(floor, ceiling):
        return expr
    cache: dict[Expr, Expr] = {}

    def walk(e: Expr) -> Expr:
        if e.is_Atom:
            return e
        if e in cache:
            return cache[e]
        if isinstance(e, (floor, ceiling)):
            out = _readable(type(e), walk(e.args[0]), e.args[0])
        else:
            args = [walk(a) for a in e.args]
            if all(x is y for x, y in zip(args, e.args, strict=True)):
                out = e
            else:
                out = e.func(*args, evaluate=False)
        cache[e] = out
        return out

    return walk(expr)


def _readable(kind, inner: Expr, original: Expr) -> Expr:
    parts = split_division(original)
    if parts is None or not parts[1].is_Integer or parts[1] == 1:
        return kind(inner, evaluate=False)
    x, b = parts
    x = readable_floors(x)
    return kind(Mul(Rational(1, int(b)), x, evaluate=False), evaluate=False)
