"""Floor and ceiling of integer SymPy expressions as Keras's shape rules need them, and a
normal form to compare them by (:mod:`symparams.symbolic.integers` proves with it).

All symbols are positive integers. ``floordiv`` and ``ceildiv`` build ``floor(x/b)`` and
``ceiling(x/b)`` with the rules that hold when ``x`` is an integer and ``b`` a positive integer
(PyTorch's symbolic ``FloorDiv`` uses the same ones):

- nesting: ``floor(floor(x/a)/b) = floor(x/(a*b))``, ``ceiling(ceiling(x/a)/b) =
  ceiling(x/(a*b))``, and ``floor(z) + t`` folds in as ``floor(z + t)`` for an integer ``t``;
- mixed nesting: ``ceiling(x/a) = floor((x + a - 1)/a)`` and ``floor(x/a) =
  ceiling((x - a + 1)/a)``, so ``floor(ceiling(x/a)/b) = floor((x + a - 1)/(a*b))``;
- pulling out multiples: ``floor((b*q + r)/b) = q + floor(r/b)`` for integer ``q``, and a
  constant part ``c`` of the numerator is reduced to ``|c| < b`` (towards zero, for
  readability); a numerator with nothing left but a constant is computed.

>>> from sympy import Symbol
>>> H = Symbol("H", integer=True, positive=True)
>>> floordiv(floordiv(floordiv(H, 2), 2), 2)
floor(H/8)
>>> ceildiv(ceildiv(H, 2), 3)
ceiling(H/6)
>>> floordiv(2*H + 3, 2)
H + 1
>>> floordiv(ceildiv(H, 2), 2)
floor(H/4 + 1/4)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import reduce
from math import gcd

import sympy
from sympy import Add, Expr, Integer, ceiling, floor

__all__ = [
    "floordiv",
    "ceildiv",
    "split_division",
    "refloor",
    "substitute",
    "canonical",
    "fold_remainders",
]


def _as_expr(x: Expr | int) -> Expr:
    return Integer(x) if isinstance(x, int) else x


def split_division(z: Expr) -> tuple[Expr, Expr] | None:
    """``z`` as ``(x, b)`` with ``z = x/b``, ``x`` an integer and ``b`` a positive integer.

    >>> from symparams.symbolic.integers import symbol
    >>> H, k = symbol("H"), symbol("k")
    >>> split_division(H/2 - k/2 + sympy.Rational(1, 2))
    (H - k + 1, 2)
    """
    x, b = z.as_numer_denom()
    if b.is_negative:
        x, b = -x, -b
    if x.is_integer and b.is_integer and b.is_positive:
        return x, b
    return None


def _inner(kind, a: Expr):
    """``a`` as ``kind(x/b) + t`` with ``t`` integer-valued: ``(x, b, t)``, or None."""
    if isinstance(a, (floor, ceiling)):
        found, rest = a, Integer(0)
    elif isinstance(a, Add):
        inner = [t for t in a.args if isinstance(t, (floor, ceiling))]
        if len(inner) != 1:
            return None
        found = inner[0]
        rest = Add(*[t for t in a.args if t is not found])
        if not rest.is_integer:
            return None
    else:
        return None
    parts = split_division(found.args[0])
    if parts is None:
        return None
    x, b = parts
    if not isinstance(found, kind):
        # ceiling(x/b) = floor((x + b - 1)/b) and floor(x/b) = ceiling((x - b + 1)/b)
        x = x + (b - 1) if kind is floor else x - (b - 1)
    return x, b, rest


def _pull_out(x: Expr, b: Expr, rounding) -> tuple[Expr, Expr]:
    """``x = b*q + r``: ``q`` collects the terms of ``x`` that are multiples of ``b``."""
    quotient, remainder = [], []
    constant = 0
    for term in Add.make_args(sympy.expand(x)):
        if term.is_Integer:
            constant += int(term)
            continue
        q = term / b
        if q.is_integer:
            quotient.append(q)
        else:
            remainder.append(term)
    if b.is_Integer:
        bb = int(b)
        if not remainder:
            q = rounding(constant, bb)
            return Add(*quotient, Integer(q)), Integer(0)
        q = abs(constant) // bb * (1 if constant >= 0 else -1)  # towards zero: readable
        quotient.append(Integer(q))
        constant -= q * bb
    remainder.append(Integer(constant))
    return Add(*quotient), Add(*remainder)


def _floor_int(c: int, b: int) -> int:
    return c // b


def _ceil_int(c: int, b: int) -> int:
    return -(-c // b)


def fold_remainders(a: Expr) -> Expr:
    """``a`` with each remainder that pairs with its dividend folded into a rounding, as a
    person writes it: ``y - Mod(y, m) = m*floor(y/m)`` and ``y + Mod(y, 2) = 2*ceiling(y/2)``
    (Keras's ``correct_pad`` pads by ``H % 2``). A remainder with no partner stays.

    >>> from symparams.symbolic.integers import symbol
    >>> H = symbol("H")
    >>> fold_remainders(H + sympy.Mod(H, 2) - 2), fold_remainders(H - sympy.Mod(H, 4))
    (2*ceiling(H/2) - 2, 4*floor(H/4))
    >>> fold_remainders(sympy.Mod(H, 2) + 1)
    Mod(H, 2) + 1
    """
    if not a.has(sympy.Mod):
        return a
    a = sympy.expand(a)
    for term in Add.make_args(a):
        c, mod = term.as_coeff_Mul()
        if not isinstance(mod, sympy.Mod):
            continue
        y, m = mod.args
        if not (y.is_integer and m.is_Integer and m > 0):
            continue
        others = sympy.expand(a - term)
        size = _term_count(others)
        down = sympy.expand(others + c * y)  # Mod(y, m) = y - m*floor(y/m)
        if _term_count(down) < size:
            return fold_remainders(down - c * m * floordiv(y, m))
        up = sympy.expand(others - c * y)  # Mod(y, 2) = 2*ceiling(y/2) - y
        if m == 2 and _term_count(up) < size:
            return fold_remainders(up + 2 * c * ceildiv(y, 2))
    return a


def _term_count(e: Expr) -> int:
    return 0 if e == 0 else len(Add.make_args(e))


def _divide(kind, a: Expr, b: Expr, evaluate: bool = True) -> Expr:
    """``kind(a/b)`` by the rules above; ``evaluate=False`` builds what the rules leave as an
    unevaluated ``floor``/``ceiling`` (no question to SymPy's assumption system)."""
    a, b = _as_expr(a), _as_expr(b)
    a = fold_remainders(a)
    if b == 1:
        return a
    if a.is_Integer and b.is_Integer:
        return Integer(_floor_int(int(a), int(b)) if kind is floor else _ceil_int(int(a), int(b)))
    if not (b.is_integer and b.is_positive and a.is_integer):
        return kind(a / b)
    nested = _inner(kind, a)
    if nested is not None:
        x, b0, t = nested
        a, b = x + b0 * t, b0 * b
    q, r = _pull_out(a, b, _floor_int if kind is floor else _ceil_int)
    if r == 0:
        return q
    z = r / b
    if evaluate and _stays_unevaluated(z):
        evaluate = False  # SymPy's evaluation would only ask (and import) to end the same
    return q + kind(z, evaluate=evaluate or not z.free_symbols)


def _stays_unevaluated(z: Expr) -> bool:
    """True when SymPy's ``floor(z)``/``ceiling(z)`` is ``z`` unevaluated: ``z`` is a
    fraction plus rational multiples of real symbols, at least one, none of its terms an
    integer for every value (SymPy pulls those out). Such a ``z`` is unbounded (a real symbol
    has no bound but its sign), so SymPy's attempt to prove ``0 < z <= 1`` (or the like), the
    costly part of its evaluation, cannot succeed; :func:`floordiv` of a strided size asks it
    of every ``H/2``.

    >>> from symparams.symbolic.integers import symbol
    >>> H, a = symbol("H"), sympy.Symbol("a", rational=True, positive=True)
    >>> [_stays_unevaluated(z) for z in (H/2 - sympy.Rational(1, 2), 3*a, 2*H + sympy.S.Half,
    ...                                  H/2 + 1, H**2/2, sympy.Rational(1, 2))]
    [True, True, False, False, False, False]
    """
    symbolic = False
    for term in Add.make_args(z):
        if term.is_Rational:
            if term.is_Integer:
                return False
            continue
        coeff, rest = term.as_coeff_Mul()
        if not (rest.is_Symbol and rest.is_real and coeff.is_Rational) or \
                (coeff.is_Integer and rest.is_integer):
            return False
        symbolic = True
    return symbolic


def floordiv(a: Expr, b: Expr) -> Expr:
    """``a // b`` for an integer expression ``a`` and a positive integer expression ``b``.

    >>> from symparams.symbolic.integers import symbol
    >>> n, s = symbol("n"), symbol("s")
    >>> floordiv(2*n - 1, 2), floordiv(n*s + n, s), floordiv(n + 5, 2)
    (n - 1, n + floor(n/s), floor(n/2 + 1/2) + 2)
    """
    return _divide(floor, a, b)


def ceildiv(a: Expr, b: Expr) -> Expr:
    """The ceiling of ``a / b`` for a positive integer expression ``b``.

    >>> from symparams.symbolic.integers import symbol
    >>> n = symbol("n")
    >>> ceildiv(2*n + 1, 2), ceildiv(floordiv(n, 2), 3)
    (n + 1, ceiling(n/6 - 1/6))
    """
    return _divide(ceiling, a, b)


def _map_floors(expr: Expr, rebuild) -> Expr:
    """Rebuild ``expr`` bottom-up, replacing each ``floor(z)``/``ceiling(z)`` (its argument
    already rebuilt) by ``rebuild(kind, z)``; shared subexpressions are visited once."""
    cache: dict[Expr, Expr] = {}

    def walk(e: Expr) -> Expr:
        if not e.args or e.is_Atom:
            return e
        if e in cache:
            return cache[e]
        if isinstance(e, (floor, ceiling)):
            out = rebuild(type(e), walk(e.args[0]))
        else:
            args = [walk(a) for a in e.args]
            out = e.func(*args) if any(x is not y for x, y in zip(args, e.args, strict=True)) else e
        cache[e] = out
        return out

    return walk(expr)


def refloor(expr: Expr) -> Expr:
    """Rebuild every ``floor``/``ceiling`` of ``expr`` bottom-up with :func:`floordiv` and
    :func:`ceildiv`, so that the rules apply after a substitution.

    >>> from symparams.symbolic.integers import symbol
    >>> n, t = symbol("n"), symbol("t")
    >>> refloor(sympy.floor(sympy.floor(n/2)/2).xreplace({n: 4*t}))
    t
    """

    def rebuild(kind, z: Expr) -> Expr:
        parts = split_division(z)
        return kind(z) if parts is None else _divide(kind, parts[0], parts[1])

    return _map_floors(expr, rebuild)


def substitute(expr: Expr, mapping: Mapping[Expr, Expr], cache: dict | None = None) -> Expr:
    """``expr.xreplace(mapping)`` with every ``floor``/``ceiling`` rebuilt by the rules of
    :func:`floordiv` and :func:`ceildiv` instead of SymPy's evaluation, which asks the
    assumption system about each one (slow on large arguments). A floor the rules cannot
    remove stays unevaluated. ``cache`` (subexpression -> result) may be shared between
    calls with the same ``mapping``, so a subexpression is rebuilt once.

    >>> from symparams.symbolic.integers import symbol
    >>> n, t = symbol("n"), symbol("t")
    >>> substitute(floordiv(floordiv(n, 2), 2) + floordiv(n, 3), {n: 4*t})
    t + floor(4*t/3)
    """
    done: dict[Expr, Expr] = {} if cache is None else cache

    def walk(e: Expr) -> Expr:
        if e in mapping:
            return mapping[e]
        if not e.args or e.is_Atom:
            return e
        if e in done:
            return done[e]
        args = [walk(a) for a in e.args]
        if all(x is y for x, y in zip(args, e.args, strict=True)):
            out = e
        elif isinstance(e, (floor, ceiling)):
            parts = split_division(args[0])
            out = type(e)(args[0], evaluate=not args[0].free_symbols) if parts is None \
                else _divide(type(e), parts[0], parts[1], evaluate=False)
        else:
            out = e.func(*args)
        done[e] = out
        return out

    return walk(expr)


def canonical(expr: Expr) -> Expr:
    """A normal form for comparing: expanded, each ``floor``/``ceiling`` as
    ``floor(x/b)`` with the numerator's constant in ``[0, b)`` and the rest pulled out.

    >>> from symparams.symbolic.integers import symbol
    >>> n = symbol("n")
    >>> canonical(floordiv(n - 1, 2)) == canonical(floordiv(n + 1, 2) - 1)
    True
    """

    def rebuild(kind, z: Expr) -> Expr:
        parts = split_division(z)
        if parts is None:
            return kind(z)
        x, b = parts
        if kind is ceiling:  # ceiling(x/b) = floor((x + b - 1)/b)
            x = x + b - 1
        return _canonical_floor(sympy.expand(x), b)

    return sympy.expand(_map_floors(expr, rebuild))


def _canonical_floor(x: Expr, b: Expr) -> Expr:
    q, r = _pull_out(x, b, _floor_int)
    if r == 0:
        return q
    if b.is_Integer:
        c = sum((int(t) for t in Add.make_args(r) if t.is_Integer), 0)
        shift = c // int(b)
        r = sympy.expand(r - shift * b)
        q = q + shift
        # a common factor of the numerator's coefficients and b cancels
        coeffs = [int(t.as_coeff_Mul()[0]) for t in Add.make_args(r)
                  if t.as_coeff_Mul()[0].is_Integer]
        g = reduce(gcd, coeffs, int(b))
        if g > 1 and len(coeffs) == len(Add.make_args(r)):
            r, b = sympy.expand(r / g), b / g
    return q + floor(r / b)
