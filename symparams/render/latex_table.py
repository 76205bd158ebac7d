r"""LaTeX tables of a model's layers: a booktabs ``tabular`` scaled to fit, or a ``longtable``
whose type size TeX picks by measuring the widest cells; a block's layers grouped under it.

>>> import symparams
>>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
>>> print(latex_table(m).splitlines()[7])
\texttt{dense} & $\left(2,\right)$ & $2 \cdot \left(d + 1\right)$ & $10$ \\*
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..engine.model import Model
from ..record import Record, record
from ..report.derivation import derive, nested_steps, tied_to
from . import shown_columns, shown_depth
from .columns import COMPUTE_COLUMNS, compute_formula, unknown_count_text, unknown_types
from .latex_cells import (
    collected_lines,
    compute_cell,
    formula_lines,
    inline_math,
    name_cell,
    shape_lines,
    symbols_line,
    table_row,
    tied_cell,
    widest,
)
from .latex_fit import fit_parts
from .latex_lines import pack, tex_width
from .latex_points import points
from .latex_printer import FormulaPrinter, escape_text

__all__ = [
    "latex_table", "inline_math", "symbols_line", "Unit", "Table", "build_table", "is_long",
    "build_compute_table", "table_parts",
]

#: Width in characters of a table cell's formula before it breaks between terms.
CELL_WIDTH = 26
#: Longer models get a ``longtable`` that breaks across pages (in ``--table`` and
#: ``--standalone``).
LONG_TABLE_LAYERS = 12
#: Under a table with a block's layers.
NESTED_NOTE = ("Indented rows are the layers inside the block above them; their counts "
               "(in italics) are part of the block's count.")


@record
class Unit(Record):
    """A layer's rows in a table, how deep inside blocks the layer is, and its cells'
    estimated widths (points, per column: :func:`~.latex_points.points`)."""

    depth: int
    rows: tuple[str, ...]
    widths: tuple[float, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)


@record
class Table(Record):
    """A model's table as rows: the header, a block of rows per layer, the totals."""

    columns: str
    head: str
    blocks: list[Unit]
    totals: list[str]
    widest: list[list[str]]  # per column, its widest cells (by estimate)
    spanned: list[str]  # the totals' formulas, across the shape and formula columns
    unknown: tuple[str, ...] = ()  # why a compute column says "?", one sentence a column
    plain: bool = False  # every count a plain number: no formula column
    total_span: tuple[int, int] = (1, 2)  # the first column and count the totals' span
    head_widths: tuple[float, ...] = ()  # the header's cells' estimated widths (points)
    total_widths: tuple[float, ...] = ()  # the totals': label, formula (spanned), value...

    def tabular(self, blocks: Sequence[Unit] | None = None, totals: bool = True) -> str:
        """One ``tabular`` of ``blocks`` (all by default), with the totals or without."""
        rows = [self.head, r"\midrule", *self._body(self.blocks if blocks is None else blocks)]
        if totals:
            rows += [r"\midrule", *self.totals]
        rows.append(r"\bottomrule")
        return (f"\\begin{{tabular}}{{{self.columns}}}\n\\toprule\n" + "\n".join(rows)
                + "\n\\end{tabular}%\n")

    @property
    def nested(self) -> bool:
        return any(block.depth for block in self.blocks)

    def note(self) -> str:
        """A paragraph under a table with a block's layers, saying what the indented rows
        are (a paragraph, so that it wraps at the line's width; empty without blocks)."""
        said = ([NESTED_NOTE] if self.nested else []) + list(self.unknown)
        if not said:
            return ""
        return rf"\par\nopagebreak{{\footnotesize\itshape {' '.join(said)}\par}}" + "\n"

    def longtable(self, title: str) -> str:
        """A ``longtable`` that breaks across pages, its header repeated on each page."""
        n = len(self.columns.replace("@{}", ""))
        lines = [
            r"\begingroup\small",
            # A smaller type when the table would not fit the line (TeX measures it).
            *self.measure(),
            f"\\begin{{longtable}}{{{self.columns}}}",
            r"\toprule", self.head, r"\midrule", r"\endfirsthead",
            rf"\multicolumn{{{n}}}{{@{{}}l}}{{\footnotesize\itshape {title} (continued)}} \\",
            r"\toprule", self.head, r"\midrule", r"\endhead",
            r"\midrule",
            rf"\multicolumn{{{n}}}{{r@{{}}}}{{\footnotesize\itshape continued overleaf}} \\",
            r"\endfoot",
            r"\bottomrule", r"\endlastfoot",
            *self._body(self.blocks, keep_last=True), r"\midrule", *self.totals,
            r"\end{longtable}", *([self.note().rstrip()] if self.note() else []), r"\endgroup",
        ]
        return "\n".join(lines) + "\n"

    def measure(self) -> list[str]:
        r"""TeX that sets ``\dimen2`` to the table's natural width in the current type (its
        widest cells, measured), and takes a smaller type until the table fits the line:
        ``\footnotesize``, ``\scriptsize``, ``\tiny``."""
        def column(cells: Sequence[str]) -> str:
            return r"\hbox{\begin{tabular}{@{}l@{}}" + r"\\".join(cells) + r"\end{tabular}}"

        parts = [rf"\setbox0={column(cells)}\advance\dimen2\wd0" for cells in self.widest]
        lines = [r"\def\symparamswidth{\dimen2=0pt", *parts,
                 rf"\advance\dimen2 {2 * (len(self.widest) - 1)}\tabcolsep"]
        if self.spanned:  # the totals span the shape and formula columns
            lines += [rf"\setbox0={column(self.spanned)}\dimen4=\wd0",
                      rf"\setbox0={column(self.widest[1])}\advance\dimen4-\wd0",
                      rf"\setbox0={column(self.widest[2])}\advance\dimen4-\wd0",
                      r"\advance\dimen4-2\tabcolsep",
                      r"\ifdim\dimen4>0pt\advance\dimen2\dimen4\fi"]
        lines[-1] += "}%"
        lines.append(r"\symparamswidth\ifdim\dimen2>\linewidth\footnotesize\symparamswidth"
                     r"\ifdim\dimen2>\linewidth\scriptsize\symparamswidth"
                     r"\ifdim\dimen2>\linewidth\tiny\fi\fi\fi")
        return lines

    @staticmethod
    def _body(blocks: Sequence[Unit], keep_last: bool = False) -> list[str]:
        """The rows, a space between layers, a smaller one before a layer inside a block;
        ``keep_last``: no page break after the last (the totals never start a page)."""
        rows: list[str] = []
        for number, block in enumerate(blocks):
            if number:
                rows.append(r"\addlinespace" if not block.depth else r"\addlinespace[0.3ex]")
            rows += block.rows
        if keep_last and rows and rows[-1].endswith(r" \\"):
            rows[-1] += "*"
        return rows


def build_table(model: Model, values: Mapping[str, int | None], cell: int = CELL_WIDTH,
                total: int = 2 * CELL_WIDTH, steps=None, total_lines: int | None = None,
                keys: Sequence[str] | None = None, part: str = "all", wrap: int | None = None,
                wide_shapes: bool = True, **settings) -> Table:
    """The table's rows; formulas break between terms past ``cell`` characters (``total``
    for the totals); ``steps`` (depth, step) pairs instead of all the shown ones (the
    depths as they are to be indented); ``total_lines``: a total's formula longer than
    that many lines is left to the derivation (slides); ``settings`` for the printer
    (floors are slashed: a stacked fraction in a cell is set in script-size type); the
    compute columns ``keys`` (by default :func:`~symparams.render.shown_columns`) follow,
    each a value (its formula without values; ``?`` where it is not known). ``part``:
    ``all`` columns, the ``shapes`` alone (no totals) or the ``counts`` alone, for a slide
    too narrow for all; ``wrap``: names wider than that many characters are broken;
    ``wide_shapes``: without a formula column, shapes take its room too."""
    d = derive(model, values)
    p = FormulaPrinter.for_model(model, **{"slashed": True, **settings})
    known = d.evaluation is not None
    keys = _keys(keys) if part != "shapes" else []
    chosen = nested_steps(d, shown_depth()) if steps is None else steps
    # rows whose counts are all plain numbers (a block of constant layers): no formula
    # column, that would be empty on every row; the number stands in "Parameters", and
    # the shapes take the room
    plain = known and bool(chosen) and all(
        step.formula.is_Integer and tied_to(step.layer) is None for _, step in chosen)
    # the columns kept: the name; the shape; the formula; the value (when known)
    kept = [True, part != "counts", not plain and part != "shapes", known and part != "shapes"]
    span = sum(kept[1:3])  # the totals' formula spans the shape and formula columns
    units: list[tuple[int, list[list[str]]]] = []
    for depth, step in chosen:
        layer = step.layer
        room = 2 * cell if wide_shapes and not kept[2] else cell  # the formulas' room
        shape = shape_lines(p, layer.output_shape, room)
        if known and any(not dim.is_Integer for dim in layer.output_shape):
            said = "= " + p.shape(step.shape_value)
            # beside the formula when there is room: without a formula column
            fits = (not kept[2] and len(shape) == 1
                    and tex_width(f"{shape[0]} {said}") <= room)
            shape = [f"{shape[0]} {said}"] if fits else [*shape, said]
        shape = [inline_math(line) for line in shape]
        # A block's layers follow it, indented (half an em a level: a whole network written
        # as one block nests its layers three deep, and a longtable cannot scale); their
        # counts (italic) are part of its count.
        value = p.number(step.value) if known else ""
        cells = [
            name_cell(p, layer, depth, wrap),
            shape,
            # A long formula breaks between its terms, over the layer's rows, and a product
            # wider than the cell inside its sum (a little wider scales the table; a longtable
            # cannot scale, and EfficientNet's (d - 1)*(...) terms are 45 characters).
            # a formula that is a number is said once, in the Value column ("0", not "0 0")
            tied_cell(layer, known) if tied_to(layer) is not None
            else [""] if known and step.formula.is_Integer
            else formula_lines(p, step.formula, cell, total_lines),
            [inline_math(rf"\mathit{{{value}}}" if depth else value)],
        ] + [compute_cell(p, compute_formula(layer, key), step.values, cell, depth)
             for key in keys]
        units.append((depth, [c for c, keep in zip(cells, kept + [True] * len(keys),
                                                   strict=True) if keep]))
    columns = "@{}l" + "l" * span + ("r" if kept[3] else "") + "r" * len(keys) + "@{}"
    head = [name for name, keep in zip(
        ["Layer (type)", "Output shape", "Parameters", "Parameters" if plain else "Value"],
        kept, strict=True) if keep] + [COMPUTE_COLUMNS[key] for key in keys]
    blocks: list[Unit] = []
    cells_of: list[list[str]] = []
    for depth, cells in units:
        cells_of = _add_unit(blocks, cells_of, depth, cells)
    totals_of = [
        ("Total params", model.params, d.evaluation.params if known else None),
        ("Trainable", model.trainable, d.evaluation.trainable if known else None),
        ("Non-trainable", model.non_trainable, d.evaluation.non_trainable if known else None),
    ]
    totals = []
    totals_cells: list[list[str]] = []
    below = span == 1 and not plain  # the formula's column alone: too narrow for a total
    spanned: list[str] = []
    subs = {model.symbols[k]: v for k, v in d.values.items()} if known else None
    compute = [compute_cell(p, compute_formula(model, key), subs, total) for key in keys]
    for label, expr, value in totals_of if part != "shapes" else ():
        # a formula that is a number is said once, in the Value column ("0", not "0 0")
        shown = expr is not None and not (known and expr.is_Integer)
        lines = [inline_math(line) for line in pack(p.terms(expr, width=total), total)
                 ] if shown else [""]
        if shown and total_lines is not None and len(lines) > total_lines:
            lines = collected_lines(p, expr, model, total) or lines
        if total_lines is not None and len(lines) > total_lines:
            lines = [r"\textit{(its formula: in the derivation)}"]
        spanned += lines
        extra = compute if label == "Total params" else []
        if below and lines != [""]:  # under its label, across the name and formula columns
            lines = ["", *lines]
        height = max([len(lines), *map(len, extra)])
        for i in range(height):
            line = lines[i] if i < len(lines) else ""
            cells = [label if not i else "", rf"\multicolumn{{{span}}}{{r}}{{{line}}}"]
            if kept[3]:
                cells.append(inline_math(p.number(value)) if not i else "")
            cells += [column[i] if i < len(column) else "" for column in extra]
            cells += [""] * (len(keys) - len(extra))
            shown_cells = cells
            if below and i:
                shown_cells = [rf"\multicolumn{{2}}{{r}}{{{line}}}", *cells[2:]]
            totals.append(table_row(shown_cells, i < height - 1))
            totals_cells.append(cells)
    cells_of = [[head[i], *cells] for i, cells in enumerate(cells_of or [[] for _ in head])]
    # The totals' labels, values and compute totals widen their columns too (the total is
    # the widest number), so TeX measures them with the layers' cells.
    for index in [0, *range(1 + span, len(head))]:  # the label; Value, the compute columns
        cells_of[index] += [cells[index - span + 1 if index else 0] for cells in totals_cells]
    unknown = tuple(
        f"{COMPUTE_COLUMNS[key]}: {unknown_count_text(unknown_types(model, key))}."
        for key in keys if compute_formula(model, key) is None)
    return Table(columns, table_row(head), blocks, totals,
                 [widest(cells) for cells in cells_of],
                 widest([line for line in spanned if line]) if span == 2 else [], unknown,
                 plain, (0, 2) if below else (1, span), tuple(map(points, head)), tuple(
                     max(map(points, spanned), default=0.0) if i == 1 else
                     max((points(cells[i]) for cells in totals_cells), default=0.0)
                     for i in range(len(totals_cells[0]) if totals_cells else 0)))


def _keys(keys: Sequence[str] | None) -> list[str]:
    return [key for key in (shown_columns() if keys is None else keys) if key in COMPUTE_COLUMNS]


def _add_unit(blocks: list[Unit], cells_of: list[list[str]], depth: int,
              cells: list[list[str]]) -> list[list[str]]:
    """Add a layer's ``cells`` (per column, its lines) to ``blocks`` as rows; the columns'
    cells so far, with these."""
    height = max(len(column) for column in cells)
    blocks.append(Unit(depth, tuple(
        table_row([column[i] if i < len(column) else "" for column in cells], i < height - 1)
        for i in range(height)), tuple(max(map(points, column), default=0.0)
                                       for column in cells)))
    return [[*seen, *column] for seen, column in zip(cells_of, cells, strict=True)
            ] if cells_of else [list(column) for column in cells]


def build_compute_table(model: Model, values: Mapping[str, int | None],
                        cell: int = CELL_WIDTH, steps=None, keys: Sequence[str] | None = None,
                        **settings) -> Table:
    r"""A table of the compute columns ``keys`` alone (default
    :func:`~symparams.render.shown_columns`) beside the layers' names, and their totals: for
    slides, where they do not fit beside the parameters.

    >>> import symparams
    >>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
    >>> build_compute_table(m, m.values, keys=["macs"]).totals
    ['Total & $8$ \\\\']
    """
    d = derive(model, values)
    p = FormulaPrinter.for_model(model, **{"slashed": True, **settings})
    keys = _keys(keys)
    head = ["Layer (type)", *(COMPUTE_COLUMNS[key] for key in keys)]
    blocks: list[Unit] = []
    cells_of: list[list[str]] = []
    for depth, step in nested_steps(d, shown_depth()) if steps is None else steps:
        cells = [name_cell(p, step.layer, depth), *(
            compute_cell(p, compute_formula(step.layer, key), step.values, cell, depth)
            for key in keys)]
        cells_of = _add_unit(blocks, cells_of, depth, cells)
    subs = {model.symbols[k]: v for k, v in d.values.items()} if d.values is not None else None
    compute = [compute_cell(p, compute_formula(model, key), subs, 2 * cell) for key in keys]
    height = max(map(len, compute), default=1)
    totals = [["Total" if not i else "", *(c[i] if i < len(c) else "" for c in compute)]
              for i in range(height)]
    cells_of = [[head[i], *cells, *(row[i] for row in totals)]
                for i, cells in enumerate(cells_of or [[] for _ in head])]
    unknown = tuple(
        f"{COMPUTE_COLUMNS[key]}: {unknown_count_text(unknown_types(model, key))}."
        for key in keys if compute_formula(model, key) is None)
    return Table("@{}l" + "r" * len(keys) + "@{}", table_row(head), blocks,
                 [table_row(row, i < height - 1) for i, row in enumerate(totals)],
                 [widest(cells) for cells in cells_of], [], unknown)


def is_long(model: Model) -> bool:
    """More rows than a page takes well: a block's layers shown count too."""
    limit = shown_depth()

    def rows(layer, level: int) -> int:
        if limit is not None and level >= limit:
            return 1
        return 1 + sum(rows(inner, level + 1) for inner in layer.layers)

    return sum(rows(top, 0) for top in model.layers) > LONG_TABLE_LAYERS


def latex_table(model: Model, values: Mapping[str, int | None] | None = None) -> str:
    """A booktabs ``tabular`` of the model's layers, with totals and the trainable split.

    Needs ``booktabs``, ``amsmath`` and ``graphicx`` (a table wider than the line is scaled
    down to fit). A model of more than :data:`LONG_TABLE_LAYERS` layers gets a ``longtable``
    in ``\\small`` instead, which breaks across pages and repeats its header (needs
    ``longtable`` instead of ``graphicx``).
    """
    made, placed, _ = table_parts(model, values)
    return made + placed


def table_parts(model: Model, values: Mapping[str, int | None] | None = None
                ) -> tuple[str, str, str]:
    r""":func:`latex_table` in parts: TeX that makes the table's box (none for a
    ``longtable``), TeX that sets it, and the height of its first part that cannot break
    (the box, or a ``longtable``'s header and first rows): what a heading asks room for.

    >>> import symparams
    >>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
    >>> table_parts(m)[2]
    '\\ht\\symparamsbox+\\dp\\symparamsbox'
    """
    values = model.values if values is None else values
    if is_long(model):
        # the compute columns in a longtable of their own: a page is too narrow for both
        name = r"\texttt{" + escape_text(model.name) + "}"
        table = build_table(model, values, CELL_WIDTH - 4, CELL_WIDTH + 8, keys=())
        out = (f"% symparams: model {model.name}; needs "
               "\\usepackage{amsmath,booktabs,longtable}\n" + table.longtable(name))
        if _keys(None):
            compute = build_compute_table(model, values, CELL_WIDTH - 4)
            out += "\\medskip\n" + compute.longtable(name + ": compute")
        # the header (two rules and a line) and the first layers' rows (a layer's rows
        # stay together), in \small type
        rows = sum(len(unit) for unit in table.blocks[:2])
        return "", out, f"{0.9 * (rows + 3):g}\\baselineskip"
    table = build_table(model, values)
    comment = (
        "% symparams: model {}; needs \\usepackage{{{}}}\n".format(
            model.name, "amsmath,booktabs,graphicx")
    )
    made, placed = fit_parts(table.tabular())
    return comment + made, placed + table.note(), r"\ht\symparamsbox+\dp\symparamsbox"
