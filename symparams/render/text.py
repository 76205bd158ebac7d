"""A Keras-like summary table with a formula and its value for every shape and count."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Model
from . import expr_text, int_shape_text, int_text, shape_text

__all__ = ["summary_text"]


def _columns(rows: list[tuple[str, str, str]], total_width: int = 100) -> list[int]:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    widths[0] = min(widths[0], 40)
    widths[1] = min(widths[1], max(20, total_width - widths[0] - 24))
    return widths


def _type_text(layer) -> str:
    """``Dense``; a repetition shows its count: ``Repeat × L``."""
    if layer.repeat is not None:
        return f"{layer.type} × {expr_text(layer.repeat)}"
    return layer.type


def _nested(layers, values, depth: int = 0):
    """Each row with its depth and values, a block's inner rows right after it (indented)."""
    for layer, lv in zip(layers, values, strict=True):
        yield depth, layer, lv
        if layer.layers:
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
    out.append(line)
    if model.assumptions:
        out.append("Assumes: " + ", ".join(a.text for a in model.assumptions))
    if model.constraints:
        out.append("Constraints: " + ", ".join(str(c) for c in model.constraints))

    header = ("Layer (type)", "Output shape", "Param #")
    rows = [header]
    values = evaluation.layers if evaluation is not None else (None,) * len(model.layers)
    for depth, layer, lv in _nested(model.layers, values):
        rows.append((f"{'  ' * depth}{layer.name} ({_type_text(layer)})",
                     shape_text(layer.output_shape), expr_text(layer.params)))
        if lv is not None:
            shape_val = int_shape_text(lv.output_shape)
            param_val = int_text(lv.params)
            same_shape = shape_val == rows[-1][1]
            same_params = param_val == rows[-1][2]
            if not (same_shape and same_params):
                rows.append(("", "" if same_shape else f"= {shape_val}",
                             "" if same_params else f"= {param_val}"))
    widths = _columns(rows)
    rule_width = min(100, widths[0] + widths[1] + max(len(r[2]) for r in rows) + 4)
    out.append("_" * rule_width)
    for number, row in enumerate(rows):
        if number == 1:
            out.append("=" * rule_width)
        elif number > 1 and row[0]:
            out.append("")
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2]]
        out.append("  ".join(cells).rstrip())
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
        out.append(text)
    out.append("_" * rule_width)
    return "\n".join(out) + "\n"
