"""The command pages in docs/commands/ show real output, kept current by this test.

Convention (any docs/commands/*.md may follow it, whoever writes the page): a fenced block
that opens with ```` ```console ```` and whose first line is ``$ symparams ARGS...`` is a live
example. The lines after it, up to the closing fence, are exactly what ``symparams ARGS``
prints on standard output when run from the repository root (standard error is not shown;
the command must exit 0). ARGS are split as a POSIX shell would (``shlex``), without pipes
or redirections. Other blocks are left alone.

After an intended change of output, rewrite every live example and review the diff::

    SYMPARAMS_REGENERATE=1 python -m pytest tests/test_docs_commands.py
    git diff docs/commands/
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_latex_golden import REGENERATE, run_cli

PAGES = sorted((ROOT / "docs" / "commands").glob("*.md"))
_BLOCK = re.compile(r"^```console\n\$ symparams (?P<args>[^\n]*)\n(?P<out>.*?)^```$",
                    re.M | re.S)


def _examples(page: Path) -> list[re.Match]:
    return list(_BLOCK.finditer(page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_live_examples_are_current(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = page.read_text(encoding="utf-8")
    matches = _examples(page)
    if not matches:
        pytest.skip(f"{page.name} has no live examples")
    rebuilt, last, stale = [], 0, []
    for match in matches:
        args = shlex.split(match["args"])
        output = run_cli(args, monkeypatch)
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
