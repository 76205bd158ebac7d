r"""Beamer frames: a model's table and its derivation, spread over frames by their estimated
height (never a frame past its text area: each is also measured by TeX and, as a last
resort, scaled down), in ``\small`` type with sans-serif subscripts and slashed floors.

A model of more rows than a frame takes gets a table of its top-level layers and blocks,
then one frame per kind of block with the layers inside it.

>>> import symparams
>>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
>>> frames = latex_beamer([(m, m.values)])
>>> frames.count(r"\begin{frame}"), r"\small" in frames
(2, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..engine.model import Model
from ..report.derivation import derive, nested_steps
from . import shown_columns, shown_depth
from .latex_derivation import FLUSH_LEFT, align_groups, derivation_rows
from .latex_printer import FormulaPrinter, escape_text, tex_width
from .latex_table import (
    Unit,
    build_compute_table,
    build_table,
    fit,
    inline_math,
    is_long,
    symbols_line,
)

__all__ = ["latex_beamer", "values_note", "FRAME_BUDGET", "SLIDE_WIDTH"]

#: Height in points a frame's table or derivation may take (a 4:3 frame's text area is
#: 269 pt, less its title and navigation bar).
FRAME_BUDGET = 222.0
#: The same on the first frame of a model, under its symbols' values.
FIRST_BUDGET = 202.0
#: Width in characters of a derivation's line on a slide, in ``\small`` type.
SLIDE_WIDTH = 46
#: Width in characters of the line of symbols' values on a slide (longer: more lines).
SYMBOLS_WIDTH = 64
#: Width in characters of a table cell's formula on a slide.
SLIDE_CELL = 18
#: What TeX may scale a frame's table down to when the estimate was short: the frame's text
#: height less its title and navigation bar.
FRAME_HEIGHT = r"\dimexpr\textheight-3.5\baselineskip\relax"
#: Points (measured in ``\small``): a table row, the space between layers, the rules with
#: the header, and a derivation's line (a fraction's taller).
ROW, GAP, FRAME_RULES, LINE, FRACTION = 11.2, 5.0, 24.0, 14.5, 9.0


def values_note(model: Model, values: Mapping[str, int | None]) -> str:
    """``, at $h = 30$``: the values given beside the header's (``--set``), for titles."""
    p = FormulaPrinter.for_model(model, sans=True)
    changed = [
        f"{p.doprint(model.symbols[name])} = {p.number(value)}"
        for name, value in values.items()
        if value is not None and name in model.symbols and model.values.get(name) != value
    ]
    joined = ",\\ ".join(changed)
    return f", at ${joined}$" if changed else ""


def _title(model: Model, what: str, note: str) -> str:
    return rf"\texttt{{{escape_text(model.name)}}}: {what}{note}"


def _height(unit: Unit) -> float:
    return sum(ROW + (3.0 if r"\Bigl" in row or r"\Bigr" in row else 0.0)
               + 14.0 * min(1, row.count(r"\begin{cases}")) for row in unit.rows)


def _split(heights: Sequence[float], budgets: Sequence[float], extra: float = 0.0
           ) -> list[int]:
    """Where ``heights`` (consecutive items) break into frames: the fewest frames each within
    its budget (the first budget for the first, the last for the rest; ``extra``, the
    totals, with the last items), of the most even heights (the fullest as low as it can
    be); an item taller than a frame has one alone. The groups' sizes.

    >>> _split([10.0] * 5, [30.0, 30.0], extra=15.0)
    [2, 2, 1]
    >>> _split([10.0] * 7, [45.0, 45.0], extra=10.0)
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


def _table_frames(model: Model, values, steps, title: str, note: str, symbols: str,
                  totals: bool, compute: bool = False) -> list[str]:
    """A table's frames; ``compute``: the compute columns' table (``latex --columns``),
    else the parameters' (without them: they do not fit a slide beside it)."""
    if compute:
        table = build_compute_table(model, values, SLIDE_CELL, steps, sans=True)
    else:
        table = build_table(model, values, SLIDE_CELL, 2 * SLIDE_CELL, steps=steps,
                            total_lines=3, keys=(), sans=True)
    # the totals (their formulas may take a few lines each, a bracket's taller) beside the
    # last rows; the symbols' values on the first frame, over more lines when they are long
    extra = (_height(Unit(0, tuple(table.totals))) + 8.0) if totals else 0.0
    heights = [_height(unit) + GAP for unit in table.blocks]
    more = max(0, -(-tex_width(symbols) // SYMBOLS_WIDTH) - 1)
    budgets = [(FIRST_BUDGET - more * ROW if symbols else FRAME_BUDGET) - FRAME_RULES,
               FRAME_BUDGET - FRAME_RULES]
    groups: list[list[Unit]] = []
    for size in _split(heights, budgets, extra):
        start = sum(map(len, groups))
        groups.append(list(table.blocks[start:start + size]))
    # the totals go with the last group, or on a frame of their own when they do not fit
    last = sum(heights[-len(groups[-1]):]) if groups and groups[-1] else 0.0
    if totals and groups and last + extra > budgets[-1 if len(groups) > 1 else 0]:
        groups.append([])
    groups = groups or [[]]
    out = []
    for number, blocks in enumerate(groups, 1):
        what = title + (f" ({number}/{len(groups)})" if len(groups) > 1 else "")
        out.append(f"\\begin{{frame}}{{{_title(model, what, note)}}}")
        if symbols and number == 1:
            out.append(r"\small " + inline_math(symbols) + r"\par\medskip")
        out.append(r"\centering\small")
        out.append(f"% symparams: model {model.name}; needs "
                   "\\usepackage{amsmath,booktabs,graphicx}")
        body = table.tabular(blocks, totals=totals and number == len(groups))
        room = FRAME_HEIGHT if not (symbols and number == 1) else FRAME_HEIGHT.replace(
            "3.5\\baselineskip", f"{5 + 1.2 * more:g}\\baselineskip")
        out.append(fit(body, room).rstrip("\n"))
        if number == len(groups) and table.note():
            out.append(table.note().rstrip("\n"))
        out.append("\\end{frame}")
    return out


def _expansions(model: Model, values) -> list[tuple[object, list]]:
    """Each kind of block (its first occurrence) with the steps of its own layers, depth 0."""
    everything = nested_steps(derive(model, values))
    seen: set[str] = set()
    out = []
    for index, (level, step) in enumerate(everything):
        layer = step.layer
        if not layer.layers or layer.type in seen:
            continue
        if layer.repeat is not None and len(layer.layers) == 1 and layer.layers[0].layers:
            continue  # "Repeat" of one block: that block is expanded instead
        seen.add(layer.type)
        inner = []
        for deeper, other in everything[index + 1:]:
            if deeper <= level:
                break
            if deeper == level + 1:
                inner.append((0, other))
        out.append((layer, inner))
    return out


def _line_height(line: str) -> float:
    return (LINE + (FRACTION if r"\frac" in line else 0.0) + 16.0 * line.count(r"\begin{cases}")
            + (4.0 if r"\Bigl" in line or r"\Bigr" in line else 0.0))


def _layout(rows) -> list[str]:
    return [line for group in align_groups(rows, SLIDE_WIDTH) for line in group]


def _derivation_chunks(rows, budget: float) -> list[list[str]]:
    """The derivation's lines per frame: rows added to a frame while it fits, each frame laid
    out alone (its columns as wide as its own rows need); a row taller than a frame (a long
    sum) is cut between its lines."""
    chunks: list[list[str]] = []
    current: list = []
    for row in rows:
        trial = _layout([*current, row])
        if sum(map(_line_height, trial)) <= budget:
            current.append(row)
            continue
        if current:
            chunks.append(_layout(current))
        current = [row]
        alone = _layout([row])
        if sum(map(_line_height, alone)) > budget:
            piece: list[str] = []
            for line in alone:
                if piece and sum(map(_line_height, [*piece, line])) > budget:
                    chunks.append(piece)
                    piece = []
                piece.append(line)
            chunks.append(piece)
            current = []
    if current:
        chunks.append(_layout(current))
    return chunks


def _derivation_frames(model: Model, values, note: str) -> list[str]:
    p = FormulaPrinter.for_model(model, sans=True, slashed=True)
    # a long model's compute counts per layer are in its compute frames: here the totals
    rows = derivation_rows(model, values, p, SLIDE_WIDTH, compute_layers=not is_long(model))
    chunks = _derivation_chunks(rows, FRAME_BUDGET - 28.0)
    out = []
    for number, lines in enumerate(chunks, 1):
        what = "derivation" + (f" ({number}/{len(chunks)})" if len(chunks) > 1 else "")
        out += [f"\\begin{{frame}}{{{_title(model, what, note)}}}", r"\small" + FLUSH_LEFT,
                r"\begin{alignat*}{2}", " \\\\\n".join(lines), r"\end{alignat*}",
                "\\end{frame}"]
    return out


def latex_beamer(models: Sequence[tuple[Model, Mapping[str, int | None]]]) -> str:
    r"""For each model, frames with its table and frames with its derivation, ready to
    ``\input`` into a Beamer deck that loads ``booktabs``; titles say the values given
    beside the header's ("at $h = 30$")."""
    out = [
        "% symparams: Beamer frames; needs \\usepackage{booktabs} "
        "(Beamer loads amsmath and graphicx)"
    ]
    for model, values in models:
        note = values_note(model, values)
        symbols = symbols_line(model, values, FormulaPrinter.for_model(model, sans=True))
        tables = [("parameters", False)] + ([("compute", True)] if shown_columns() else [])
        for what, compute in tables:
            first = symbols if not compute else ""
            if shown_depth() is None and is_long(model):
                top = nested_steps(derive(model, values), 0)
                out += _table_frames(model, values, top, what, note, first, True, compute)
                for block, inner in _expansions(model, values):
                    inside = ("compute " if compute else "") + \
                        rf"inside \texttt{{{escape_text(block.name)}}}"
                    out += _table_frames(model, values, inner, inside, note, "", False,
                                         compute)
            else:
                out += _table_frames(model, values, None, what, note, first, True, compute)
        out += _derivation_frames(model, values, note)
        out.append("")
    return "\n".join(out)
