r"""Text or a file to analysed models: the syntax stage, then elaboration.

>>> doc = parse("model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n")
>>> str(doc["m"].params)
'2*d + 2'
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
        with _collector_paused():
            module = parse_module(text, filename, limits)
            return elaborate(module, filename,
                             text.removeprefix("\ufeff").replace("\r\n", "\n"), limits)
    except RecursionError:  # a last resort: nesting is bounded well below this
        raise LimitError("the input is nested too deeply to analyse",
                         SourceSpan(filename, text, 1, 1),
                         hint="lower the nesting, or raise Python's recursion limit") from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a document is built: parsing and elaboration only
    add objects (syntax trees, SymPy expressions), and each full collection walks every live
    one, so on a 10,000-layer model the collector's work grew faster than the model. Any
    cycle left is collected after, when the collector is back on.

    What the document made goes to the collector's oldest generation (``freeze`` then
    ``unfreeze``) rather than its youngest: they are kept, so scanning them at once, as the
    first collection after would (EfficientNet B0-B7: 0.1 s), finds nothing to free; a later
    full collection still frees any cycle. Skipped if the program froze objects itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def parse_file(path: str | Path, *, limits: Limits | None = None) -> Document:
    """Read a model file (UTF-8) and :func:`parse` it."""
    limits = limits or Limits()
    return parse(read_source(path, limits), str(path), limits=limits)
