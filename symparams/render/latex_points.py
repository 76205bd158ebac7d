r"""The estimated width of a table cell's TeX in a slide's ``\small`` type (Beamer's default
fonts: sans-serif text, sans-serif italic maths, typewriter names), character by character
from TeX's own measures, with the spaces TeX puts around operators: what decides, before
TeX sees a table, whether a slide's table fits at its natural size.

>>> round(points(r"$124{,}439{,}808$")), round(points(r"\texttt{layer\_normalization}"))
(51, 100)
>>> round(points(r"$\left(H, W, 16\right)$"))
46
"""

from __future__ import annotations

import re

__all__ = ["points", "MATH_LETTERS", "TEXT_LETTERS", "SYMBOLS"]

#: Points of a letter in maths (sans-serif italic, 10 pt), measured by TeX; a digit is 5.
MATH_LETTERS = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    [4.9, 5.47, 5.28, 6.11, 5.12, 5.23, 6.08, 5.34, 3.36, 3.58, 5.72, 3.34, 8.12, 5.34, 5.66,
     5.56, 5.58, 4.5, 4.61, 4.33, 5.58, 5.69, 7.92, 5.53, 5.69, 5.22, 6.67, 7.5, 7.59, 7.98,
     7.17, 7.03, 7.86, 7.89, 4.11, 5.53, 8.14, 5.42, 9.56, 7.89, 8.12, 7.22, 8.12, 7.29, 6.48,
     8.14, 7.68, 8.28, 11.06, 8.0, 8.39, 7.31], strict=True))
#: Points of a letter in text (sans-serif upright, 10 pt), measured by TeX.
TEXT_LETTERS = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    [4.81, 5.17, 4.44, 5.17, 4.44, 3.06, 5.0, 5.17, 2.39, 2.67, 4.89, 2.39, 7.94, 5.17, 5.0,
     5.17, 5.17, 3.42, 3.83, 3.61, 5.17, 4.61, 6.83, 4.61, 4.61, 4.35, 6.67, 6.67, 6.39, 7.22,
     5.97, 5.69, 6.67, 7.08, 2.78, 4.72, 6.94, 5.42, 8.75, 7.08, 7.36, 6.39, 7.36, 6.46, 5.56,
     6.81, 6.88, 6.67, 9.44, 6.67, 6.67, 6.11], strict=True))
#: Points of other characters and commands, in maths with the spaces TeX sets around them
#: (a binary operator's, a relation's, the thin space after a comma); a character or
#: command not here is ``"other"``; ``script``: a character in a sub- or superscript.
SYMBOLS = {
    "+": 12.2, "-": 12.2, "=": 13.3, ">": 13.3, "<": 13.3, ",": 4.45, "{,}": 2.78,
    "(": 3.89, ")": 3.89, "[": 2.78, "]": 2.78, "/": 5.0, ".": 2.78, ":": 2.78, "?": 4.72,
    "_": 5.0, r"\alpha": 6.43, "digit": 5.0, "text space": 3.33, "tt": 5.25, "script": 3.6,
    "other": 5.0,
    r"\cdot": 7.2, r"\times": 12.2, r"\lfloor": 4.45, r"\rfloor": 4.45, r"\lceil": 4.45,
    r"\rceil": 4.45, r"\ ": 3.33, r"\:": 2.22, r"\,": 1.67, r"\;": 2.78, r"\quad": 10.0,
    r"\bigl": 0.7, r"\bigr": 0.7, r"\Bigl": 2.1, r"\Bigr": 2.1, r"\ldots": 11.67,
    # cases: the brace, and the gap between its columns (``\left(`` around it is bigger)
    "cases": 9.3, "cases gap": 10.0, "cases brackets": 8.0,
    # a relation that starts a line has no space before it
    "leading relation": -2.78,
    # the thin space between a letter or number and a ``\left(`` ... ``\right)`` group
    "inner": 1.67,
}
#: Commands that take no width of their own (the bracket after ``\left`` is counted).
_LAYOUT = {r"\left", r"\right", r"\mathrm", r"\mathsf", r"\mathit", r"\mathbf", r"\text",
           r"\textit", r"\texttt", r"\displaystyle", r"\frac", r"\operatorname"}
#: Groups set otherwise: text inside maths; italic (its letters as text's; with digits, a
#: space for the slant after them).
_GROUPS = {r"\text": 0.0, r"\textit": 0.0, r"\mathit": 1.12}
#: Characters in text, not maths: no spaces around them (a hyphen, not a minus).
_TEXT = {"-": 3.33, "+": 7.78, "=": 7.78}
#: Where TeX puts a thin space: between a letter or number and a ``\left`` ... ``\right``.
_INNER = re.compile(r"[\w})] ?\\left(?![a-zA-Z])|\\right\S ?[\w\\]")
_TOKEN = re.compile(r"\\[a-zA-Z]+|\\.|\{,\}|.", re.S)


def _cases(match: re.Match) -> str:
    """Cases as, per column, its widest entry (by estimate), with a marker for the brace
    and for each gap between columns."""
    rows = [row.split("&") for row in match[1].split("\\\\")]
    columns = [max((row[i] for row in rows if len(row) > i), key=lambda cell: _width(cell, True))
               for i in range(max(map(len, rows)))]
    return "\x01" + "\x02".join(columns)


def _script(text: str, start: int) -> int:
    """The end of the sub- or superscript whose ``_`` or ``^`` is at ``start``."""
    if text[start + 1:start + 2] != "{":
        match = _TOKEN.match(text, start + 1)
        return match.end() if match else start + 1
    depth, end = 1, start + 2
    while depth and end < len(text):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        end += 1
    return end


def _width(text: str, math: bool) -> float:
    width, i = 0.0, 0
    while i < len(text):
        if text[i] in "_^" and math:
            end = _script(text, i)
            width += SYMBOLS["script"] * len(re.sub(r"\\[a-zA-Z]+|[{}\\ ]", "", text[i + 1:end]))
            i = end
            continue
        token = _TOKEN.match(text, i)[0]
        i += len(token)
        if token == "$":
            math = not math
        elif token == r"\texttt":  # a name in typewriter type: its characters
            end = text.index("}", i) if "}" in text[i:] else len(text)
            width += SYMBOLS["tt"] * len(text[i + 1:end].replace("\\", ""))
            i = end + 1
        elif token == r"\hspace":
            found = re.match(r"\*?\{([\d.]+)em\}", text[i:])
            width += 10.0 * float(found[1]) if found else 0.0
            i += found.end() if found else 0
        elif token == "\x01":
            width += SYMBOLS["cases"]
        elif token == "\x02":
            width += SYMBOLS["cases gap"]
        elif token in _GROUPS and text[i:i + 1] == "{":  # text in maths, italic digits
            end = _script(text, i - 1)
            inner = text[i + 1:end - 1]
            width += _width(inner, False) + _GROUPS[token] * any(map(str.isdigit, inner))
            i = end
        elif token in _LAYOUT or token in "{}":
            continue
        elif token == " ":
            width += 0.0 if math else SYMBOLS["text space"]
        elif token.isalpha():
            width += (MATH_LETTERS if math else TEXT_LETTERS).get(token, SYMBOLS["other"])
        elif token.isdigit():
            width += SYMBOLS["digit"]
        elif not math and token in _TEXT:
            width += _TEXT[token]
        else:
            width += SYMBOLS.get(token, SYMBOLS["other"])
    return width


def points(cell: str) -> float:
    r"""A cell's estimated width in points in a slide's ``\small`` type (10 pt): its
    characters' (:data:`MATH_LETTERS`, :data:`TEXT_LETTERS`, :data:`SYMBOLS`), in maths
    between ``$`` signs."""
    big = len(re.findall(r"\\left\(\\begin\{cases\}", cell))
    cell = re.sub(r"\\begin\{cases\}(.*?)\\end\{cases\}", _cases, cell)
    cell = cell.replace(r"\_", "_")
    leading = SYMBOLS["leading relation"] if cell.startswith("$=") else 0.0
    leading += SYMBOLS["inner"] * len(_INNER.findall(cell))
    return _width(cell, False) + big * SYMBOLS["cases brackets"] + leading
