"""Golden files: the LaTeX of the seed's models, in every mode, byte for byte.

Each case runs the ``symparams`` command line in-process from the repository root and
compares its standard output with ``tests/golden/<name>``. After an intended change of
output, regenerate the goldens and review the diff::

    SYMPARAMS_REGENERATE=1 python -m pytest tests/test_latex_golden.py tests/test_markdown_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from symparams.cli import main

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
REGENERATE = os.environ.get("SYMPARAMS_REGENERATE") == "1"


def run_cli(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Standard output of ``symparams ARGV`` run from the repository root (exit code 0)."""
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    assert code == 0, f"symparams {' '.join(argv)} exited {code}"
    return out.getvalue()


def check_golden(name: str, text: str) -> None:
    path: Path = GOLDEN / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing; run with SYMPARAMS_REGENERATE=1 to create it"
    assert text == path.read_text(encoding="utf-8"), (
        f"output differs from {path}; if intended, regenerate (see this module's docstring)"
    )


CASES = [
    pytest.param(["latex", "examples/seed.sp"], "seed.table.tex", id="table"),
    pytest.param(["latex", "--derivation", "examples/seed.sp"], "seed.derivation.tex",
                 id="derivation"),
    pytest.param(["latex", "--beamer", "examples/seed.sp"], "seed.beamer.tex", id="beamer"),
    pytest.param(["latex", "--standalone", "examples/seed.sp"], "seed.standalone.tex",
                 id="standalone"),
    pytest.param(["latex", "--derivation", "examples/seed.sp", "--model", "rnn", "--set",
                  "h=30"], "seed.rnn-h30.derivation.tex", id="notes-values"),
]


@pytest.mark.parametrize(("argv", "name"), CASES)
def test_latex_golden(argv: list[str], name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    check_golden(name, run_cli(argv, monkeypatch))


def test_issue_example_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The derivation reads as the seed's notes: formula, then numbers, then result."""
    text = run_cli(["latex", "--derivation", "examples/seed.sp", "-m", "rnn"], monkeypatch)
    assert (r"& \text{SimpleRNN:}\quad & h \left(E + h\right) + h &{}= "
            r"15 \cdot \left(32 + 15\right) + 15 = 720") in text
    # The notes' 30 units: 30*(30 + 32) + 30 = 1890 (the seed's own figure).
    text = run_cli(["latex", "--derivation", "examples/seed.sp", "-m", "rnn", "--set", "h=30"],
                   monkeypatch)
    assert r"= 30 \cdot \left(32 + 30\right) + 30 = 1{,}890" in text
