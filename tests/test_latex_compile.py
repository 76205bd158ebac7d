"""Every LaTeX mode's output for every example model compiles with a real ``pdflatex``.

For each ``examples/*.sp`` (globbed, so new examples are covered), four documents are built
in a temporary directory and compiled, two at a time:

- the ``--standalone`` output, exactly as printed;
- an article that ``\\input`` s the ``--table`` output: no LaTeX error and no overfull box;
- an article that ``\\input`` s the ``--derivation`` output;
- a Beamer deck that ``\\input`` s the ``--beamer`` frames (where Beamer's pgf is missing, as
  with Debian's texlive-latex-recommended alone, a stand-in ``frame`` of a slide's width);
- the ``--diagram --standalone`` deck of figures (16:9; needs Beamer and TikZ).

Every document must compile without an overfull or underfull box; the deck's pages are
also measured with ``pdftotext -bbox-layout`` (poppler-utils): no word outside the frame's
text area (under the title, above the navigation bar, inside the side margins), and no
number in type smaller than ``\\small`` (a table scaled down: slides' tables are set at their
natural size; the figures' deck: none under 8 pt).

Skips without ``pdflatex``; fails instead under ``SYMPARAMS_REQUIRE_ALL=1`` (CI).
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from symparams import parse, parse_file
from symparams.cli.commands.latex import render
from symparams.render.latex import PREAMBLE_PACKAGES
from symparams.render.latex_diagram import diagram_output

from .conftest import EXAMPLES, available, require
from .test_latex_gallery import assert_gallery_current

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.sp"))

_ARTICLE = (
    "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"
    + "".join(f"\\usepackage{{{p}}}\n" for p in PREAMBLE_PACKAGES)
    + "\\begin{document}\n\\input{%s}\n\\end{document}\n"
)
_BEAMER = (
    "\\documentclass{beamer}\n\\usepackage{booktabs}\n"
    "\\begin{document}\n\\input{%s}\n\\end{document}\n"
)
# A slide-sized article with a stand-in for Beamer's frame, for TeX installs without pgf.
_BEAMER_STANDIN = (
    "\\documentclass{article}\n"
    "\\usepackage[paperwidth=128mm,paperheight=96mm,margin=5mm]{geometry}\n"
    "\\usepackage{amsmath,booktabs,graphicx}\n"
    "\\NewDocumentCommand\\setbeamertemplate{m o}{}\n"
    "\\NewDocumentEnvironment{frame}{o m}{\\section*{#2}}{\\clearpage}\n"
    "\\begin{document}\n\\input{%s}\n\\end{document}\n"
)


def _compile(directory: Path, name: str) -> tuple[str, int, str]:
    """Compile ``name``.tex once; return its name, pdflatex's exit code and its log."""
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=directory, capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL,
    )
    log_path = directory / f"{name}.log"
    log = log_path.read_text(errors="replace") if log_path.exists() else result.stdout
    return name, result.returncode, log


def _problems(log: str, overfull: bool) -> list[str]:
    found = [line for line in log.splitlines() if line.startswith("!")]
    if overfull:
        found += re.findall(r"^(?:Overfull|Underfull) \\[hv]box.*$", log, re.M)
    return found


#: A 4:3 Beamer frame, in PDF points: 128 mm x 96 mm; its text area lies between the side
#: margins (1 cm), under the frame title and above the navigation bar (measured: the
#: symbols start 12 pt above the foot).
PAGE_WIDTH, PAGE_HEIGHT, MARGIN, NAV_BAR = 362.83, 272.13, 28.0, 258.0
#: The same for a 16:9 frame (``--diagram``'s deck).
WIDE_WIDTH, WIDE_HEIGHT = 453.54, 255.12
#: A number's word box is 0.76 of its type size high (measured on \small digits), so a
#: number in type under 8 pt is under this.
SMALLEST_NUMBER = 8 * 0.76
#: A number in a Beamer deck's ``\small`` type (10 pt) has a word box 8.847 pt high
#: (measured); a table scaled to 99.9% sets it lower than this.
SMALL_NUMBER = 8.84
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"([^<]*)</word>")


def slide_problems(pdf: Path, width: float = PAGE_WIDTH, height: float = PAGE_HEIGHT,
                   smallest: float = SMALL_NUMBER) -> list[str]:
    """Words of a deck outside their frame's text area, and numbers whose word box is lower
    than ``smallest`` (by default: set smaller than ``\\small``); ``width`` and ``height``:
    the frame's, in points (4:3 by default)."""
    nav_bar = NAV_BAR - PAGE_HEIGHT + height
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    found = []
    for number, page in enumerate(layout.split("<page ")[1:], 1):
        words = [(*map(float, m.groups()[:4]), m[5]) for m in _WORD.finditer(page)]
        # the title: the words at the top set larger than the rest (14.4 pt: 12.7 pt high)
        title = [w for w in words if w[1] < 60.0 and w[3] - w[1] > 11.0]
        top = max((w[3] for w in title), default=0.0)
        for x0, y0, x1, y1, text in words:
            if (x0, y0, x1, y1, text) in title:
                continue
            if y0 < top or y1 > nav_bar or x0 < MARGIN - 1 or x1 > width - MARGIN + 1:
                found.append(f"page {number}: {text!r} outside the text area at "
                             f"({x0:.0f}, {y0:.0f})-({x1:.0f}, {y1:.0f})")
            # a number, alone or at a bracket or comma of a shape ("1,280)")
            elif (re.fullmatch(r"[\d,]{3,}", text.strip("()[],.;:\u230a\u230b\u2308\u2309"))
                  and y1 - y0 < smallest):
                found.append(f"page {number}: {text!r} in type too small ({y1 - y0:.3f} pt "
                             f"high, under {smallest})")
    return found


# Names that need escaping, a LaTeX name from the header, and a model without values.
TRICKY = '''model t(d_model=512 as "d_{\\\\mathrm{model}}", n_heads=8, alpha=2, Vocab=100):
    Embedding(input_dim=Vocab, output_dim=d_model, input_length=n_heads)
    Dense(alpha*d_model, name="ffn_in#1")
    Dense(d_model, name="50%_&_{out}~^")
model free(d, u):
    Input(shape=(d,))
    Dense(u)
'''

# Products of two sums with long symbol names, and a long layer name: formulas and labels
# that do not fit a line beside each other.
PRODUCTS = """model m(number_of_classes=10, model_width=8, number_of_heads=2, sequence_length=3):
    x = Input(shape=(sequence_length + model_width + number_of_heads,))
    Dense(model_width*number_of_classes*number_of_heads*sequence_length - number_of_classes
          - model_width - number_of_heads + 1, name="a_rather_long_layer_name_for_a_slide")
    Dense(number_of_classes*number_of_heads + model_width*sequence_length + 7)
"""


# Identifiers outside ASCII (NFKC-normalised as Python does): Greek letters become their
# commands, anything else escaped text, so that plain pdflatex compiles every mode.
NON_ASCII = """model m(α=4, 中=3, Γ_中=2, é=3, αβ_x=2, λ1=5):
    Input(shape=(α,))
    Dense(中 + Γ_中 + é + αβ_x + λ1, name="层")
model 中文(ω=3):
    Input(shape=(ω,))
    Dense(ω)
"""


def deep_source(blocks: int = 56) -> str:
    """A chain of about 170 layers (ResNet-50's length): tables over several pages and
    frames, a derivation of many slides, long lists of layers without parameters."""
    lines = ["model deep(H=224, W=224, C=3, f=16, k=3, n=1000):", "    Input(shape=(H, W, C))"]
    for i in range(blocks):
        width = "f" if i < blocks // 2 else "2*f"
        lines += [f'    Conv2D({width}, k, k, padding="same")', "    BatchNormalization()",
                  '    Activation("relu")']
        if i % 14 == 13:
            lines.append("    MaxPooling2D((2, 2))")
    lines += ["    Flatten()", "    Dense(4*f + n)", "    Dense(n)"]
    return "\n".join(lines) + "\n"


CASES = [pytest.param(path, id=path.stem) for path in EXAMPLE_FILES] + [
    pytest.param(TRICKY, id="escaping-and-no-values"),
    pytest.param(PRODUCTS, id="products-of-sums-long-names"),
    pytest.param(NON_ASCII, id="non-ascii-identifiers"),
    pytest.param(deep_source(), id="deep-170-layers"),
]


@pytest.mark.latex
@pytest.mark.parametrize("path", CASES)
def test_every_mode_compiles(path: Path | str, tmp_path: Path) -> None:
    doc = parse_file(path) if isinstance(path, Path) else parse(path)
    models = [(model, dict(model.values)) for model in doc]
    files = {
        "standalone": render(models, "standalone"),
        "table": render(models, "table"),
        "derivation": render(models, "derivation"),
        "beamer": render(models, "beamer"),
    }
    if isinstance(path, Path):  # an example: its gallery pictures are of this LaTeX
        assert_gallery_current(path.stem, files)
    require("pdflatex")
    if available("beamer"):  # the figures: TikZ comes with Beamer's pgf
        files["diagram"] = diagram_output(models, "standalone")
    for name, text in files.items():
        (tmp_path / f"{name}-body.tex").write_text(text, encoding="utf-8")
    (tmp_path / "standalone.tex").write_text(files["standalone"], encoding="utf-8")
    if "diagram" in files:
        (tmp_path / "diagram.tex").write_text(files["diagram"], encoding="utf-8")
    (tmp_path / "table.tex").write_text(_ARTICLE % "table-body", encoding="utf-8")
    (tmp_path / "derivation.tex").write_text(_ARTICLE % "derivation-body", encoding="utf-8")
    beamer = available("beamer")
    deck = _BEAMER if beamer else _BEAMER_STANDIN
    (tmp_path / "beamer.tex").write_text(deck % "beamer-body", encoding="utf-8")

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda n: _compile(tmp_path, n), files))
    failures = []
    for name, code, log in results:
        # Tables, derivations and frames must all fit the line and the page.
        problems = _problems(log, overfull=True)
        if name == "beamer" and code == 0 and beamer and available("pdftotext"):
            problems += slide_problems(tmp_path / "beamer.pdf")
        if name == "diagram" and code == 0 and available("pdftotext"):
            problems += slide_problems(tmp_path / "diagram.pdf", WIDE_WIDTH, WIDE_HEIGHT,
                                       SMALLEST_NUMBER)
        if code != 0 or problems:
            failures.append(f"{name}: exit {code}\n  " + "\n  ".join(problems[:10]))
    assert not failures, f"{doc.filename}:\n" + "\n".join(failures)


def test_examples_exist() -> None:
    assert EXAMPLE_FILES, "no examples/*.sp to compile"
