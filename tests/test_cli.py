"""The installed ``symparams`` command, run as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import sympy

from .conftest import EXAMPLES, STRICT

SEED = str(EXAMPLES / "seed.sp")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("symparams")
    if exe is None:
        if STRICT:
            pytest.fail("the symparams command is not installed")
        command = [sys.executable, "-m", "symparams"]
    else:
        command = [exe]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, input=stdin, timeout=60
    )


def test_summary_text_has_every_model_formula_and_value():
    result = run("summary", SEED)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for name in ("mlp", "cnn", "rnn"):
        assert f'Model: "{name}"' in out
    for total in ("23,893", "176,025", "320,736"):
        assert f"= {total}" in out
    assert "u*(h*w + 1)" in out and "= 23,550" in out
    assert "simple_rnn (SimpleRNN)" in out and "h*(E + h) + h" in out
    assert "max_pooling2d (MaxPooling2D)" in out
    assert "Non-trainable params: 0" in out


def test_set_and_model_options():
    result = run("summary", SEED, "--model", "rnn", "--set", "h=30")
    assert result.returncode == 0, result.stderr
    assert 'Model: "mlp"' not in result.stdout
    assert "= 1,890" in result.stdout and "= 31" in result.stdout


def _as_symbols(names):
    return {n: sympy.Symbol(n, integer=True, positive=True) for n in names}


def test_json_contract_field_for_field():
    result = run("summary", SEED, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "symparams.summary/1"
    assert [m["name"] for m in data["models"]] == ["mlp", "cnn", "rnn"]
    cnn = data["models"][1]
    assert set(cnn) >= {"name", "symbols", "input_shape", "layers", "total"}
    assert cnn["symbols"] == {"H": 55, "W": 55, "C": 1, "f": 99, "k": 7, "n": 3}
    assert cnn["input_shape"] == ["H", "W", "C"]
    conv = cnn["layers"][0]
    assert conv == {
        "name": "conv2d",
        "type": "Conv2D",
        "line": conv["line"],
        "output_shape": ["H - k + 1", "W - k + 1", "f"],
        "params": "f*(C*k**2 + 1)",
        "trainable": "f*(C*k**2 + 1)",
        "non_trainable": "0",
        "value": {"output_shape": [49, 49, 99], "params": 4950, "trainable": 4950,
                  "non_trainable": 0},
        **{k: v for k, v in conv.items() if k not in {
            "name", "type", "line", "output_shape", "params", "trainable",
            "non_trainable", "value"}},
    }
    assert SEED and open(SEED, encoding="utf-8").read().splitlines()[conv["line"] - 1] \
        .strip().startswith("Conv2D")
    types = [item["type"] for item in cnn["layers"]]
    assert types == ["Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    assert cnn["total"]["value"] == {"params": 176025, "trainable": 176025, "non_trainable": 0}
    # Expressions read back with the documented recipe and agree with the values.
    for model in data["models"]:
        names = _as_symbols(model["symbols"])
        subs = {names[k]: v for k, v in model["symbols"].items()}
        for layer in model["layers"]:
            expr = sympy.sympify(layer["params"], locals=names)
            assert int(expr.subs(subs)) == layer["value"]["params"]
            shape = [int(sympy.sympify(d, locals=names).subs(subs)) for d in
                     layer["output_shape"]]
            assert shape == layer["value"]["output_shape"]
        total = sympy.sympify(model["total"]["params"], locals=names)
        assert int(total.subs(subs)) == model["total"]["value"]["params"]


def test_json_value_is_null_where_a_symbol_has_no_value():
    """Each number that needs a symbol without a value is null, the others are given."""
    source = "model m(d, n=3):\n    Input(shape=(d,))\n    Dense(n)\n"
    result = run("summary", "-", "--format", "json", stdin=source)
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)["models"][0]
    assert model["symbols"] == {"d": None, "n": 3}
    assert model["layers"][0]["value"] == {"output_shape": [3], "params": None,
                                           "trainable": None, "non_trainable": 0}
    assert model["total"]["value"] == {"params": None, "trainable": None, "non_trainable": 0}
    assert model["total"]["params"] == "n*(d + 1)" and model["total"]["needs"] == ["d"]


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        pytest.param(["summary", SEED, "--set", "zz=3"], None, "no model declares", id="set"),
        pytest.param(["summary", SEED, "--set", "h=x"], None, "NAME=VALUE", id="set-syntax"),
        pytest.param(["summary", SEED, "--model", "rnm"], None, "did you mean 'rnn'",
                     id="model"),
        pytest.param(["summary", SEED, "--set", "H=5"], None,
                     "conv2d needs input height >= 7, got 5", id="invalid-values"),
        pytest.param(["summary", "-"], "model m(n=3):\n    Dens(n)\n", "did you mean 'Dense'",
                     id="unknown-layer"),
        pytest.param(["summary", "/nonexistent/x.sp"], None, "No such file", id="no-file"),
    ],
)
def test_errors_exit_nonzero_without_traceback(args, stdin, needle):
    result = run(*args, stdin=stdin)
    assert result.returncode != 0
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_debug_shows_the_traceback():
    result = run("--debug", "summary", "-", stdin="model m(n=3):\n    Dens(n)\n")
    assert result.returncode != 0 and "Traceback" in result.stderr
