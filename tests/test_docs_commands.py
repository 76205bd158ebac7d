"""The README and every page in docs/ show real output, kept current by this test.

Convention (any page may follow it, whoever writes it): a fenced block
that opens with ```` ```console ```` and whose first line is ``$ symparams ARGS...`` is a live
example. The lines after it, up to the closing fence, are exactly what ``symparams ARGS``
prints on standard output when run from the repository root (standard error is not shown;
the command must exit 0). A block that opens with ```` ```text ```` and ``$ symparams ARGS``
shows a mistake: the command must exit 1, and the lines are what it prints on standard
error. ARGS are split as a POSIX shell would (``shlex``), without pipes
or redirections. Any other block that shows a command's output (its first line starts with
``$ symparams``) must say on that line that it is abridged: :func:`test_shown_output_is_real
_or_marked_abridged`.

After an intended change of output, rewrite every live example and review the diff::

    SYMPARAMS_REGENERATE=1 python -m pytest tests/test_docs_commands.py
    git diff README.md docs/
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from symparams.cli.main import main

from .conftest import ROOT
from .test_latex_golden import REGENERATE, run_cli

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
_FENCED = re.compile(r"^```(?P<info>[^\n]*)\n(?P<first>[^\n]*)\n", re.M)
_BLOCK = re.compile(r"^```(?P<info>console|text)\n\$ symparams (?P<args>[^\n]*)\n"
                    r"(?P<out>.*?)^```$", re.M | re.S)


def _examples(page: Path) -> list[re.Match]:
    return list(_BLOCK.finditer(page.read_text(encoding="utf-8")))


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _error_output(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Standard error of ``symparams ARGV``, which must exit 1 (a user's mistake)."""
    monkeypatch.chdir(ROOT)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code == 1, f"symparams {' '.join(argv)} exited {code}, not 1"
    return err.getvalue()


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_shown_output_is_real_or_marked_abridged(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    unmarked = [m["first"] for m in _FENCED.finditer(text)
                if m["first"].startswith("$ symparams") and m["info"] not in ("console", "text")
                and "abridged" not in m["first"]]
    assert not unmarked, f"{_page_id(page)}: output neither live nor marked abridged: {unmarked}"


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_live_examples_are_current(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = page.read_text(encoding="utf-8")
    matches = _examples(page)
    if not matches:
        pytest.skip(f"{page.name} has no live examples")
    rebuilt, last, stale = [], 0, []
    for match in matches:
        args = shlex.split(match["args"])
        output = run_cli(args, monkeypatch) if match["info"] == "console" else \
            _error_output(args, monkeypatch)
        if not output.endswith("\n"):
            output += "\n"
        if output != match["out"]:
            stale.append(f"$ symparams {match['args']}")
        rebuilt += [text[last:match.start("out")], output]
        last = match.end("out")
    rebuilt.append(text[last:])
    if REGENERATE:
        page.write_text("".join(rebuilt), encoding="utf-8")
        return
    assert not stale, (
        f"{page.name}: output changed for {stale}; regenerate (see tests/test_docs_commands.py)"
    )


@pytest.mark.parametrize("name", ["summary", "latex", "explain"])
def test_my_commands_have_pages(name: str) -> None:
    page = ROOT / "docs" / "commands" / f"{name}.md"
    assert page.exists() and _examples(page), f"{page} needs live examples"
