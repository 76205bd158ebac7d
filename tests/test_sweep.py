"""sweep against Model.evaluate (exact, also beyond int64), and the CLI."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams
from symparams.sweep import parse_range, sweep

CNN = """model cnn(H=55, f=99, n=3, k=7):
    Input(shape=(H, H, 1))
    Conv2D(f, k, k)
    MaxPool2D(2)
    Flatten()
    Dense(n)
"""
MODEL = symparams.parse(CNN)["cnn"]


def check_rows(result):
    for row in result.rows():
        e = MODEL.evaluate({k: row[k] for k in MODEL.symbols})
        assert (row["params"], row["trainable"], row["non_trainable"]) == (
            e.params, e.trainable, e.non_trainable)
        assert tuple(row["output_shape"]) == e.output_shape


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(10, 2**70), min_size=1, max_size=4),
       st.lists(st.integers(1, 2**40), min_size=1, max_size=3),
       st.sampled_from([1, 2**31, 2**62]))
def test_matches_evaluate_including_overflow(hs, fs, n):
    check_rows(sweep(MODEL, {"H": hs, "f": fs}, {"n": n}))


def test_int64_fast_path_is_used_when_safe():
    result = sweep(MODEL, {"H": range(20, 60), "f": range(1, 30)})
    assert result.params.dtype.kind == "i"
    check_rows(result)


def test_object_path_above_int64():
    result = sweep(MODEL, {"f": [2**62]}, {"n": 2**62})
    assert result.params.dtype == object
    check_rows(result)


def test_invalid_configuration_is_an_error_or_skipped():
    with pytest.raises(symparams.InvalidValueError):
        sweep(MODEL, {"k": [3, 60]})
    assert sweep(MODEL, {"k": [3, 60]}, skip_invalid=True).values["k"].tolist() == [3]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        pytest.param("1:5", [1, 2, 3, 4, 5], id="inclusive"),
        pytest.param("64:256:64", [64, 128, 192, 256], id="step"),
        pytest.param("1,2,4,8", [1, 2, 4, 8], id="list"),
    ],
)
def test_parse_range(text, values):
    assert parse_range(text) == values


@pytest.mark.parametrize("text", ["0:3", "a:b", "5:1", "1:5:0"])
def test_bad_range(text):
    with pytest.raises(symparams.ValueBindingError):
        parse_range(text)


@pytest.mark.parametrize("fmt", ["csv", "json", "text"])
def test_cli(fmt, tmp_path):
    path = tmp_path / "m.sp"
    path.write_text(CNN, encoding="utf-8")
    out = subprocess.run(["symparams", "sweep", str(path), "--vary", "k=3:7:2", "--vary",
                          "f=8,16", "-f", fmt], capture_output=True, text=True, check=True).stdout
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 6
        for row in rows:
            e = MODEL.evaluate(k=int(row["k"]), f=int(row["f"]))
            assert int(row["params"]) == e.params
    elif fmt == "json":
        data = json.loads(out)
        assert data["symbols"] == list(MODEL.symbols) and len(data["rows"]) == 6
        assert data["rows"][0]["params"] == MODEL.evaluate(k=3, f=8).params
    else:
        assert f"{MODEL.evaluate(k=7, f=16).params:,}" in out


def test_cli_errors(tmp_path):
    path = tmp_path / "m.sp"
    path.write_text(CNN, encoding="utf-8")
    proc = subprocess.run(["symparams", "sweep", str(path), "--vary", "k=3:80"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "needs input" in proc.stderr and "^" in proc.stderr
    proc = subprocess.run(["symparams", "sweep", str(path), "--vary", "kk=1:3"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "no symbol 'kk'" in proc.stderr
