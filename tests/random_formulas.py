"""Random SymPy formulas of the shapes symparams prints (powers, sums, floors, ceilings,
``max``, ``mod``, case distinctions), for the tests that check a fast path against SymPy's
own (``test_term_order``, ``test_quick_print``, ``test_exact_values``)."""

from __future__ import annotations

import random

import sympy
from sympy import Integer, Max, Mod, Mul, Piecewise, Rational, ceiling, floor

__all__ = ["SYMBOLS", "random_factor", "random_coefficient", "random_product", "random_sum",
           "random_condition", "random_case"]

#: Positive integer symbols as a model declares them, with a name that sorts between others
#: (d10), a symbol without assumptions and a Dummy of the same name.
SYMBOLS = (*sympy.symbols("H W k d0 d1 d10 d2", positive=True, integer=True),
           sympy.Symbol("k"), sympy.Dummy("k"))


def random_factor(rng: random.Random) -> sympy.Expr:
    x, r = rng.choice(SYMBOLS), rng.random()
    if r < 0.4:
        return x ** rng.choice([1, 1, 2, 3, -1, -2])
    if r < 0.55:
        return x + rng.randint(-3, 3) * rng.choice(SYMBOLS) + rng.randint(-3, 3)
    if r < 0.65:
        return floor((x + rng.randint(-3, 3)) / rng.randint(2, 4))
    if r < 0.72:
        return ceiling(x / rng.randint(2, 4))
    if r < 0.8:
        return Max(8, x + rng.randint(0, 3))
    if r < 0.86:
        return Mod(x, 2)
    if r < 0.93:
        return (x + rng.randint(1, 3)) ** rng.choice([2, -1])
    return Integer(rng.choice([2, 3, 4]))


def random_coefficient(rng: random.Random) -> sympy.Expr:
    return rng.choice([Integer(rng.randint(-9, 9)), Integer(1), Integer(-1),
                       Rational(rng.randint(-9, 9), rng.randint(1, 7))])


def random_product(rng: random.Random) -> sympy.Expr:
    """A coefficient times one to four factors; sometimes unevaluated, as
    ``readable_floors`` builds them."""
    factors = [random_factor(rng) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.15:
        return Mul(random_coefficient(rng), *factors, evaluate=False)
    return Mul(random_coefficient(rng), *factors)


def random_sum(rng: random.Random) -> sympy.Expr:
    """Two to eight terms, each a coefficient times up to three factors."""
    terms = []
    for _ in range(rng.randint(2, 8)):
        term = random_coefficient(rng)
        for _ in range(rng.randint(0, 3)):
            term *= random_factor(rng)
        terms.append(term)
    return sympy.Add(*terms)


#: The comparisons a condition is made of.
RELATIONS = (sympy.Eq, sympy.Ne, sympy.Lt, sympy.Le, sympy.Gt, sympy.Ge)


def random_condition(rng: random.Random, depth: int = 0) -> sympy.Basic:
    """A comparison of a factor with a small number, or an ``And``, ``Or`` or ``Not`` of
    such: what a layer's case distinction tests (``Eq(p, 1)``; SymPy's ``Piecewise`` recurses
    without end on some comparisons of two sums)."""
    r = rng.random()
    if depth < 2 and r < 0.15:
        return sympy.And(random_condition(rng, depth + 1), random_condition(rng, depth + 1))
    if depth < 2 and r < 0.25:
        return sympy.Or(random_condition(rng, depth + 1), random_condition(rng, depth + 1))
    if depth < 2 and r < 0.3:
        return sympy.Not(random_condition(rng, depth + 1))
    return rng.choice(RELATIONS)(random_factor(rng), Integer(rng.randint(0, 4)))


def random_case(rng: random.Random) -> sympy.Expr:
    """A ``Piecewise`` of one to three branches, the last sometimes ``True``, times a
    coefficient and plus a term: a pooling's ``(0 if p == 1 else p)`` and the like."""
    branches = [(random_product(rng), random_condition(rng)) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.7:
        branches.append((random_product(rng), sympy.true))
    case = Piecewise(*branches)
    return random_coefficient(rng) * case + random_product(rng)
