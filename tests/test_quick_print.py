"""The printer's fast path for products (:mod:`symparams.symbolic.quick_print`) prints exactly
what SymPy's ``StrPrinter._print_Mul`` does, on random products."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy import Integer, Max, Mod, Mul, Rational, StrPrinter, ceiling, floor
from sympy.core.sorting import default_sort_key

from symparams.symbolic.forms import ReadablePrinter
from symparams.symbolic.quick_print import product_text
from symparams.symbolic.term_order import ordered_terms, sort_key

SYMBOLS = (*sympy.symbols("H W k d0 d1 d10 d2", positive=True, integer=True),
           sympy.Symbol("k"), sympy.Dummy("k"))


def _factor(rng: random.Random) -> sympy.Expr:
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


def _product(rng: random.Random) -> sympy.Expr:
    coeff = rng.choice([Integer(rng.randint(-9, 9)), Integer(1), Integer(-1),
                        Rational(rng.randint(-9, 9), rng.randint(1, 7))])
    factors = [_factor(rng) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.15:  # an unevaluated product, as readable_floors builds
        return Mul(coeff, *factors, evaluate=False)
    return Mul(coeff, *factors)


@pytest.mark.parametrize("seed", range(4))
def test_fast_path_prints_as_sympy(seed: int) -> None:
    rng = random.Random(seed)
    taken = 0
    for _ in range(600):
        expr = _product(rng)
        if not isinstance(expr, Mul):
            continue
        for printer in (ReadablePrinter(), StrPrinter()):
            text = product_text(printer, expr)
            if text is not None:
                taken += 1
                assert text == StrPrinter._print_Mul(printer, expr), sympy.srepr(expr)
    assert taken > 150  # the fast path is tried, not only declined


def test_chain_products() -> None:
    d = sympy.symbols("d0:12", positive=True, integer=True)
    printer = ReadablePrinter()
    for i in range(1, 12):
        for expr in (d[i] * (d[i - 1] + 1), -d[i] * (d[i - 1] + 1), 2 * d[i] * d[i - 1]):
            assert product_text(printer, expr) == StrPrinter._print_Mul(printer, expr)


@pytest.mark.parametrize("seed", range(2))
def test_symbol_plus_integer_keys_and_order(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        x, n = rng.choice(SYMBOLS), rng.randint(-9, 9)
        for expr in (x + n, sympy.Add(Integer(n), x, evaluate=False), x + rng.choice(SYMBOLS)):
            assert sort_key(expr) == default_sort_key(expr), sympy.srepr(expr)
            if expr.is_Add:
                assert ordered_terms(expr) == expr.as_ordered_terms(), sympy.srepr(expr)
