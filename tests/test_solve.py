"""solve against brute force (including budgets beyond 2**63), and the CLI."""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams
from symparams.solve import SolveError, largest, values_equal

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
