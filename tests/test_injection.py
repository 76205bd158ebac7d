"""Issue 17, items 1-3 and 9: text from the input cannot inject anything into an output.

- a symbol's display name (``as "..."``) is an allow-listed LaTeX maths fragment, refused at
  parse time with a located error otherwise;
- hostile layer names go through every output format (text, explain, JSON, Markdown, HTML,
  LaTeX table / derivation / Beamer / standalone, ``_repr_latex_``) escaped for the context;
  the Markdown is rendered with a CommonMark parser and the LaTeX compiled with
  ``pdflatex -no-shell-escape``, and no file is written and no file is read;
- control characters (ESC) never reach the terminal, in output or in error messages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import symparams
from symparams.cli.commands.latex import render as latex_render
from symparams.errors import DSLSyntaxError
from symparams.notebook.display import latex as repr_latex
from symparams.render.html import model_html
from symparams.render.markdown import summary_markdown

from .conftest import ROOT, require

SECRET_TEXT = "TOPSECRET-4d1f"

# (display name as written in the file, the column of the error, what the message says)
BAD_DISPLAY_NAMES = [
    (r'"d\immediate\openout9=pwned.txt"', 18, r"'\immediate' is not an allowed LaTeX command"),
    (r'"\input{/etc/passwd}"', 17, r"'\input' is not an allowed"),
    (r'"x^^5cinput"', 18, "'^' must be followed by"),
    (r'"d\catcode"', 18, r"'\catcode' is not an allowed"),
    (r'"d%comment"', 18, "'%' is not allowed"),
    (r'"d$x$"', 18, "'$' is not allowed"),
    (r'"d#1"', 18, "'#' is not allowed"),
    (r'"d}{"', 18, "unbalanced '}'"),
    (r'"d_{"', 19, "unbalanced '{'"),
    (r'"d\\\\"', 18, r"'\\' is not an allowed"),
    ('"d<img>"', 18, "'<' is not allowed"),
    ('"a\x1bb"', 18, r"'\x1b' is not allowed"),
    ('""', 17, "may not be empty"),
    ('"' + "x" * 201 + '"', 217, "at most 200 characters"),
]


@pytest.mark.parametrize("written, column, message", BAD_DISPLAY_NAMES)
def test_a_display_name_outside_the_allow_list_is_a_located_error(written, column, message):
    source = f"model m(d=4 as {written}):\n    Input(shape=(d,))\n    Dense(d)\n"
    with pytest.raises(DSLSyntaxError) as caught:
        symparams.parse(source, filename="m.sp")
    err = caught.value
    assert message in err.message
    assert (err.filename, err.line, err.column) == ("m.sp", 1, column)
    assert "\x1b" not in str(err)


GOOD_DISPLAY_NAMES = [
    # (written, the LaTeX name it gives)
    (r'"\nu"', r"\nu"),  # not a newline
    (r'"\tau_{\mathrm{in}}"', r"\tau_{\mathrm{in}}"),
    (r'"d_{\\mathrm{model}}"', r"d_{\mathrm{model}}"),  # doubled backslashes still work
    (r'"\hat{x}^{(2)}_1"', r"\hat{x}^{(2)}_1"),
    (r'"W\,h"', r"W\,h"),
]


@pytest.mark.parametrize("written, latex", GOOD_DISPLAY_NAMES)
def test_an_allowed_display_name_is_kept_as_written(written, latex):
    source = f"model m(d=4 as {written}):\n    Input(shape=(d,))\n    Dense(d)\n"
    model = symparams.parse(source)["m"]
    assert model.latex_names == {"d": latex}


# Layer names as written in the file (\n is a newline; \\ is one backslash).
HOSTILE_NAMES = [
    r"x`` <img src=x onerror=alert(1)> ``y",
    r"a\n<script>alert(1)</script>",
    r"\\immediate\\openout9=pwned.txt\\immediate\\write9{x}\\immediate\\closeout9",
    r"\\input{SECRET}",
    r"^^5cinput{SECRET}",
    r"para\n\nbreak",
    "esc\x1b[2J\x1b]0;title\x07",
    "rlo\u202eevil",
    r"$x$ & % # ~ _ {} | \" '",
    "中α",
]


def hostile_source(secret: Path) -> str:
    lines = ["model m(d=4, u=3):", "    Input(shape=(d,))"]
    for index, name in enumerate(HOSTILE_NAMES):
        lines.append(f'    Dense(u + {index}, name="{name.replace("SECRET", str(secret))}")')
    return "\n".join(lines) + "\n"


@pytest.fixture
def hostile(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET_TEXT + "\n", encoding="utf-8")
    doc = symparams.parse(hostile_source(secret), filename="m.sp")
    return doc["m"], secret


def test_hostile_names_parse_as_data(hostile):
    model, _ = hostile
    names = [layer.name for layer in model.layers]
    assert "a\n<script>alert(1)</script>" in names
    assert any("\x1b" in name for name in names)


def test_markdown_keeps_every_name_in_its_cell(hostile):
    from markdown_it import MarkdownIt

    model, _ = hostile
    text = summary_markdown(model, model.values)
    table = [line for line in text.splitlines() if line.startswith("|")]
    # one row per layer, the header, the rule and three totals: no name started a new row
    assert len(table) == len(model.layers) + 5
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<img" not in rendered and "<script" not in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "\x1b" not in text and "\u202e" not in text


def test_html_escapes_every_name(hostile):
    model, _ = hostile
    text = model_html(model, model.values)
    assert "<img" not in text and "<script" not in text and "\x1b" not in text
    assert "&lt;script&gt;" in text


@pytest.mark.parametrize("mode", ["table", "derivation", "beamer", "standalone"])
def test_latex_has_no_raw_control_text(hostile, mode):
    model, _ = hostile
    text = latex_render([(model, dict(model.values))], mode)
    assert "\\input{" not in text and "\\immediate" not in text and "^^5c" not in text
    assert r"para\textbackslash{}n\textbackslash{}nbreak" in text.replace(r"\_", "_")
    assert "\x1b" not in text and "\u202e" not in text
    for line in text.splitlines():  # a name's newline never became a line of its own
        assert not line.startswith("<script>")


def test_repr_latex_escapes_names(hostile):
    model, _ = hostile
    text = repr_latex(model)
    assert "\\input{" not in text and "\\immediate" not in text and "\x1b" not in text
    for layer in model.layers:
        single = repr_latex(layer)
        assert "\\input{" not in single and "\n" not in single


@pytest.mark.latex
def test_pdflatex_writes_no_file_and_reads_no_file(hostile, tmp_path):
    require("pdflatex")
    model, secret = hostile
    build = tmp_path / "build"
    build.mkdir()
    (build / "doc.tex").write_text(
        latex_render([(model, dict(model.values))], "standalone"), encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
         "doc.tex"], cwd=build, capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL)
    log = (build / "doc.log").read_text(errors="replace")
    assert done.returncode == 0, [line for line in log.splitlines() if line.startswith("!")]
    assert sorted(p.name for p in build.iterdir()) == ["doc.aux", "doc.log", "doc.pdf",
                                                        "doc.tex"]
    assert not (tmp_path / "pwned.txt").exists()
    assert f"({secret}" not in log.replace("\n", "")  # pdflatex logs each file it opens
    assert SECRET_TEXT not in log
    assert SECRET_TEXT.encode() not in (build / "doc.pdf").read_bytes()


@pytest.mark.parametrize("args", [
    ["summary"], ["summary", "--format", "json"], ["summary", "--format", "markdown"],
    ["explain"], ["latex"],
])
def test_cli_output_has_no_terminal_escape(hostile, tmp_path, args):
    model, secret = hostile
    path = tmp_path / "m.sp"
    path.write_text(hostile_source(secret), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "symparams", *args, str(path)],
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    for bad in ("\x1b", "\x07", "\u202e"):
        assert bad not in done.stdout and bad not in done.stderr
    if "json" in args:
        names = [layer["name"] for layer in json.loads(done.stdout)["models"][0]["layers"]]
        assert any("\x1b" in name for name in names)  # JSON keeps the value, escaped


def test_an_error_never_echoes_a_terminal_escape():
    source = 'model m(d=4):\n    Input(shape=(d,))\n    Dens(d)  # \x1b[2J\x1b]0;pwned\x07\n'
    with pytest.raises(symparams.SymparamsError) as caught:
        symparams.parse(source)
    text = str(caught.value)
    assert "\x1b" not in text and "\x07" not in text and "\\x1b[2J" in text
    lines = text.splitlines()
    assert lines[2].index("^") == lines[1].index("Dens")


def test_an_error_on_a_huge_line_echoes_a_window():
    source = "model m(d=4):\n    Input(shape=(d,))\n    Dense(" + "d+" * 450_000 + "d)\n"
    with pytest.raises(symparams.LimitError) as caught:  # a 900 KB line, too many tokens
        symparams.parse(source)
    text = str(caught.value)
    assert len(text) < 1000
    line, caret = text.splitlines()[1:3]
    assert line.startswith("...") and line[caret.index("^")] in "+d"


@pytest.mark.latex
def test_names_print_as_written_without_ligatures(tmp_path):
    """``--`` in a name is two hyphens on the page, not an en dash (nor ``''`` a quote)."""
    require("pdflatex")
    require("pdftotext")
    names = ["conv--1", "a''b", "q,,r", "x``y"]
    source = "model m(d=4):\n    Input(shape=(d,))\n" + "".join(
        f'    Dense(d, name="{name}")\n' for name in names)
    model = symparams.parse(source)["m"]
    (tmp_path / "doc.tex").write_text(
        latex_render([(model, dict(model.values))], "standalone"), encoding="utf-8")
    subprocess.run(["pdflatex", "-no-shell-escape", "-interaction=nonstopmode",
                    "-halt-on-error", "doc.tex"], cwd=tmp_path, capture_output=True,
                   timeout=120, stdin=subprocess.DEVNULL, check=True)
    text = subprocess.run(["pdftotext", "doc.pdf", "-"], cwd=tmp_path, capture_output=True,
                          text=True, check=True).stdout
    for name in names:
        assert name in text, (name, text)
