"""Work budgets decide what is simplified, never the clock (issue 17, item 4): ``--form``,
``compare`` and ``solve`` count terms before simplifying, so the same input gives the same
output on an idle and on a loaded machine. ``Limits.simplify_seconds`` is only a last resort,
and past it the answer is a ``LimitError`` (exit status 1), never a second, different output.
"""

from __future__ import annotations

import time

import pytest
import sympy

import symparams
from symparams import cli
from symparams.algebra.compare import compare, difference
from symparams.algebra.solve import solve
from symparams.errors import LimitError
from symparams.guard import timer_available
from symparams.symbolic.forms import FORM_TERMS, display
from symparams.symbolic.integers import symbol

from .conftest import ROOT

XS = [symbol(f"x{i}") for i in range(8)]
EXPENSIVE = sympy.expand(sum(XS) ** 8)  # 6,435 terms: factoring it takes far longer than 1 s
SECONDS = (1e-6, 0.3, 3600.0)  # no time at all, a little, plenty: the answer is the same

TWO_MODELS = """model a(d=8, h=4):
    Input(shape=(d,))
    Dense(h)
model b(d=8, h=4):
    Input(shape=(d,))
    Dense(h, use_bias=False)
"""

CONV = """model m(H=32, k=3, f=4):
    Input(shape=(H, H, 1))
    Conv2D(f, (k, k), strides=(2, 2))
    Flatten()
    Dense(10)
"""

needs_timer = pytest.mark.skipif(not timer_available(), reason="needs SIGALRM (POSIX)")


def _slow(*_args, **_kwargs):
    time.sleep(30)
    raise AssertionError("the guard did not interrupt")


@pytest.mark.parametrize("form, expr", [
    pytest.param("factor", EXPENSIVE, id="factor"),
    pytest.param("collect", sum(XS) ** 9, id="collect"),
    pytest.param("expand", sum(XS) ** 9, id="expand"),
])
def test_display_budget_counts_terms_not_seconds(form: str, expr) -> None:
    """Whether a formula is reshaped depends on its size (FORM_TERMS), never on the clock:
    with any time allowed, even none at all, the answer and the note are the same."""
    answers = []
    for seconds in SECONDS:
        notes: list[str] = []
        answers.append((display(expr, form, seconds=seconds, warnings=notes), notes))
    assert answers[0] == answers[1] == answers[2]
    shown, notes = answers[0]
    assert shown == expr  # the unreshaped expression, unchanged
    assert notes == [f"--form {form}: the formula would have more than {FORM_TERMS:,} terms "
                     "multiplied out; shown as it is"]


def test_cheap_simplification_is_not_affected() -> None:
    x = XS[0]
    notes: list[str] = []
    assert display(x**2 + 2 * x + 1, "factor", seconds=5.0, warnings=notes) == (x + 1) ** 2
    assert notes == []


@pytest.mark.parametrize("a, b, budget, simplified", [
    pytest.param(sum(XS) ** 9, sum(XS[:7]) ** 9, 2_000, False, id="over-the-default"),
    pytest.param(XS[0] * (XS[1] + 1), XS[0] * XS[1], 2_000, True, id="small"),
    pytest.param(XS[0] * (XS[1] + 1), XS[0] * XS[1], 2, False, id="small-budget"),
])
def test_difference_budget_counts_terms_not_seconds(a, b, budget, simplified) -> None:
    answers = []
    for seconds in SECONDS[1:]:
        notes: list[str] = []
        answers.append((difference(a, b, seconds, notes, max_terms=budget), notes))
    assert answers[0] == answers[1]
    diff, notes = answers[0]
    assert sympy.expand(diff - (a - b)) == 0  # always the true difference
    if simplified:
        assert notes == [] and diff == sympy.expand(a - b)
    else:
        assert diff == a - b and notes == [
            f"simplifying a difference: more than {budget:,} terms multiplied out "
            "(--max-simplify-terms); shown unsimplified"]


def test_compare_over_budget_is_the_same_at_any_time_limit() -> None:
    answers = []
    for seconds in SECONDS[1:]:
        limits = symparams.Limits(max_simplify_terms=1, simplify_seconds=seconds)
        doc = symparams.parse(TWO_MODELS, limits=limits)
        notes: list[str] = []
        result = compare(doc["a"], doc["b"], warnings=notes)
        answers.append((result.as_dict(), notes))
        assert result.difference == doc["a"].params - doc["b"].params  # unsimplified, right
    assert answers[0] == answers[1] and answers[0][1]


def test_solve_over_budget_is_refused_the_same_way_every_time() -> None:
    model = symparams.parse(CONV)["m"]
    assert solve(model, "H", at_most=100_000).largest is not None
    small = symparams.parse(CONV, limits=symparams.Limits(max_simplify_terms=1))["m"]
    for _ in range(2):
        with pytest.raises(LimitError, match="--max-simplify-terms"):
            solve(small, "H", at_most=100_000)


@needs_timer
@pytest.mark.parametrize("patch, run", [
    pytest.param("symparams.algebra.compare.canonical",
                 lambda doc: compare(doc["a"], doc["b"]), id="compare"),
    pytest.param("symparams.algebra.solve.refloor",
                 lambda doc: solve(doc["m"], "H", at_most=100_000), id="solve"),
    pytest.param("symparams.symbolic.forms._reshape",
                 lambda doc: display(doc["a"].params, "factor", seconds=0.05), id="form"),
])
def test_the_clock_is_a_last_resort_that_fails(patch, run, monkeypatch) -> None:
    """Past ``simplify_seconds`` there is an error, not a fallback answer."""
    doc = symparams.parse(TWO_MODELS + CONV, limits=symparams.Limits(simplify_seconds=0.05))
    monkeypatch.setattr(patch, _slow)
    with pytest.raises(LimitError, match="took longer than 0.05 s") as caught:
        run(doc)
    assert "--simplify-seconds" in caught.value.hint


@pytest.mark.parametrize("argv, status, err", [
    pytest.param(["compare", "examples/seed.sp", "mlp", "cnn", "--max-simplify-terms", "1"],
                 0, "simplifying a difference: more than 1 terms", id="compare-notes"),
    pytest.param(["solve", "examples/seed.sp", "-m", "mlp", "--for", "u", "--params-at-most",
                  "100000", "--max-simplify-terms", "1"], 1, "--max-simplify-terms",
                 id="solve-refused"),
])
def test_cli_budgets(argv, status, err, monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    assert cli.main(argv) == status
    out, stderr = capsys.readouterr()
    assert err in stderr and "Traceback" not in stderr
    assert bool(out) == (status == 0)


@needs_timer
def test_cli_last_resort_exits_1(monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr("symparams.algebra.compare.canonical", _slow)
    status = cli.main(["compare", "examples/seed.sp", "mlp", "mlp", "--simplify-seconds",
                       "0.05"])
    _out, err = capsys.readouterr()
    assert status == 1 and "took longer than 0.05 s" in err and "Traceback" not in err
