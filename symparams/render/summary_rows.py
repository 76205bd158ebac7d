r"""The summary table as data, shared by the Markdown and HTML formats (and so the notebook):
the same columns, rows and numbers, which each format only writes out.

A cell is a tuple of pieces: ``("math", latex)``, ``("text", text symparams wrote)``,
``("user", text from the model file)``, ``("code", a name from the model file)``; each format
escapes every piece for its context (``text`` has no markup characters of either format
but for Markdown's ``*``, which it never holds). The conventions
(:mod:`symparams.render.conventions`): counts grouped from 1,000, value shapes written as
Keras writes them (``(784,)``), ``?`` for an unknown number; a count's formula is in its
column whenever it is not a plain number, and a plain number is written once, in the Value
column (or in the formula's column when there is no Value column). Every model has the same
columns, but for a table whose counts are all plain numbers: it has no formula column, and
its numbers stand under "Parameters".

>>> import symparams
>>> m = symparams.parse('model m(d=784, u=30):\n    Input(shape=(d,))\n    Dense(u)\n')["m"]
>>> t = summary_table(m, m.values)
>>> t.header
['Layer', 'Type', 'Output shape', 'Parameters', 'Value']
>>> [piece for cell in t.rows[0].cells for piece in cell][3:]
[('text', ' = (30,)'), ('math', 'u \\left(d + 1\\right)'), ('text', '23,550')]
>>> [row.kind for row in t.rows]
['layer', 'total', 'split', 'split']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

import sympy

from ..engine.model import Model
from ..record import Record, record
from ..report.derivation import derive, nested_steps, tied_to
from . import inputs_line, shown_depth
from .columns import (
    COMPUTE_COLUMNS,
    OPTIONAL_COLUMNS,
    SummaryOptions,
    compute_formula,
    connected_to,
    trainable_flag,
    unknown_count_text,
    unknown_types,
    with_batch,
)
from .conventions import TIMES, UNKNOWN, count_text, int_shape_text
from .latex import FormulaPrinter

__all__ = ["Cell", "Row", "SummaryTable", "summary_table", "NESTED_NOTE"]

Cell = tuple[tuple[str, str], ...]

#: Said under a table with a block's layers.
NESTED_NOTE = (
    "Indented rows are the layers inside the block above them (one copy of a repeated "
    "body); their counts, in italics, are part of the block's."
)


@record
class Row(Record):
    """One row: ``kind`` is ``layer`` (``depth`` 0 at the top, deeper inside a block),
    ``total`` (the totals, in bold) or ``split`` (trainable and non-trainable)."""

    kind: str
    cells: tuple[Cell, ...]
    depth: int = 0


@record
class SummaryTable(Record):
    """A model's table: a heading name, the facts line's pieces, the header, the rows and
    notes to print under the table. ``value_column`` is the index of the Value column (None
    when no symbol has a value)."""

    name: str
    facts: Cell
    header: list[str]
    rows: list[Row]
    value_column: int | None
    notes: list[str] = field(default_factory=list)


def _text(text: str) -> Cell:
    return (("text", text),) if text else ()


def summary_table(model: Model, values: Mapping[str, int | None] | None = None,
                  options: SummaryOptions | None = None) -> SummaryTable:
    """One model's table at ``values`` (the header's by default): its layers with formulas
    and values (a block's inner rows under it, down to :func:`~symparams.render.shown_depth`
    levels), the totals, the trainable split; ``options`` add the batch dimension and the
    optional columns (Keras's and the compute counts)."""
    values = model.values if values is None else values
    options = options or SummaryOptions()
    d = derive(model, values)
    known = model.known(values)
    p = FormulaPrinter.for_model(model)
    math_batch = r"\mathrm{None}" if options.batch == "None" else options.batch

    def shape_value(dims) -> str | None:
        numbers = [model.value_of(dim, known) for dim in dims]
        return None if None in numbers else int_shape_text(with_batch(numbers, options.batch))

    facts: list[tuple[str, str]] = []
    if model.symbols:
        facts.append(("text", "Symbols: "))
        for number, (name, sym) in enumerate(model.symbols.items()):
            if number:
                facts.append(("text", ", "))
            facts.append(("math", p.doprint(sympy.Eq(sym, sympy.Rational(known[name]),
                                                      evaluate=False))
                          if name in known else p.doprint(sym)))
        facts.append(("text", ". "))
    marks: list[str] = []  # inputs_line gives text; maths are put back by their mark
    line = inputs_line(model, None, lambda dims: _mark(marks, p.shape(with_batch(dims,
                                                                                  math_batch))),
                       str, lambda name: _mark(marks, name, "code"), value_of=shape_value)
    facts += _unmark(line + ".", marks)

    valued = bool(known) or not model.symbols
    extra = list(options.table_columns)
    header = ["Layer", "Type", "Output shape", "Parameters"] \
        + [OPTIONAL_COLUMNS[key] for key in extra] + (["Value"] if valued else [])

    def count(expr, *, alone: bool = True) -> Cell:
        """A formula cell: its formula; a plain number only where no Value column has it."""
        if expr is None:
            return _text(UNKNOWN)
        if expr.is_Integer:
            return () if valued and alone else _text(count_text(int(expr)))
        return (("math", p.doprint(expr)),)

    def worked(expr) -> Cell:
        """A compute cell: the formula and its value (``?`` where unknown)."""
        if expr is None:
            return _text(UNKNOWN)
        value = model.value_of(expr, known)
        if expr.is_Integer:
            return _text(count_text(int(expr)))
        said = (("math", p.doprint(expr)),)
        return said + _text(f" = {count_text(value)}") if value is not None else said

    rows: list[Row] = []
    nested = False
    for depth, step in nested_steps(d, shown_depth()):
        layer = step.layer
        shape: Cell = (("math", p.shape(with_batch(layer.output_shape, math_batch))),)
        said = shape_value(layer.output_shape)
        if said is not None and any(not s.is_Integer for s in layer.output_shape):
            shape += _text(f" = {said}")
        kind: Cell = (("user", layer.type),)
        if layer.repeat is not None:
            kind += _text(f" {TIMES} ") + (("math", p.count(layer.repeat)),)
        tied = tied_to(layer)
        # a layer using another's weights says so where its formula would be (its 0 in Value)
        params_cell = count(step.formula) if tied is None else (
            _text(("" if valued else "0, ") + "tied to ") + (("code", tied),))
        cells = [(("code", layer.name),), kind, shape, params_cell]
        for key in extra:
            if key in COMPUTE_COLUMNS:
                cells.append(worked(compute_formula(layer, key)))
            else:
                cells.append((("user", connected_to(layer) if key == "connected"
                                         else trainable_flag(layer)),))
        if valued:
            cells.append(_text(count_text(model.value_of(layer.params, known))))
        rows.append(Row("layer", tuple(cells), depth))
        nested = nested or depth > 0

    notes: list[str] = []
    totals = [("Total params", model.params, "total"), ("Trainable", model.trainable, "split"),
              ("Non-trainable", model.non_trainable, "split")]
    for label, expr, kind_ in totals:
        cells = [_text(label), (), (), count(expr)]
        for key in extra:
            if key in COMPUTE_COLUMNS and kind_ == "total":
                formula = compute_formula(model, key)
                cells.append(worked(formula))
                if formula is None:
                    notes.append(f"{OPTIONAL_COLUMNS[key]}: "
                                 f"{unknown_count_text(unknown_types(model, key))}.")
            else:
                cells.append(())
        if valued:
            cells.append(_text(count_text(model.value_of(expr, known))))
        rows.append(Row(kind_, tuple(cells)))
    if valued and "memory" not in options.columns and all(not row.cells[3] for row in rows):
        # every count a plain number: no formula column, empty on every row (as in LaTeX);
        # the numbers stand under "Parameters" (memory rows keep theirs: B is a symbol)
        header = [*header[:3], *header[4:-1], "Parameters"]
        rows = [Row(row.kind, row.cells[:3] + row.cells[4:], row.depth) for row in rows]
    if "memory" in options.columns:  # the terms in bytes, a row each: the formula, the value
        rows += _memory_rows(model, values, options.dtype, len(extra), valued, p)
    if nested:
        notes.insert(0, NESTED_NOTE)
    if valued and any(model.value_of(expr, known) is None for _, expr, _ in totals):
        notes.append("A value shown as ? needs a symbol that has no value ("
                     + ", ".join(model.needs(model.params, known)) + ").")
    return SummaryTable(model.name, tuple(facts), header, rows,
                        len(header) - 1 if valued else None, notes)


def _memory_rows(model, values, dtype: str, extra: int, valued: bool, p) -> list[Row]:
    """``summary --columns memory``'s rows under the totals: each memory term's label, its
    formula in bytes (in the Parameters column) and its value (in the Value column: bytes,
    or a formula in B at the model's values; after the formula without a Value column)."""
    from ..engine.memory import memory
    from .memory import human_bytes, term_label

    mem = memory(model, dtype, values=values)
    rows = []
    for term in mem.terms:
        formula: Cell = () if term.formula.is_Integer else (("math", p.doprint(term.formula)),)
        if term.value is not None:
            size = human_bytes(term.value)
            value = _text(f"{count_text(term.value)} bytes"
                          + ("" if size.endswith(" B") else f" ({size})"))
        elif term.at_values is not None and term.at_values != term.formula:
            value = (("math", p.doprint(term.at_values)),) + _text(" bytes")
        else:
            value = _text(UNKNOWN) if valued else ()
        if not valued:
            formula, value = (formula + _text(" = ") + value if formula and value
                              else formula or value), ()
        rows.append(Row("split", (_text(term_label(mem, term.name)), (), (), formula,
                                  *([()] * extra), *([value] if valued else []))))
    return rows


_MARK = "\x00{}\x00"


def _mark(marks: list[str], text: str, kind: str = "math") -> str:
    """A placeholder for a piece that is not plain text, put back by :func:`_unmark`."""
    marks.append(kind + "\x01" + text)
    return _MARK.format(len(marks) - 1)


def _unmark(text: str, marks: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for number, part in enumerate(text.split("\x00")):
        if number % 2 == 0:
            if part:
                out.append(("text", part))
        else:
            kind, piece = marks[int(part)].split("\x01", 1)
            out.append((kind, piece))
    return out
