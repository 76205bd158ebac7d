"""Simplification runs under a wall-clock guard: past ``Limits.simplify_seconds`` the correct,
unsimplified expression is used, a note says so, and the CLI prints it on standard error."""

from __future__ import annotations

import time

import pytest
import sympy

import symparams
from symparams import cli
from symparams.algebra.compare import compare, difference
from symparams.algebra.solve import solve
from symparams.guard import timer_available
from symparams.symbolic.forms import FORM_TERMS, display, simplification_notes
from symparams.symbolic.integers import symbol

from .conftest import ROOT

pytestmark = pytest.mark.skipif(not timer_available(), reason="needs SIGALRM (POSIX)")

XS = [symbol(f"x{i}") for i in range(8)]
EXPENSIVE = sympy.expand(sum(XS) ** 8)  # 6,435 terms: factoring it takes far longer than 1 s
LIMIT = 0.3

TWO_MODELS = """model a(d=8, h=4):
    Input(shape=(d,))
    Dense(h)
model b(d=8, h=4):
    Input(shape=(d,))
    Dense(h, use_bias=False)
"""


def _slow(*_args, **_kwargs):
    time.sleep(30)
    raise AssertionError("the guard did not interrupt")


def _timed(fn):
    start = time.monotonic()
    result = fn()
    return result, time.monotonic() - start


@pytest.mark.parametrize("form, expr", [
    pytest.param("factor", EXPENSIVE, id="factor"),
    pytest.param("collect", sum(XS) ** 9, id="collect"),
    pytest.param("expand", sum(XS) ** 9, id="expand"),
])
def test_display_budget_counts_terms_not_seconds(form: str, expr) -> None:
    """Whether a formula is reshaped depends on its size (FORM_TERMS), never on the clock:
    with any time allowed, even none at all, the answer and the note are the same."""
    answers = []
    for seconds in (1e-6, LIMIT, 3600.0):
        notes: list[str] = []
        answers.append((display(expr, form, seconds=seconds, warnings=notes), notes))
    assert answers[0] == answers[1] == answers[2]
    shown, notes = answers[0]
    assert shown == expr  # the unreshaped expression, unchanged
    assert notes == [f"--form {form}: the formula would have more than {FORM_TERMS:,} terms "
                     "multiplied out; shown as it is"]


def test_display_uses_the_enclosing_block() -> None:
    with simplification_notes(LIMIT) as notes:
        shown, took = _timed(lambda: display(EXPENSIVE, "factor"))
    assert took < LIMIT + 15 and shown == EXPENSIVE and len(notes) == 1


def test_cheap_simplification_is_not_affected() -> None:
    x = XS[0]
    notes: list[str] = []
    assert display(x**2 + 2 * x + 1, "factor", seconds=LIMIT, warnings=notes) == (x + 1) ** 2
    assert notes == []


def test_difference_falls_back_to_a_minus_b() -> None:
    a, b = sum(XS) ** 9, sum(XS[:7]) ** 9
    notes: list[str] = []
    diff, took = _timed(lambda: difference(a, b, LIMIT, notes))
    assert took < LIMIT + 15  # cut at LIMIT; the margin is for a loaded machine
    assert diff == a - b
    assert notes and notes[0].startswith("simplifying a difference took longer")


def test_compare_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = symparams.parse(TWO_MODELS, limits=symparams.Limits(simplify_seconds=LIMIT))
    monkeypatch.setattr("symparams.algebra.compare.canonical", _slow)
    notes: list[str] = []
    result, took = _timed(lambda: compare(doc["a"], doc["b"], warnings=notes))
    assert took < 4 * (LIMIT + 0.5) + 15  # a few guarded steps, each cut at LIMIT
    assert result.difference == doc["a"].params - doc["b"].params  # unsimplified, still right
    assert notes


def test_solve_falls_back_and_stays_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = symparams.parse(TWO_MODELS, limits=symparams.Limits(simplify_seconds=LIMIT))
    model = doc["a"]
    expected = solve(model, "h", at_most=1000).largest
    monkeypatch.setattr("symparams.algebra.solve.refloor", _slow)
    notes: list[str] = []
    solution, took = _timed(lambda: solve(model, "h", at_most=1000, warnings=notes))
    assert solution.largest == expected  # no floors here: unsimplified is enough
    assert notes and "simplifying floors took longer" in notes[0]
    assert took < 10 * (LIMIT + 0.5) + 15


@pytest.mark.parametrize("argv, patch", [
    pytest.param(["summary", "examples/seed.sp", "-m", "mlp", "--form", "factor"],
                 "symparams.symbolic.forms._reshape", id="summary-form"),
    pytest.param(["compare", "examples/seed.sp", "mlp", "mlp"],
                 "symparams.algebra.compare.canonical", id="compare"),
    pytest.param(["solve", "examples/seed.sp", "-m", "mlp", "--for", "u",
                  "--params-at-most", "100000"], "symparams.algebra.solve.refloor", id="solve"),
])
def test_cli_prints_the_notes_on_stderr(argv, patch, monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(patch, _slow)
    status, took = _timed(lambda: cli.main([*argv, "--simplify-seconds", "0.05"]))
    out, err = capsys.readouterr()
    assert status == 0 and out
    assert "symparams: warning: " in err and "took longer than 0.05 s" in err
    assert took < 30
