"""A Keras-like summary table with a formula and its value for every shape and count."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..engine.model import Model
from . import expr_text, inputs_line, int_shape_text, int_text, shape_text, shown_depth

__all__ = ["summary_text"]


#: The widest a summary gets, in characters; cells wrap to fit (Keras wraps at 98 or so).
WIDTH = 100


def _columns(rows: list[tuple[str, str, str]], total_width: int = WIDTH) -> list[int]:
    """Column widths: the name column at most 40 (unless everything fits), the shape column
    at most what leaves the formulas theirs or 30, the formulas the rest."""
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    widths[0] = min(widths[0], max(40, total_width - widths[1] - widths[2] - 4))
    widths[1] = min(widths[1], max(20, total_width - widths[0] - min(widths[2], 30) - 4))
    widths[2] = min(widths[2], max(24, total_width - widths[0] - widths[1] - 4))
    return widths


#: Where a cell may break, and at which depth of brackets, in order of preference (a piece
#: still too wide is cut by the next rule): a shape after the ``, `` between its dimensions,
#: then inside a dimension before `` + `` or `` - ``; a formula before a top-level `` + `` or
#: `` - ``, then one bracket deeper; a name before its ``(Type)``. Last of all, after the
#: ``*`` of a product; then the same and after a ``, `` (a ``Piecewise``), brackets deeper
#: (DenseNet's floors of floors).
_COMMA, _SIGN = re.compile(r"(?<=, )"), re.compile(r"(?= [-+] )")
_TIMES = re.compile(r"(?<=[^*]\*)(?=[^*])")  # after the * of a product, not of a power
SHAPE_BREAKS = ((_COMMA, 1), (_SIGN, 1), (_SIGN, 2), (_TIMES, 1), (_SIGN, 3), (_TIMES, 2),
                (_COMMA, 2), (_SIGN, 4), (_TIMES, 3), (_COMMA, 3))
FORMULA_BREAKS = ((_SIGN, 0), (_SIGN, 1), (_TIMES, 0), (_TIMES, 1), (_SIGN, 2), (_TIMES, 2),
                  (_COMMA, 1), (_SIGN, 3), (_TIMES, 3), (_COMMA, 2))
NAME_BREAKS = ((re.compile(r"(?= \()"), 0),)


def _split(text: str, breaks, width: int | None = None) -> list[str]:
    """``text`` cut where the first rule of ``breaks`` matches at its depth of brackets, a
    piece wider than ``width`` cut again by the next rule (a short last piece such as
    ``+ 1)`` stays with the one before).

    >>> _split("n*(a + 1) + b - c", FORMULA_BREAKS)
    ['n*(a + 1)', ' + b', ' - c']
    >>> _split("n*(a + 1 + b*c)", FORMULA_BREAKS, 10)
    ['n*(a', ' + 1', ' + b*c)']
    """
    depths, group = _brackets(text)
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


def _brackets(text: str) -> tuple[list[int], list[int]]:
    """Each character's depth of brackets, and the length of the innermost bracket around it
    (the whole text's length outside any), brackets included."""
    depths, opened, inside = [], [], []
    depth = 0
    for index, ch in enumerate(text):
        depths.append(depth)
        inside.append(opened[-1] if opened else -1)
        if ch == "(":
            opened.append(index)
            depth += 1
        elif ch == ")" and opened:
            opened.pop()
            depth -= 1
    closes: dict[int, int] = {}
    stack: list[int] = []
    for index, ch in enumerate(text):
        if ch == "(":
            stack.append(index)
        elif ch == ")" and stack:
            closes[stack.pop()] = index
    group = [len(text) if start < 0 else closes.get(start, len(text)) - start + 1
             for start in inside]
    return depths, group


def _wrap(text: str, width: int, indent: str = "", breaks=FORMULA_BREAKS) -> list[str]:
    """``text`` in lines of at most ``width`` characters, cut only where ``breaks`` allows
    (a piece wider than ``width`` stays whole); continued lines start with ``indent``.

    >>> _wrap("(floor((H + 3)/4), floor((W + 3)/4), 256)", 24, breaks=SHAPE_BREAKS)
    ['(floor((H + 3)/4),', 'floor((W + 3)/4), 256)']
    >>> _wrap("L*(4*d*(d + 1) + d*(4*d + 1))", 20, "  ")
    ['L*(4*d*(d + 1)', '  + d*(4*d + 1))']
    >>> _wrap("4*d*(d + 1) + d*(4*d + 1)", 20, "  ")
    ['4*d*(d + 1)', '  + d*(4*d + 1)']
    """
    if len(text) <= width:
        return [text]
    lines = [""]
    for piece in _split(text, breaks, width - len(indent)):  # a continued piece is indented
        if lines[-1].strip() and len(lines[-1] + piece.rstrip()) > width:
            lines[-1] = lines[-1].rstrip()
            lines.append(indent + piece.lstrip())
        else:
            lines[-1] += piece
    return [line.rstrip() for line in lines]


def _cells(row: tuple[str, str, str], widths: list[int]) -> list[str]:
    """One row's lines: each cell wrapped to its column, the cells side by side."""
    name_indent = " " * (len(row[0]) - len(row[0].lstrip()) + 2)
    columns = [_wrap(row[0], widths[0], name_indent, NAME_BREAKS),
               _wrap(row[1], widths[1], " ", SHAPE_BREAKS), _wrap(row[2], widths[2], "  ")]
    out = []
    if len(columns[0][0]) > widths[0]:  # a name too long to share its line: alone above
        out.append(columns[0][0])
        columns[0] = columns[0][1:] or [""]
    height = max(len(column) for column in columns)
    for i in range(height):
        cells = [column[i] if i < len(column) else "" for column in columns]
        out.append("  ".join([cells[0].ljust(widths[0]), cells[1].ljust(widths[1]),
                              cells[2]]).rstrip())
    return out


def _type_text(layer) -> str:
    """``Dense``; a repetition shows its count: ``Repeat × L``."""
    if layer.repeat is not None:
        count = expr_text(layer.repeat)
        return f"{layer.type} × ({count})" if layer.repeat.is_Add else f"{layer.type} × {count}"
    return layer.type


def _nested(layers, values, depth: int = 0):
    """Each row with its depth and values, a block's inner rows right after it (indented)."""
    for layer, lv in zip(layers, values, strict=True):
        yield depth, layer, lv
        limit = shown_depth()
        if layer.layers and (limit is None or depth < limit):
            inner = lv.layers if lv is not None else (None,) * len(layer.layers)
            yield from _nested(layer.layers, inner, depth + 1)


def summary_text(model: Model, values: Mapping[str, int | None]) -> str:
    """The summary of one model; values from the header and ``--set``."""
    known = all(values.get(name) is not None for name in model.symbols)
    evaluation = model.evaluate({k: v for k, v in values.items() if v is not None}) \
        if known else None
    out = [f'Model: "{model.name}"']
    if model.symbols:
        out.append(
            "Symbols: "
            + ", ".join(
                f"{n}={values[n]}" if values.get(n) is not None else n for n in model.symbols
            )
        )
    out.append(inputs_line(model, evaluation, shape_text, int_shape_text))
    if model.assumptions:
        out.append("Assumes: " + ", ".join(a.text for a in model.assumptions))
    if model.constraints:
        out.append("Constraints: " + ", ".join(str(c) for c in model.constraints))

    header = ("Layer (type)", "Output shape", "Param #")
    rows = [header]
    values = evaluation.layers if evaluation is not None else (None,) * len(model.layers)
    for depth, layer, lv in _nested(model.layers, values):
        params = layer.params
        rows.append((f"{'  ' * depth}{layer.name} ({_type_text(layer)})",
                     shape_text(layer.output_shape),
                     int_text(int(params)) if params.is_Integer else expr_text(params)))
        if lv is not None:
            shape_val = int_shape_text(lv.output_shape)
            param_val = int_text(lv.params)
            same_shape = shape_val == rows[-1][1]
            same_params = param_val == rows[-1][2]
            if not (same_shape and same_params):
                rows.append(("", "" if same_shape else f"= {shape_val}",
                             "" if same_params else f"= {param_val}"))
    widths = _columns(rows)
    rule_width = min(WIDTH, widths[0] + widths[1] + widths[2] + 4)
    out.append("_" * rule_width)
    for number, row in enumerate(rows):
        if number == 1:
            out.append("=" * rule_width)
        elif number > 1 and row[0]:
            out.append("")
        out += _cells(row, widths)
    out.append("=" * rule_width)
    totals = (
        ("Total params", model.params, evaluation.params if evaluation else None),
        ("Trainable params", model.trainable, evaluation.trainable if evaluation else None),
        ("Non-trainable params", model.non_trainable,
         evaluation.non_trainable if evaluation else None),
    )
    for label, expr, value in totals:
        text = f"{label}: {expr_text(expr)}"
        if value is not None and not expr.is_Integer:
            text += f" = {int_text(value)}"
        elif expr.is_Integer:
            text = f"{label}: {int_text(int(expr))}"
        out += _wrap(text, WIDTH, "    ")
    out.append("_" * rule_width)
    return "\n".join(out) + "\n"
