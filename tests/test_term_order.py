"""The text printer's order of a sum's terms (:mod:`symparams.symbolic.term_order`) is
SymPy's ``as_ordered_terms()``, found without dense monomials."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy import Integer, Max, Mod, Rational, ceiling, floor

from symparams.symbolic.forms import readable_text
from symparams.symbolic.term_order import ordered_terms

SYMBOLS = sympy.symbols("H W k d e", positive=True, integer=True)


def _factor(rng: random.Random) -> sympy.Expr:
    x, r = rng.choice(SYMBOLS), rng.random()
    if r < 0.45:
        return x ** rng.randint(1, 3)
    if r < 0.6:
        return floor((x + rng.randint(-3, 3)) / rng.randint(2, 4))
    if r < 0.7:
        return ceiling(x / rng.randint(2, 4))
    if r < 0.8:
        return Max(8, x + rng.randint(0, 3))
    if r < 0.88:
        return Mod(x, 2)
    return x + rng.randint(-3, 3)


def _sum(rng: random.Random) -> sympy.Expr:
    terms = []
    for _ in range(rng.randint(2, 8)):
        term = rng.choice([Integer(rng.randint(-9, 9)), Integer(1),
                           Rational(rng.randint(-9, 9), rng.randint(1, 7))])
        for _ in range(rng.randint(0, 3)):
            term *= _factor(rng)
        terms.append(term)
    return sympy.Add(*terms)


@pytest.mark.parametrize("seed", range(4))
def test_same_order_as_sympy(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        expr = _sum(rng)
        assert ordered_terms(expr) == expr.as_ordered_terms(), expr


@pytest.mark.parametrize("text", ["3 - 2*H", "H + 1", "1 - H", "-3 + 2*H", "H - W",
                                  "3 - 2*H*W", "H/2 - 1/3", "2*H**2 - 3*H*W + W**2 - 7"])
def test_two_terms_and_special_cases(text: str) -> None:
    expr = sympy.sympify(text, locals={s.name: s for s in SYMBOLS})
    assert ordered_terms(expr) == expr.as_ordered_terms()
    assert readable_text(expr) == str(expr)


def test_a_long_chain_total_prints_as_sympy_does() -> None:
    d = sympy.symbols("d0:60", positive=True, integer=True)
    total = sympy.Add(*(d[i + 1] * (d[i] + 1) for i in range(59)))
    assert readable_text(total) == str(total)
