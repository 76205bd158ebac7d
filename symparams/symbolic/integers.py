"""Model dimensions as SymPy symbols (positive integers), and proofs about them: whether
an expression is zero, or one is at least another, for every positive integer value.

The floor and ceiling rules these proofs use live in :mod:`symparams.symbolic.rounding`;
their names are importable from here too, as they always were.

>>> n = symbol("n")
>>> is_zero(floordiv(n + 3, 2) - floordiv(n + 1, 2) - 1), is_provably_ge(ceildiv(n, 2), 1)
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import sympy
from sympy import Add, Expr, Mul, ceiling, floor

from ..limits import expanded_terms
from .rounding import (
    canonical,
    ceildiv,
    floordiv,
    fold_remainders,
    refloor,
    split_division,
    substitute,
)

__all__ = [
    "PROOF_TERMS",
    "ASSUMPTION_TERMS",
    "EQUALITY_BUDGET",
    "NONE_DIM",
    "has_none_dim",
    "symbol",
    "is_provably_ge",
    "is_zero",
    "total",
    # the floor/ceiling rules, from symparams.symbolic.rounding
    "floordiv",
    "ceildiv",
    "split_division",
    "refloor",
    "substitute",
    "canonical",
    "fold_remainders",
]

#: Work budgets of :func:`is_provably_ge` (terms, not seconds: the same answer on any
#: machine). A difference longer than PROOF_TERMS once multiplied out is "not shown"; SymPy's
#: assumption system is asked only about sums of at most ASSUMPTION_TERMS terms.
PROOF_TERMS = 200
ASSUMPTION_TERMS = 12

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
    if not isinstance(value, Expr) or value.is_Number:
        return False
    return value == NONE_DIM if value.is_Symbol else _depends_on_none(value)


@lru_cache(maxsize=8192)  # every layer asks it of its shape and counts, mostly the same
def _depends_on_none(expr: Expr) -> bool:
    return NONE_DIM in expr.free_symbols

#: The most operations (``count_ops``) an equality proof looks at: past it, "not shown".
#: Work is counted, not timed, so the answer is the same on an idle or a loaded machine.
EQUALITY_BUDGET = 400


def is_zero(expr: Expr, budget: int = EQUALITY_BUDGET) -> bool:
    """True when ``expr`` is zero for every positive integer value of its symbols (as far as
    the floor rules can tell: False means "not shown", not "nonzero"). ``Mod(x, m)`` reads
    as ``x - m*floor(x/m)``; ``max``, ``min`` and case distinctions compare by their
    (normalized) arguments. An expression of more than ``budget`` operations is not shown.

    >>> n = symbol("n")
    >>> is_zero(floordiv(n + 3, 2) - floordiv(n + 1, 2) - 1)
    True
    >>> is_zero(n - 2*floordiv(n, 2) - sympy.Mod(n, 2)), is_zero(sympy.Max(8, n) - 8)
    (True, False)
    """
    e = sympy.expand(expr)
    if e == 0:
        return True
    if sympy.count_ops(e) > budget:
        return False
    if e.has(sympy.Mod):
        e = sympy.expand(e.replace(
            lambda x: isinstance(x, sympy.Mod) and x.args[1].is_Integer and x.args[1] > 0
            and x.args[0].is_integer,
            lambda x: x.args[0] - x.args[1] * floordiv(x.args[0], x.args[1])))
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


@lru_cache(maxsize=4096)  # the same bounds come back in every model of a file
def is_provably_ge(lhs: Expr, rhs: Expr) -> bool:
    """True when ``lhs >= rhs`` holds for every positive integer value of the symbols.

    >>> from sympy import Symbol
    >>> k = Symbol("k", integer=True, positive=True)
    >>> is_provably_ge(k + 2, 1), is_provably_ge(k, 2), is_provably_ge(floordiv(4*k, 2), k)
    (True, False, True)
    >>> is_provably_ge(ceiling(k/4), 1), is_provably_ge(floor(k/4), 1)
    (True, False)
    """
    if rhs == 1 and lhs.is_integer and _positive_fast(lhs):  # the common `d >= 1`
        return True
    diff = lhs - rhs
    if diff.is_Integer:
        return diff >= 0
    if _positive_fast(diff):  # d, 4*d, u*v
        return True
    if expanded_terms(diff, PROOF_TERMS) > PROOF_TERMS:  # a work budget, not a clock
        return False
    strict = False
    if diff.has(floor, ceiling):
        bounded = _floor_bounds(sympy.expand(diff))
        if bounded is None:
            return False
        if diff.is_integer:  # an integer is >= 0 iff it is > -1, and the bound is below it
            bounded, strict = bounded + 1, True  # ceiling(k/4) >= 1 as k/4 + 1 > 1
        diff = bounded
    # Symbols are >= 1: substitute s = t + 1 with t >= 0 and look at the signs of terms.
    free = diff.free_symbols
    if not free:
        return bool(diff > 0) if strict else bool(diff >= 0)
    # only positive integers are >= 1; a rational (alpha) or a count allowed to be 0 is not
    shift = {s: sympy.Dummy(s.name, integer=True, nonnegative=True) + 1 for s in free
             if s.is_integer and s.is_positive}
    shifted = diff.xreplace(shift)
    if expanded_terms(shifted, PROOF_TERMS) > PROOF_TERMS:
        return False
    if not strict and len(shift) == len(free):
        coefficients = _shifted_coefficients(diff, free)
        if coefficients is not None:  # a polynomial in variables >= 0: fast ring arithmetic
            return all(c >= 0 for c in coefficients)
    shifted = sympy.expand(shifted)
    # A polynomial in variables >= 0 with coefficients >= 0 is >= 0 (no costly assumptions),
    # and > 0 if its constant term is.
    terms = Add.make_args(shifted)
    if all(_nonnegative_term(t) for t in terms) and (
            not strict or any(t.is_Number and t > 0 for t in terms)):
        return True
    # SymPy's assumption system is slow on long sums: asked only of short ones (a fixed
    # budget, so the answer never depends on the machine's speed).
    if len(terms) > ASSUMPTION_TERMS:
        return False
    return bool(shifted.is_positive if strict else shifted.is_nonnegative)


def _shifted_coefficients(diff: Expr, free) -> list | None:
    """The coefficients of ``diff`` with every symbol ``s`` replaced by ``t + 1``, computed
    in a polynomial ring; None if ``diff`` is not a polynomial in its symbols."""
    gens = sorted(free, key=str)
    try:
        poly = sympy.Poly(diff, *gens, domain="QQ")
    except sympy.PolynomialError:
        return None
    ring, *variables = sympy.polys.rings.ring(gens, sympy.QQ)
    element = ring.from_dict(dict(poly.as_dict()))
    for variable in variables:
        element = element.compose(variable, variable + 1)
    return list(element.values())


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


def total(terms: Iterable[Expr]) -> Expr:
    """``Add(*terms)``, the same expression, with the integers among ``terms`` added by
    Python first: a block's count sums dozens of rows that are mostly numbers, and SymPy's
    ``Add`` of numbers alone would still build and flatten its arguments.

    >>> n = symbol("n")
    >>> total([sympy.Integer(3), n, sympy.Integer(4)]), total([]), total([sympy.Integer(2)])
    (n + 7, 0, 2)
    """
    number, rest = 0, []
    for term in terms:
        if term.is_Integer:
            number += int(term)
        else:
            rest.append(term)
    if not rest:
        return sympy.Integer(number)
    return Add(sympy.Integer(number), *rest) if number else Add(*rest)
