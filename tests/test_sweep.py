"""sweep against Model.evaluate (exact, also beyond int64), and the CLI."""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import re
import shlex
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams
from symparams.algebra.sweep import MAX_CONFIGS, parse_range, sweep
from symparams.limits import Limits

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


@pytest.mark.parametrize(
    ("text", "match"),
    [
        pytest.param("0:3", "positive", id="zero"),
        pytest.param("a:b", "bad range", id="not-numbers"),
        pytest.param("5:1", "lists no values", id="empty"),
        pytest.param("1:5:0", "bad range", id="zero-step"),
        pytest.param("1:2:3:4", "bad range", id="four-parts"),
        pytest.param(f"1,{10**100}", "more than 100 digits", id="digits-like-set"),
        pytest.param(f"1:{MAX_CONFIGS + 1}", "more than", id="too-many-not-built"),
        pytest.param("1:10**18", "bad range", id="no-arithmetic"),
        pytest.param(f"1:{10**18}", "more than", id="huge-range-ends-at-once"),
    ],
)
def test_bad_range(text, match):
    with pytest.raises(symparams.ValueBindingError, match=match):
        parse_range(text)


# -- errors name the first failing configuration ---------------------------------------------

# 2**L sends a sweep that varies L to the exact per-configuration path; d**4 passes 64 bits
# for d >= 2**16 (the limit below), so a sweep to d = 2**20 must refuse as Model.evaluate does.
ERRORS = """model p(L=3, H=10, k=3, d=2):
    assume H % 2 == 0
    Input(shape=(H, 1))
    Conv1D(2**L, k)
    Flatten()
    Dense(d**4)
"""
SMALL = symparams.parse(ERRORS, "p.sp", limits=Limits(max_int_bits=64))["p"]
LINES = ERRORS.splitlines()
CONV, DENSE = (LINES.index(x) + 1 for x in ("    Conv1D(2**L, k)", "    Dense(d**4)"))
ASSUME = LINES.index("    assume H % 2 == 0") + 1


def first_failure(model, vary, fixed):
    """Brute force: the first configuration (in sweep's row order) that Model.evaluate
    refuses, and its error."""
    names = list(vary)
    for combo in itertools.product(*(vary[k] for k in names)):
        config = dict(zip(names, combo, strict=True))
        try:
            model.evaluate({**fixed, **config})
        except symparams.SymparamsError as err:
            return config, err
    raise AssertionError("every configuration is valid")


@pytest.mark.parametrize(
    ("vary", "fixed", "error", "line", "named"),
    [
        pytest.param({"k": [3, 12, 11]}, {}, symparams.InvalidValueError, CONV, "k",
                     id="int64-first-failure"),
        pytest.param({"H": [12, 10], "k": [3, 11]}, {}, symparams.InvalidValueError, CONV,
                     "H, k", id="int64-two-symbols"),
        pytest.param({"L": [1, 2], "k": [3, 12]}, {}, symparams.InvalidValueError, CONV,
                     "L, k", id="exact-path"),
        pytest.param({"d": [2, 2**20]}, {}, symparams.LimitError, DENSE, "d",
                     id="overflow-leaves-int64-for-exact"),
        pytest.param({"L": [1, 70]}, {}, symparams.LimitError, CONV, "L", id="overflow-exact"),
        pytest.param({"H": [10, 11]}, {}, symparams.InvalidValueError, ASSUME, "",
                     id="assumption-names-its-values-once"),
    ],
)
def test_error_names_the_configuration(vary, fixed, error, line, named):
    config, expected = first_failure(SMALL, vary, fixed)
    with pytest.raises(error) as info:
        sweep(SMALL, vary, fixed)
    err = info.value
    at = ", ".join(f"{k}={config[k]}" for k in named.split(", ") if k)
    where = f"in layer {err.layer}: " if err.layer and err.layer not in expected.message else ""
    assert err.message == (f"at {at}: {where}" if at else "") + expected.message
    assert type(err) is type(expected) and isinstance(err, symparams.SymparamsError)
    assert (err.filename, err.line, err.column, err.layer, err.hint) == (
        "p.sp", line, expected.column, expected.layer, expected.hint)
    assert str(err).splitlines()[1:3] == str(expected).splitlines()[1:3]  # line and caret


def test_overflow_of_a_fixed_value_names_it_and_the_layer():
    with pytest.raises(symparams.LimitError) as info:
        sweep(SMALL, {"k": [1, 2]}, {"L": 70})
    err = info.value
    assert err.message.startswith("at L=70, H=10: in layer conv1d: 2**70 would be larger")
    assert (err.line, err.layer) == (CONV, "conv1d") and "^" in str(err)


@pytest.mark.parametrize(
    ("vary", "kept"),
    [
        pytest.param({"k": [3, 12, 11, 5]}, [3, 5], id="int64"),
        pytest.param({"L": [1], "k": [3, 12, 11, 5]}, [3, 5], id="exact"),
    ],
)
def test_skip_invalid_in_both_paths(vary, kept):
    assert sweep(SMALL, vary, skip_invalid=True).values["k"].tolist() == kept


def test_overflow_is_not_skipped_as_invalid():
    with pytest.raises(symparams.LimitError, match=f"at d={2**20}"):
        sweep(SMALL, {"d": [2, 2**20]}, skip_invalid=True)


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
    config, expected = first_failure(MODEL, {"k": range(3, 81)}, {})
    assert proc.returncode == 1 and f"error: at k={config['k']}: {expected.message}" in proc.stderr
    assert "^" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run(["symparams", "sweep", str(path), "--vary", "kk=1:3"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "no symbol 'kk'" in proc.stderr
    assert "did you mean 'k'?" in proc.stderr
    proc = subprocess.run(["symparams", "sweep", str(path), "--vary", "k=3:5", "--vary", "f=1,2",
                           "--set", "H=4"], capture_output=True, text=True)
    config, expected = first_failure(MODEL, {"k": [3, 4, 5], "f": [1, 2]}, {"H": 4})
    at = f"at k={config['k']}, f={config['f']}: {expected.message}"
    assert proc.returncode == 1 and at in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--vary", "k=3", "--set", "k=3"], "k: given both by --set and by --vary",
                     id="set-and-vary"),
        pytest.param(["--vary", "k=3", "--vary", "k=5"], "--vary k is given twice", id="twice"),
        pytest.param(["--vary", "3=1"], "--vary expects NAME=RANGE", id="not-a-name"),
        pytest.param(["--vary", f"k=1:{10**12}"], "more than 50,000,000", id="huge-range"),
    ],
)
def test_cli_argument_errors(args, message, tmp_path):
    path = tmp_path / "m.sp"
    path.write_text(CNN, encoding="utf-8")
    proc = subprocess.run(["symparams", "sweep", str(path), *args], capture_output=True,
                          text=True)
    assert proc.returncode == 1 and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


# -- the error examples of docs/commands/{solve,sweep}.md are current -------------------------

_ERROR_BLOCK = re.compile(r"^```text\n\$ symparams (?P<args>[^\n]*)\n(?P<err>.*?)^```$",
                          re.M | re.S)


@pytest.mark.parametrize("page", ["solve", "sweep"])
def test_docs_error_examples_are_current(page, monkeypatch):
    """A ```text block opening with ``$ symparams ARGS`` shows what ARGS prints on standard
    error, exit status 1 (the live ```console examples are test_docs_commands')."""
    from symparams.cli import main

    from .conftest import ROOT

    blocks = list(_ERROR_BLOCK.finditer((ROOT / "docs" / "commands" / f"{page}.md")
                                        .read_text(encoding="utf-8")))
    assert blocks, f"docs/commands/{page}.md shows no error example"
    monkeypatch.chdir(ROOT)
    for block in blocks:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(shlex.split(block["args"]))
        assert (code, err.getvalue()) == (1, block["err"]), block["args"]


RATIONAL = "model m(d=64, alpha=3/4):\n    Input(shape=(d,))\n    Dense(round(alpha * d))\n"


@pytest.mark.parametrize(("spec", "alphas"), [
    ("1/4,1/2,0.75", ["1/4", "1/2", "3/4"]),
    ("1/4:1:1/4", ["1/4", "1/2", "3/4", 1]),
    ("0.5:2:0.5", ["1/2", 1, "3/2", 2]),
])
def test_a_fractional_symbol_sweeps_over_exact_fractions(tmp_path, spec, alphas):
    """``alpha=3/4`` in the header: ``--vary alpha=1/4,1/2`` (or decimals) is exact, each row
    the model evaluated at that fraction; an integer symbol refuses a fraction."""
    path = tmp_path / "m.sp"
    path.write_text(RATIONAL)
    out = subprocess.run(["symparams", "sweep", str(path), "--vary", f"alpha={spec}",
                          "--format", "json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)["rows"]
    model = symparams.parse(RATIONAL)["m"]
    assert [r["alpha"] for r in rows] == alphas
    from fractions import Fraction
    assert [r["params"] for r in rows] == [
        model.evaluate(alpha=Fraction(str(a))).params for a in alphas]
    wrong = subprocess.run(["symparams", "sweep", str(path), "--vary", "d=1/2,1"],
                           capture_output=True, text=True)
    assert wrong.returncode == 1 and "value of 'd' must be an integer" in wrong.stderr


def test_fractional_values_in_text_and_a_fixed_fraction(tmp_path):
    """A fractional symbol at a whole value (1) in the text table, and a fraction given with
    --set while another symbol varies (it was shown as 0: cast to an integer)."""
    path = tmp_path / "m.sp"
    path.write_text(RATIONAL)
    text = subprocess.run(["symparams", "sweep", str(path), "--vary", "alpha=1/2,1"],
                          capture_output=True, text=True)
    assert text.returncode == 0, text.stderr
    assert [line.split()[1] for line in text.stdout.splitlines()[1:]] == ["1/2", "1"]
    fixed = subprocess.run(["symparams", "sweep", str(path), "--vary", "d=8:9", "--set",
                            "alpha=1/2", "--format", "csv"], capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stderr
    assert [row.split(",")[1] for row in fixed.stdout.splitlines()[1:]] == ["1/2", "1/2"]
