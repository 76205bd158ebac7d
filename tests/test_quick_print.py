"""The printer's fast path for products (:mod:`symparams.symbolic.quick_print`) prints exactly
what SymPy's ``StrPrinter._print_Mul`` does, on random products."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy import Mul, StrPrinter

from symparams.symbolic.forms import ReadablePrinter
from symparams.symbolic.quick_print import product_text

from .random_formulas import random_product


@pytest.mark.parametrize("seed", range(4))
def test_fast_path_prints_as_sympy(seed: int) -> None:
    rng = random.Random(seed)
    taken = 0
    for _ in range(600):
        expr = random_product(rng)
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
