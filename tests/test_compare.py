"""compare against brute-force evaluation, and the CLI."""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams
from symparams.algebra.compare import compare

SRC = """model a(V=100, E=8, h=4):
    Embedding(input_dim=V, output_dim=E, input_length=10)
    SimpleRNN(h)
    Dense(1)
model b(V=100, E=8, h=4):
    Embedding(input_dim=V, output_dim=E, input_length=10)
    SimpleRNN(h, use_bias=False)
    Dense(1, use_bias=False)
model c(V=100, E=8, h=4):
    Embedding(input_dim=V, output_dim=E, input_length=10)
    SimpleRNN(h)
    Dense(1)
model d(V=100, E=8, h=4):
    Embedding(input_dim=V, output_dim=E, input_length=10)
    Dense(h)
    Flatten()
    Dense(1)
"""
DOC = symparams.parse(SRC)


@pytest.mark.parametrize(
    ("a", "b", "equal", "sign"),
    [
        pytest.param("a", "c", True, "zero", id="same"),
        pytest.param("a", "b", False, "positive", id="bias"),
        pytest.param("b", "a", False, "negative", id="reverse"),
        pytest.param("a", "d", False, "unknown", id="depends"),
    ],
)
def test_verdicts(a, b, equal, sign):
    result = compare(DOC[a], DOC[b])
    assert (result.equal, result.sign) == (equal, sign)


@settings(max_examples=40)
@given(st.sampled_from("abcd"), st.sampled_from("abcd"), st.integers(1, 2**70),
       st.integers(1, 300), st.integers(1, 300))
def test_difference_and_sign_match_brute_force(a, b, v, e, h):
    result = compare(DOC[a], DOC[b])
    values = {"V": v, "E": e, "h": h}
    actual = DOC[a].evaluate(values).params - DOC[b].evaluate(values).params
    syms = {DOC[a].symbols[k]: val for k, val in values.items()}
    assert int(result.difference.xreplace(syms)) == actual
    expected_ok = {"zero": actual == 0, "positive": actual > 0, "negative": actual < 0,
                   "unknown": True}
    assert expected_ok[result.sign]


def test_cli_json_shape(tmp_path):
    path = tmp_path / "m.sp"
    path.write_text(SRC, encoding="utf-8")
    out = subprocess.run(["symparams", "compare", str(path), "a", "b", "-f", "json"],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert set(data) == {"equal", "difference", "sign", "layers"}
    assert (data["equal"], data["difference"], data["sign"]) == (False, "h + 1", "positive")
    assert [layer["sign"] for layer in data["layers"]] == ["zero", "positive", "positive"]


def test_cli_text_and_other_file(tmp_path):
    path, other = tmp_path / "m.sp", tmp_path / "o.sp"
    path.write_text(SRC, encoding="utf-8")
    other.write_text(SRC.replace("model b(", "model bb("), encoding="utf-8")
    out = subprocess.run(["symparams", "compare", str(path), "a", "bb", "--against", str(other)],
                         capture_output=True, text=True, check=True).stdout
    assert "A - B = h + 1 > 0: A is always larger" in out


def test_cli_unknown_model(tmp_path):
    path = tmp_path / "m.sp"
    path.write_text(SRC, encoding="utf-8")
    proc = subprocess.run(["symparams", "compare", str(path), "a", "z"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "has no model 'z'" in proc.stderr
