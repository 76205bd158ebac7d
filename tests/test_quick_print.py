"""The printer's fast paths (:mod:`symparams.symbolic.quick_print`) print exactly what SymPy's
``StrPrinter`` does, on random formulas: products (of several floors too), sums, and the
precedence that decides their brackets; and :class:`ReadablePrinter` as a whole prints what
it printed with SymPy's own code in their place."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy import Function, Integer, Mul, StrPrinter, floor, zoo
from sympy.printing.precedence import PRECEDENCE, precedence

from symparams.symbolic.forms import ReadablePrinter
from symparams.symbolic.quick_print import precedence_of, product_text, sum_text

from .random_formulas import SYMBOLS, random_case, random_factor, random_product, random_sum

H, W, k = SYMBOLS[0], SYMBOLS[1], SYMBOLS[2]


class Low(Function):
    """A function that prints with a precedence below a product's (SymPy's rule for them)."""

    precedence = 10


class SymPyPaths(ReadablePrinter):
    """:class:`ReadablePrinter` with SymPy's own code where this module's fast paths stand
    in: the reference the whole printer is checked against. (The order of a sum's terms
    keeps its own fast path, checked against SymPy's in ``test_term_order``: SymPy orders
    two symbols of one name, ``k`` and a ``Dummy`` ``k``, by the order of a set.)"""

    def parenthesize(self, item, level, strict=False) -> str:
        if isinstance(item, sympy.Mod) and level >= PRECEDENCE["Mul"]:
            return f"({self._print(item)})"
        return StrPrinter.parenthesize(self, item, level, strict)

    def _print_Add(self, expr, order=None) -> str:
        return StrPrinter._print_Add(self, expr, order)

    def _print_Mul(self, expr) -> str:
        if any(isinstance(a, sympy.Mod) for a in expr.args) and expr.could_extract_minus_sign():
            return "-" + self._print(-expr)
        return StrPrinter._print_Mul(self, expr)


#: Products the fast path must print (several floors: a compute column's counts), and
#: products it must leave to SymPy (None).
PRODUCTS = [
    (64 * floor((H + 1) / 2) * floor((W + 1) / 2), "64*floor(H/2 + 1/2)*floor(W/2 + 1/2)"),
    (-9408 * floor((W + 1) / 2) * floor((H + 1) / 2) * (k + 1),
     "-9408*(k + 1)*floor(H/2 + 1/2)*floor(W/2 + 1/2)"),
    (3 * W * H * floor(H / 4) * sympy.Max(8, k), "3*H*W*floor(H/4)*Max(8, k)"),
    (H / (k + 1), None),
    (Mul(Integer(2), Integer(3), H, evaluate=False), None),
    (sympy.Rational(1, 2) * floor(H / 2) * floor(W / 2), None),
]


@pytest.mark.parametrize(("expr", "text"), PRODUCTS)
def test_products(expr, text) -> None:
    assert product_text(StrPrinter(), expr) == text
    assert str(expr) == (text or str(expr))


@pytest.mark.parametrize("seed", range(4))
def test_fast_path_prints_as_sympy(seed: int) -> None:
    rng = random.Random(seed)
    taken = several = 0
    for _ in range(600):
        expr = random_product(rng)
        if not isinstance(expr, Mul):
            continue
        for printer in (ReadablePrinter(), StrPrinter()):
            text = product_text(printer, expr)
            if text is not None:
                taken += 1
                several += sum(not (a.is_Atom or a.is_Pow) for a in expr.args) > 1
                assert text == StrPrinter._print_Mul(printer, expr), sympy.srepr(expr)
    assert taken > 150 and several > 50  # the fast path is tried, not only declined


def test_chain_products() -> None:
    d = sympy.symbols("d0:12", positive=True, integer=True)
    printer = ReadablePrinter()
    for i in range(1, 12):
        for expr in (d[i] * (d[i - 1] + 1), -d[i] * (d[i - 1] + 1), 2 * d[i] * d[i - 1]):
            assert product_text(printer, expr) == StrPrinter._print_Mul(printer, expr)


#: Precedences SymPy finds by negating a product, and the edge cases of that rule.
PRECEDENCES = [
    -2 * H * W, 2 * H * W, -floor(H / 2) * floor(W / 2), Mul(-2, zoo, H, evaluate=False),
    Mul(Integer(-2), Integer(3), H, evaluate=False), Mul(Integer(0), H, evaluate=False),
    -3 * Low(H), Mul(sympy.Rational(-1, 2), H + 1, evaluate=False), -H, H + 1, Integer(-4),
    sympy.Rational(-1, 3), sympy.Float(-1.5) * H, Mul(Integer(-1), H, evaluate=False),
]


@pytest.mark.parametrize("expr", PRECEDENCES)
def test_precedence_cases(expr) -> None:
    assert precedence_of(expr) == precedence(expr)


@pytest.mark.parametrize("seed", range(4))
def test_precedence_as_sympy(seed: int) -> None:
    rng = random.Random(seed)
    makers = (random_product, random_sum, random_factor, random_case)
    for _ in range(250):
        expr = rng.choice(makers)(rng)
        for part in sympy.preorder_traversal(expr):
            assert precedence_of(part) == precedence(part), sympy.srepr(part)


@pytest.mark.parametrize("seed", range(4))
def test_sums_print_as_sympy(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(150):
        expr = random_sum(rng)
        if not expr.is_Add:
            continue
        for printer in (ReadablePrinter(), StrPrinter()):
            terms = printer._as_ordered_terms(expr)
            assert sum_text(expr, terms, printer._print) == \
                StrPrinter._print_Add(printer, expr), sympy.srepr(expr)


@pytest.mark.parametrize("seed", range(4))
def test_printer_prints_as_with_sympys_paths(seed: int) -> None:
    """End to end: every fast path at once, in sums of products of floors, powers, maxes,
    mods and case distinctions, nested."""
    rng = random.Random(seed)
    makers = (random_product, random_sum, random_case)
    for _ in range(150):
        expr = rng.choice(makers)(rng)
        if rng.random() < 0.3:
            expr = floor(expr / rng.randint(2, 5)) * rng.choice(makers)(rng)
        assert ReadablePrinter().doprint(expr) == SymPyPaths().doprint(expr), sympy.srepr(expr)
