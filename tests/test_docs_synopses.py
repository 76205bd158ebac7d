"""Each command page's synopsis (its first fenced block, ``symparams NAME ...``) names every
option the command takes, so a reader never misses one (``-o FILE [--force]`` included);
``--help``, ``--debug`` and the limits (``--max-layers`` ...), common to every command, are
left out."""

from __future__ import annotations

import argparse
import re

import pytest

from symparams.cli.commands.common import LIMIT_DEST_PREFIX
from symparams.cli.main import build_parser

from .conftest import ROOT

COMMON = {"--help", "--debug"}


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


COMMANDS = sorted(_subparsers())


def _synopsis(name: str) -> str:
    text = (ROOT / "docs" / "commands" / f"{name}.md").read_text(encoding="utf-8")
    found = re.search(rf"^```\n(symparams {name} .*?)^```$", text, re.M | re.S)
    assert found, f"docs/commands/{name}.md has no synopsis block"
    return found[1]


@pytest.mark.parametrize("name", COMMANDS)
def test_synopsis_names_every_option(name: str) -> None:
    synopsis = _synopsis(name)
    missing = []
    for action in _subparsers()[name]._actions:
        strings = set(action.option_strings)
        if not strings or strings & COMMON or action.dest.startswith(LIMIT_DEST_PREFIX):
            continue
        if not any(re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", synopsis) for s in strings):
            missing.append("/".join(sorted(strings)))
    assert not missing, f"docs/commands/{name}.md's synopsis omits {missing}"
