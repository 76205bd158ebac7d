"""Deciding equalities and conditions is cheap and deterministic: bounded structural rules
(floors, ``Mod``, the arguments of ``max``/``min`` and case distinctions), counted in
operations, never SymPy's ``simplify`` (whose time on the case distinctions of a width
multiplier's rounding is unbounded: 20 s and more for MobileNetV2's open residual
condition). The tests forbid ``simplify`` outright, so a slow path cannot come back."""

from __future__ import annotations

import pytest
import sympy

import symparams
from symparams.layers.merging import provably_equal
from symparams.symbolic.integers import floordiv, is_zero, symbol

from .test_language_oracle import INVERTED_RESIDUAL


@pytest.fixture
def no_simplify(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("simplify was called")

    monkeypatch.setattr(sympy, "simplify", refuse)
    monkeypatch.setattr(sympy.Basic, "simplify", refuse)


H, n = symbol("H"), symbol("n")
alpha = sympy.Symbol("alpha", positive=True, rational=True)
WIDTH = sympy.Max(8, 8 * sympy.floor(sympy.floor(32 * alpha) / 8 + sympy.Rational(1, 2)))


@pytest.mark.parametrize(("a", "b", "equal"), [
    (2 * (n + 1), 2 * n + 2, True),
    (floordiv(H - 1, 2) + 1, sympy.ceiling(H / 2), True),
    (floordiv(H + 3, 2), floordiv(H + 1, 2) + 1, True),
    (H - 2 * floordiv(H, 2), sympy.Mod(H, 2), True),
    (WIDTH + 8, 8 + WIDTH, True),
    (sympy.Piecewise((WIDTH + 8, alpha > 1), (WIDTH, True)),
     sympy.Piecewise((8 + WIDTH, alpha > 1), (WIDTH, True)), True),
    (WIDTH, sympy.Max(8, 8 * sympy.floor(sympy.floor(16 * alpha) / 8 + sympy.Rational(1, 2))),
     False),
    (n, n + 1, False),
])
def test_equalities_are_decided_without_simplify(no_simplify, a, b, equal):
    assert provably_equal(a, b) is equal


def test_a_huge_difference_is_not_shown_rather_than_worked_on(no_simplify):
    big = sympy.Add(*(sympy.floor(H / k) for k in range(2, 300)))
    assert is_zero(big - big.xreplace({H: H + 1}) + 0) is False


def test_an_open_condition_on_a_width_multiplier_is_refused_without_simplify(no_simplify):
    source = INVERTED_RESIDUAL.replace("model ir(H=32, W=32)",
                                       "model ir(H=32, W=32, alpha=3/4)").replace("ALPHA", "alpha")
    with pytest.raises(symparams.ShapeError, match="cannot decide the condition"):
        symparams.parse(source)


@pytest.mark.parametrize("alpha_text", ["0.35", "0.5", "0.75", "1.0", "1.3", "1.4"])
def test_literal_widths_decide_every_condition_without_simplify(no_simplify, alpha_text):
    model = symparams.parse(INVERTED_RESIDUAL.replace("ALPHA", alpha_text))["ir"]
    assert model.evaluate().params > 0
