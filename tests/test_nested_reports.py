"""A block's inner layers appear in every report, one level deeper than the block: indented in
text and Markdown, grouped and indented rows in LaTeX, nested ``"layers"`` in JSON; their
counts add up to the block's."""

from __future__ import annotations

import json
import re

import pytest

from symparams import parse
from symparams.render.jsonout import summary_json
from symparams.render.latex import latex_table
from symparams.render.markdown import summary_markdown
from symparams.render.text import summary_text

SOURCE = """\
block Pair(d)(x):
    Dense(d)(x)
    Dense(d)

model m(d=8, L=3):
    Input(shape=(d,))
    Pair(d) * L
    Dense(2)
"""

MODEL = parse(SOURCE)["m"]


def _text() -> list[tuple[int, str]]:
    rows = re.findall(r"^( *)(\w+) \(", summary_text(MODEL, MODEL.values), re.M)
    return [(len(indent) // 2, name) for indent, name in rows if name != "Layer"]


def _explain() -> list[tuple[int, str]]:
    from symparams.render import shown_depth
    from symparams.render.explain import explain_text
    from symparams.report.derivation import derive

    text = explain_text(derive(MODEL), shown_depth())
    return [(len(indent) // 4, name) for indent, name in re.findall(r"^( *)(\w+) \(", text, re.M)]


def _markdown() -> list[tuple[int, str]]:
    rows = re.findall(r"^\| ((?:&emsp;)*)`(\w+)`", summary_markdown(MODEL, MODEL.values), re.M)
    return [(indent.count("&emsp;"), name) for indent, name in rows]


def _latex() -> list[tuple[int, str]]:
    rows = re.findall(r"^(?:\\hspace\*\{([\d.]+)em\})?\\texttt\{([\w\\]+)\}",
                      latex_table(MODEL, MODEL.values), re.M)
    return [(round(2 * float(depth or 0)), name.replace("\\", "")) for depth, name in rows]


def _json() -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []

    def walk(layers, depth):
        for layer in layers:
            out.append((depth, layer["name"]))
            walk(layer.get("layers", []), depth + 1)

    walk(json.loads(summary_json([(MODEL, MODEL.values)]))["models"][0]["layers"], 0)
    return out


EXPECTED = [(0, "repeat"), (1, "pair"), (2, "dense"), (2, "dense_1"), (0, "dense_2")]


@pytest.mark.parametrize("rows", [
    pytest.param(_text, id="text"),
    pytest.param(_markdown, id="markdown"),
    pytest.param(_latex, id="latex"),
    pytest.param(_json, id="json"),
    pytest.param(_explain, id="explain"),
])
def test_inner_layers_follow_their_block_one_level_deeper(rows) -> None:
    assert rows() == EXPECTED


def test_inner_counts_add_up_to_the_block_and_are_marked_as_included() -> None:
    repeat = MODEL.layers[0]
    (pair,) = repeat.layers
    assert repeat.params == MODEL.symbols["L"] * pair.params
    assert pair.params == sum(layer.params for layer in pair.layers)
    table = latex_table(MODEL, MODEL.values)
    assert r"\mathit{72}" in table and "Indented rows" in table
    markdown = summary_markdown(MODEL, MODEL.values)
    assert "| *72* |" in markdown and "Indented rows" in markdown


@pytest.mark.parametrize(("depth", "expected"), [
    pytest.param(0, [(0, "repeat"), (0, "dense_2")], id="blocks-only"),
    pytest.param(1, [(0, "repeat"), (1, "pair"), (0, "dense_2")], id="one-level"),
    pytest.param(None, EXPECTED, id="all"),
])
@pytest.mark.parametrize("rows", [
    pytest.param(_text, id="text"),
    pytest.param(_markdown, id="markdown"),
    pytest.param(_latex, id="latex"),
    pytest.param(_explain, id="explain"),
])
def test_display_depth_limits_the_inner_rows(rows, depth, expected) -> None:
    from symparams.render import display_depth

    with display_depth(depth):
        assert rows() == expected


@pytest.mark.parametrize(("args", "code", "needle"), [
    pytest.param(["summary", "--depth", "0"], 0, "dense_2", id="summary"),
    pytest.param(["latex", "--depth", "1"], 0, "pair", id="latex"),
    pytest.param(["summary", "--depth", "-1"], 2, "expected 0 or a positive", id="negative"),
    pytest.param(["summary", "--depth", "x"], 2, "expected 0 or a positive", id="not-a-number"),
])
def test_depth_option(args, code, needle, tmp_path, capsys) -> None:
    from symparams.cli import main

    path = tmp_path / "m.sp"
    path.write_text(SOURCE, encoding="utf-8")
    try:
        status = main([*args[:1], str(path), *args[1:]])
    except SystemExit as exit_:
        status = exit_.code
    captured = capsys.readouterr()
    assert status == code
    assert needle in captured.out + captured.err
    if args[:3] == ["summary", "--depth", "0"]:
        assert "(Dense)" not in captured.out.split("dense_2")[0]


def test_a_repetition_count_that_is_a_sum_is_bracketed() -> None:
    from symparams.render.explain import explain_text
    from symparams.report.derivation import derive

    model = parse(SOURCE.replace("Pair(d) * L", "Pair(d) * (L - 1)"))["m"]
    assert "Repeat × (L - 1)" in summary_text(model, model.values)
    assert "Repeat × (L − 1)" in explain_text(derive(model))
    assert r"Repeat × $\left(L - 1\right)$" in summary_markdown(model, model.values)
    assert r"Repeat $\times$ $\left(L - 1\right)$" in latex_table(model, model.values)


@pytest.mark.parametrize("text", [
    pytest.param("\u00b2", id="superscript-two"),
    pytest.param("\uff10", id="full-width-zero"),
])
def test_depth_takes_ascii_digits_only(text, tmp_path, capsys) -> None:
    from symparams.cli import main

    path = tmp_path / "m.sp"
    path.write_text(SOURCE, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["summary", str(path), "--depth", text])
    assert exit_.value.code == 2
    assert "expected 0 or a positive whole number" in capsys.readouterr().err
