"""Integer arithmetic on SymPy expressions as Keras's shape rules need it.

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

from functools import reduce
from math import gcd

import sympy
from sympy import Add, Expr, Integer, Mul, ceiling, floor

__all__ = [
    "NONE_DIM",
    "has_none_dim",
    "floordiv",
    "ceildiv",
    "symbol",
    "is_provably_ge",
    "split_division",
    "refloor",
    "canonical",
    "is_zero",
]


def symbol(name: str) -> sympy.Symbol:
    """The SymPy symbol for a model's dimension name: a positive integer.

    >>> symbol("d").is_positive, symbol("d").is_integer
    (True, True)
    """
    return sympy.Symbol(name, integer=True, positive=True)


#: A ``None`` dimension (``Input(shape=(None, 8))``): Keras's unknown size. Any dimension
#: computed from it is None again; a count that depends on it is an error. Its name is a
#: Python keyword, so no model symbol can be called that.
NONE_DIM = sympy.Symbol("None", integer=True, positive=True)


def has_none_dim(value) -> bool:
    """Whether an expression depends on a ``None`` dimension.

    >>> has_none_dim(NONE_DIM - 2), has_none_dim(symbol("T") - 2), has_none_dim(3)
    (True, False, False)
    """
    return isinstance(value, Expr) and NONE_DIM in value.free_symbols


def _as_expr(x: Expr | int) -> Expr:
    return Integer(x) if isinstance(x, int) else x


def split_division(z: Expr) -> tuple[Expr, Expr] | None:
    """``z`` as ``(x, b)`` with ``z = x/b``, ``x`` an integer and ``b`` a positive integer.

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


def _divide(kind, a: Expr, b: Expr) -> Expr:
    a, b = _as_expr(a), _as_expr(b)
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
    return q + kind(r / b)


def floordiv(a: Expr, b: Expr) -> Expr:
    """``a // b`` for an integer expression ``a`` and a positive integer expression ``b``.

    >>> n, s = symbol("n"), symbol("s")
    >>> floordiv(2*n - 1, 2), floordiv(n*s + n, s), floordiv(n + 5, 2)
    (n - 1, n + floor(n/s), floor(n/2 + 1/2) + 2)
    """
    return _divide(floor, a, b)


def ceildiv(a: Expr, b: Expr) -> Expr:
    """The ceiling of ``a / b`` for a positive integer expression ``b``.

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

    >>> n, t = symbol("n"), symbol("t")
    >>> refloor(sympy.floor(sympy.floor(n/2)/2).xreplace({n: 4*t}))
    t
    """

    def rebuild(kind, z: Expr) -> Expr:
        parts = split_division(z)
        return kind(z) if parts is None else _divide(kind, parts[0], parts[1])

    return _map_floors(expr, rebuild)


def canonical(expr: Expr) -> Expr:
    """A normal form for comparing: expanded, each ``floor``/``ceiling`` as
    ``floor(x/b)`` with the numerator's constant in ``[0, b)`` and the rest pulled out.

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


def is_zero(expr: Expr) -> bool:
    """True when ``expr`` is zero for every positive integer value of its symbols (as far as
    the floor rules can tell: False means "not shown", not "nonzero").

    >>> n = symbol("n")
    >>> is_zero(floordiv(n + 3, 2) - floordiv(n + 1, 2) - 1)
    True
    """
    e = sympy.expand(expr)
    if e == 0:
        return True
    return canonical(e) == 0


def _floor_bounds(diff: Expr) -> Expr | None:
    """``diff`` with each top-level ``c*floor(x/b)`` (``c`` a number) replaced by the bound
    that makes it smaller: ``(x - b + 1)/b <= floor(x/b) <= x/b`` and ``x/b <= ceiling(x/b)
    <= (x + b - 1)/b``. None if a floor sits elsewhere."""
    out = []
    for term in Add.make_args(diff):
        if not term.has(floor, ceiling):
            out.append(term)
            continue
        coeff, rest = term.as_coeff_Mul()
        if not isinstance(rest, (floor, ceiling)):
            return None
        parts = split_division(rest.args[0])
        if parts is None:
            return None
        x, b = parts
        if rest.args[0].has(floor, ceiling):
            return None
        lower_is_needed = coeff > 0
        if isinstance(rest, floor):
            bound = (x - b + 1) / b if lower_is_needed else x / b
        else:
            bound = x / b if lower_is_needed else (x + b - 1) / b
        out.append(coeff * bound)
    return sympy.expand(Add(*out))


def is_provably_ge(lhs: Expr, rhs: Expr) -> bool:
    """True when ``lhs >= rhs`` holds for every positive integer value of the symbols.

    >>> from sympy import Symbol
    >>> k = Symbol("k", integer=True, positive=True)
    >>> is_provably_ge(k + 2, 1), is_provably_ge(k, 2), is_provably_ge(floordiv(4*k, 2), k)
    (True, False, True)
    """
    if rhs == 1 and lhs.is_integer and _positive_fast(lhs):  # the common `d >= 1`
        return True
    diff = lhs - rhs
    if diff.is_Integer:
        return diff >= 0
    if _positive_fast(diff):  # d, 4*d, u*v
        return True
    diff = sympy.expand(diff)
    if diff.has(floor, ceiling):
        bounded = _floor_bounds(diff)
        if bounded is None:
            return False
        diff = bounded
    # Symbols are >= 1: substitute s = t + 1 with t >= 0 and look at the signs of terms.
    free = diff.free_symbols
    if not free:
        return bool(diff >= 0)
    shifted = sympy.expand(
        diff.xreplace({s: sympy.Dummy(s.name, integer=True, nonnegative=True) + 1 for s in free})
    )
    # A polynomial in variables >= 0 with coefficients >= 0 is >= 0 (no costly assumptions).
    if all(_nonnegative_term(t) for t in Add.make_args(shifted)):
        return True
    return bool(shifted.is_nonnegative)


def _positive_fast(e: Expr) -> bool:
    """A symbol, or a product of symbols and positive numbers (no assumption queries)."""
    if e.is_Symbol:
        return bool(e.is_positive)
    if e.is_Mul:
        return all(_positive_fast(a) or (a.is_Number and a > 0) for a in e.args)
    if e.is_Add:
        return all(_positive_fast(a) for a in e.args)
    if e.is_Pow:
        return _positive_fast(e.base) and e.exp.is_Integer
    return bool(e.is_Number and e > 0)


def _nonnegative_term(t: Expr) -> bool:
    coeff, rest = t.as_coeff_Mul()
    if coeff.is_Number and coeff < 0:
        return False
    for factor in Mul.make_args(rest):
        base = factor.base if factor.is_Pow and factor.exp.is_Integer else factor
        if not (base.is_Symbol and base.is_nonnegative) and not (base.is_Number and base >= 0):
            return False
    return True
