"""``latex --columns`` (issue 14's LaTeX surface) and the working of counts of numbers in
``explain`` and the LaTeX derivation alike (issue 15).

Every figure is symparams' own compute count (checked against XLA and published counts in
``test_compute_xla.py`` and ``test_compute_published.py``), read back through
:func:`symparams.render.columns.compute_formula`: these tests check that the LaTeX shows
those counts, not the counts themselves.
"""

from __future__ import annotations

import re

import pytest
import sympy

from symparams import parse, parse_file
from symparams.cli.commands.latex import render
from symparams.render import display_columns
from symparams.render.columns import compute_formula, value_at
from symparams.render.explain import explain_text
from symparams.render.latex_printer import FormulaPrinter
from symparams.report.derivation import derive, worked_numbers

from .conftest import EXAMPLES, ROOT, available, require
from .test_latex_compile import _BEAMER, _compile, _problems, slide_problems
from .test_latex_golden import run_cli

NO_COST = ROOT / "docs" / "examples" / "no_cost.sp"
SEED = parse_file(EXAMPLES / "seed.sp")

# A block called with numbers: every count in it is a number (ResNet's bottleneck).
BLOCKS = """block Bottle(f)(x):
    y = Conv2D(f, 1)(x)
    Conv2D(4 * f, 1)(y)
model net(H=8):
    Input(shape=(H, H, 64))
    Bottle(64)
"""


def _tex_number(value: int) -> str:
    return f"{value:,}".replace(",", "{,}")


@pytest.mark.parametrize("model", ["mlp", "cnn"])
@pytest.mark.parametrize("key", ["macs", "flops", "xla", "fvcore", "activations"])
def test_table_column_is_the_count(model: str, key: str) -> None:
    m = SEED[model]
    with display_columns([key]):
        table = render([(m, dict(m.values))], "table")
    subs = {m.symbols[k]: v for k, v in m.values.items()}
    rows = [line for line in table.splitlines() if line.startswith(r"\texttt{")]
    for layer, row in zip(m.layers, rows, strict=True):
        value = value_at(compute_formula(layer, key), subs)
        assert row.split("&")[-1].strip().rstrip("\\* ").strip("$") == _tex_number(value)
    total = next(line for line in table.splitlines() if line.startswith("Total params"))
    assert total.split("&")[-1].strip(" \\$") == _tex_number(
        value_at(compute_formula(m, key), subs))


def test_unknown_is_a_question_mark_with_a_reason() -> None:
    clip = parse_file(NO_COST)["clip"]  # bilinear UpSampling2D: MACs not derived
    with display_columns(["macs", "activations"]):
        table = render([(clip, dict(clip.values))], "table")
    row = next(line for line in table.splitlines() if line.startswith(r"\texttt{up\_sampling2d"))
    assert row.split("&")[-2].strip() == "?"  # MACs: unknown, never 0
    assert row.split("&")[-1].strip(" \\*$") == "3{,}072"  # activations: known
    assert "MACs: not known for UpSampling2D yet." in table


def test_without_values_the_cell_is_the_formula() -> None:
    m = parse("model m(d, u):\n    Input(shape=(d,))\n    Dense(u)\n")["m"]
    with display_columns(["macs"]):
        table = render([(m, dict(m.values))], "table")
    assert "MACs" in table and "$d u$" in table


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(["--beamer", "-m", "cnn"], r"\begin{frame}{\texttt{cnn}: compute}",
                     id="beamer-compute-frame"),
        pytest.param(["--derivation", "-m", "mlp"],
                     r"\text{MACs of Dense (dense):}\quad & h u w &{}= 28 \cdot 30 \cdot 28",
                     id="derivation-per-layer"),
        pytest.param(["--derivation", "-m", "mlp"],
                     r"\text{Total MACs:}\quad & h u w + n v + u v &{}= 23{,}520 + 300 + 30",
                     id="derivation-total"),
        pytest.param(["--standalone", "-m", "rnn"], "Total MACs:", id="standalone-total"),
    ],
)
def test_cli_columns(argv: list[str], expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = run_cli(["latex", "examples/seed.sp", "--columns", "macs", *argv], monkeypatch)
    assert expected in out


def test_standalone_says_why_a_count_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    out = run_cli(["latex", "docs/examples/no_cost.sp", "--columns", "macs", "--standalone"],
                  monkeypatch)
    assert r"\text{not known for UpSampling2D yet}" in out


def test_no_columns_no_compute(monkeypatch: pytest.MonkeyPatch) -> None:
    out = run_cli(["latex", "examples/seed.sp", "--beamer"], monkeypatch)
    assert "compute" not in out and "MACs" not in out


def test_long_table_gets_a_compute_longtable_of_its_own() -> None:
    vgg = parse_file(EXAMPLES / "vgg16.sp")["vgg16"]
    with display_columns(["macs"]):
        table = render([(vgg, dict(vgg.values))], "table")
    assert table.count(r"\begin{longtable}") == 2
    assert r"\texttt{vgg16}: compute (continued)" in table


def test_long_deck_works_out_compute_totals_alone() -> None:
    """VGG16's per-layer MACs are in its compute frames; its derivation frames add the
    total, not sixteen more rows."""
    vgg = parse_file(EXAMPLES / "vgg16.sp")["vgg16"]
    with display_columns(["macs"]):
        deck = render([(vgg, dict(vgg.values))], "beamer")
    assert r"\text{Total MACs:}" in deck or r"\rlap{Total MACs:}" in deck
    assert "MACs of Conv2D" not in deck
    assert r"\texttt{vgg16}: compute" in deck


def test_compute_working_keeps_numbers_apart() -> None:
    """``H·W·64·3·3·64``, not ``36864·H·W``: the convolution's MACs as a teacher writes
    them, checked equal to the count."""
    m = parse('model m(H=8):\n    Input(shape=(H, H, 64))\n'
              '    Conv2D(64, 3, padding="same")\n')["m"]
    layer = m.layers[0]
    expr, numbers = worked_numbers(layer, "macs")
    assert sorted(numbers.values()) == [3, 3, 64, 64]
    assert sympy.expand(expr.xreplace(numbers) - layer.count("macs")) == 0
    with display_columns(["macs"]):
        text = render([(m, dict(m.values))], "derivation")
    assert r"H^{2} \cdot 64 \cdot 3 \cdot 3 \cdot 64" in text or \
        r"64 \cdot 3 \cdot 3 \cdot 64" in text


def test_constant_working_in_explain_and_latex_agree() -> None:
    """A count of numbers shows its working in both outputs, with the same numbers."""
    net = parse(BLOCKS)["net"]
    text = explain_text(derive(net))
    assert "conv2d (Conv2D): 64·(1·1·64 + 1) = 4,160 parameters" in text
    assert "conv2d_1 (Conv2D): 256·(1·1·64 + 1) = 16,640 parameters" in text
    tex = render([(net, dict(net.values))], "derivation")
    assert r"64 \cdot \left(1 \cdot 1 \cdot 64 + 1\right)" in tex
    assert r"256 \cdot \left(1 \cdot 1 \cdot 64 + 1\right)" in tex


def test_explain_compute_working(monkeypatch: pytest.MonkeyPatch) -> None:
    out = run_cli(["explain", "examples/seed.sp", "-m", "cnn", "--compute", "flops"],
                  monkeypatch)
    assert "FLOPs: f·(2·2 − 1)·⌊(H − k + 1)/2⌋·⌊(W − k + 1)/2⌋" in out


def test_a_product_cut_between_factors_keeps_its_dots() -> None:
    """3·99 cut as ``3 99`` would read 399."""
    f, h = sympy.symbols("f h", integer=True, positive=True)
    pieces = FormulaPrinter().terms(3 * f * sympy.floor(h / 2) * sympy.floor(h / 3),
                                    {f: 99, h: 55}, width=8)
    assert not any(re.search(r"\d \d", piece) for piece in pieces), pieces


@pytest.mark.latex
def test_seed_deck_with_columns_fits(tmp_path) -> None:
    """One compile (the full matrix is test_latex_compile's): the seed's deck with every
    compute column, no overfull box, nothing outside a frame, no number under 8 pt."""
    require("pdflatex")
    require("pdftotext")
    models = [(m, dict(m.values)) for m in SEED]
    with display_columns(["macs", "flops", "activations"]):
        (tmp_path / "body.tex").write_text(render(models, "beamer"), encoding="utf-8")
    (tmp_path / "deck.tex").write_text(_BEAMER % "body", encoding="utf-8")
    _, code, log = _compile(tmp_path, "deck")
    problems = _problems(log, overfull=True)
    if code == 0 and available("beamer"):
        problems += slide_problems(tmp_path / "deck.pdf")
    assert code == 0 and not problems, problems[:10]
