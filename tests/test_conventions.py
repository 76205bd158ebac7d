"""One set of conventions for every non-LaTeX output (issue 15, item 3; docs/conventions.md),
and compute counts wherever the parameter count goes (issue 14): digit grouping, tuples,
``explain`` as mathematics within 100 columns, the same columns for every model, ``?`` for
an unknown count, and the compute columns' values equal to the engine's own evaluation."""

from __future__ import annotations

import json
import re

import pytest

from symparams import parse, parse_file
from symparams.notebook.display import html, latex
from symparams.render.columns import SummaryOptions
from symparams.render.explain import explain_text
from symparams.render.html import model_html
from symparams.render.jsonout import summary_dict
from symparams.render.markdown import summary_markdown
from symparams.render.text import summary_text
from symparams.report.derivation import derive

from .conftest import EXAMPLES, ROOT
from .test_latex_golden import run_cli

SEED = parse_file(EXAMPLES / "seed.sp")
GPT = parse_file(EXAMPLES / "gpt.sp")
COMPUTE = ("macs", "flops", "activations")


#: The four largest networks take 2 to 7 s each to explain; the others cover every layer
#: family, blocks, repeats (growing ones too) and long formulas between them.
SLOW = {"efficientnet.sp", "inceptionv3.sp", "mobilenetv2.sp", "densenet.sp"}


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.sp")
                                        if p.name not in SLOW))
def test_explain_is_mathematics_within_100_columns(name: str) -> None:
    for model in parse_file(EXAMPLES / name):
        text = explain_text(derive(model))
        for line in text.splitlines():
            assert len(line) <= 100, line
            if line.startswith(("Model ", "Input", "Inputs")):
                continue
            assert "**" not in line and "//" not in line and "*" not in line, line
        assert "sum of its 1 layer" not in text


@pytest.mark.parametrize(("model", "line"), [
    pytest.param("cnn", "conv2d (Conv2D): f·(C·k² + 1) = 99·(1·7² + 1) = 4,950 parameters",
                 id="power-and-grouping"),
    pytest.param("cnn", "    output shape (⌊(H − k + 1)/2⌋, ⌊(W − k + 1)/2⌋, f) = (24, 24, 99)",
                 id="floors"),
    pytest.param("cnn", "    = 3·(99·⌊(55 − 7 + 1)/2⌋·⌊(55 − 7 + 1)/2⌋ + 1) = 3·(99·24·24 + 1) "
                 "= 171,075 parameters", id="continued-at-equals"),
    pytest.param("mlp", "    output shape (h·w,) = (784,)", id="one-tuple"),
    pytest.param("mlp", "Trainable: 23,893; non-trainable: 0", id="split"),
])
def test_explain_lines(model: str, line: str) -> None:
    assert line in explain_text(derive(SEED[model])).splitlines()


def test_the_pooling_gloss_does_not_reuse_a_model_symbol() -> None:
    text = explain_text(derive(SEED["cnn"]))  # n is the CNN's class count
    gloss = next(line for line in text.splitlines() if "valid:" in line)
    assert not re.search(r"\bn\b", gloss), gloss


def test_a_one_layer_block_is_said_in_the_singular() -> None:
    # (a block used twice would be derived once in its own parameters instead)
    model = parse("block B(d)(x):\n    Dense(d)(x)\n"
                  "model m(d=4):\n    Input(shape=(d,))\n    B(d)\n    Dense(d) * 2\n")["m"]
    text = explain_text(derive(model))
    assert "its one layer's count" in text and "2 × (its one layer)" in text, text


@pytest.mark.parametrize("render", [
    pytest.param(lambda m: summary_text(m, m.values), id="text"),
    pytest.param(lambda m: summary_markdown(m, m.values), id="markdown"),
    pytest.param(lambda m: model_html(m, m.values), id="html"),
    pytest.param(lambda m: explain_text(derive(m)), id="explain"),
])
def test_every_output_groups_counts_and_writes_tuples_as_python(render) -> None:
    cnn, mlp = render(SEED["cnn"]), render(SEED["mlp"])
    assert "171,075" in cnn and "171075" not in cnn
    assert "4,950" in cnn and "4950" not in cnn
    assert "(784,)" in mlp and "(784)" not in mlp
    assert "(57024,)" in cnn  # a shape's sizes are never grouped


@pytest.mark.parametrize("render", [
    pytest.param(summary_markdown, id="markdown"),
    pytest.param(model_html, id="html"),
])
def test_the_same_columns_for_every_model(render) -> None:
    """The Trainable row has its formula whether or not it equals the total; a count that is
    a number is written once (no "0 | 0")."""
    for model in (SEED["mlp"], parse_file(EXAMPLES / "resnet50.sp")["resnet50"]):
        out = render(model, model.values)
        rows = [r for r in re.split(r"\n|</tr>", out) if "Trainable" in r and "Non" not in r]
        assert rows and ("$" in rows[0] or r"\(" in rows[0]), rows
        split = [r for r in re.split(r"\n|</tr>", out) if "Non-trainable" in r][0]
        assert "$0$" not in split and r"\(0\)" not in split, split


def test_html_shows_nested_rows_repeats_and_keeps_the_value_column_in_view() -> None:
    page = html(GPT["gpt_kaplan"])
    assert "kaplan_block" in page and "padding-left:1.5em" in page
    assert "× \\(n_{\\mathrm{layer}}\\)" in page
    assert "overflow-x:auto" in page and "position:sticky;right:0" in page
    assert "Indented rows are the layers inside the block" in page


def test_a_layer_in_the_notebook_has_no_texttt() -> None:
    shown = latex(SEED["rnn"].layers[1])
    assert r"\mathtt{simple\_rnn}" in shown and r"\texttt" not in shown


# --- compute counts (issue 14) ---------------------------------------------------------

def test_summary_compute_columns_are_opt_in(monkeypatch) -> None:
    plain = run_cli(["summary", "examples/seed.sp", "-m", "cnn"], monkeypatch)
    assert "MACs" not in plain
    wide = run_cli(["summary", "examples/seed.sp", "-m", "cnn", "--columns",
                    "macs,flops,activations"], monkeypatch)
    assert "MACs" in wide and "FLOPs" in wide and "Activations" in wide
    assert "Total MACs: C*f*k**2*(H - k + 1)*(W - k + 1)" in wide


@pytest.mark.parametrize(("name", "model"), [
    pytest.param("seed.sp", "cnn", id="seed-cnn"),
    pytest.param("seed.sp", "mlp", id="seed-mlp"),
    pytest.param("lenet5.sp", "lenet5", id="lenet5"),
    pytest.param("gpt.sp", "gpt_kaplan", id="gpt"),
])
def test_json_compute_keys_equal_the_engine_s_evaluation(name: str, model: str) -> None:
    m = parse_file(EXAMPLES / name)[model]
    ev = m.evaluate()
    data = summary_dict([(m, m.values)], COMPUTE)["models"][0]
    for entry, values in zip(data["layers"], ev.layers, strict=True):
        for key in COMPUTE:
            expected = values.activations if key == "activations" else values.costs[key]
            got = entry[key]
            assert (got is None) == (expected is None), (entry["name"], key)
            if got is not None:
                assert got["value"] == expected, (entry["name"], key)
    for key in ("macs", "flops"):
        assert data["total"][key]["value"] == ev.costs[key]
    assert data["total"]["activations"]["value"] == ev.activations


def test_json_without_columns_is_unchanged_and_keys_are_additive() -> None:
    m = SEED["cnn"]
    plain = summary_dict([(m, m.values)])["models"][0]
    wide = summary_dict([(m, m.values)], COMPUTE)["models"][0]
    assert "macs" not in plain["layers"][0] and "macs" not in plain["total"]
    for key in plain["layers"][0]:
        assert wide["layers"][0][key] == plain["layers"][0][key]
    assert wide["total"]["macs"] == {
        "formula": "C*f*k**2*(H - k + 1)*(W - k + 1) + f*n*floor((H - k + 1)/2)*"
                   "floor((W - k + 1)/2)", "value": 11818323}


@pytest.mark.parametrize("render", [
    pytest.param(lambda m, o: summary_text(m, m.values, o), id="text"),
    pytest.param(lambda m, o: summary_markdown(m, m.values, o), id="markdown"),
    pytest.param(lambda m, o: json.dumps(summary_dict([(m, m.values)], o.columns)), id="json"),
    pytest.param(lambda m, o: explain_text(derive(m), compute=o.columns), id="explain"),
])
def test_an_unknown_count_is_never_zero(render) -> None:
    clip = parse_file(ROOT / "docs" / "examples" / "no_cost.sp")["clip"]  # MACs unknown
    out = render(clip, SummaryOptions(columns=("macs",)))
    assert "?" in out or "unknown" in out or "null" in out
    assert "Total MACs: 0" not in out
    assert '"macs": {"formula": "0"' not in out.split("up_sampling2d")[-1]


def test_explain_compute_works_each_count_out(monkeypatch) -> None:
    text = run_cli(["explain", "examples/seed.sp", "-m", "cnn", "--compute"], monkeypatch)
    assert ("    MACs: C·f·k²·(H − k + 1)·(W − k + 1) = 1·99·7²·(55 − 7 + 1)·(55 − 7 + 1) "
            "= 11,647,251") in text
    assert "Total MACs: C·f·k²·(H − k + 1)·(W − k + 1) + f·n·⌊(H − k + 1)/2⌋·⌊(W − k + 1)/2⌋" \
        in text
    assert "    = 11,647,251 + 171,072 = 11,818,323" in text
    assert all(len(line) <= 100 for line in text.splitlines())


@pytest.mark.parametrize("argv", [
    pytest.param(["summary", "examples/seed.sp", "--columns", "gflops"], id="summary"),
    pytest.param(["explain", "examples/seed.sp", "--compute", "connected"], id="explain"),
])
def test_an_unknown_column_is_a_usage_error(argv, capsys) -> None:
    from symparams.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "expected one of" in capsys.readouterr().err


def test_a_growing_repetition_s_sum_is_unknown_not_a_formula_in_its_index() -> None:
    model = parse("model g(d=4, n=3, k=2):\n    Input(shape=(d,))\n    repeat n as h, i:\n"
                  "        y = Dense(k)(h)\n        Concatenate()(h, y)\n")["g"]
    text = summary_text(model, model.values, SummaryOptions(columns=("macs",)))
    assert "Total MACs: ? (not known for a growing repetition yet)" in text
    data = summary_dict([(model, model.values)], ("macs",))["models"][0]
    assert data["total"]["macs"] is None and data["layers"][0]["macs"] is None
    assert data["layers"][0]["layers"][0]["macs"]["formula"] == "k*(d + i*k)"


def test_a_tied_layer_says_so_in_the_text_summary(capsys) -> None:
    """GPT's output projection: ``0, tied to token_embedding``, not a bare 0 (as LaTeX,
    Markdown and HTML say it), and no row of values repeating its 0."""
    from symparams.cli import main

    assert main(["summary", str(EXAMPLES / "gpt.sp"), "-m", "gpt"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("dense_2 (Dense)"))
    assert lines[row].endswith("0, tied to token_embedding")
    assert lines[row + 1].strip() == "= (1024, 50257)"
