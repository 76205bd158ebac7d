"""A Keras-like summary table with a formula and its value for every shape and count."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from ..engine.model import Model
from ..errors import columns as text_columns
from ..report.derivation import tied_to
from . import expr_text, inputs_line, int_text, shape_text, shown_depth
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
from .conventions import UNKNOWN, tuple_text
from .escape import terminal_text

__all__ = ["summary_text", "COLUMNS", "wrap", "brackets", "FORMULA_BREAKS", "WIDTH"]


#: The widest a summary gets, in characters; cells wrap to fit (Keras wraps at 98 or so).
WIDTH = 100


def _columns(rows: list[tuple[str, ...]], total_width: int = WIDTH) -> list[int]:
    """Column widths: the optional columns (after the third) their own width up to 24, the
    name column at most 40 (unless everything fits), the shape column at most what leaves
    the formulas theirs or 30, the formulas the rest."""
    widths = [max(text_columns(r[i]) for r in rows) for i in range(len(rows[0]))]
    extra = [min(w, 24) for w in widths[3:]]
    total_width -= sum(w + 2 for w in extra)
    widths[0] = min(widths[0], max(40, total_width - widths[1] - widths[2] - 4))
    widths[1] = min(widths[1], max(20, total_width - widths[0] - min(widths[2], 30) - 4))
    widths[2] = min(widths[2], max(24, total_width - widths[0] - widths[1] - 4))
    return widths[:3] + extra


#: Where a cell may break, and at which depth of brackets, in order of preference (a piece
#: still too wide is cut by the next rule): a shape after the ``, `` between its dimensions,
#: then inside a dimension before `` + `` or `` - ``; a formula before a top-level `` + `` or
#: `` - ``, then one bracket deeper; a name before its ``(Type)``. Last of all, after the
#: ``*`` of a product; then the same and after a ``, `` (a ``Piecewise``), brackets deeper
#: (DenseNet's floors of floors); last, before the ``if``/``else`` of a case distinction.
_COMMA, _SIGN = re.compile(r"(?<=, )"), re.compile(r"(?= [-+−] )")
# after the * of a product, not of a power; after the · of mathematics (explain)
_TIMES = re.compile(r"(?<=[^*]\*)(?=[^*])|(?<=·)")
_CASE = re.compile(r"(?= (?:if|else) )")  # before the if/else of a case distinction
SHAPE_BREAKS = ((_COMMA, 1), (_SIGN, 1), (_SIGN, 2), (_TIMES, 1), (_SIGN, 3), (_TIMES, 2),
                (_COMMA, 2), (_SIGN, 4), (_TIMES, 3), (_COMMA, 3), (_CASE, 2), (_CASE, 3))
FORMULA_BREAKS = ((_SIGN, 0), (_SIGN, 1), (_TIMES, 0), (_TIMES, 1), (_SIGN, 2), (_TIMES, 2),
                  (_COMMA, 1), (_SIGN, 3), (_TIMES, 3), (_COMMA, 2), (_CASE, 1), (_CASE, 2))
#: A compute count is mostly one product: cut between its factors before inside them.
COMPUTE_BREAKS = ((_SIGN, 0), (_TIMES, 0), (_SIGN, 1), (_TIMES, 1), (_SIGN, 2), (_TIMES, 2),
                  (_COMMA, 1), (_SIGN, 3), (_TIMES, 3), (_COMMA, 2), (_CASE, 1), (_CASE, 2))
NAME_BREAKS = ((re.compile(r"(?= \()"), 0),)
WORD_BREAKS = ((re.compile(r"(?<=, )"), 0),)


def _split(text: str, breaks, width: int | None = None) -> list[str]:
    """``text`` cut where the first rule of ``breaks`` matches at its depth of brackets, a
    piece wider than ``width`` cut again by the next rule (a short last piece such as
    ``+ 1)`` stays with the one before).

    >>> _split("n*(a + 1) + b - c", FORMULA_BREAKS)
    ['n*(a + 1)', ' + b', ' - c']
    >>> _split("n*(a + 1 + b*c)", FORMULA_BREAKS, 10)
    ['n*(a', ' + 1', ' + b*c)']
    """
    depths, group = brackets(text)
    ranges = [(0, len(text))]
    for number, (pattern, level) in enumerate(breaks):
        if number and (width is None or all(b - a <= width for a, b in ranges)):
            break
        cut: list[tuple[int, int]] = []
        for a, b in ranges:
            if number and b - a <= width:
                cut.append((a, b))
                continue
            marks = [m.start() for m in pattern.finditer(text, a, b)
                     if a < m.start() < b and depths[m.start()] == level]
            if number and marks:  # deeper cuts only inside the widest bracket of the piece:
                widest = max(group[m] for m in marks)  # not in "(d + 1)*(...)"'s first
                marks = [m for m in marks if group[m] == widest]
            pieces = list(zip([a, *marks], [*marks, b], strict=True))
            while number and len(pieces) > 1 and pieces[-1][1] - pieces[-1][0] <= 6 and (
                    width is None or pieces[-1][1] - pieces[-2][0] <= width):
                pieces[-2:] = [(pieces[-2][0], pieces[-1][1])]
            cut += pieces
        ranges = cut
    return [text[a:b] for a, b in ranges]


_OPEN, _CLOSE = "(⌊⌈", ")⌋⌉"  # a floor's brackets are brackets too
_BRACKET = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")


def brackets(text: str) -> tuple[list[int], list[int]]:
    """Each character's depth of brackets, and the length of the innermost bracket around it
    (the whole text's length outside any), brackets included: an opening bracket stands
    outside the bracket it opens, a closing one inside the bracket it closes (a close
    without an open is no bracket).

    Worked out per run of characters between brackets, not per character: a compute
    column's formulas run to hundreds of characters, with a bracket every ten or so.

    >>> brackets("a(b)c")
    ([0, 0, 1, 1, 0], [5, 5, 3, 3, 5])
    """
    runs: list[tuple[int, int, int]] = []  # (end of the run, its depth, its bracket's start)
    opened: list[int] = []
    closes: dict[int, int] = {}
    depth, inside = 0, -1
    for match in _BRACKET.finditer(text):
        index = match.start()
        runs.append((index + 1, depth, inside))  # up to the bracket, which sees the outside
        if text[index] in _OPEN:
            opened.append(index)
            depth += 1
        elif opened:
            closes[opened.pop()] = index
            depth -= 1
        inside = opened[-1] if opened else -1
    runs.append((len(text), depth, inside))
    depths: list[int] = []
    group: list[int] = []
    start = 0
    for end, level, bracket in runs:
        size = len(text) if bracket < 0 else closes.get(bracket, len(text)) - bracket + 1
        depths += [level] * (end - start)
        group += [size] * (end - start)
        start = end
    return depths, group


def wrap(text: str, width: int, indent: str = "", breaks=FORMULA_BREAKS) -> list[str]:
    """``text`` in lines of at most ``width`` characters, cut only where ``breaks`` allows
    (a piece wider than ``width`` stays whole); continued lines start with ``indent``.

    >>> wrap("(floor((H + 3)/4), floor((W + 3)/4), 256)", 24, breaks=SHAPE_BREAKS)
    ['(floor((H + 3)/4),', 'floor((W + 3)/4), 256)']
    >>> wrap("L*(4*d*(d + 1) + d*(4*d + 1))", 20, "  ")
    ['L*(4*d*(d + 1)', '  + d*(4*d + 1))']
    >>> wrap("4*d*(d + 1) + d*(4*d + 1)", 20, "  ")
    ['4*d*(d + 1)', '  + d*(4*d + 1)']
    """
    if len(text) <= width:
        return [text]
    return list(_wrapped(text, width, indent, breaks))


@lru_cache(maxsize=4096)
def _wrapped(text: str, width: int, indent: str, breaks) -> tuple[str, ...]:
    """:func:`wrap` of a text wider than ``width``, worked out once: a network's summary
    repeats the same shapes and formulas in many rows."""
    lines = [""]
    for piece in _split(text, breaks, width - len(indent)):  # a continued piece is indented
        if lines[-1].strip() and len(lines[-1] + piece.rstrip()) > width:
            lines[-1] = lines[-1].rstrip()
            lines.append(indent + piece.lstrip())
        else:
            lines[-1] += piece
    return tuple(line.rstrip() for line in lines)


def _cells(row: tuple[str, ...], widths: list[int], keys=()) -> list[list[str]]:
    """One row's cells, each wrapped to its column (a name too long to share its line is
    alone above the others: its first cell is the whole name, the others empty)."""
    name_indent = " " * (len(row[0]) - len(row[0].lstrip()) + 2)
    columns = [wrap(row[0], widths[0], name_indent, NAME_BREAKS),
               wrap(row[1], widths[1], " ", SHAPE_BREAKS), wrap(row[2], widths[2], "  ")]
    columns += [wrap(cell, width, "  ", COMPUTE_BREAKS if key in COMPUTE_COLUMNS else WORD_BREAKS)
                for cell, width, key in zip(row[3:], widths[3:], keys, strict=True)]
    out = []
    if text_columns(columns[0][0]) > widths[0]:  # a name too long to share its line
        out.append([columns[0][0]] + [""] * (len(columns) - 1))
        columns[0] = columns[0][1:] or [""]
    height = max(len(column) for column in columns)
    for i in range(height):
        out.append([column[i] if i < len(column) else "" for column in columns])
    return out


def _lines(cells: list[list[str]], widths: list[int]) -> list[str]:
    """Cells side by side, each column padded to its width, two spaces apart."""
    return ["  ".join(cell + " " * (width - text_columns(cell))  # wide characters take 2 columns
                      for cell, width in zip(line, widths, strict=True)).rstrip()
            for line in cells]


def _type_text(layer) -> str:
    """``Dense``; a repetition shows its count: ``Repeat × L``."""
    if layer.repeat is not None:
        count = expr_text(layer.repeat)
        return f"{layer.type} × ({count})" if layer.repeat.is_Add else f"{layer.type} × {count}"
    return layer.type


def _nested(layers, depth: int = 0):
    """Each row with its depth, a block's inner rows right after it (indented)."""
    for layer in layers:
        yield depth, layer
        limit = shown_depth()
        if layer.layers and (limit is None or depth < limit):
            yield from _nested(layer.layers, depth + 1)


def _value_shape(model: Model, shape, known, batch) -> str | None:
    """``shape`` at the known values (with the batch dimension), None if it needs more."""
    dims = [model.value_of(d, known) for d in shape]
    if any(d is None for d in dims):
        return None
    # the numbers as SymPy's Integer prints them, without building one for each
    return tuple_text(str(d) if isinstance(d, int) else expr_text(d)
                      for d in with_batch(dims, batch))


#: The columns of the table, in order: key, header, the cell on a layer's row, and the cell
#: on the row of values below it ("" for none). The first three are Keras's and always
#: shown; the others when :class:`SummaryOptions` lists their key. A cell function takes
#: (model, layer, known values, options).
COLUMNS = {
    "name": ("Layer (type)", None, None),
    "shape": ("Output shape",
              lambda m, layer, known, o: shape_text(with_batch(layer.output_shape, o.batch)),
              lambda m, layer, known, o: _value_shape(m, layer.output_shape, known, o.batch)),
    "params": ("Param #",
               lambda m, layer, known, o: _params_cell(layer),
               lambda m, layer, known, o: None if tied_to(layer) is not None
               else _int_or_none(m.value_of(layer.params, known))),
    "connected": (OPTIONAL_COLUMNS["connected"],
                  lambda m, layer, known, o: connected_to(layer), None),
    "trainable": (OPTIONAL_COLUMNS["trainable"],
                  lambda m, layer, known, o: trainable_flag(layer), None),
}


def _compute_column(key: str):
    """A compute column's cells: the formula (``?`` if unknown), and its value."""

    def cell(m, layer, known, o) -> str:
        return _count_cell(compute_formula(layer, key))

    def value(m, layer, known, o) -> str | None:
        formula = compute_formula(layer, key)
        return None if formula is None else _int_or_none(m.value_of(formula, known))

    return (OPTIONAL_COLUMNS[key], cell, value)


def _params_cell(layer) -> str:
    """A layer's parameter count; a layer whose weights are another's says whose (GPT's
    output projection: ``0, tied to token_embedding``)."""
    tied = tied_to(layer)
    cell = _count_cell(layer.params)
    return cell if tied is None else f"{cell}, tied to {terminal_text(tied)}"


def _count_cell(expr) -> str:
    """A count's formula cell: a number grouped, a formula as the model language writes it,
    an unknown count ``?``."""
    if expr is None:
        return UNKNOWN
    return int_text(int(expr)) if expr.is_Integer else expr_text(expr)


COLUMNS.update({key: _compute_column(key) for key in COMPUTE_COLUMNS})


def _int_or_none(value: int | None) -> str | None:
    return None if value is None else int_text(value)


def _table(model: Model, known, options: SummaryOptions) -> list[str]:
    """The table's lines from the first rule to the last."""
    keys = ["shape", "params", *options.table_columns]
    rows: list[tuple[str, ...]] = [tuple(COLUMNS[k][0] for k in ["name", *keys])]
    for depth, layer in _nested(model.layers):
        cells = tuple(COLUMNS[k][1](model, layer, known, options) for k in keys)
        rows.append((f"{'  ' * depth}{terminal_text(layer.name)} ({_type_text(layer)})", *cells))
        values = []
        for key, cell in zip(keys, cells, strict=True):
            value = COLUMNS[key][2](model, layer, known, options) if COLUMNS[key][2] else None
            values.append("" if value is None or value == cell else f"= {value}")
        if any(values):
            rows.append(("", *values))
    # a compute column widens the table rather than squeeze Keras's three (Keras too widens
    # its table for its optional columns)
    width = WIDTH + sum(min(max(len(row[i + 3]) for row in rows), 24) + 2
                        for i, key in enumerate(options.table_columns) if key in COMPUTE_COLUMNS)
    widths = _columns(rows, width)
    blocks = [_cells(row, widths, options.table_columns) for row in rows]
    widths = [min(width, max(text_columns(line[i]) for block in blocks for line in block))
              for i, width in enumerate(widths)]  # as wide as the text, not wider
    lines = [_lines(block, widths) for block in blocks]  # laid out once: the rule's width too
    rule = min(width, max(text_columns(line) for block in lines for line in block))
    out = ["_" * rule]
    for number, (row, block) in enumerate(zip(rows, lines, strict=True)):
        if number == 1:
            out.append("=" * rule)
        elif number > 1 and row[0]:
            out.append("")
        out += block
    out.append("=" * rule)
    return out


def _total_line(model: Model, label: str, expr, known, unknown=()) -> str:
    """``Total params: formula = value``; a number alone; what a value needs; ``?`` for a
    count symparams does not know (``unknown``: the types of the layers it does not know)."""
    if expr is None:
        return f"{label}: {UNKNOWN} ({unknown_count_text(unknown)})"
    if expr.is_Integer:
        return f"{label}: {int_text(int(expr))}"
    value = model.value_of(expr, known)
    if value is not None:
        return f"{label}: {expr_text(expr)} = {int_text(value)}"
    return f"{label}: {expr_text(expr)} (a value needs " + ", ".join(model.needs(expr, known)) + ")"


def summary_text(model: Model, values: Mapping[str, int | None],
                 options: SummaryOptions | None = None) -> str:
    """The summary of one model; values from the header and ``--set``. A value is shown
    wherever the symbols it needs have values; a total that needs one without says which."""
    options = options or SummaryOptions()
    known = model.known(values)
    out = [f'Model: "{terminal_text(model.name)}"']
    if model.symbols:
        out.append(
            "Symbols: "
            + ", ".join(f"{n}={known[n]}" if n in known else n for n in model.symbols)
        )

    out.append(inputs_line(
        model, None, lambda dims: shape_text(with_batch(dims, options.batch)), str,
        value_of=lambda dims: _value_shape(model, dims, known, options.batch)))
    if model.assumptions:
        out.append("Assumes: " + ", ".join(a.text for a in model.assumptions))
    if model.constraints:
        out.append("Constraints: " + ", ".join(str(c) for c in model.constraints))
    table = _table(model, known, options)
    out += table
    for label, expr in (("Total params", model.params), ("Trainable params", model.trainable),
                        ("Non-trainable params", model.non_trainable)):
        out += wrap(_total_line(model, label, expr, known), WIDTH, "    ")
    for key in options.columns:
        if key in COMPUTE_COLUMNS:
            formula = compute_formula(model, key)
            unknown = unknown_types(model, key) if formula is None else ()
            out += wrap(_total_line(model, f"Total {OPTIONAL_COLUMNS[key]}", formula, known,
                                    unknown), WIDTH, "    ")
    if "memory" in options.columns:
        from ..engine.memory import memory
        from .memory import summary_memory_lines

        for line in summary_memory_lines(memory(model, options.dtype, values=values)):
            out += wrap(line, WIDTH, "    ")
    out.append("_" * len(table[0]))
    return "\n".join(out) + "\n"
