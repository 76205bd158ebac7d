"""Where command output goes: standard output, or a file given with ``-o``.

Every command prints through :func:`emit`, so that writing files (atomically, never over an
existing file without ``--force``) is decided in one place.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from .errors import SymparamsError

__all__ = ["emit", "OutputError"]


class OutputError(SymparamsError, OSError):
    """The output file cannot be written (exists without ``--force``, or an OS error)."""


def emit(args: argparse.Namespace, text: str) -> None:
    """Write ``text`` to ``args.output`` (if set) atomically, else to standard output."""
    target = getattr(args, "output", None)
    if not target or target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(target)
    if path.exists() and not getattr(args, "force", False):
        raise OutputError(f"{path} exists; not overwriting it", hint="add --force to replace it")
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if getattr(args, "force", False):
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the file appeared meanwhile: never clobber
            os.unlink(tmp)
    except FileExistsError:
        os.unlink(tmp)
        raise OutputError(f"{path} exists; not overwriting it",
                          hint="add --force to replace it") from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
