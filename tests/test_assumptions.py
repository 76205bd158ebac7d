"""assume statements: refined formulas, checks at values (with caret), and constraints."""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

import symparams
from symparams.symbolic.integers import symbol

H, W, k = symbol("H"), symbol("W"), symbol("k")

VGG_POOLS = """model a(H=224, W=64):
    assume H % 32 == 0, W >= 32
    Input(shape=(H, W, 3))
    MaxPool2D(2)
    MaxPool2D(2)
    MaxPool2D(2)
    MaxPool2D(2)
    MaxPool2D(2)
    Flatten()
    Dense(10)
"""
PLAIN = VGG_POOLS.replace("    assume H % 32 == 0, W >= 32\n", "")


def test_divisibility_turns_floor_into_exact_division():
    m = symparams.parse(VGG_POOLS)["a"]
    assert m.output_shape[0] != symparams.parse(PLAIN)["a"].layers[-3].output_shape[0]
    assert str(m.layers[4].output_shape[0]) == "H/32"
    assert str(symparams.parse(PLAIN)["a"].layers[4].output_shape[0]) == "floor(H/32)"


@given(st.integers(1, 2**70), st.integers(32, 2**70))
def test_refined_model_agrees_with_unrefined(t, w):
    a, b = symparams.parse(VGG_POOLS)["a"], symparams.parse(PLAIN)["a"]
    values = {"H": 32 * t, "W": w}
    assert a.evaluate(values).params == b.evaluate(values).params
    assert a.evaluate(values).output_shape == b.evaluate(values).output_shape


@pytest.mark.parametrize(
    ("values", "text"),
    [
        pytest.param({"H": 100}, "H % 32 == 0", id="divisibility"),
        pytest.param({"W": 31}, "W >= 32", id="bound"),
    ],
)
def test_breaking_an_assumption_is_an_error_with_caret(values, text):
    m = symparams.parse(VGG_POOLS, "v.sp")["a"]
    with pytest.raises(symparams.InvalidValueError) as info:
        m.evaluate(values)
    rendered = str(info.value)
    assert f"assumption '{text}'" in rendered and "v.sp:2:" in rendered and "^" in rendered


def test_constant_false_assumption_is_rejected_at_parse():
    with pytest.raises(symparams.InvalidValueError, match="is false"):
        symparams.parse("model a(d=1):\n    assume 3 > 4\n    Input(shape=(d,))\n    Dense(d)\n")


def test_undeclared_symbol_in_assumption():
    with pytest.raises(symparams.UndeclaredSymbolError):
        symparams.parse("model a(d=1):\n    assume e > 4\n    Input(shape=(d,))\n    Dense(d)\n")


CNN = """model cnn(H=55, W=55, k=7):
    Input(shape=(H, W, 1))
    Conv2D(4, k, k)
    MaxPool2D(2)
    Conv2D(4, k, k)
    Flatten()
    Dense(3)
"""


def test_constraints_strongest_per_expression():
    m = symparams.parse(CNN)["cnn"]
    texts = [str(c) for c in m.constraints]
    assert len(texts) == len(set(texts))
    assert texts == ["H >= 3*k - 1", "W >= 3*k - 1"]


@given(st.integers(1, 200), st.integers(1, 200), st.integers(1, 40))
def test_constraints_are_exactly_validity(h, w, kk):
    m = symparams.parse(CNN)["cnn"]
    try:
        m.evaluate(H=h, W=w, k=kk)
        valid = True
    except symparams.InvalidValueError:
        valid = False
    subs = {H: h, W: w, k: kk}
    holds = all(bool((c.lhs - c.rhs).xreplace(subs) >= 0) if c.op == ">=" else
                bool((c.rhs - c.lhs).xreplace(subs) >= 0) for c in m.constraints)
    assert holds == valid


def test_assumption_implies_constraint():
    src = CNN.replace("    Input", "    assume H >= 3*k - 1\n    Input")
    assert [str(c) for c in symparams.parse(src)["cnn"].constraints] == ["W >= 3*k - 1"]


def test_cli_json_constraints_and_text(tmp_path):
    path = tmp_path / "m.sp"
    path.write_text(CNN, encoding="utf-8")
    out = subprocess.run(["symparams", "summary", str(path), "-f", "json"],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["models"][0]["constraints"] == ["H >= 3*k - 1", "W >= 3*k - 1"]
    text = subprocess.run(["symparams", "summary", str(path)],
                          capture_output=True, text=True, check=True).stdout
    assert "Constraints: H >= 3*k - 1, W >= 3*k - 1" in text


def test_cli_set_breaking_assumption(tmp_path):
    path = tmp_path / "v.sp"
    path.write_text(VGG_POOLS, encoding="utf-8")
    proc = subprocess.run(["symparams", "summary", str(path), "--set", "H=100"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "assumption 'H % 32 == 0' does not hold at H=100" in proc.stderr
    assert "Traceback" not in proc.stderr
