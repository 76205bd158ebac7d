"""Python's cycle collector paused while symparams builds objects that it keeps.

Importing symparams (SymPy, Lark, the layer catalogue) and building a document (syntax
trees, SymPy expressions) only add objects that stay alive; each collection the allocations
trigger meanwhile walks the young ones, and a full one every live object, to free nothing.
An import of symparams went through about 175 collections (50-70 ms of a cold start); a
10,000-layer model's elaboration grew faster than the model.

>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block (if it was on), back on after. Any cycle left is
    collected later, when the collector is on again.

    What the block made goes to the collector's oldest generation (``freeze`` then
    ``unfreeze``) rather than its youngest: it is kept, so scanning it at once, as the first
    collections after would (EfficientNet B0-B7: 0.1 s), finds nothing to free; a later full
    collection still frees any cycle. Skipped if the program froze objects itself."""
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
