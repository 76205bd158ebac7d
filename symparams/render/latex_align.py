r"""The layout of a derivation in LaTeX: rows (a label, a formula, the stages after it) set
as the lines of one ``alignat*{2}``, labels in a left column and the ``=`` signs aligned;
what is too wide for its column goes on a line of its own.

>>> lines = align_rows([Row("Dense", ["2 \\cdot 5"], [["10"]])])
>>> lines
['  & \\text{Dense:}\\quad & 2 \\cdot 5 &{}= 10']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .latex_lines import pack, stage_lines, tex_width

__all__ = ["Row", "align_rows", "align_groups", "LINE_WIDTH", "FLUSH_LEFT"]

#: Width in characters of a derivation's line (see :func:`tex_width`).
LINE_WIDTH = 56
#: Displays flush left, as the class option ``fleqn`` sets them, in the current group: a
#: line set across the columns (``\rlap``, no width) then starts at the margin and cannot
#: pass the right one; ``\csname``, so that it works inside a Beamer frame too.
FLUSH_LEFT = r"\csname @fleqntrue\endcsname\csname @mathmargin\endcsname=0pt\relax"


@dataclass
class Row:
    """One row of a derivation: a label, the formula's pieces and the later stages (each
    a list of pieces, the last the result)."""

    label: str
    formula: list[str]
    stages: list[list[str]] = field(default_factory=list)
    #: The label ends with a colon (a heading's note does not).
    colon: bool = True


def align_rows(rows: Sequence[Row], width: int = LINE_WIDTH) -> list[str]:
    """The lines of an ``alignat*{2}`` body (see :func:`align_groups`)."""
    return [line for group in align_groups(rows, width) for line in group]


def align_groups(rows: Sequence[Row], width: int = LINE_WIDTH) -> list[list[str]]:
    r"""Per row, its lines of an ``alignat*{2}`` body: ``& \text{label:}\quad & formula &{}= ...``.
    A label too long for the left column gets a line of its own (``\rlap``: it takes no
    width); a formula or a stage too long breaks between its terms, and a piece wider than
    its column is set across the columns from the left, on a line of its own."""
    labels = [_label_width(row.label) for row in rows]
    wide = width * 2 // 5
    formulas = [pack(row.formula, wide) for row in rows]
    formula_room = max((tex_width(line) for lines in formulas for line in lines
                        if tex_width(line) <= wide), default=0)
    # room kept for the stages after the formulas (none in a block's own working)
    rest_need = 22 if any(row.stages for row in rows) else 4
    label_room = min(max(labels, default=0), max(wide, width - formula_room - rest_need))
    # the label column is as wide as its widest label on a line of the column's own
    label_room = max((size for size, lines in zip(labels, formulas, strict=True)
                      if size <= label_room and all(tex_width(line) <= formula_room
                                                    for line in lines)), default=0)
    rest_room = max(16, width - label_room - formula_room)
    groups: list[list[str]] = []
    for row, size, formula in zip(rows, labels, formulas, strict=True):
        lines: list[str] = []
        groups.append(lines)
        across = any(tex_width(line) > formula_room for line in formula)
        colon = ":" if row.colon else ""
        label = rf"\text{{{row.label}{colon}}}\quad"
        if size > label_room or across:
            # it takes no width: on the formula's line when they do not meet, else above
            first = tex_width(formula[0]) if formula else 0
            label = rf"\rlap{{{row.label}{colon}}}"
            if across or size + first + 4 > label_room + formula_room:
                if not formula and not row.stages:  # a heading: its lines alone
                    lines.extend(f"  & \\rlap{{{part}}} & &"
                                 for part in _heading_lines(row.label + colon, width))
                    continue
                lines.append(f"  & {label} & &")
                label = ""
        out: list[list[str]] = []
        for index, text in enumerate(formula or [""]):
            if across:
                out.append([_across(text, index > 0), "", ""])
            else:
                out.append([label if index == 0 else "", text, ""])
        # the stages follow the formula's last line while they fit, then a line each
        joined = ""
        for stage in row.stages:
            pieces, across = stage_lines(stage, width - 6, rest_room)
            for number, piece in enumerate(pieces):
                if across:  # too wide for its column: all its lines across the columns
                    if joined:
                        _put(out, joined)
                    out.append([_across(piece, True), "", ""])
                    joined = ""
                    continue
                if number == 0 and joined and tex_width(joined + piece) <= rest_room:
                    joined += " " + piece
                    continue
                if joined:
                    _put(out, joined)
                joined = piece
        if joined:
            _put(out, joined)
        for label_text, text, rest in out:
            rest = ("{}" + rest) if rest.startswith("=") else rest
            lines.append(f"  & {label_text} & {text} &{rest}".rstrip())
    return groups


def _label_width(label: str) -> int:
    r"""A label's width in characters, generously: a ``\quad`` is two, typewriter text a
    quarter wider, and the colon and space after it three."""
    quads = label.count(r"\quad")
    tt = sum(len(part.split("}")[0]) for part in label.split(r"\texttt{")[1:])
    return tex_width(label) + quads + (tt + 3) // 4 + 3


def _heading_lines(text: str, width: int) -> list[str]:
    r"""A heading wider than ``width`` broken between its words (never inside ``$...$``),
    the lines after the first indented.

    >>> _heading_lines("Block$(f, a)$ on an input $(h, w, c)$ ($f$: filters)", 30)
    ['Block$(f, a)$ on an input', '\\quad $(h, w, c)$ ($f$: filters)']
    """
    words: list[str] = []
    for index, part in enumerate(text.split("$")):
        if index % 2:  # maths: one word
            words[-1:] = [(words[-1] if words else "") + f"${part}$"]
            continue
        pieces = part.split(" ")
        if words and pieces:
            words[-1] += pieces.pop(0)
        words.extend(pieces)
    lines = [line.strip() for line in pack([w for w in words if w], width - 4)]
    return [lines[0], *(rf"\quad {line}" for line in lines[1:])]


def _put(out: list[list[str]], rest: str) -> None:
    """``rest`` in the last line's ``=`` column, or on a new line when that is taken."""
    if out[-1][2] or out[-1][0].startswith(r"\rlap{$"):
        out.append(["", "", ""])
    out[-1][2] = rest


def _across(text: str, indent: bool) -> str:
    r"""A formula's line set from the label column's left, taking no width."""
    space = r"\qquad " if indent else r"\quad "
    if text.startswith(("+ ", "- ")):
        text = "{} " + text
    if tex_width(text) > LINE_WIDTH:  # one piece no break can split (a piecewise): scaled
        return (r"\rlap{\resizebox{\ifdim\width>0.92\linewidth 0.92\linewidth\else"
                rf"\width\fi}}{{!}}{{$\displaystyle {space}{text}$}}}}")
    return rf"\rlap{{$\displaystyle {space}{text}$}}"
