"""The Pygments lexer: installed as an entry point, and every example lexes without errors
into the token kinds a reader expects."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

pygments = pytest.importorskip("pygments")
from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name  # noqa: E402
from pygments.token import Comment, Error, Keyword, Name, Number, String  # noqa: E402

from symparams.syntax.lexer import SymparamsLexer  # noqa: E402

from .conftest import EXAMPLES, ROOT  # noqa: E402

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.sp"))


def test_entry_point_finds_the_lexer() -> None:
    """``pygmentize -l symparams`` works after ``pip install``."""
    assert isinstance(get_lexer_by_name("symparams"), SymparamsLexer)


def test_model_files_are_recognised_by_name() -> None:
    seed = (EXAMPLES / "seed.sp").read_text(encoding="utf-8")
    assert find_lexer_class_for_filename("seed.sp", seed) is SymparamsLexer


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_examples_lex_without_errors(path) -> None:
    text = path.read_text(encoding="utf-8")
    tokens = list(SymparamsLexer().get_tokens(text))
    # Pygments adds a final newline; the tokens cover the text exactly otherwise.
    assert "".join(value for _, value in tokens) == text.rstrip("\n") + "\n"
    assert [v for t, v in tokens if t in Error] == []


SOURCE = '''# a comment
model cnn(H=55, k=7, d_model=4 as "d_{\\\\mathrm{model}}"):
    assume H >= 2*k
    Conv2D(2*f, k, k, padding="same", use_bias=False)
    model.add(Dropout(0.5))
'''

EXPECTED = [
    pytest.param(Comment.Single, "# a comment", id="comment"),
    pytest.param(Keyword, "model", id="model-keyword"),
    pytest.param(Name.Function, "cnn", id="model-name"),
    pytest.param(Keyword, "as", id="as"),
    pytest.param(String.Double, '"d_{\\\\mathrm{model}}"', id="latex-name"),
    pytest.param(Keyword, "assume", id="assume"),
    pytest.param(Name.Class, "Conv2D", id="layer"),
    pytest.param(Name.Attribute, "padding", id="keyword-argument"),
    pytest.param(String.Double, '"same"', id="string"),
    pytest.param(Keyword.Constant, "False", id="constant"),
    pytest.param(Name.Builtin, "add", id="model-add"),
    pytest.param(Number.Float, "0.5", id="float"),
    pytest.param(Number.Integer, "55", id="integer"),
    pytest.param(Name.Variable, "f", id="symbol"),
]


@pytest.mark.parametrize(("kind", "text"), EXPECTED)
def test_token_kinds(kind, text) -> None:
    tokens = list(SymparamsLexer().get_tokens(SOURCE))
    assert (kind, text) in tokens, [t for t in tokens if t[1].strip()]


def test_pygmentize_command_line() -> None:
    """The installed ``pygmentize`` finds the lexer by name (as minted and Sphinx do)."""
    exe = shutil.which("pygmentize")
    argv = [exe] if exe else [sys.executable, "-m", "pygments"]
    result = subprocess.run([*argv, "-l", "symparams", "-f", "html", "examples/seed.sp"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert '<span class="k">model</span>' in result.stdout
    assert '<span class="nc">Conv2D</span>' in result.stdout
