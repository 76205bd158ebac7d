"""``symparams explain`` and the derivations behind it (shared with ``latex --derivation``).

Expected lines use the seed notebook's own figures (320000, 720, 1890, 31)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sympy import Integer

import symparams
from symparams import parse_file
from symparams.render.explain import explain_text
from symparams.report.derivation import derive

from .conftest import EXAMPLES
from .test_latex_golden import run_cli

SEED = parse_file(EXAMPLES / "seed.sp")


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        pytest.param(["-m", "rnn"], "embedding (Embedding): E·V = 32·10,000 = 320,000 parameters",
                     id="embedding"),
        pytest.param(["-m", "rnn"],
                     "simple_rnn (SimpleRNN): h·(E + h) + h = 15·(32 + 15) + 15 = 720 parameters",
                     id="simple-rnn"),
        pytest.param(["-m", "rnn", "--set", "h=30"],
                     "simple_rnn (SimpleRNN): h·(E + h) + h = 30·(32 + 30) + 30 = 1,890 parameters",
                     id="notes-30-units"),
        pytest.param(["-m", "rnn", "--set", "h=30"],
                     "dense (Dense): h + 1 = 30 + 1 = 31 parameters", id="notes-dense"),
        pytest.param(["-m", "rnn"], "    = 320,000 + 720 + 16 = 320,736", id="rnn-total"),
        pytest.param(["-m", "mlp"], "    = 23,550 + 310 + 33 = 23,893", id="mlp-total"),
        pytest.param(["-m", "cnn"], "= 3·(99·24·24 + 1) = 171,075 parameters", id="floors-worked"),
        pytest.param(["-m", "cnn"], "max_pooling2d (MaxPooling2D): 0 parameters", id="no-params"),
    ],
)
def test_explain_lines(argv, line, monkeypatch) -> None:
    text = run_cli(["explain", "examples/seed.sp", *argv], monkeypatch)
    assert line in text, text


def test_without_values_only_formulas() -> None:
    model = SEED["rnn"]
    text = explain_text(derive(model, {name: None for name in model.symbols}))
    assert "simple_rnn (SimpleRNN): h·(E + h) + h parameters" in text
    assert "Total params: E·V + h·(E + h) + 2·h + 1" in text


values = st.integers(min_value=1, max_value=60)


@given(h=values, w=values, u=values, v=values, n=values, H=st.integers(8, 80),
       k=st.integers(1, 7), f=values, E=values, T=values)
def test_every_stage_equals_the_result(h, w, u, v, n, H, k, f, E, T) -> None:
    """Each printed stage, read back with its values, is the layer's exact count."""
    settings = {"mlp": dict(h=h, w=w, u=u, v=v, n=n),
                "cnn": dict(H=H, W=H + 1, C=1, f=f, k=k, n=n),
                "rnn": dict(V=1000, E=E, T=T, h=h)}
    for name, vals in settings.items():
        d = derive(SEED[name], vals)
        for step in d.steps:
            for expr, stage_values in step.stages()[1:]:
                subs = {sym: Integer(val) for sym, val in stage_values.items()}
                assert expr.xreplace(subs) == step.value
        assert sum(step.value for step in d.steps) == d.total


def test_a_layer_that_needs_only_known_symbols_is_worked_out():
    """One symbol without a value (``u``) leaves only the layers that need it as formulas;
    the others are worked out, as a summary shows them."""
    model = symparams.parse("model m(d=4, u):\n    Input(shape=(d,))\n    Dense(8)\n"
                            "    Dense(u)\n")["m"]
    text = explain_text(derive(model))
    assert "dense (Dense): 8·(d + 1) = 8·(4 + 1) = 40 parameters" in text
    assert "dense_1 (Dense): u·(8 + 1) parameters" in text


@pytest.mark.parametrize(("source", "said", "times"), [
    ("    Dense(3, trainable=False)\n", "frozen (trainable=False): all of it non-trainable", 1),
    ("    B(3, trainable=False)\n    Dense(2)\n",
     "sum of its 2 layers; frozen (trainable=False): all of it non-trainable", 1),
    ("    B(3)\n    ReLU(trainable=False)\n", "trainable=False", 0),  # no weights to freeze
])
def test_frozen_is_said_once_of_the_outermost(source, said, times) -> None:
    text = ("block B(u):\n    Dense(u)\n    Dense(u)\n\nmodel m():\n    Input(shape=(4,))\n"
            + source)
    model = symparams.parse(text)["m"]
    out = explain_text(derive(model, model.values), depth=None)
    assert (said in out) == (times > 0) and out.count("frozen") == times, out
