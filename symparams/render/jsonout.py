"""The machine-readable summary (schema ``symparams.summary/1``, see docs/json.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ..engine.model import Evaluation, Model
from . import sympy_text as expr_text

__all__ = ["SCHEMA", "DOMAINS", "summary_dict", "summary_json", "json_value", "domain"]

SCHEMA = "symparams.summary/1"


def model_dict(model: Model, values: Mapping[str, int | None]) -> dict:
    evaluation: Evaluation | None = None
    if all(values.get(name) is not None for name in model.symbols):
        evaluation = model.evaluate({k: v for k, v in values.items() if v is not None})
    layer_values = evaluation.layers if evaluation is not None else None
    layers = _layer_dicts(model.layers, layer_values, "input")
    total_value = None
    if evaluation is not None:
        total_value = {
            "params": evaluation.params,
            "trainable": evaluation.trainable,
            "non_trainable": evaluation.non_trainable,
        }
    out = {
        "name": model.name,
        "symbols": {name: json_value(values.get(name)) for name in model.symbols},
        "domains": {name: domain(sym) for name, sym in model.symbols.items()},
        "input_shape": [expr_text(d) for d in model.input_shape],
        "layers": layers,
        "constraints": [str(c) for c in model.constraints],
        "total": {
            "params": expr_text(model.params),
            "trainable": expr_text(model.trainable),
            "non_trainable": expr_text(model.non_trainable),
            "value": total_value,
        },
    }
    if model.inputs:  # several inputs (additive): input_shape stays the first's
        known = dict(evaluation.inputs) if evaluation is not None else {}
        out["inputs"] = [
            {"name": name, "shape": [expr_text(d) for d in shape],
             "value": list(known[name]) if name in known else None}
            for name, shape in model.inputs]
    return out


#: What each domain means as SymPy assumptions: read a formula back with
#: ``Symbol(name, **DOMAINS[domain])`` for each symbol (see docs/json.md).
DOMAINS = {
    "positive integer": {"integer": True, "positive": True},
    "non-negative integer": {"integer": True, "nonnegative": True},
    "positive rational": {"rational": True, "positive": True},
}


def domain(sym) -> str:
    """Which of :data:`DOMAINS` a model's symbol ranges over.

    >>> import sympy
    >>> domain(sympy.Symbol("d", integer=True, positive=True))
    'positive integer'
    >>> domain(sympy.Symbol("alpha", rational=True, positive=True))
    'positive rational'
    """
    if not sym.is_integer:
        return "positive rational"
    return "positive integer" if sym.is_positive else "non-negative integer"


def json_value(value):
    """A symbol's value for JSON: an integer as a number, an exact fraction as its text
    (``"3/4"``: a JSON number would be read as a float), None as null.

    >>> from fractions import Fraction
    >>> json_value(64), json_value(Fraction(3, 4)), json_value(None)
    (64, '3/4', None)
    """
    if value is None:
        return None
    if isinstance(value, int) or getattr(value, "is_Integer", False):
        return int(value)
    return str(value)


def _layer_dicts(layers, values, first_source: str) -> list[dict]:
    """Entries of ``layers``; a block's entry nests its own ``layers`` (additive to the
    schema), a repetition adds ``repeat``, and ``inbound`` appears on an entry whose inputs
    are not just the previous entry's output."""
    out = []
    previous = first_source
    for index, layer in enumerate(layers):
        value = None
        lv = values[index] if values is not None else None
        if lv is not None:
            value = {
                "output_shape": list(lv.output_shape),
                "params": lv.params,
                "trainable": lv.trainable,
                "non_trainable": lv.non_trainable,
            }
        entry = {
            "name": layer.name,
            "type": layer.type,
            "line": layer.line,
            "output_shape": [expr_text(d) for d in layer.output_shape],
            "params": expr_text(layer.params),
            "trainable": expr_text(layer.trainable),
            "non_trainable": expr_text(layer.non_trainable),
            "value": value,
        }
        if layer.inbound and tuple(layer.inbound) != (previous,):
            entry["inbound"] = list(layer.inbound)
        if layer.repeat is not None:
            entry["repeat"] = expr_text(layer.repeat)
        if layer.layers:
            inner_values = lv.layers if lv is not None else None
            start = layer.inbound[0] if layer.inbound else previous
            entry["layers"] = _layer_dicts(layer.layers, inner_values, start)
        out.append(entry)
        previous = layer.name
    return out


def summary_dict(models: Iterable[tuple[Model, Mapping[str, int | None]]]) -> dict:
    """The summary of each ``(model, values)`` pair, values already merged with ``--set``."""
    return {"schema": SCHEMA, "models": [model_dict(m, v) for m, v in models]}


def summary_json(models: Iterable[tuple[Model, Mapping[str, int | None]]]) -> str:
    return json.dumps(summary_dict(models), indent=2, ensure_ascii=False) + "\n"
