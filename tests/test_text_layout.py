"""The text summary's layout: cells wrap inside their columns, a block's layers are indented
under it, and an integer count is printed once, grouped as Keras does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from symparams import parse, parse_file
from symparams.render.text import brackets, summary_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("name", [pytest.param(path.stem, id=path.stem)
                                  for path in sorted(EXAMPLES.glob("*.sp"))])
def test_lines_fit_in_100_columns(name: str) -> None:
    for model in parse_file(EXAMPLES / f"{name}.sp"):
        lines = summary_text(model, model.values).splitlines()
        assert max(len(line) for line in lines) <= 100, "\n".join(
            line for line in lines if len(line) > 100)


def test_block_rows_are_indented_and_integers_grouped() -> None:
    source = (
        "block Pair(d)(x):\n    Dense(d)(x)\n    Dense(d)\n"
        "model m():\n    Input(shape=(100,))\n    Pair(100)\n"
    )
    model = parse(source)["m"]
    text = summary_text(model, model.values)
    rows = [line for line in text.splitlines() if "(Dense)" in line or "(Pair)" in line]
    assert [row[: len(row) - len(row.lstrip())] for row in rows] == ["", "  ", "  "]
    assert "20,200" in rows[0] and "= 20,200" not in text  # printed once, grouped
    assert "10,100" in rows[1]


def test_a_long_formula_wraps_between_top_level_terms() -> None:
    model = parse_file(EXAMPLES / "gpt.sp")["gpt"]
    text = summary_text(model, model.values)
    continued = [line.strip() for line in text.splitlines() if line.lstrip().startswith("+ ")]
    assert continued, text
    # Each continued line starts a whole term: its brackets balance within the formula.
    for line in continued:
        assert line.count("(") >= line.count(")") - 1


LONG = """model m(d=8, a_long_symbol_name=3, another_long_symbol_name=5, yet_another_symbol=7):
    Input(shape=(a_long_symbol_name, another_long_symbol_name, yet_another_symbol))
    Dense(a_long_symbol_name*another_long_symbol_name + yet_another_symbol*d - 2)
    Dense(d, name="encoder_layer_number_one_with_dropout_and_a_long_name")
"""


def test_long_names_and_shapes_stay_in_their_columns() -> None:
    model = parse(LONG)["m"]
    lines = summary_text(model, model.values).splitlines()
    # A name too long for its column has a line of its own; the other cells stay aligned.
    index = next(i for i, line in enumerate(lines) if line.startswith("encoder_layer"))
    assert lines[index].strip() == "encoder_layer_number_one_with_dropout_and_a_long_name"
    header = next(line for line in lines if line.startswith("Layer (type)"))
    shape_column = header.index("Output shape")
    assert lines[index + 1][shape_column] == "("
    assert max(len(line) for line in lines) <= 100


def bracket_depths_per_character(text: str) -> tuple[list[int], list[int]]:
    """The reference for :func:`brackets`: each character looked at in turn."""
    depths, opened, inside, closes, depth = [], [], [], {}, 0
    for index, ch in enumerate(text):
        depths.append(depth)
        inside.append(opened[-1] if opened else -1)
        if ch in "(⌊⌈":
            opened.append(index)
            depth += 1
        elif ch in ")⌋⌉" and opened:
            closes[opened.pop()] = index
            depth -= 1
    return depths, [len(text) if start < 0 else closes.get(start, len(text)) - start + 1
                    for start in inside]


#: Texts with their brackets' depths and sizes: floors, unbalanced and empty texts.
BRACKET_CASES = [
    ("", [], []),
    ("a(b)c", [0, 0, 1, 1, 0], [5, 5, 3, 3, 5]),  # "(" outside its bracket, ")" inside
    ("⌊x⌋)", [0, 1, 1, 0], [4, 3, 3, 4]),  # a close without an open is no bracket
    ("((a", [0, 1, 2], [3, 4, 3]),  # an open never closed reaches the end
]


@pytest.mark.parametrize(("text", "depths", "sizes"), BRACKET_CASES)
def test_bracket_cases(text: str, depths: list[int], sizes: list[int]) -> None:
    assert brackets(text) == (depths, sizes) == bracket_depths_per_character(text)


def test_brackets_as_per_character() -> None:
    rng = random.Random(0)
    for _ in range(3000):
        text = "".join(rng.choice("ab +*,()⌊⌋⌈⌉") for _ in range(rng.randint(0, 60)))
        assert brackets(text) == bracket_depths_per_character(text), text
