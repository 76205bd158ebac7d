"""A growing repetition's inner rows in a derivation: the numbers are those of its first
copy, and the row says so (``at i = 0``) and puts 0 for the index, so no row reads
``4 g i + 256 = 4*32*i + 256 = 256`` (an equation true only at i = 0, with i silently 0)."""

from __future__ import annotations

import pytest

import symparams
from symparams.render.explain import explain_text
from symparams.render.latex import latex_derivation
from symparams.report.derivation import derive, nested_steps

from .conftest import EXAMPLES

GROWING = """model g(d=4, n=3, k=2):
    Input(shape=(d,))
    repeat n as h, i:
        y = Dense(k)(h)
        Concatenate()(h, y)
"""


@pytest.fixture(scope="module")
def model():
    return symparams.parse(GROWING)["g"]


@pytest.mark.parametrize(
    ("render", "row"),
    [
        pytest.param(lambda m: explain_text(derive(m)),
                     "dense (Dense, at i = 0): k·(d + i·k + 1) = 2·(4 + 0·2 + 1) = 10 parameters",
                     id="explain"),
        pytest.param(lambda m: latex_derivation(m),
                     r"\text{\quad Dense, at $i = 0$:}\quad & k \left(d + i k + 1\right) &{}= "
                     r"2 \cdot \left(4 + 0 \cdot 2 + 1\right) = 10",
                     id="latex"),
    ],
)
def test_an_inner_row_names_its_copy_and_puts_its_index(model, render, row):
    assert row in render(model)


@pytest.mark.parametrize("source", [GROWING, EXAMPLES / "densenet.sp"], ids=["small", "densenet"])
def test_no_substituted_stage_keeps_the_index(source):
    """Every stage after the formula has a value for each of its symbols, the index too."""
    doc = symparams.parse(source) if isinstance(source, str) else symparams.parse_file(source)
    model = next(iter(doc))
    steps = nested_steps(derive(model))
    assert any(step.at_copy for _, step in steps)
    for _, step in steps:
        for expr, values in step.stages()[1:]:
            assert expr.free_symbols <= set(values), (step.layer.name, expr)
