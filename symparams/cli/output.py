"""Where command output goes: standard output, or a file given with ``-o``.

Every command prints through :func:`emit`, so that writing files (atomically, never over an
existing file without ``--force``) is decided in one place.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from ..errors import SymparamsError
from ..render.escape import strip_invisible

__all__ = ["emit", "OutputError", "note_read_files", "reading_files"]

#: Files the running command read besides its arguments (a model's ``use "file.sp"``).
_READ: ContextVar[tuple[str, ...]] = ContextVar("symparams_read_files", default=())


@contextlib.contextmanager
def reading_files() -> Iterator[None]:
    """One command's run: the files it reads are noted afresh (:func:`note_read_files`)."""
    token = _READ.set(())
    try:
        yield
    finally:
        _READ.reset(token)


def note_read_files(paths: Iterable[str]) -> None:
    """Remember ``paths`` as read by the running command: ``-o`` will not write over them."""
    _READ.set((*_READ.get(), *paths))


class OutputError(SymparamsError, OSError):
    """The output file cannot be written (exists without ``--force``, or an OS error)."""


def emit(args: argparse.Namespace, text: str | bytes | Iterable[str]) -> None:
    """Write ``text`` (a string, or chunks of one, streamed; or bytes: a PDF or PNG) to
    ``args.output`` (if set) atomically, else to standard output."""
    binary = isinstance(text, bytes)
    chunks = [text] if binary else \
        (strip_invisible(chunk) for chunk in ([text] if isinstance(text, str) else text))
    target = getattr(args, "output", None)
    if target == "":
        raise OutputError("-o was given an empty file name",
                          hint="give a file name, or - (or no -o) for standard output")
    if not target or target == "-":
        if sys.stdout is None:  # closed when the program started (`>&-`)
            raise OutputError("standard output is closed",
                              hint="redirect it to a file, or write one with -o FILE")
        out = sys.stdout.buffer if binary else sys.stdout
        for chunk in chunks:
            out.write(chunk)
        out.flush()
        return
    path = Path(target)
    if path.is_symlink() and path.exists():  # write through the link, as `>` does
        path = Path(os.path.realpath(path))
    _refuse_an_input(args, path)
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory",
                          hint="give a file name, e.g. -o out.txt")
    if path.exists() and not getattr(args, "force", False):
        raise OutputError(f"{path} exists; not overwriting it", hint="add --force to replace it")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise OutputError(f"{path} is not a regular file (a device, a pipe or a socket); "
                          "not replacing it, even with --force",
                          hint="write to a regular file, or to standard output without -o")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {path}: directory {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with _terminate_as_exit():
            with (os.fdopen(fd, "wb") if binary else
                  os.fdopen(fd, "w", encoding="utf-8", newline="")) as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; give the usual permissions
            if getattr(args, "force", False):
                os.replace(tmp, path)
            else:
                _publish_exclusively(tmp, path)
    except FileExistsError:
        _remove(tmp)
        raise OutputError(f"{path} exists; not overwriting it",
                          hint="add --force to replace it") from None
    except OSError as err:
        _remove(tmp)
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        _remove(tmp)
        raise


def _refuse_an_input(args: argparse.Namespace, path: Path) -> None:
    """Writing over a file the command reads (the model file, ``--against``'s, a file it
    uses) would lose it, even with ``--force``: almost always a slip of ``-o``."""
    for source in (*(getattr(args, name, None) for name in ("file", "against")), *_READ.get()):
        if not source or source == "-":
            continue
        try:
            same = path.exists() and os.path.samefile(source, path)
        except OSError:
            same = False
        if same:
            raise OutputError(f"{path} is the file this command reads; not writing over it, "
                              "even with --force", hint="give another -o file")


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While a file is being written, SIGTERM (as SIGINT already does) raises, so that the
    temporary file is removed before the process ends (exit status 128 + 15)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _publish_exclusively(tmp: str, path: Path) -> None:
    """Move the finished ``tmp`` to ``path`` unless ``path`` exists (FileExistsError)."""
    try:
        os.link(tmp, path)  # atomic, and fails if the file appeared meanwhile
    except FileExistsError:
        raise
    except OSError:  # no hard links here: claim the name first, then replace our claim
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or those a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
