"""solve, sweep and compare on any count (``--count macs|flops|...``, ``--layer``), checked
against the engine's own values (``Model.evaluate``'s costs, which tests/test_compute_xla.py
checks against XLA)."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

import symparams
from symparams.algebra.compare import compare
from symparams.algebra.quantities import UnknownCountError, count_expr, count_value
from symparams.algebra.solve import largest, values_equal
from symparams.algebra.sweep import sweep
from symparams.cli.main import main

from .conftest import ROOT

SEED = str(ROOT / "examples" / "seed.sp")
#: no_cost.sp's UpSampling2D(interpolation="bilinear"): a cost symparams does not derive
#: (every layer type a model accepts has a cost rule)
UNKNOWN_TYPE = "UpSampling2D"
UNKNOWN = "up_sampling2d"
NO_COST = str(ROOT / "docs" / "examples" / "no_cost.sp")
CLIP = symparams.parse_file(NO_COST)["clip"]
DOC = symparams.parse_file(SEED)
CNN, MLP, RNN = DOC["cnn"], DOC["mlp"], DOC["rnn"]


def _evaluated(model, quantity, values, layer=None) -> int:
    """The count by plain evaluation, without :mod:`symparams.algebra.quantities`."""
    e = model.evaluate(values)
    if layer is not None:
        e = next(item for item in e.layers if item.name == layer)
    if quantity in ("params", "trainable", "non_trainable", "activations"):
        return getattr(e, quantity)
    return e.costs[quantity]


# (model, symbol, quantity, layer, scan range): solve's answers equal a brute-force scan
SOLVE_CASES = [
    (CNN, "f", "macs", None, range(1, 60)),
    (CNN, "f", "flops", None, range(1, 60)),
    (CNN, "k", "macs", None, range(1, 40)),
    (CNN, "H", "fvcore", None, range(7, 80)),
    (CNN, "f", "activations", None, range(1, 60)),
    (CNN, "k", "params", "conv2d", range(1, 40)),
    (MLP, "u", "macs", "dense", range(1, 60)),
    (MLP, "u", "flops", None, range(1, 60)),
    (RNN, "h", "params", "simple_rnn", range(1, 60)),
    (RNN, "h", "trainable", "dense", range(1, 60)),
]


@pytest.mark.parametrize("model, name, quantity, layer, scan", SOLVE_CASES,
                         ids=[f"{c[0].name}-{c[1]}-{c[2]}-{c[3]}" for c in SOLVE_CASES])
def test_solve_matches_a_scan_of_evaluated_counts(model, name, quantity, layer, scan):
    counts = {}
    for v in scan:
        with contextlib.suppress(symparams.InvalidValueError):  # the solver skips them too
            counts[v] = _evaluated(model, quantity, {name: v}, layer)
    middle = sorted(counts.values())[len(counts) // 2]
    assert [v for v in values_equal(model, name, middle, quantity=quantity, layer=layer)
            if v in scan] == [v for v, n in counts.items() if n == middle]
    within = [v for v, n in counts.items() if n <= middle]
    found = largest(model, name, middle, quantity=quantity, layer=layer)
    assert found == max(within) or (found > max(scan) and max(within) == max(scan))


def test_the_seed_notes_are_thirty_units():
    assert values_equal(RNN, "h", 1890, layer="simple_rnn") == [30]
    assert values_equal(RNN, "h", 1890) == []  # the total has no such h


def test_unknown_cost_is_an_error_not_zero():
    with pytest.raises(UnknownCountError,
                       match=f"{UNKNOWN} .{UNKNOWN_TYPE}. are unknown: symparams does not derive"):
        count_expr(CLIP, "macs")
    with pytest.raises(UnknownCountError):
        largest(CLIP, "f", 10**6, quantity="flops")
    with pytest.raises(UnknownCountError):
        sweep(CLIP, {"f": [1, 2]}, counts=["macs"])
    h, w, f = (CLIP.symbols[n] for n in "HWf")
    assert count_expr(CLIP, "macs", "dense").equals(12 * h * w * f)  # on (2H, 2W, 3)
    assert count_expr(RNN, "macs", "embedding") == 0  # a known cost of 0 multiplies


@pytest.mark.parametrize("counts", [["macs", "flops", "activations"], ["xla", "fvcore"]])
def test_sweep_columns_are_the_evaluated_counts(counts):
    s = sweep(CNN, {"f": [1, 8, 33], "k": [3, 6]}, counts=counts)
    for row in s.rows():
        values = {"f": row["f"], "k": row["k"]}
        for quantity in counts:
            assert row[quantity] == _evaluated(CNN, quantity, values), (quantity, values)


def test_sweep_slow_path_has_the_counts():
    # the xla count has cases (Piecewise) for sizes of 1: sweep evaluates row by row
    s = sweep(MLP, {"u": [1, 2, 3]}, counts=["xla", "macs"])
    assert [r["xla"] for r in s.rows()] == [_evaluated(MLP, "xla", {"u": u}) for u in (1, 2, 3)]
    assert s.columns()[-3:] == ["xla", "macs", "output_1"]


PAIR = symparams.parse("""
model plain(H=32, f=16, k=3):
    Input(shape=(H, H, 3))
    Conv2D(f, k, padding="same")
    Conv2D(f, k, padding="same")
model separable(H=32, f=16, k=3):
    Input(shape=(H, H, 3))
    SeparableConv2D(f, k, padding="same")
    Conv2D(f, k, padding="same")
""")


@pytest.mark.parametrize("quantity", ["params", "macs", "flops", "activations", "fvcore"])
def test_compare_difference_is_the_counts_difference(quantity):
    a, b = PAIR["plain"], PAIR["separable"]
    result = compare(a, b, quantity=quantity)
    for values in ({}, {"f": 5, "k": 2, "H": 9}):
        assert a.value_of(result.difference, a.bind(values)) == \
            count_value(a, quantity, values) - count_value(b, quantity, values)
    assert result.as_dict().get("count", "params") == quantity


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


# argv -> (exit code, text in stdout or stderr)
CLI_CASES = [
    (["solve", SEED, "-m", "rnn", "--for", "h", "--layer", "simple_rnn", "--params-equal",
      "1890"], 0, "h = 30: exactly 1,890 parameters in simple_rnn"),
    (["solve", SEED, "-m", "cnn", "--for", "f", "--macs-at-most", "30000000"], 0,
     "f = 251: largest with at most 30,000,000 MACs (29,963,627)"),
    (["solve", SEED, "-m", "cnn", "--for", "f", "--count", "flops", "--equal", "14",
      "-f", "json"], 0, '{"symbol": "f", "values": [], "count": "flops"}'),
    (["solve", SEED, "-m", "cnn", "--for", "f", "--params-at-most", "9", "--count", "macs"],
     1, "--params-at-most is a budget of parameters, but --count is macs"),
    (["solve", SEED, "-m", "cnn", "--for", "f", "--macs-equal", "9", "--count", "flops"], 1,
     "--macs-equal is about macs, but --count is flops"),
    (["solve", SEED, "-m", "rnn", "--for", "h", "--layer", "simple_rn", "--params-equal", "9"],
     1, "did you mean 'simple_rnn'?"),
    (["solve", NO_COST, "--for", "f", "--flops-at-most", "9"], 1,
     f"the FLOPs of {UNKNOWN} ({UNKNOWN_TYPE}) are unknown"),
    (["solve", SEED, "-m", "mlp", "--for", "u", "--count", "xla", "--equal", "9"], 1,
     "a formula has cases"),
    (["sweep", SEED, "-m", "cnn", "--vary", "f=8", "-c", "macs", "-f", "csv"], 0,
     "H,W,C,f,k,n,params,trainable,non_trainable,macs,output_1\n55,55,1,8,7,3,"),
    (["compare", SEED, "mlp", "mlp", "--count", "flops"], 0,
     "A - B = 0: the totals are the same formula"),
]


@pytest.mark.parametrize("argv, code, text", CLI_CASES,
                         ids=[" ".join(c[0][2:6]) for c in CLI_CASES])
def test_cli(argv, code, text):
    got, out, err = _cli(*argv)
    assert got == code, err
    assert text in (out if code == 0 else err)


def test_sweep_cli_macs_column_is_the_engines():
    code, out, _ = _cli("sweep", SEED, "-m", "cnn", "--vary", "f=8,9", "-c", "macs", "-f", "json")
    rows = json.loads(out)["rows"]
    assert [r["macs"] for r in rows] == [_evaluated(CNN, "macs", {"f": f}) for f in (8, 9)]


@pytest.mark.parametrize("counts", [[], ["xla", "activations"]], ids=["params", "xla"])
def test_sweep_of_one_layer(counts):
    # xla on a Dense: the slow path (cases for a size of 1); params: the compiled path
    s = sweep(MLP, {"u": [1, 5], "v": [1, 2]}, counts=counts, layer="dense_1")
    for row in s.rows():
        values = {"u": row["u"], "v": row["v"]}
        for quantity in ["params", "trainable", *counts]:
            assert row[quantity] == _evaluated(MLP, quantity, values, "dense_1")
