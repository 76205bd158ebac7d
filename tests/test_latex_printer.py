"""The LaTeX printer's conventions and the escaping of text, without pdflatex."""

from __future__ import annotations

import pytest

from symparams import parse
from symparams.cli.commands.latex import render
from symparams.render.latex import escape_text, latex_table, symbol_latex

SOURCE = '''model t(d_model=512 as "d_{\\\\mathrm{model}}", n_heads=8, alpha=2, Vocab=100):
    Embedding(input_dim=Vocab, output_dim=d_model, input_length=n_heads)
    Dense(alpha*d_model, name="ffn_in#1")
    Dense(d_model, name="50%_&_{out}")
'''

NO_VALUES = "model free(d, u):\n    Input(shape=(d,))\n    Dense(u)\n"


@pytest.mark.parametrize(
    ("name", "latex"),
    [
        pytest.param("h", "h", id="letter"),
        pytest.param("d_model", r"d_{\mathrm{model}}", id="word-subscript"),
        pytest.param("n_1", "n_{1}", id="digit-subscript"),
        pytest.param("d_k", "d_{k}", id="letter-subscript"),
        pytest.param("alpha", r"\alpha", id="greek"),
        pytest.param("Vocab", r"\mathit{Vocab}", id="word"),
    ],
)
def test_symbol_names(name: str, latex: str) -> None:
    assert symbol_latex(name) == latex


def test_header_latex_name_wins() -> None:
    text = render([(m, m.values) for m in parse(SOURCE)], "table")
    assert r"d_{\mathrm{model}}" in text
    assert r"n_{\mathrm{heads}}" in text and r"\mathit{Vocab}" in text and r"\alpha" in text


def test_text_is_escaped() -> None:
    text = render([(m, m.values) for m in parse(SOURCE)], "table")
    assert r"\texttt{ffn\_in\#1}" in text
    assert r"\texttt{50\%\_\&\_\{out\}}" in text
    assert escape_text("a\\b~^") == r"a\textbackslash{}b\textasciitilde{}\textasciicircum{}"


def test_without_values_no_value_column() -> None:
    model = next(iter(parse(NO_VALUES)))
    text = latex_table(model)
    assert r"\begin{tabular}{@{}lll@{}}" in text
    assert render([(model, model.values)], "derivation").count("alignat*") == 2


def test_derivation_substitutes_without_evaluating() -> None:
    model = parse(SOURCE)["t"]
    text = render([(model, model.values)], "derivation")
    # alpha*d_model*(d_model + 1) at alpha=2, d_model=512, grouped digits in the result
    assert r"2 \cdot 512 \cdot \left(512 + 1\right)" in text
    assert "= " + f"{2 * 512 * 513:,}".replace(",", "{,}") in text


def _chain(n: int) -> str:
    layers = "".join(f"    Dense(u + {i})\n" for i in range(n))
    return f"model long(d=8, u=4):\n    Input(shape=(d,))\n{layers}"


LAYOUT = [
    pytest.param(4, "table", r"\begin{tabular}", id="short-table-tabular"),
    pytest.param(20, "table", r"\begin{longtable}", id="long-table-longtable"),
    pytest.param(20, "table", r"\endhead", id="long-table-repeats-header"),
    pytest.param(20, "beamer", "parameters (1/", id="long-beamer-numbered-frames"),
    pytest.param(20, "derivation", r"\qquad \quad {} + 225", id="long-total-breaks-between-terms"),
    pytest.param(4, "derivation", "= 36 + 25 + 36 + 49 = 146", id="short-total-one-line"),
]


@pytest.mark.parametrize(("layers", "mode", "expected"), LAYOUT)
def test_long_models_break(layers: int, mode: str, expected: str) -> None:
    model = next(iter(parse(_chain(layers))))
    assert expected in render([(model, model.values)], mode)


def test_terms_are_sympys_sum_cut_between_terms() -> None:
    from sympy import Symbol

    from symparams.render.latex import FormulaPrinter

    x, y = Symbol("x", integer=True, positive=True), Symbol("y", integer=True, positive=True)
    printer = FormulaPrinter()
    for expr in (x * (y + 1) - 3 * y + 7, x * y, 2 * x - y):
        assert " ".join(printer.terms(expr)) == printer.doprint(expr)
    assert printer.terms(x * (y + 1) + 7) == [r"x \left(y + 1\right)", "+ 7"]
