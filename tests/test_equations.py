"""An equation built without SymPy's attempt to decide it
(:func:`symparams.symbolic.equations.equation`) is SymPy's ``Eq``: wherever two values of
the symbols show it can go either way, SymPy's ``Eq`` too leaves it unevaluated, the same
object; on random formulas and on a table of cases."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy import Max, Mod, floor

from symparams.symbolic.equations import either_way, equation

from .random_formulas import SYMBOLS, random_factor, random_product, random_sum

H, W, k = SYMBOLS[0], SYMBOLS[1], SYMBOLS[2]
#: The symbols without assumptions, replaced by positive integer ones.
DIMENSIONS = {s: SYMBOLS[i] for i, s in enumerate(SYMBOLS[-2:])}

#: (left side, right side, whether two tried values show it can go either way)
CASES = [
    (floor((H + 31) / 32) * floor((W + 31) / 32), 1, True),  # a global pooling's window
    (floor((H + 1) / 2), 1, True),
    (Max(8, H), 8, True),
    (Mod(H, 2), 0, True),
    (H, W, False),  # equal at every value tried: SymPy's Eq decides (it does not)
    (H + 1, 1, False),  # never equal: SymPy's Eq gives false
    (2 * H, 3, False),
    (sympy.Symbol("k"), 1, False),  # a symbol without assumptions: SymPy's Eq
    (sympy.Integer(3), 3, False),  # no symbol
]


@pytest.mark.parametrize(("lhs", "rhs", "either"), CASES)
def test_cases(lhs, rhs, either) -> None:
    assert either_way(lhs, rhs) is either
    built, sympys = equation(lhs, rhs), sympy.Eq(lhs, rhs)
    assert built == sympys and sympy.srepr(built) == sympy.srepr(sympys)


@pytest.mark.parametrize("seed", range(4))
def test_same_equation_as_sympy(seed: int) -> None:
    rng = random.Random(seed)
    makers = (random_factor, random_product, random_sum)
    either = 0
    for _ in range(150):
        lhs = rng.choice(makers)(rng)
        if rng.random() < 0.7:  # only the model's kind of symbol (positive integers)
            lhs = lhs.xreplace(DIMENSIONS)
        r = rng.random()
        if r < 0.2:
            rhs = random_factor(rng)
        elif r < 0.6:  # its value where every symbol is 1 or 2: equal there, often not else
            rhs = lhs.xreplace({s: sympy.Integer(rng.choice([1, 2])) for s in lhs.free_symbols})
        else:
            rhs = sympy.Integer(rng.randint(0, 4))
        if either_way(lhs, rhs):
            either += 1
            sympys = sympy.Eq(lhs, rhs)  # SymPy's own attempt to decide it
            assert isinstance(sympys, sympy.Eq), (lhs, rhs)
            assert sympy.srepr(sympys) == sympy.srepr(sympy.Eq(lhs, rhs, evaluate=False))
        assert sympy.srepr(equation(lhs, rhs)) == sympy.srepr(sympy.Eq(lhs, rhs))
    assert either > 40  # the shortcut is taken, not only declined
