"""A formula's exact value by Python's arithmetic (:func:`symparams.exact.exact_value`) is
SymPy's ``xreplace`` of the numbers, on random formulas with case distinctions, with one
memo shared by every formula at the same numbers (as a summary's values share it)."""

from __future__ import annotations

import random

import pytest
import sympy
from sympy import Eq, Integer, Piecewise, Rational, floor

from symparams.exact import exact_value

from .random_formulas import SYMBOLS, random_case, random_product, random_sum

H, W = SYMBOLS[0], SYMBOLS[1]
GAP = Piecewise((0, Eq(floor((H + 31) / 32) * floor((W + 31) / 32), 1)),
                (floor((H + 31) / 32) * floor((W + 31) / 32), True))

#: (formula, H, W, value): exact_value's answer, None where it leaves the formula to SymPy.
CASES = [
    (2048 * GAP, 224, 224, 2048 * 49),
    (2048 * GAP, 32, 1, 0),
    (Piecewise((H, H > 3), (W, True)), 3, 5, 5),
    (Piecewise((H, sympy.And(H > 3, sympy.Not(Eq(W, 2)))), (W, True)), 4, 2, 2),
    (Piecewise((H, H > 3)), 3, 5, None),  # no branch holds: undefined, SymPy's
    (Piecewise((1 / (H - 3), H > 3), (W, True)), 3, 5, None),  # 1/0 in a branch: SymPy's
    (Piecewise((H, Eq(H, 1) | (W < 2)), (2 * W, True)), 5, 1, 5),
]


@pytest.mark.parametrize(("formula", "h", "w", "value"), CASES)
def test_cases(formula, h, w, value) -> None:
    subs = {H: Integer(h), W: Integer(w)}
    assert exact_value(formula, subs, 4096) == value
    if value is not None:
        assert formula.xreplace(subs) == value


@pytest.mark.parametrize("seed", range(4))
def test_same_value_as_xreplace(seed: int) -> None:
    rng = random.Random(seed)
    makers = (random_case, random_product, random_sum)
    taken = cases = 0
    for _ in range(12):  # 12 points, 30 formulas at each, one memo per point
        subs = {s: Integer(rng.randint(1, 40)) for s in SYMBOLS}
        memo: dict = {}
        for _ in range(30):
            formula = rng.choice(makers)(rng)
            found = exact_value(formula, subs, 4096, memo)
            if found is None:
                continue
            expected = formula.xreplace(subs)
            if not isinstance(expected, Rational):  # an unevaluated product of numbers
                expected = expected.doit()
            assert isinstance(expected, Rational), sympy.srepr(formula)
            assert found == expected, sympy.srepr(formula)
            taken += 1
            cases += formula.has(Piecewise)
    assert taken > 250 and cases > 50  # the exact path is taken, case distinctions too
