"""The text printer's order of a sum's terms (:mod:`symparams.symbolic.term_order`) is
SymPy's ``as_ordered_terms()``, found without dense monomials."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy import Integer
from sympy.core.sorting import default_sort_key

from symparams.symbolic.forms import readable_text
from symparams.symbolic.term_order import ordered_terms, sort_key

from .random_formulas import SYMBOLS, random_sum


def sympys_order_is_defined(expr: sympy.Expr) -> bool:
    """Whether SymPy's order of ``expr``'s terms is one order: not when two of its
    generators have one sort key (``k`` and ``k`` without assumptions, in SYMBOLS), which
    SymPy then takes in the order of a set, which varies with the hash seed."""
    if not expr.is_Add:
        return True
    keys = [default_sort_key(g) for g in expr.as_terms()[1]]
    return len(set(keys)) == len(keys)


@pytest.mark.parametrize("seed", range(4))
def test_same_order_as_sympy(seed: int) -> None:
    rng = random.Random(seed)
    compared = 0
    for _ in range(300):
        expr = random_sum(rng)
        if sympys_order_is_defined(expr):
            compared += 1
            assert ordered_terms(expr) == expr.as_ordered_terms(), expr
    assert compared > 150


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


@pytest.mark.parametrize("seed", range(2))
def test_symbol_plus_integer_keys_and_order(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        x, n = rng.choice(SYMBOLS), rng.randint(-9, 9)
        for expr in (x + n, sympy.Add(Integer(n), x, evaluate=False), x + rng.choice(SYMBOLS)):
            assert sort_key(expr) == default_sort_key(expr), sympy.srepr(expr)
            if expr.is_Add:
                assert ordered_terms(expr) == expr.as_ordered_terms(), sympy.srepr(expr)
