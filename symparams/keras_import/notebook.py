"""A Jupyter notebook's code cells as one Python text, and where each line came from.

IPython lines (``%matplotlib inline``, ``!pip install``) become blank lines and a cell that
starts with a cell magic (``%%time``) is left out, so the rest is plain Python.

>>> code = notebook_code('{"cells": [{"cell_type": "markdown", "source": "# Title"}, '
...     '{"cell_type": "code", "source": ["%matplotlib inline\\\\n", "n = 3"]}]}')
>>> code.text, code.where(2)
('\\nn = 3\\n', 'cell 2, line 2')
"""

from __future__ import annotations

import json

from ..errors import DSLSyntaxError, SourceSpan
from ..record import Record, record

__all__ = ["NotebookCode", "notebook_code"]


@record
class NotebookCode(Record):
    text: str
    origins: tuple[tuple[int, int], ...]  # per line of text: (cell number, line in cell)

    def where(self, line: int) -> str:
        if 1 <= line <= len(self.origins):
            cell, within = self.origins[line - 1]
            return f"cell {cell}, line {within}"
        return f"line {line}"


def notebook_code(document: str, filename: str = "<notebook>") -> NotebookCode:
    """The code of a notebook given as its JSON text."""
    try:
        data = json.loads(document)
        cells = data["cells"]
        if not isinstance(cells, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise DSLSyntaxError("not a Jupyter notebook (no list of cells in its JSON)",
                             SourceSpan(filename, "", 1, 1)) from None
    lines: list[str] = []
    origins: list[tuple[int, int]] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if source.lstrip().startswith("%%"):
            continue
        for within, line in enumerate(source.splitlines(), start=1):
            lines.append("" if line.lstrip().startswith(("%", "!")) else line)
            origins.append((number, within))
    return NotebookCode("".join(line + "\n" for line in lines), tuple(origins))
