r"""Text or a file to analysed models: the syntax stage, then elaboration.

>>> doc = parse("model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n")
>>> str(doc["m"].params)
'2*d + 2'
"""

from __future__ import annotations

from pathlib import Path

from ..collector import collector_paused
from ..errors import LimitError, SourceSpan
from ..limits import Limits
from ..syntax.parser import parse_module
from ..syntax.source import read_source
from .elaborate import elaborate
from .model import Document

__all__ = ["parse", "parse_file"]


def parse(text: str, filename: str = "<string>", *, limits: Limits | None = None) -> Document:
    """Parse and analyse model source text.

    Raises a :class:`~symparams.errors.SymparamsError` subclass, naming file, line and
    column, for bad input.
    """
    limits = limits or Limits()
    try:
        with collector_paused():
            module = parse_module(text, filename, limits)
            return elaborate(module, filename,
                             text.removeprefix("\ufeff").replace("\r\n", "\n"), limits)
    except RecursionError:  # a last resort: nesting is bounded well below this
        raise LimitError("the input is nested too deeply to analyse",
                         SourceSpan(filename, text, 1, 1),
                         hint="lower the nesting, or raise Python's recursion limit") from None


def parse_file(path: str | Path, *, limits: Limits | None = None) -> Document:
    """Read a model file (UTF-8) and :func:`parse` it."""
    limits = limits or Limits()
    return parse(read_source(path, limits), str(path), limits=limits)
