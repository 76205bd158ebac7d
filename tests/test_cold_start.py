"""Start-up: `symparams summary` imports only what it needs and exits without tearing the
interpreter down. (Timings: ``benchmarks/run.py``; the parser needs no cache:
``tests/test_generated_parser.py``.)"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

# Modules a text summary must not load: other formats' renderers, sweep's numpy, notebooks,
# the other commands (and what they import).
NOT_NEEDED = ("numpy", "IPython", "keras", "jax", "symparams.render.latex",
              "symparams.render.markdown", "symparams.render.jsonout", "symparams.algebra.sweep",
              "symparams.algebra.solve", "symparams.algebra.compare", "symparams.notebook",
              "symparams.keras_import", *(f"symparams.cli.commands.{name}" for name in (
                  "compare", "explain", "import_", "latex", "solve", "sweep")))


def _python(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_summary_imports_only_what_it_needs() -> None:
    code = ("import sys\nfrom symparams import cli\n"
            "cli.main(['summary', 'examples/seed.sp'])\n"
            f"print([m for m in {NOT_NEEDED!r} if m in sys.modules])")
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_program_keeps_optional_imports_out() -> None:
    """``python -m symparams`` runs the package's ``__init__`` first: it must not import the
    parser, or its lark runtime would load ``regex`` before ``entry`` keeps it out;
    ``difflib`` and ``html`` wait for an error or a notebook."""
    code = ("import os, runpy, sys\n"
            "sys.argv = ['symparams', 'summary', 'examples/seed.sp']\n"
            "os._exit = lambda status: print([m for m in ('regex', '_hashlib', 'difflib', "
            "'html') if sys.modules.get(m) is not None]) or sys.stdout.flush()\n"
            "runpy.run_module('symparams', run_name='__main__')\n")
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_package_import_leaves_the_parser_for_later() -> None:
    done = _python("-c", "import sys, symparams; print("
                   "'symparams.syntax.generated_parser' in sys.modules, "
                   "symparams.parse is symparams.engine.parse.parse)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


@pytest.mark.parametrize("args, status", [
    pytest.param(["summary", "examples/seed.sp", "-m", "rnn"], 0, id="ok"),
    pytest.param(["summary", "examples/no-such-file.sp"], 1, id="error"),
    pytest.param(["--version"], 0, id="version"),
])
def test_program_exits_with_the_status_and_full_output(args, status, capsys,
                                                       monkeypatch) -> None:
    from symparams.cli import main

    done = _python("-m", "symparams", *args)
    assert done.returncode == status, done.stderr
    if status == 0 and args[0] == "summary":  # everything flushed before the quick exit
        monkeypatch.chdir(ROOT)
        assert main(args) == 0
        assert done.stdout == capsys.readouterr().out
