"""The order in which SymPy prints the terms of a sum, found without its dense monomials.

``Expr.as_ordered_terms()`` (what ``str`` and the printers use) writes every term's monomial
as a tuple of exponents over *all* generators of the sum: ``d1*(d0 + 1) + d2*(d1 + 1) + ...``
has about 2n generators, so the n tuples take O(n**2) time and memory (a 10,000-layer chain's
total spent minutes there). :func:`ordered_terms` keeps each monomial sparse (the generators a
term has) and compares two as the dense tuples would: by the first generator, in SymPy's
order, where their exponents differ. Same comparisons, so the same order:

>>> from sympy.abc import x, y, z
>>> e = 3*x*y**2 + z - 2*x**3 + y*z + 7
>>> ordered_terms(e) == e.as_ordered_terms()
True
>>> ordered_terms(e)
[-2*x**3, 3*x*y**2, y*z, z, 7]
>>> ordered_terms(3 - 2*x), ordered_terms(x + 1)
([3, -2*x], [x, 1])
"""

from __future__ import annotations

from functools import cmp_to_key

from sympy import Add, Expr, Integer, Mul, Number, NumberSymbol, Symbol
from sympy.core.exprtools import decompose_power
from sympy.core.sorting import default_sort_key

__all__ = ["ordered_terms", "sort_key"]

_Key = tuple[dict[int, int], tuple, tuple]
_ONE = Integer(1)  # SymPy's singleton one


def ordered_terms(expr: Expr) -> list[Expr]:
    """``expr.as_ordered_terms()`` (SymPy's default, lexicographic order) in O(n log n) for a
    sum of n terms of a few factors each, where SymPy takes O(n * generators)."""
    if not expr.is_Add:
        return expr.as_ordered_terms()
    if _symbol_plus_integer(expr):  # d + 1, d - 1: the commonest sum, in SymPy's order
        return [expr.args[1], expr.args[0]]
    special = _number_minus_product(expr)
    if special is not None:
        return special
    parts, generators = [], set()
    for term in Add.make_args(expr):
        powers, noncommutative, coeff = _split(term)
        generators.update(powers)
        parts.append((term, powers, noncommutative, coeff))
    if any(term.is_Order for term, *_ in parts):  # pragma: no cover - no series here
        return expr.as_ordered_terms()
    index = {g: i for i, g in enumerate(sorted(generators, key=sort_key))}
    keyed = [(term, ({index[b]: e for b, e in powers.items() if e != 0},
                     tuple(f.sort_key() for f in noncommutative), coeff))
             for term, powers, noncommutative, coeff in parts]
    keyed.sort(key=cmp_to_key(lambda a, b: _compare(a[1], b[1])))
    return [term for term, _ in keyed]


def _symbol_plus_integer(expr: Expr) -> bool:
    """Whether ``expr`` is a sum of a symbol and a (nonzero) integer, which SymPy keeps as
    ``(integer, symbol)`` and orders symbol first."""
    args = expr.args
    return len(args) == 2 and args[0].is_Integer and type(args[1]) is Symbol


def sort_key(expr: Expr) -> tuple:
    """``default_sort_key(expr)``, found without SymPy's dense ordering of a sum's terms for
    the commonest sum ``d + 1`` (a layer's fan-in, a generator of a chain's total), and
    remembered: a network's formulas sort the same floors again and again, and SymPy's own
    cache of keys is reached through a wrapper that hashes its arguments each time.

    >>> from sympy.abc import x
    >>> sort_key(x - 3) == default_sort_key(x - 3), sort_key(x) == default_sort_key(x)
    (True, True)
    """
    key = _KEYS.get(expr)
    if key is None:
        if isinstance(expr, Add) and _symbol_plus_integer(expr):
            number, symbol = expr.args
            key = (Add.class_key(), (2, (symbol.sort_key(), number.sort_key())),
                   _ONE.sort_key(), _ONE)
        else:
            key = default_sort_key(expr)
        if len(_KEYS) >= _KEPT:
            _KEYS.clear()
        _KEYS[expr] = key
    return key


#: The keys :func:`sort_key` found, by expression (at most ``_KEPT``, then it starts again).
_KEYS: dict[Expr, tuple] = {}
_KEPT = 20_000


def _number_minus_product(expr: Expr) -> list[Expr] | None:
    """SymPy's special case, ``3 - 2*x`` kept in that order: a positive number and a product
    of a negative number and one factor; None for any other sum."""
    if len(expr.args) != 2:
        return None
    terms = sorted(expr.args, key=_not_number)
    if isinstance(terms[0], (Number, NumberSymbol)) and isinstance(terms[1], Mul):
        factors = sorted(Mul.make_args(terms[1]), key=_not_number)
        if len(factors) == 2 and isinstance(factors[0], Number) and _sign(terms[0]) > 0 \
                and _sign(factors[0]) < 0:
            return terms
    return None


def _not_number(expr: Expr) -> bool:
    return not isinstance(expr, (Number, NumberSymbol))


def _sign(number: Expr) -> int:
    """1, -1 or 0 as ``number.is_positive`` or ``is_negative`` holds (0: neither): read off
    a rational's numerator, where SymPy's assumptions would deduce every fact of a new
    Integer (a count's constant, 23587712) to tell."""
    if number.is_Rational:
        return (number.p > 0) - (number.p < 0)
    return 1 if number.is_positive else -1 if number.is_negative else 0


def _split(term: Expr) -> tuple[dict[Expr, int], list[Expr], tuple]:
    """A term as ``Expr.as_terms`` splits it: powers by base, the non-commutative factors, and
    the complex coefficient in the form its sort key compares."""
    coeff, rest = term.as_coeff_Mul()
    # complex() of a Rational goes through evalf to the float that float() rounds it to
    number = complex(float(coeff)) if coeff.is_Rational else complex(coeff)
    powers: dict[Expr, int] = {}
    noncommutative: list[Expr] = []
    if rest is not _ONE:
        for factor in Mul.make_args(rest):
            if factor.is_number:
                try:
                    number *= complex(factor)
                except (TypeError, ValueError):
                    pass
                else:
                    continue
            if factor.is_commutative:
                base, exp = decompose_power(factor)
                powers[base] = exp
            else:
                noncommutative.append(factor)
    re, im = number.real, number.imag
    return powers, noncommutative, ((bool(im), im), (re, im))


def _compare(a: _Key, b: _Key) -> int:
    """-1, 0 or 1 as SymPy's key ``(negated dense monomial, non-commutative part,
    coefficient)`` of ``a`` is below, equal to or above ``b``'s."""
    first = min((i for i in a[0].keys() | b[0].keys() if a[0].get(i, 0) != b[0].get(i, 0)),
                default=None)
    if first is not None:
        return -1 if -a[0].get(first, 0) < -b[0].get(first, 0) else 1
    for x, y in ((a[1], b[1]), (a[2], b[2])):
        if x != y:
            return -1 if x < y else 1
    return 0
