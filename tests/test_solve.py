"""solve against brute force (including budgets beyond 2**63), and the CLI."""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams
from symparams.algebra.solve import SolveError, at_values, largest, solve, values_equal

# the model of test_sweep's error table: Conv1D(2**L, k), Dense(d**4), max_int_bits=64
from .test_sweep import ASSUME, CONV, DENSE, SMALL

CNN = """model cnn(H=55, W=55, C=1, f=99, k=7, n=3):
    Input(shape=(H, W, C))
    Conv2D(f, k, k, activation="relu")
    MaxPool2D(pool_size=(2, 2))
    Flatten()
    Dense(n, activation="softmax")
"""
MODEL = symparams.parse(CNN)["cnn"]


def brute(name: str, test, hi: int = 160) -> list[int]:
    out = []
    for v in range(1, hi):
        try:
            e = MODEL.evaluate({name: v})
        except symparams.InvalidValueError:
            continue
        if test(e.params):
            out.append(v)
    return out


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(["H", "k", "f", "n"]), st.integers(1, 400_000))
def test_largest_matches_brute_force(name, budget):
    found = brute(name, lambda p: p <= budget)
    if name in ("f", "n", "H") and found and found[-1] == 159:
        return  # grows without the scan's bound: checked by the exactness test below
    assert largest(MODEL, name, budget) == (found[-1] if found else None)


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(["H", "k", "f", "n"]), st.integers(1, 159))
def test_values_equal_matches_brute_force(name, v):
    try:
        target = MODEL.evaluate({name: v}).params
    except symparams.InvalidValueError:
        return
    solved = values_equal(MODEL, name, target)
    assert [x for x in solved if x < 160] == brute(name, lambda p: p == target)
    assert all(MODEL.evaluate({name: x}).params == target for x in solved)


@pytest.mark.parametrize("budget", [2**63 - 1, 2**63, 2**64 + 12345, 10**40])
@pytest.mark.parametrize("name", ["f", "H"])
def test_exact_beyond_2_63(name, budget):
    d = largest(MODEL, name, budget)
    assert MODEL.evaluate({name: d}).params <= budget < MODEL.evaluate({name: d + 1}).params


def test_unbounded_is_an_error():
    m = symparams.parse("model a(x=3, y=2):\n    Input(shape=(x,))\n    Dense(4)\n")["a"]
    with pytest.raises(SolveError, match="no largest"):
        largest(m, "y", 100)


def test_cli_json(tmp_path):
    path = tmp_path / "m.sp"
    path.write_text(CNN, encoding="utf-8")
    out = subprocess.run(["symparams", "solve", str(path), "--for", "f", "--params-at-most",
                          "1000000", "-f", "json"], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert data == {"symbol": "f", "largest": brute("f", lambda p: p <= 1_000_000, 700)[-1]}
    out = subprocess.run(["symparams", "solve", str(path), "--for", "H", "--params-equal",
                          str(MODEL.evaluate().params), "-f", "json", "--set", "n=3"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {"symbol": "H",
                                      "values": brute("H", lambda p: p == MODEL.evaluate().params)}


def test_cli_text_and_errors(tmp_path):
    path = tmp_path / "m.sp"
    path.write_text(CNN, encoding="utf-8")
    out = subprocess.run(["symparams", "solve", str(path), "--for", "n", "--params-at-most", "10"],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("no positive integer n")
    proc = subprocess.run(["symparams", "solve", str(path), "--for", "q", "--params-at-most",
                           "10"], capture_output=True, text=True)
    assert proc.returncode == 1 and "no symbol 'q'" in proc.stderr


# -- errors at the fixed values name them ----------------------------------------------------

@pytest.mark.parametrize(
    ("name", "fixed", "error", "line", "named"),
    [
        pytest.param("d", {"k": 12}, symparams.InvalidValueError, CONV, "L, H, k",
                     id="invalid-whatever-d"),
        pytest.param("d", {"L": 70}, symparams.LimitError, CONV, "L, H, k",
                     id="overflow-of-a-fixed-value"),
        pytest.param("k", {"d": 2**20}, symparams.LimitError, DENSE, "L, H, d",
                     id="overflow-in-a-later-layer"),
        pytest.param("d", {"H": 11}, symparams.InvalidValueError, ASSUME, "",
                     id="assumption-names-its-values-once"),
    ],
)
@pytest.mark.parametrize("goal", [{"at_most": 10**6}, {"equal": 10**6}], ids=["at-most", "equal"])
def test_error_names_the_fixed_values(name, fixed, error, line, named, goal):
    values = {**SMALL.values, **fixed}
    with pytest.raises(error) as info:
        solve(SMALL, name, values=fixed, **goal)
    err = info.value
    assert isinstance(err, symparams.SymparamsError) and (err.filename, err.line) == ("p.sp", line)
    assert "^" in str(err)
    at = ", ".join(f"{k}={values[k]}" for k in named.split(", ") if k)
    assert err.message.startswith(f"at {at}: " if at else "assumption")
    if error is symparams.InvalidValueError and err.layer:  # the same error as evaluate's
        with pytest.raises(error) as direct:
            SMALL.evaluate({**fixed, name: SMALL.values[name]})
        assert err.message == f"at {at}: {direct.value.message}"


def test_at_values_keeps_the_error():
    err = symparams.InvalidValueError("x needs y", layer="dense", hint="h")
    new = at_values(err, {"d": 3})
    assert (type(new), new.message, new.layer, new.hint) == (
        symparams.InvalidValueError, "at d=3: in layer dense: x needs y", "dense", "h")
    assert at_values(err, {}) is err


AT_K60 = "at " + ", ".join(f"{k}={v}" for k, v in {**MODEL.values, "k": 60}.items()
                          if k in "HWCk") + ": conv2d needs"


@pytest.mark.parametrize(
    ("args", "message", "caret"),
    [
        pytest.param(["--for", "k", "--set", "k=3"], "k: given both by --set and by --for", False,
                     id="set-and-for"),
        pytest.param(["--for", "f", "--set", "k=60"], AT_K60, True,
                     id="fixed-values-make-it-invalid"),
        pytest.param(["--for", "kk"], "did you mean 'k'?", True, id="did-you-mean"),
    ],
)
def test_cli_errors(args, message, caret, tmp_path):
    path = tmp_path / "m.sp"
    path.write_text(CNN, encoding="utf-8")
    proc = subprocess.run(["symparams", "solve", str(path), *args, "--params-at-most", "1000000"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and ("^" in proc.stderr) == caret


def test_solving_for_a_fractional_symbol_is_refused_not_answered_wrongly():
    """``alpha=3/4``: solve searches integers, so it said no alpha gives 2,080 parameters
    while alpha = 1/2 does. It now says what it cannot do."""
    model = symparams.parse("model m(d=64, alpha=3/4):\n    Input(shape=(d,))\n"
                            "    Dense(round(alpha * d))\n")["m"]
    with pytest.raises(SolveError, match="alpha is a fractional symbol"):
        solve(model, "alpha", equal=2080)
    with pytest.raises(SolveError, match="alpha is a fractional symbol"):
        solve(model, "alpha", at_most=3000)
