"""A Keras-like summary table with a formula and its value for every shape and count."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model import Model
from . import expr_text, int_shape_text, int_text, shape_text, shown_depth

__all__ = ["summary_text"]


#: The widest a summary gets, in characters; cells wrap to fit (Keras wraps at 98 or so).
WIDTH = 100


def _columns(rows: list[tuple[str, str, str]], total_width: int = WIDTH) -> list[int]:
    """Column widths: the name column at most 40 (unless everything fits), the shape column
    at most what leaves the formulas theirs or 30, the formulas the rest."""
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    widths[0] = min(widths[0], max(40, total_width - widths[1] - widths[2] - 4))
    # Shapes wrap only when that lets the formulas fit.
    formulas = max(len(piece) for r in rows for piece in _split(r[2], FORMULA_BREAKS))
    if formulas <= total_width - widths[0] - 24:
        widths[1] = min(widths[1], max(20, total_width - widths[0] - min(widths[2], 30) - 4))
    widths[2] = min(widths[2], max(24, total_width - widths[0] - widths[1] - 4))
    return widths


#: Where a cell may break, and at which depth of brackets: a shape after the ``, `` between
#: its dimensions; a formula before a top-level `` + `` or `` - ``; a name before ``(Type)``.
SHAPE_BREAKS = (re.compile(r"(?<=, )"), 1)
FORMULA_BREAKS = (re.compile(r"(?= [-+] )"), 0)
NAME_BREAKS = (re.compile(r"(?= \()"), 0)


def _split(text: str, breaks: tuple[re.Pattern, int]) -> list[str]:
    """``text`` cut where ``breaks`` matches at its depth of brackets.

    >>> _split("n*(a + 1) + b - c", FORMULA_BREAKS)
    ['n*(a + 1)', ' + b', ' - c']
    """
    pattern, level = breaks
    depth, depths = 0, []
    for ch in text:
        depths.append(depth)
        depth += (ch == "(") - (ch == ")")
    depths.append(depth)
    cuts = [m.start() for m in pattern.finditer(text)
            if 0 < m.start() < len(text) and depths[m.start()] == level]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def _wrap(text: str, width: int, indent: str = "",
          breaks: tuple[re.Pattern, int] = FORMULA_BREAKS) -> list[str]:
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
    pattern, level = breaks
    pieces = []
    for piece in _split(text, breaks):  # a piece still too wide is cut one bracket deeper
        deeper = [piece] if len(piece) <= width else _split(piece, (pattern, level + 1))
        while len(deeper) > 1 and len(deeper[-1]) <= 6:  # not for a last "+ 1)"
            deeper[-2:] = [deeper[-2] + deeper[-1]]
        pieces += deeper
    for piece in pieces:
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
    height = max(len(column) for column in columns)
    out = []
    for i in range(height):
        cells = [column[i] if i < len(column) else "" for column in columns]
        out.append("  ".join([cells[0].ljust(widths[0]), cells[1].ljust(widths[1]),
                              cells[2]]).rstrip())
    return out


def _type_text(layer) -> str:
    """``Dense``; a repetition shows its count: ``Repeat × L``."""
    if layer.repeat is not None:
        return f"{layer.type} × {expr_text(layer.repeat)}"
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
    line = f"Input shape: {shape_text(model.input_shape)}"
    if evaluation is not None and any(not d.is_Integer for d in model.input_shape):
        line += f" = {int_shape_text(evaluation.input_shape)}"
    if model.inputs:  # several: each by name
        known = dict(evaluation.inputs) if evaluation is not None else {}
        line = "Inputs: " + ", ".join(
            f"{name} {shape_text(shape)}" + (
                f" = {int_shape_text(known[name])}"
                if name in known and any(not d.is_Integer for d in shape) else "")
            for name, shape in model.inputs)
    out.append(line)
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
