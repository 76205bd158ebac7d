r"""Refuse indentation that means different things at different tab widths, as Python does
(``TabError``): a tab counts as 8 columns in the parser, so a body indented with a tab on one
line and 4 spaces on the next would otherwise silently move a layer in or out of a block.

Indentation is consistent when comparing two lines' indentation gives the same answer with a
tab of 8 columns and with a tab of 1 column.

>>> check_indentation("model m(d=1):\n\tDense(d)\n\tDense(d)\n")
>>> try:
...     check_indentation("model m(d=1):\n    repeat 2:\n\tDense(d)\n", "m.sp")
... except DSLSyntaxError as err:
...     print(err.line, err.column, err.message)
3 1 inconsistent use of tabs and spaces in indentation
"""

from __future__ import annotations

import re

from ..errors import DSLSyntaxError, SourceSpan

__all__ = ["check_indentation"]

# Pieces of a line that matter for bracket depth: strings and comments are skipped whole.
_PIECE = re.compile(r"""#[^\n]*|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|[()\[\]{}]|\\\n""")


def _widths(indent: str) -> tuple[int, int]:
    """The indentation's width with tabs to multiples of 8, and with tabs as 1 column."""
    wide = 0
    for ch in indent:
        wide = (wide // 8 + 1) * 8 if ch == "\t" else wide + 1
    return wide, len(indent)


def check_indentation(text: str, filename: str = "<string>") -> None:
    """Raise ``DSLSyntaxError`` at the first line whose indentation compares differently with
    the enclosing lines' at tab widths 8 and 1. ``text`` has ``\\n`` line ends."""
    if "\t" not in text:
        return
    stack = [(0, 0)]
    depth = 0
    continued = False
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t\f"))]
        body = line[len(indent):]
        if depth == 0 and not continued and body and not body.startswith("#"):
            width = _widths(indent.replace("\f", ""))
            while width[0] < stack[-1][0] and width[1] < stack[-1][1]:
                stack.pop()
            top = stack[-1]
            same = (width[0] == top[0]) == (width[1] == top[1])
            deeper = (width[0] > top[0]) == (width[1] > top[1])
            if not (same and deeper):
                raise DSLSyntaxError(
                    "inconsistent use of tabs and spaces in indentation",
                    SourceSpan(filename, text, number, 1),
                    hint="indent with spaces only (or tabs only); a tab is not the same as "
                    "4 or 8 spaces")
            if width[0] > top[0]:
                stack.append(width)
        continued = False
        for piece in _PIECE.findall(line + "\n"):
            if piece in "([{":
                depth += 1
            elif piece in ")]}":
                depth = max(0, depth - 1)
            elif piece == "\\\n":
                continued = True
    return None
