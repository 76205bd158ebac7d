"""Exact rational values (a width multiplier ``alpha``): ``--set alpha=3/4`` and
``--set alpha=0.75`` read exactly on the command line and in the notebook magic, integers
stay ints, and every output format prints the value exactly (``3/4`` in text and JSON,
``\\frac{3}{4}`` in LaTeX), for a model with a growing repeat. The counts at each value are
checked against Keras in ``tests/test_language_oracle.py``."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

import symparams
from symparams.notebook.magic import symparams_magic
from symparams.syntax.assignments import parse_assignments

SOURCE = """\
model widths(d=64, alpha=3/4, n=3, g=4):
    assume n >= 0
    Input(shape=(d,))
    Dense(floor(d * alpha))
    repeat n as h, i:
        y = Dense(g)(h)
        Concatenate()(h, y)
    Dense(round(alpha * 10))
"""


@pytest.mark.parametrize(("item", "value"), [
    ("d=64", 64),
    ("d = 1_024", 1024),
    ("alpha=3/4", Fraction(3, 4)),
    ("alpha=0.75", Fraction(3, 4)),
    ("alpha=.75", Fraction(3, 4)),
    ("alpha = 7 / 20", Fraction(7, 20)),
    ("alpha=1.40", Fraction(7, 5)),
    ("alpha=6/2", 3),
    ("alpha=2.0", 2),
    ("n=0", 0),
    ("n=-2", -2),
])
def test_values_are_read_exactly(item, value):
    got = parse_assignments([item])
    (only,) = got.values()
    assert only == value and type(only) is type(value)


@pytest.mark.parametrize("item", ["h", "h=x", "=3", "h=1e3", "h=3/0", "h=0x10", "h=3/4/5",
                                  "h=1/2.5", "h=inf", "h=nan"])
def test_bad_values_are_refused(item):
    with pytest.raises(symparams.ValueBindingError, match="NAME=VALUE"):
        parse_assignments([item])


@pytest.mark.parametrize(("values", "message"), [
    ({"d": Fraction(3, 2)}, "value of 'd' must be an integer, got 3/2"),
    ({"alpha": 0.75}, "must be an exact number"),
    ({"alpha": Fraction(-1, 2)}, "'alpha' must be positive"),
    ({"n": -1}, "non-negative integers; got n=-1"),
    ({"d": 0}, "positive integers; got d=0"),
])
def test_the_model_checks_each_value(values, message):
    model = symparams.parse(SOURCE)["widths"]
    with pytest.raises(symparams.ValueBindingError, match=message):
        model.evaluate(values)


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "symparams", *args], capture_output=True,
                          text=True, input=SOURCE, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(("args", "shown"), [
    (["summary", "-"], ["alpha=3/4", "(floor(alpha*d),)", "= (48,)"]),
    (["summary", "-", "--set", "alpha=7/20"], ["alpha=7/20", "= (22,)", "= 1,894"]),
    (["explain", "-", "--set", "alpha=0.35"],  # a growing repeat's row is its copy i = 0
     ["alpha=7/20", "⌊7/20·64⌋", "= 4·(4·0 + 22 + 1) = 92 parameters"]),
    (["summary", "-", "--format", "markdown", "--set", "alpha=1.3"],
     [r"$\alpha = \frac{13}{10}$", "= (83,)"]),
    (["latex", "-", "--derivation", "--set", "alpha=0.35"],
     [r"\left\lfloor{\frac{7}{20} \cdot 64}\right\rfloor"]),
    (["latex", "-", "--standalone", "--set", "alpha=3/4"], [r"\alpha = \frac{3}{4}"]),
])
def test_every_format_prints_the_value_exactly(args, shown):
    out = _run(*args)
    for text in shown:
        assert text in out, text
    assert "0.75" not in out and "0.35" not in out


def test_decimal_and_fraction_give_the_same_bytes():
    assert _run("summary", "-", "--set", "alpha=0.75") == _run("summary", "-") == \
        _run("summary", "-", "--set", "alpha=3/4")


def test_json_gives_a_rational_value_as_its_exact_text():
    data = json.loads(_run("summary", "-", "--format", "json", "--set", "alpha=0.35",
                           "--set", "n=0"))
    model = data["models"][0]
    assert model["symbols"] == {"d": 64, "alpha": "7/20", "n": 0, "g": 4}
    assert model["total"]["value"]["params"] == 65 * 22 + 23 * 4


def test_the_notebook_magic_takes_fractions_and_decimals():
    namespace: dict = {}
    symparams_magic("doc --set alpha=0.35", SOURCE, namespace)
    model = namespace["doc"]["widths"]
    assert model.evaluate(alpha=Fraction(7, 20)).params == 65 * 22 + 324 + 140
    shown = symparams_magic("--set alpha=7/20 --set n=0", SOURCE, {})
    assert shown is not None
