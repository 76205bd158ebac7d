"""One module per CLI command; each has ``NAME``, ``HELP``, ``add_arguments`` and ``run``.

Commands are found by listing this package, so a new command is one new module here.
"""

from __future__ import annotations

import pkgutil

__all__ = ["command_modules"]

_NOT_COMMANDS = {"common"}


def command_modules() -> list[str]:
    """Module names of the commands, ``summary`` first, then alphabetical."""
    names = [
        m.name
        for m in pkgutil.iter_modules(__path__)
        if m.name not in _NOT_COMMANDS and not m.name.startswith("_")
    ]
    return sorted(names, key=lambda n: (n != "summary", n))
