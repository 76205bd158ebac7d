"""``latex --diagram``: which rows are drawn, slashed floors, skip connections, the values in
the caption, and Beamer frames that compile, one page per model, every word on the page."""

from __future__ import annotations

import functools
import re
import subprocess

import pytest

import symparams
from symparams.render.latex_diagram import (
    diagram_document,
    diagram_figures,
    diagram_output,
    diagram_rows,
    latex_diagram,
    slashed_floors,
)

from .conftest import EXAMPLES, available, require

# (example, model, rows drawn, how many of them are blocks)
ROWS = [
    ("seed.sp", "cnn", 4, 0),
    ("vgg16.sp", "vgg16", 22, 0),
    ("resnet50.sp", "resnet50", 7, 5),          # blocks only
    ("efficientnet.sp", "efficientnet_b0", 19, 7),  # one block: drawn one level inside
    ("gpt.sp", "gpt", 6, 1),
]


@functools.cache
def _model(example: str, name: str):  # each example read once (EfficientNet takes seconds)
    return symparams.parse_file(str(EXAMPLES / example))[name]


@pytest.mark.parametrize("example, name, rows, blocks", ROWS, ids=[r[1] for r in ROWS])
def test_rows(example, name, rows, blocks):
    drawn = diagram_rows(_model(example, name))
    assert (len(drawn), sum(1 for row in drawn if row.layers)) == (rows, blocks)


@pytest.mark.parametrize("tex, slashed", [
    (r"\left\lfloor \frac{H + 3}{4} \right\rfloor", r"\lfloor (H + 3)/4 \rfloor"),
    (r"\left\lceil \frac{H}{s} \right\rceil, f", r"\lceil H/s \rceil, f"),
    (r"\left\lfloor \frac{d_{\mathrm{model}}}{h} \right\rfloor",
     r"\lfloor d_{\mathrm{model}}/h \rfloor"),
    (r"f \left\lfloor \frac{H - k + 1}{2} \right\rfloor \left\lfloor \frac{W}{2} \right\rfloor",
     r"f \lfloor (H - k + 1)/2 \rfloor \lfloor W/2 \rfloor"),
])
def test_floors_areslashed_floors(tex, slashed):
    assert slashed_floors(tex) == slashed


def test_skip_connections_are_dashed_and_values_captioned():
    model = symparams.parse("""
model res(d=64, e=64):
    x = Input(shape=(d,))
    h = Dense(d)(x)
    y = Dense(d)(h)
    Add()(h, y)
""")["res"]
    tex = latex_diagram(model, {"d": 64, "e": 1000})
    assert r"\draw[->, dashed] (n1) to[bend left=20] (n3);" in tex
    assert r"at $d = 64$, $e = 1{,}000$" in tex


def test_derivation_has_no_diagram():
    with pytest.raises(symparams.ValueBindingError, match="no --derivation form"):
        diagram_output([(_model("seed.sp", "cnn"), {})], "derivation")


# one of each kind: a chain, the widest plain model, blocks, one block opened, branches, GPT
FRAMES = [("seed.sp", "cnn"), ("vgg16.sp", "vgg16"), ("resnet50.sp", "resnet50"),
          ("efficientnet.sp", "efficientnet_b0"), ("blocks.sp", "two_towers"),
          ("gpt.sp", "gpt")]


# a model's figures: (example, model, what each shows, a node that must be drawn)
FIGURES = [
    ("seed.sp", "cnn", ["layers and output shapes"], r"\textbf{Conv2D}"),
    # 23 nodes: a chain's runs of one type drawn as one node, on one page
    ("vgg16.sp", "vgg16", ["layers and output shapes"], r"\textbf{Conv2D $\times 3$}"),
    ("inceptionv3.sp", "inceptionv3", [
        "layers and output shapes (1/2)", "layers and output shapes (2/2)",
        r"inside ConvBN (\texttt{conv\_bn})", r"inside InceptionA (\texttt{inception\_a})",
        r"inside InceptionB (\texttt{inception\_b})",
        r"inside InceptionC (\texttt{inception\_c})",
        r"inside InceptionD (\texttt{inception\_d})",
        r"inside InceptionE (\texttt{inception\_e}) (1/2)",
        r"inside InceptionE (\texttt{inception\_e}) (2/2)"], r"\textbf{InceptionA $\times 3$}"),
]


@pytest.mark.parametrize("example, name, shown, node", FIGURES, ids=[f[1] for f in FIGURES])
def test_figures_at_block_level_then_each_kind_of_block(example, name, shown, node):
    model = _model(example, name)
    figures = diagram_figures(model, model.values)
    assert [what for what, _ in figures] == shown
    assert node in "".join(tex for _, tex in figures)


def test_branches_are_not_drawn_as_a_run():
    model = _model("inceptionv3.sp", "inceptionv3")
    inside = dict(diagram_figures(model, model.values))[
        r"inside InceptionA (\texttt{inception\_a})"]
    # InceptionA's branches: ConvBN alone, × 2 and × 3 (chains), ConvBN after the pooling
    assert r"\times 6" not in inside and inside.count(r"\textbf{ConvBN}") == 2
    assert r"\textbf{ConvBN $\times 3$}" in inside and r"\textbf{ConvBN $\times 2$}" in inside


def test_frames_compile_one_page_each_within_the_page(tmp_path):
    require("pdflatex")
    models = [(m := _model(example, name), dict(m.values)) for example, name in FRAMES]
    (tmp_path / "d.tex").write_text(diagram_document(models), encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "d.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    log = (tmp_path / "d.log").read_text(encoding="latin-1")
    assert run.returncode == 0, log[-3000:]
    assert "Overfull" not in log and "Underfull" not in log
    pages = sum(len(diagram_figures(model, values)) for model, values in models)
    assert f"Output written on d.pdf ({pages} pages" in log
    if not available("pdftotext"):
        return
    subprocess.run(["pdftotext", "-bbox", "d.pdf", "d.html"], cwd=tmp_path, check=True)
    html = (tmp_path / "d.html").read_text(encoding="utf-8")
    width, height = map(float, re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
                        .groups())
    for x0, y0, x1, y1 in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                                     r'xMax="([\d.]+)" yMax="([\d.]+)"', html):
        assert 0 <= float(x0) and float(x1) <= width and 0 <= float(y0) \
            and float(y1) <= height
