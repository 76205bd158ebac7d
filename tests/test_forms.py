"""Display forms print formulas that read back (sympify) to the same value."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import symparams
from symparams.symbolic.forms import FORMS, display
from symparams.symbolic.integers import ceildiv, floordiv, symbol
from symparams.symbolic.tidy import common_factors, readable_floors

from .random_formulas import random_case, random_factor, random_product, random_sum

H, W, k, f, C = (symbol(x) for x in "HWkfC")
SEED = str(Path(__file__).resolve().parent.parent / "examples" / "seed.sp")
SYMS = {s.name: s for s in (H, W, k, f, C)}

EXPRS = [
    pytest.param(f * (C * k**2 + 1), id="conv"),
    pytest.param(floordiv(H - k + 1, 2), id="pool"),
    pytest.param(f * floordiv(H - k + 1, 2) * ceildiv(W + 3, 4) + 7, id="flatten"),
    pytest.param(floordiv(floordiv(H - 3, 2) * f + 1, 3), id="nested-in-numerator"),
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("expr", EXPRS)
def test_printed_form_reads_back_to_the_same_value(expr, form):
    text = str(display(expr, form))
    back = sympy.sympify(text, locals=SYMS)
    for values in ({H: 55, W: 31, k: 7, f: 9, C: 3}, {H: 2**64 + 1, W: 9, k: 2, f: 5, C: 1}):
        assert back.xreplace(values) == expr.xreplace(values)


def test_default_floor_reads_like_a_textbook():
    assert str(display(floordiv(H - k + 1, 2))) == "floor((H - k + 1)/2)"


@given(st.integers(1, 10**30), st.integers(1, 100), st.sampled_from(FORMS))
def test_forms_agree_at_random_values(h, kk, form):
    expr = f * floordiv(H - kk + 1, 2) + ceildiv(H, 3) * k
    values = {H: h, k: kk, f: 3}
    assert display(expr, form).xreplace(values) == expr.xreplace(values)


def test_unknown_form():
    with pytest.raises(ValueError, match="unknown form"):
        display(H, "pretty")


@pytest.mark.parametrize("form", FORMS)
def test_cli_form_option(form, tmp_path):
    out = subprocess.run(
        ["symparams", "summary", SEED, "-m", "cnn", "--form", form],
        capture_output=True, text=True, check=True,
    ).stdout
    value = symparams.parse_file(SEED)["cnn"].evaluate().params
    assert "Total params: " in out and f"{value:,}" in out


def test_cli_json_default_is_sympy_str_of_default_form():
    import json

    out = subprocess.run(
        [sys.executable, "-m", "symparams.cli", "summary", SEED, "-m", "cnn",
         "-f", "json"], capture_output=True, text=True, check=True,
    ).stdout
    layers = json.loads(out)["models"][0]["layers"]
    assert layers[0]["params"] == "f*(C*k**2 + 1)"
    assert layers[1]["output_shape"][0] == "floor((H - k + 1)/2)"


@pytest.mark.parametrize("seed", range(4))
def test_tidy_rules_leave_a_part_without_their_kind_itself(seed):
    """readable_floors and common_factors walk every part (each once, remembered) rather
    than first search the formula for a floor or a sum: a part without one must come back
    itself (the very object), as the search's early return gave it, so the forms are
    unchanged. Random formulas and their parts, with and without floors and sums."""
    rng = random.Random(seed)
    makers = (random_factor, random_product, random_sum, random_case)
    without = {"floors": 0, "sums": 0}
    for _ in range(150):
        for part in sympy.preorder_traversal(rng.choice(makers)(rng)):
            if not isinstance(part, sympy.Basic) or part.is_Atom:
                continue
            if not part.has(sympy.floor, sympy.ceiling):
                without["floors"] += 1
                assert readable_floors(part) is part, sympy.srepr(part)
            if not part.has(sympy.Add):
                without["sums"] += 1
                assert common_factors(part) is part, sympy.srepr(part)
    assert min(without.values()) > 200
