"""Random SymPy formulas of the shapes symparams prints (powers, sums, floors, ceilings,
``max``, ``mod``), for the tests that check a fast path against SymPy's own
(``test_term_order``, ``test_quick_print``)."""

from __future__ import annotations

import random

import sympy
from sympy import Integer, Max, Mod, Mul, Rational, ceiling, floor

__all__ = ["SYMBOLS", "random_factor", "random_coefficient", "random_product", "random_sum"]

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
