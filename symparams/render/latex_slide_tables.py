r"""A model's table on Beamer frames: its layers spread over frames by estimated height, and
each frame's columns chosen by estimated width so that the table is set at 100% in
``\small`` type: a frame whose rows are too wide for all four columns shows their counts,
then their shapes, on frames of their own (GPT's), the long names broken after an
underscore when that is what it takes. TeX measures each table too: one still too wide
is set with its columns closer, and only then scaled down.

>>> import symparams
>>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
>>> frames = table_frames(m, m.values, None, "parameters", "", "d = 4", True)
>>> frames[0]
'\\begin{frame}{\\texttt{m}: parameters}'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..engine.model import Model
from ..report.derivation import derive, nested_steps
from . import shown_depth
from .latex_fit import fit
from .latex_lines import tex_width
from .latex_printer import escape_text
from .latex_table import Table, Unit, build_compute_table, build_table, inline_math

__all__ = ["table_frames", "frame_title", "split_heights", "SLIDE_CELL", "TABLE_BUDGET",
           "SLIDE_POINTS"]

#: Height in points a frame's table may take, rules and header with it: the room
#: :data:`FRAME_HEIGHT` TeX gives it (227 pt) less a point or two; on the first frame, under
#: the symbols' values, a line and a half less.
TABLE_BUDGET, FIRST_TABLE_BUDGET = 225.0, 207.0
#: What TeX may scale a frame's table down to when the estimate was short: the frame's text
#: height less its title and navigation bar.
FRAME_HEIGHT = r"\dimexpr\textheight-3.5\baselineskip\relax"
#: Characters of a frame title's line (\Large), and the points a second line takes.
TITLE_WIDTH, TITLE_LINE = 48, 20.0
#: Width in characters of the line of symbols' values on a slide (longer: more lines).
SYMBOLS_WIDTH = 64
#: Width in characters of a table cell's formula on a slide.
SLIDE_CELL = 18
#: A 4:3 frame's text width in points.
SLIDE_POINTS = 307.0
#: Points between two columns when a table is too wide at the usual 12 (TeX then sets its
#: ``\tabcolsep`` to 3 pt: see :func:`~.latex_table.fit`).
COLUMN_GAP = 6.0
#: Width in characters past which a layer's name may break (not narrower than its type).
NAME_WRAP = 14
#: A frame's rows estimated wider than this (points) are split by columns: the estimate
#: (:func:`~.latex_points.points`) is within a few per cent, and a table is never to be
#: scaled down (type smaller than ``\small``).
SPLIT_POINTS = SLIDE_POINTS
#: Points (measured in ``\small``): a table row, the space between layers, the rules with
#: the header; a row with a ``\Bigl(`` or ``\Bigr)`` is taller by ``BIG``.
ROW, GAP, FRAME_RULES, BIG = 12.0, 5.5, 24.0, 6.0


@dataclass
class _Frame:
    """One frame's table: which of ``table``'s layers, with the totals or not."""

    title: str
    table: Table
    units: list[int]
    totals: bool
    symbols: str = ""
    note: bool = False


def frame_title(model: Model, what: str, note: str) -> str:
    return rf"\texttt{{{escape_text(model.name)}}}: {what}{note}"


def _height(unit: Unit) -> float:
    return sum(ROW + (BIG if r"\Bigl" in row or r"\Bigr" in row else 0.0)
               + 14.0 * min(1, row.count(r"\begin{cases}")) for row in unit.rows)


def split_heights(heights: Sequence[float], budgets: Sequence[float], extra: float = 0.0
           ) -> list[int]:
    """Where ``heights`` (consecutive items) break into frames: the fewest frames each within
    its budget (the first budget for the first, the last for the rest; ``extra``, the
    totals, with the last items), of the most even heights (the fullest as low as it can
    be); an item taller than a frame has one alone. The groups' sizes.

    >>> split_heights([10.0] * 5, [30.0, 30.0], extra=15.0)
    [2, 2, 1]
    >>> split_heights([10.0] * 7, [45.0, 45.0], extra=10.0)
    [4, 3]
    """
    n = len(heights)
    ends = [0.0]
    for height in heights:
        ends.append(ends[-1] + height)

    def fill(start: int, stop: int, frame: int) -> float | None:
        """The group's height over its budget, None past it (an item alone always fits)."""
        used = ends[stop] - ends[start] + (extra if stop == n else 0.0)
        budget = budgets[min(frame, len(budgets) - 1)]
        return used / budget if used <= budget or stop - start == 1 else None

    for count in range(1, n + 1):
        # best[k][j]: the lowest fullest fill of the first j items in k frames, and its cut
        best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
        for frame in range(count):
            row: dict[int, tuple[float, int]] = {}
            for start, (worst, _) in best[frame].items():
                for stop in range(start + 1, n + 1):
                    used = fill(start, stop, frame)
                    if used is None:
                        break
                    candidate = (max(worst, used), start)
                    if stop not in row or candidate[0] < row[stop][0]:
                        row[stop] = candidate
            best.append(row)
        if n in best[count]:
            sizes, stop = [], n
            for frame in range(count, 0, -1):
                start = best[frame][stop][1]
                sizes.append(stop - start)
                stop = start
            return sizes[::-1]
    return [1] * n


def _title_lines(title: str) -> int:
    """Lines a frame's title takes: two past :data:`TITLE_WIDTH` typewriter characters
    (another character counts four fifths of one; a frame number is allowed for)."""
    tt = sum(len(part.split("}")[0].replace(r"\_", "_"))
             for part in title.split(r"\texttt{")[1:])
    return 2 if tt + 0.8 * (tex_width(title) - tt + 6) > TITLE_WIDTH else 1


def _groups(table: Table, units: Sequence[int], symbols: str, totals: bool, title: str = ""
            ) -> list[tuple[list[int], bool]]:
    """``units`` (indices of ``table``'s layers) spread over frames by estimated height, each
    frame's and whether the totals are on it (with the last layers, or on a frame of their
    own when they do not fit); the symbols' values take room on the first, a title of two
    lines on each."""
    extra = (_height(Unit(0, tuple(table.totals))) + 8.0) if totals else 0.0
    heights = [_height(table.blocks[i]) + GAP for i in units]
    more = max(0, -(-tex_width(symbols) // SYMBOLS_WIDTH) - 1)
    taken = TITLE_LINE * (_title_lines(title) - 1)
    # (a frame's first layer has no space above it)
    budgets = [(FIRST_TABLE_BUDGET - more * ROW if symbols else TABLE_BUDGET) - FRAME_RULES
               + GAP - taken, TABLE_BUDGET - FRAME_RULES + GAP - taken]
    groups: list[list[int]] = []
    for size in split_heights(heights, budgets, extra):
        start = sum(map(len, groups))
        groups.append(list(units[start:start + size]))
    last = sum(heights[-len(groups[-1]):]) if groups and groups[-1] else 0.0
    if totals and groups and last + extra > budgets[-1 if len(groups) > 1 else 0]:
        groups.append([])
    groups = groups or [[]]
    return [(group, totals and number == len(groups) - 1) for number, group in enumerate(groups)]


def _points(table: Table, units: Sequence[int], totals: bool) -> float:
    """The estimated width in points of ``table`` with only ``units`` (and the totals):
    the widest cell of each column, the totals' formula across the shape and formula
    columns."""
    columns = list(table.head_widths)
    for index in units:
        columns = [max(a, b) for a, b in zip(columns, table.blocks[index].widths, strict=True)]
    spanned = 0.0
    if totals and table.total_widths:
        label, spanned, *rest = table.total_widths
        columns[0] = max(columns[0], label)
        for offset, width in enumerate(rest):
            columns[len(columns) - len(rest) + offset] = max(
                columns[len(columns) - len(rest) + offset], width)
        first, span = table.total_span
        spanned -= sum(columns[first:first + span]) + COLUMN_GAP * (span - 1)
    return sum(columns) + COLUMN_GAP * (len(columns) - 1) + max(0.0, spanned)


def table_frames(model: Model, values, steps, title: str, note: str, symbols: str,
                 totals: bool, compute: bool = False) -> list[str]:
    """A table's frames (of ``steps``, or the shown layers), titled ``title`` and numbered,
    ``symbols`` above the first, the totals on the last; ``compute``: the compute columns'
    table (``latex --columns``), else the parameters' (without them: they do not fit a
    slide beside it)."""
    if compute:
        table = build_compute_table(model, values, SLIDE_CELL, steps, sans=True)
        frames = [_Frame(title, table, group, with_totals)
                  for group, with_totals in _groups(table, range(len(table.blocks)), symbols,
                                                    totals, frame_title(model, title, note))]
        return _render(model, frames, symbols, note)

    def table_of(**how) -> Table:
        return build_table(model, values, SLIDE_CELL, 2 * SLIDE_CELL, total_lines=3, keys=(),
                           sans=True, narrow=True, **{"steps": steps, **how})

    chosen = list(steps or nested_steps(derive(model, values), shown_depth()))
    # names are broken, when they must be, no narrower than the types under them
    wrap = max([NAME_WRAP, *(tex_width(escape_text(step.layer.type)) + 2
                             for _, step in chosen)])

    def narrow(part: str) -> Table:
        """The table of ``part``, its long names broken if it is too wide without."""
        table = table_of(part=part)
        whole = _points(table, range(len(table.blocks)), part != "shapes")
        return table if whole <= SLIDE_POINTS else table_of(part=part, wrap=wrap)

    full = narrow("all")
    everything = range(len(full.blocks))
    if full.plain:  # no formula column to split off: its shapes broken, as a formula's
        if _points(full, everything, totals) > SLIDE_POINTS:
            full = table_of(wrap=wrap, wide_shapes=False)
        frames = [_Frame(title, full, group, with_totals)
                  for group, with_totals in _groups(full, everything, symbols, totals,
                                                    frame_title(model, title, note))]
        return _render(model, frames, symbols, note)
    frames: list[_Frame] = []
    groups = _groups(full, everything, symbols, totals, frame_title(model, title, note))
    parts: dict[str, Table] = {}
    while groups:
        group, with_totals = groups.pop(0)
        if _points(full, group, with_totals) <= SPLIT_POINTS:
            frames.append(_own_table(_Frame(title, full, group, with_totals), chosen,
                                     table_of, wrap))
            continue
        # a run of frames too wide: their layers' counts, then their shapes
        run = list(group)
        while groups and _points(full, *groups[0]) > SPLIT_POINTS:
            more, with_totals = groups.pop(0)
            run += more
        first = symbols if not frames else ""
        counts = parts.setdefault("counts", narrow("counts"))
        frames += [_Frame(title, counts, units, shown)
                   for units, shown in _groups(counts, run, first, with_totals)]
        shapes = parts.setdefault("shapes", narrow("shapes"))
        frames += [_Frame("output shapes" if title == "parameters" else f"{title}, output shapes",
                          shapes, units, False) for units, _ in _groups(shapes, run, "", False)]
    return _render(model, frames, symbols, note)


def _own_table(frame: _Frame, chosen: Sequence, table_of, wrap: int) -> _Frame:
    """``frame`` with a table of its own layers when all their counts are plain numbers
    (a run of constant layers inside a network whose head is symbolic): without it, the
    formula column would stand empty on that slide. The totals keep the whole table's."""
    if frame.totals or not frame.units:
        return frame
    mine = [chosen[i] for i in frame.units]
    if not all(step.formula.is_Integer for _, step in mine):
        return frame
    table = table_of(steps=mine)
    if _points(table, range(len(table.blocks)), False) > SLIDE_POINTS:
        table = table_of(steps=mine, wrap=wrap, wide_shapes=False)
    if not table.plain:  # a layer tied to another's weights keeps the column
        return frame
    return _Frame(frame.title, table, list(range(len(table.blocks))), False, frame.symbols)


def _render(model: Model, frames: list[_Frame], symbols: str, note: str) -> list[str]:
    """The frames' TeX: numbered per title, the symbols' values on the first, the table's
    note under the last that shows counts."""
    counted = [frame for frame in frames if frame.table.totals]  # not the shapes'
    (counted or frames)[-1].note = True
    frames[0].symbols = symbols
    more = max(0, -(-tex_width(symbols) // SYMBOLS_WIDTH) - 1)
    out = []
    for index, frame in enumerate(frames):
        same = [other for other in frames if other.title == frame.title]
        number = sum(1 for other in frames[:index + 1] if other.title == frame.title)
        what = frame.title + (f" ({number}/{len(same)})" if len(same) > 1 else "")
        out.append(f"\\begin{{frame}}{{{frame_title(model, what, note)}}}")
        if frame.symbols:
            out.append(r"\small " + inline_math(frame.symbols) + r"\par\medskip")
        out.append(r"\centering\small")
        out.append(f"% symparams: model {model.name}; needs "
                   "\\usepackage{amsmath,booktabs,graphicx}")
        body = frame.table.tabular([frame.table.blocks[i] for i in frame.units],
                                   totals=frame.totals)
        lines = 3.5 + (1.5 + 1.2 * more if frame.symbols else 0) + \
            1.5 * (_title_lines(frame_title(model, frame.title, note)) - 1)
        room = FRAME_HEIGHT.replace("3.5\\baselineskip", f"{lines:g}\\baselineskip")
        out.append(fit(body, room).rstrip("\n"))
        if frame.note and frame.table.note():
            out.append(frame.table.note().rstrip("\n"))
        out.append("\\end{frame}")
    return out
