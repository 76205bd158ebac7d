"""Issue 15's complaints about the LaTeX output, each a row: the text that must (or must
not) appear in a mode's output for an example. Compiling and measuring the pages is
``tests/test_latex_compile.py``'s job; this file reads the LaTeX only."""

from __future__ import annotations

import pytest

from symparams import parse, parse_file

from .conftest import EXAMPLES
from .test_latex_golden import run_cli

CASES = [
    # digit grouping from 1,000, one-element tuples as Python writes them
    ("seed.sp", ["-m", "cnn"], r"$4{,}950$", None),
    ("seed.sp", ["-m", "mlp"], r"$= \left(784,\right)$", r"\left(784\right)"),
    # a total that is a number once, in the Value column; the Trainable formula shown
    ("seed.sp", ["-m", "mlp"], r"Non-trainable & \multicolumn{2}{r}{} & $0$", "{$0$} & $0$"),
    ("seed.sp", ["-m", "mlp"], r"Trainable & \multicolumn{2}{r}{$n", None),
    # a layer's two rows stay on one page
    ("resnet50.sp", ["-m", "resnet50"], r"\texttt{dense} & $\left(\mathit{classes},\right)$",
     None),
    ("resnet50.sp", ["-m", "resnet50"], r"\\*" + "\n(Dense)", None),
    # the working of numbers; the numbers of a layer kept apart from its symbols
    ("resnet50.sp", ["-m", "resnet50", "--derivation"],
     r"64 \cdot \left(7 \cdot 7 \cdot 3 + 1\right) &{}= 9{,}472", None),
    # a block used more than once derived once in its own parameters, then instantiated
    ("resnet50.sp", ["-m", "resnet50", "--derivation"],
     r"\rlap{Bottleneck$(f)$ on an input $\left( h, \  w, \  c\right)$ ($f$: filters):}",
     "like the first's"),
    ("resnet50.sp", ["-m", "resnet50", "--derivation"],
     r"4 \cdot f \cdot \left(c \cdot 1 \cdot 1 + 1\right)", None),
    ("resnet50.sp", ["-m", "resnet50", "--derivation"],
     r"{}= 5 c f + 13 f^{2} + 50 f", None),
    ("resnet50.sp", ["-m", "resnet50", "--derivation"],
     r"\rlap{ResNetStage$(128, 4)$, $c = 256$:} &  & \\" + "\n"
     r"  & \rlap{$\displaystyle \qquad = 17 \cdot 4 \cdot 128^{2} + 30 \cdot 4 \cdot 128", None),
    ("resnet50.sp", ["-m", "resnet50", "--beamer"], r"ResNetStage$(f, b)$", None),
    ("mobilenetv2.sp", ["-m", "mobilenetv2_100", "--derivation"],
     r"InvertedResidual, worked out per use: its layers} & & \\" + "\n"
     r"  & \rlap{\quad depend on whether expansion $\neq$ 1}", None),
    ("resnet50.sp", ["-m", "resnet50", "--derivation"],
     r"\mathit{classes} \cdot \left(2{,}048 + 1\right)", r"2049\mathit"),
    # a repetition as L·(one copy), a tied layer said
    ("gpt.sp", ["-m", "gpt", "--derivation"],
     r"GPTBlock (gpt\_block) $\times$ $n_{\mathrm{layer}}$", None),
    ("gpt.sp", ["-m", "gpt", "--derivation"], r"n_{\mathrm{layer}} \cdot \Bigl(", None),
    ("gpt.sp", ["-m", "gpt", "--derivation"], r"Dense, tied to \texttt{token\_embedding}",
     "Add, Dense"),
    # a tied layer's Parameters cell says so (its 0 in the Value column), in every mode
    ("gpt.sp", ["-m", "gpt"], r"\textit{tied to} & $0$ \\*" + "\n" + r"(Dense) & $= \left( "
     r"1\,024, \  50\,257\right)$ & \texttt{token\_embedding}", None),
    ("gpt.sp", ["-m", "gpt", "--beamer"], r"& \textit{tied to} &", None),
    ("gpt.sp", ["-m", "gpt", "--standalone"], r"& \texttt{token\_embedding} &",
     None),
    # a slide's total closed form when it fits three lines (GPT's does, collected by n_layer)
    ("gpt.sp", ["-m", "gpt", "--beamer"],
     r"{${} + 2 d_{\mathsf{model}} + n_{\mathsf{layer}} "
     r"\Bigl(2 d_{\mathsf{ff}} d_{\mathsf{model}}$}",
     None),
    ("gpt.sp", ["-m", "gpt", "--beamer"],
     r"Total params & \multicolumn{1}{r}{} & $124{,}439{,}808$ \\*" + "\n"
     r"\multicolumn{2}{r}{$d_{\mathsf{model}} n_{\mathsf{ctx}}",
     "(its formula: in the derivation)"),
    # --form factor: a dot between a number and its bracket
    ("resnet50.sp", ["-m", "resnet", "--form", "factor"], r"128 \cdot \left(", None),
    # slides: sans-serif subscripts, \small type, titles with the values given
    ("gpt.sp", ["-m", "gpt", "--beamer"], r"d_{\mathsf{model}}", r"\mathrm{model}"),
    ("gpt.sp", ["-m", "gpt", "--beamer"], r"\centering\small", r"\footnotesize"),
    ("seed.sp", ["-m", "rnn", "--beamer", "--set", "h=30"],
     r"\texttt{rnn}: derivation, at $h = 30$}", None),
    ("seed.sp", ["-m", "rnn", "--beamer", "--set", "h=30"], r"derivation, at $h = 30$", None),
    # articles: title from the models, --author, headings kept with what follows
    ("seed.sp", ["--standalone"], r"\title{Parameter counts of mlp, cnn and rnn}",
     r"\title{Parameter counts: "),
    ("seed.sp", ["--standalone", "--title", "Week 3 & 4", "--author", "A. Lecturer"],
     r"\title{Week 3 \& 4}" + "\n" + r"\author{A. Lecturer}", None),
    # ... with room asked for the table measured (its box made before the heading)
    ("seed.sp", ["--standalone"], r"\symparamsneed{\dimexpr \ht\symparamsbox+\dp\symparamsbox"
     r"+6.4\baselineskip\relax}" + "\n" + r"\section*", None),
    # slides: a table too wide for a frame's four columns in its counts, then its shapes
    ("gpt.sp", ["-m", "gpt", "--beamer"], r"\texttt{gpt}: output shapes}", None),
    # a table whose counts are all numbers: no formula column
    ("resnet50.sp", ["-m", "resnet50", "--beamer"], r"\begin{tabular}{@{}llr@{}}" + "\n"
     r"\toprule" + "\n" + r"Layer (type) & Output shape & Parameters \\", None),
    # ... and so a slide of such layers, though the network's head is symbolic
    ("mobilenetv2.sp", ["-m", "mobilenetv2_035", "--beamer"],
     r"\texttt{mobile\_net\_v2} (1/4)}" + "\n" + r"\centering\small" + "\n% symparams: model "
     r"mobilenetv2_035; needs \usepackage{amsmath,booktabs,graphicx}" + "\n"
     r"\ifdefined\symparamsbox\else\newsavebox\symparamsbox\fi" + "\n"
     r"\long\def\symparamstable{%" + "\n" + r"\begin{tabular}{@{}llr@{}}", None),
    ("seed.sp", ["--standalone", "-m", "rnn", "--set", "h=30"],
     r"\section*{Model \texttt{rnn}, at $h = 30$}", None),
]


@pytest.mark.parametrize(("example", "argv", "present", "absent"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_latex_conventions(example: str, argv: list[str], present: str, absent: str | None,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    text = run_cli(["latex", f"examples/{example}", *argv], monkeypatch)
    assert present in text
    if absent is not None:
        assert absent not in text


def test_layers_in_model_order() -> None:
    """A run of layers without parameters sits where it is, not at the end."""
    from symparams.render.latex_derivation import derivation_rows

    labels = [row.label for row in derivation_rows(parse_file(EXAMPLES / "seed.sp")["cnn"])]
    assert labels == ["Conv2D", "MaxPooling2D, Flatten", "Dense", "Total"]


def test_total_is_the_layers_in_order_then_the_closed_form() -> None:
    from symparams.render.latex_derivation import derivation_rows

    total = derivation_rows(parse_file(EXAMPLES / "seed.sp")["rnn"])[-1]
    assert [" ".join(stage) for stage in total.stages] == [
        r"E V + \left(h \left(E + h\right) + h\right) + \left(h + 1\right)",
        r"E V + h \left(E + h\right) + 2 h + 1",
        r"320{,}000 + 720 + 16", r"320{,}736"]


def test_blocks_derived_once() -> None:
    """ResNet50's kinds of block are each derived once in their own parameters, inner ones
    first; each stage is then the stage's formula at its numbers."""
    from symparams.render.latex_derivation import derivation_rows

    labels = [row.label for row in derivation_rows(parse_file(EXAMPLES / "resnet50.sp")[
        "resnet50"])]
    headings = [label.split("$")[0] for label in labels if " on an input " in label]
    assert headings == ["Bottleneck", "BottleneckIdentity", "ResNetStage"]
    assert [label for label in labels if label.startswith("ResNetStage$(")
            and "c =" in label] == [
        "ResNetStage$(64, 3)$, $c = 64$", "ResNetStage$(128, 4)$, $c = 256$",
        "ResNetStage$(256, 6)$, $c = 512$", "ResNetStage$(512, 3)$, $c = 1{,}024$"]
    assert not any("like the first's" in label for label in labels)
    assert len(labels) <= 40


def test_long_model_slides_at_block_level() -> None:
    from symparams.render.latex_beamer import latex_beamer

    model = parse_file(EXAMPLES / "resnet50.sp")["resnet50"]
    frames = latex_beamer([(model, model.values)])
    assert r"inside \texttt{bottleneck}" in frames
    assert frames.count(r"\begin{frame}") < 40  # 62 when split by row count


def test_wide_product_breaks_between_factors() -> None:
    model = parse("model m(number_of_classes=10, model_width=8):\n"
                  "    Input(shape=(number_of_classes, model_width))\n    Flatten()\n")["m"]
    from symparams.render.latex_table import build_table

    table = build_table(model, model.values, 12)
    assert any(r"\bigl(" in row for unit in table.blocks for row in unit.rows)


def test_tied_layer_said_in_markdown() -> None:
    from symparams.render.markdown import summary_markdown

    model = parse_file(EXAMPLES / "gpt.sp")["gpt"]
    assert "| tied to `token_embedding` | 0 |" in summary_markdown(model)


@pytest.mark.parametrize(("heights", "budgets", "extra", "sizes"), [
    ([10.0] * 5, [30.0, 30.0], 15.0, [2, 2, 1]),  # the totals (15) beside one row, not alone
    ([10.0] * 7, [45.0, 45.0], 10.0, [4, 3]),  # even, not 4 + 3 with the totals apart
    ([10.0, 80.0, 10.0], [50.0, 50.0], 0.0, [1, 1, 1]),  # a row taller than a frame: alone
    ([10.0] * 3, [50.0, 50.0], 5.0, [3]),
])
def test_slide_rows_balanced(heights, budgets, extra, sizes) -> None:
    from symparams.render.latex_slide_tables import split_heights

    assert split_heights(heights, budgets, extra) == sizes


def test_gpt_slides_balanced() -> None:
    from symparams.render.latex_beamer import latex_beamer

    model = parse_file(EXAMPLES / "gpt.sp")["gpt"]
    frames = latex_beamer([(model, model.values)]).split(r"\begin{frame}")
    last = next(f for f in frames if "parameters (2/2)" in f)
    assert "layer\\_normalization\\_2" in last and "dense\\_2" in last
