"""``symparams plot``: the points are the engine's counts, the pictures say their values, the
PGFPlots code compiles with CI's TeX packages, and PDF/PNG come from matplotlib."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys

import pytest

import symparams
from symparams.render.plot import PlotError, figure_bytes, pgfplots, plot_data

from .conftest import ROOT, require

SEED = symparams.parse_file(str(ROOT / "examples" / "seed.sp"))

# (model, symbol, values, counts, layer)
CASES = [
    ("rnn", "h", range(1, 41), ["params"], "simple_rnn"),
    ("cnn", "f", range(8, 129, 8), ["macs", "flops"], None),
    ("cnn", "k", range(1, 60), ["params", "activations"], None),  # k > 26: invalid, left out
    ("mlp", "u", [1, 2, 3, 1000], ["xla", "trainable"], "dense"),
]


def _coordinates(code: str) -> list[list[tuple[int, int]]]:
    return [[(int(a), int(b)) for a, b in re.findall(r"\((\d+), (\d+)\)", line)]
            for line in code.splitlines() if line.startswith(r"\addplot")]


@pytest.mark.parametrize("name, symbol, values, counts, layer", CASES,
                         ids=[f"{c[0]}-{c[1]}-{'+'.join(c[3])}" for c in CASES])
def test_points_are_the_evaluated_counts(name, symbol, values, counts, layer):
    model = SEED[name]
    data = plot_data(model, symbol, list(values), {}, counts, layer)
    for quantity, points in zip(counts, _coordinates(pgfplots(data)), strict=True):
        for x, y in points:
            e = model.evaluate({symbol: x})
            if layer:
                e = next(item for item in e.layers if item.name == layer)
            want = getattr(e, quantity) if quantity in ("params", "trainable",
                                                        "activations") else e.costs[quantity]
            assert y == want, (quantity, x)
    valid = []
    for v in values:
        with contextlib.suppress(symparams.InvalidValueError):
            model.evaluate({symbol: v})
            valid.append(v)
    assert data.xs == valid and data.skipped == len(values) - len(valid)


def test_captions_say_the_values_used():
    data = plot_data(SEED["rnn"], "h", [10, 20], {"E": 64}, ["params"], "simple_rnn")
    assert data.caption() == "parameters of simple_rnn in rnn, at E = 64"
    code = pgfplots(data)
    assert r"title={parameters of \texttt{simple\_rnn} in \texttt{rnn}, at $E = 64$}" in code
    assert "% symparams plot: parameters = h*(E + h) + h" in code
    whole = plot_data(SEED["cnn"], "f", [8], {}, ["params"])
    assert whole.caption() == "parameters of cnn, at H = 55, W = 55, C = 1, k = 7, n = 3"


def test_invalid_values_are_left_out_and_said():
    data = plot_data(SEED["cnn"], "k", [3, 50, 60], {}, ["params"])
    assert data.xs == [3, 50] and "% 1 values of k left out" in pgfplots(data)
    with pytest.raises(PlotError, match="invalid at every value"):
        plot_data(SEED["cnn"], "k", [60, 70], {}, ["params"])


def test_standalone_compiles_without_overfull_boxes(tmp_path):
    require("pdflatex")
    data = plot_data(SEED["cnn"], "f", list(range(8, 129, 8)), {}, ["macs", "flops"])
    (tmp_path / "plot.tex").write_text(pgfplots(data, standalone=True), encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                          "plot.tex"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    log = (tmp_path / "plot.log").read_text(encoding="latin-1")
    assert run.returncode == 0, log[-2000:]
    assert "Overfull" not in log and "Underfull" not in log
    assert "Output written on plot.pdf (1 page" in log


@pytest.mark.parametrize("fmt, magic", [("pdf", b"%PDF"), ("png", b"\x89PNG")])
def test_matplotlib_pictures(fmt, magic):
    require("matplotlib")
    data = plot_data(SEED["rnn"], "h", list(range(1, 9)), {}, ["params"], "simple_rnn")
    picture = figure_bytes(data, fmt)
    assert picture.startswith(magic)
    assert picture == figure_bytes(data, fmt)  # deterministic: no creation date


def test_without_matplotlib_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    data = plot_data(SEED["rnn"], "h", [1, 2], {}, ["params"])
    with pytest.raises(PlotError) as info:
        figure_bytes(data, "png")
    assert "symparams[plot]" in info.value.hint


def _cli(*argv: str) -> tuple[int, str, str]:
    from symparams.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv, message", [
    (["-o", "plot.svg"], "cannot tell the format from '.svg'"),
    (["--format", "pdf"], "a PDF picture goes to a file"),
    (["--layer", "simple"], "did you mean 'simple_rnn'?"),
    (["--vary", "E=1:3", "-o", "p.png"], "plot draws against one symbol; --vary is given 2 "
     "times"),
], ids=["extension", "pdf-to-stdout", "layer", "two-symbols"])
def test_cli_mistakes(argv, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = _cli("plot", str(ROOT / "examples" / "seed.sp"), "-m", "rnn",
                        "--vary", "h=1:4", *argv)
    assert code == 1 and message in err


def test_cli_unknown_cost_is_an_error():
    no_cost = str(ROOT / "docs" / "examples" / "no_cost.sp")
    code, _, err = _cli("plot", no_cost, "--vary", "f=1:4", "--count", "macs")
    assert code == 1 and ("the MACs of up_sampling2d (UpSampling2D) are unknown") in err


def test_cli_writes_files(tmp_path):
    require("matplotlib")
    out = tmp_path / "rnn.png"
    code, _, err = _cli("plot", str(ROOT / "examples" / "seed.sp"), "-m", "rnn",
                        "--vary", "h=1:40", "--layer", "simple_rnn", "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"\x89PNG")


def test_a_dollar_in_a_name_is_drawn_as_written(tmp_path):
    """matplotlib reads ``$...$`` as mathematics: a layer named ``cost$^$`` broke the
    drawing (an internal error), ``$x_1$`` was typeset. Both are drawn as written."""
    require("matplotlib")
    source = tmp_path / "m.sp"
    source.write_text('model m(n=2, d=4):\n    Input(shape=(d,))\n    Dense(n, name="cost$^$")\n'
                      '    Dense(3, name="$x_1$")\n')
    for layer in ("cost$^$", "$x_1$"):
        code, _, err = _cli("plot", str(source), "--vary", "n=1:3", "--layer", layer,
                            "-o", str(tmp_path / "p.png"), "--force")
        assert code == 0, err


def test_a_fractional_symbol_is_not_plotted_but_said(tmp_path):
    source = tmp_path / "m.sp"
    source.write_text("model m(d=64, alpha=3/4):\n    Input(shape=(d,))\n"
                      "    Dense(round(alpha * d))\n")
    code, _, err = _cli("plot", str(source), "--vary", "alpha=1/4,1/2", "-o",
                        str(tmp_path / "p.png"))
    assert code == 1 and "alpha is given fractions" in err and "sweep" in err


def test_a_fractional_value_in_a_caption_is_a_fraction(tmp_path):
    source = tmp_path / "m.sp"
    source.write_text("model m(d=4, alpha=3/4):\n    Input(shape=(d,))\n"
                      "    Dense(round(alpha * 8))\n")
    code, out, err = _cli("plot", str(source), "--vary", "d=4:5", "--format", "pgfplots")
    assert code == 0 and r"\alpha = \frac{3}{4}" in out, err
