"""``check`` statements and the ``check`` command: claims decided at values, failures with
both numbers, the formula and a value that holds; other commands warn and still print."""

from __future__ import annotations

import contextlib
import io

import pytest

import symparams
from symparams.algebra.checks import CheckFailedError, claim, run_checks
from symparams.cli.main import main

from .conftest import ROOT

HEAD = """model rnn(V=10000, E=32, T=600, h=15):
    Input(shape=(T,))
    Embedding(V, E)
    SimpleRNN(h)
    Dense(1)
"""
NOTES = str(ROOT / "docs" / "examples" / "seed_notes.sp")


def _results(lines: str, values=None):
    return run_checks(symparams.parse(HEAD + lines, "notes.sp")["rnn"], values)


# check lines -> each claim's (holds, actual) at the header values (h = 15)
DECIDED = [
    ("    check simple_rnn.params == 1890\n", [(False, 720)]),
    ("    check simple_rnn.params == 720, dense.params == 16\n", [(True, 720), (True, 16)]),
    ("    check params <= 10**6, params > 320736, params >= 320736\n",
     [(True, 320736), (False, 320736), (True, 320736)]),
    ("    check simple_rnn.trainable != 0, simple_rnn.non_trainable == 0\n",
     [(True, 720), (True, 0)]),
    ("    check dense.params == h + 1\n", [(True, 16)]),
    ("    check embedding.params == E*V, dense.params < h\n", [(True, 320000), (False, 16)]),
    ("    check activations == T*E + h + 1\n", [(True, 600 * 32 + 15 + 1)]),
    ("    check embedding.macs == 0, dense.macs == h\n", [(True, 0), (True, 15)]),
]


@pytest.mark.parametrize("lines, expected", DECIDED, ids=[d[0].strip() for d in DECIDED])
def test_claims_are_decided_at_the_values(lines, expected):
    assert [(r.holds, r.actual) for r in _results(lines)] == expected


def test_the_same_formula_holds_everywhere():
    [result] = _results("    check simple_rnn.params == h*(E + h + 1)\n")
    assert result.always and result.status() == "ok: simple_rnn.params == h*(E + h + 1) " \
        "(the same formula)"


def test_the_seed_notes():
    [result] = _results("    check simple_rnn.params == 1890\n")
    err = result.error()
    assert isinstance(err, CheckFailedError) and isinstance(err, AssertionError)
    assert err.message == ("check failed: simple_rnn has h*(E + h) + h = 720 parameters at "
                           "E=32, h=15, not 1,890")
    assert err.hint.startswith("h = 30 gives 1,890 (--set h=30)")  # the smallest change first
    assert (err.line, err.column, err.layer) == (6, 11, "simple_rnn")
    assert [r.holds for r in _results("    check simple_rnn.params == 1890\n", {"h": 30})] \
        == [True]


def test_a_budget_suggests_the_largest_value():
    [result] = _results("    check simple_rnn.params <= 700\n")
    assert result.holds is False
    assert "h = 14 is the largest that keeps it (--set h=14)" in result.error().hint


def test_a_symbol_without_value_leaves_the_claim_open():
    model = symparams.parse("model m(d, u=3):\n    Input(shape=(d,))\n    Dense(u)\n"
                            "    check params == 12\n")["m"]
    [result] = run_checks(model)
    assert result.holds is None and result.status() == \
        "not checked: params == 12 (needs a value for d)"
    assert [r.holds for r in run_checks(model, {"d": 3})] == [True]


def test_claims_from_python():
    model = symparams.parse(HEAD)["rnn"]
    assert [r.holds for r in run_checks(model, {}, [claim("params", "==", 720, "simple_rnn"),
                                                    claim("flops", ">=", 1, "dense")])] \
        == [True, True]


# a mistake in a check line -> (error class, message, line:column)
MISTAKES = [
    ("    check simple_rn.params == 1\n", symparams.UndeclaredSymbolError,
     "model 'rnn' has no layer 'simple_rn' to check", "6:11"),
    ("    check simple_rnn.parms == 1\n", symparams.DSLSyntaxError,
     "'parms' is not a count a check knows", "6:11"),
    ("    check simple_rnn.params\n", symparams.DSLSyntaxError,
     "'check' takes comparisons of a count", "6:11"),
    ("    check 1890 == simple_rnn.params\n", symparams.DSLSyntaxError,
     "the left side of a check names a count", "6:11"),
    ("    check params == q\n", symparams.UndeclaredSymbolError, "q", "6:21"),
    ("    check params == 1.5\n", symparams.ArgumentError, "", "6:"),
    ("    repeat 2:\n        Dense(1)\n        check params == 1\n", symparams.DeclarationError,
     "'check' belongs in a model", "8:9"),
]


@pytest.mark.parametrize("lines, cls, message, where", MISTAKES, ids=[m[0].strip()[:30]
                                                                    for m in MISTAKES])
def test_mistakes_are_located(lines, cls, message, where):
    with pytest.raises(cls) as info:
        symparams.parse(HEAD + lines, "notes.sp")
    assert message in info.value.message
    assert f"{info.value.line}:{info.value.column}".startswith(where)


def test_a_layer_name_has_a_did_you_mean():
    with pytest.raises(symparams.UndeclaredSymbolError) as info:
        symparams.parse(HEAD + "    check simple_rn.params == 1\n")
    assert info.value.hint == "did you mean 'simple_rnn'?"


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_check_command_fails_on_the_notes():
    code, out, err = _cli("check", NOTES)
    assert code == 1
    assert out.splitlines() == [
        "rnn: failed: simple_rnn.params == 1890 (720)",
        "rnn: failed: dense.params == 31 (16)",
        "rnn: ok: embedding.params == 320000 (320,000)",
        "rnn: ok: params <= 400000 (320,736)",
    ]
    assert err.count("error: check failed") == 2 and "hint: h = 30 gives 31" in err


def test_other_commands_warn_and_still_print():
    code, out, err = _cli("summary", NOTES)
    assert code == 0 and "simple_rnn (SimpleRNN)" in out
    assert "warning: check failed: simple_rnn has h*(E + h) + h = 720 parameters" in err
    code, out, err = _cli("summary", NOTES, "--set", "h=30")
    assert code == 0 and "check failed" not in err


@pytest.mark.parametrize("argv, code, text", [
    (["--layer", "simple_rnn", "--params", "1890", "--set", "h=30"], 0,
     "rnn: ok: simple_rnn.params == 1890 (1,890)"),
    (["--layer", "simple_rnn", "--trainable", "1890"], 1, "not 1,890"),
    (["--layer", "simple_rnn"], 1, "--layer names the layer of the claims, but no claim"),
    (["--layer", "nope", "--params", "1"], 1, "model 'rnn' has no layer 'nope'"),
    (["--macs", "1"], 1, "rnn: failed: macs == 1 (432,000)"),
], ids=["holds", "fails", "no-claim", "no-layer", "macs"])
def test_check_command_claims(argv, code, text):
    got, out, err = _cli("check", NOTES, *argv)
    assert got == code
    assert text in out + err


def test_check_command_unknown_cost_is_an_error():
    no_cost = str(ROOT / "docs" / "examples" / "no_cost.sp")
    got, out, err = _cli("check", no_cost, "--macs", "1")
    assert got == 1
    assert ("the MACs of up_sampling2d (UpSampling2D) are unknown") in out + err


def test_checks_are_not_needed():
    code, out, _ = _cli("check", str(ROOT / "examples" / "seed.sp"))
    assert code == 0 and out == f"no checks in {ROOT / 'examples' / 'seed.sp'}: nothing to do\n"


def test_json_with_a_rational_symbol(tmp_path):
    import json

    path = tmp_path / "rational.sp"
    path.write_text("model m(d=64, alpha=3/4):\n    Input(shape=(d,))\n"
                    "    Dense(int(alpha * d))\n    check params == 3120\n", encoding="utf-8")
    code, out, _ = _cli("check", str(path), "--format", "json")
    [record] = json.loads(out)["checks"]
    assert code == 0 and record["values"] == {"d": 64, "alpha": "3/4"} and record["holds"]


def test_a_later_call_of_a_shared_layer_can_be_checked():
    """``dense[1]`` is the row of a shared layer's second call: its compute, no weights."""
    model = symparams.parse("model t(n=4):\n    a = Input(shape=(n,))\n"
                            "    b = Input(shape=(n,))\n    s = Dense(n)\n    x = s(a)\n"
                            "    y = s(b)\n    Add()(x, y)\n"
                            "    check dense.params == 20, dense[1].macs == n*n, "
                            "dense[1].params == 1\n")["t"]
    assert [(r.holds, r.actual) for r in run_checks(model)] == \
        [(True, 20), (True, 16), (False, 0)]
