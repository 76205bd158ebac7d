"""The machine-readable summary (schema ``symparams.summary/1``, see docs/json.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ..engine.memory import at_values, layer_memory, memory
from ..engine.model import Model
from ..symbolic.integers import has_none_dim
from . import sympy_text as expr_text
from .columns import COMPUTE_COLUMNS, compute_formula
from .memory import memory_data

__all__ = ["SCHEMA", "DOMAINS", "summary_dict", "summary_json", "json_value", "domain"]

SCHEMA = "symparams.summary/1"


def _shape_value(model: Model, known: Mapping[str, int], shape) -> list | None:
    """A shape's numbers, Keras's unknown sizes as ``None`` in place; None if a size needs
    a symbol without a value."""
    dims = []
    for d in shape:
        if has_none_dim(d):
            dims.append(None)
            continue
        value = model.value_of(d, known)
        if value is None:
            return None
        dims.append(value)
    return dims


def _values(model: Model, known: Mapping[str, int], shape, counts: dict) -> dict | None:
    """The numbers of an entry that can be computed (``null`` for one that needs a symbol
    without a value); None if none can."""
    out: dict = {} if shape is None else {"output_shape": _shape_value(model, known, shape)}
    out.update({key: model.value_of(expr, known) for key, expr in counts.items()})
    return out if any(v is not None for v in out.values()) else None


def _counts(item) -> dict:
    return {"params": item.params, "trainable": item.trainable,
            "non_trainable": item.non_trainable}


def _compute(model: Model, known: Mapping[str, int], item, keys) -> dict:
    """The compute counts ``keys`` of a layer or model (additive keys): each
    ``{"formula": ..., "value": ...}`` (value null where a symbol has none), or null where
    symparams does not know the count."""
    out: dict = {}
    for key in keys:
        formula = compute_formula(item, key)
        out[key] = None if formula is None else {
            "formula": expr_text(formula), "value": model.value_of(formula, known)}
    return out


def _memory(model: Model, known: Mapping[str, int], layer, dtype: str | None) -> dict:
    """``{"memory": {"weights": ..., "outputs": ...}}`` of a layer (bytes at ``dtype``, each
    a formula, its value and its formula at the values, in B alone), if asked for."""
    if dtype is None:
        return {}
    row = layer_memory(model, layer, dtype, known=known)
    return {"memory": {
        "weights": _bytes(model, known, row.weights, row.weights_value),
        "outputs": _bytes(model, known, row.activations, row.activations_value)}}


def _bytes(model: Model, known: Mapping[str, int], formula, value: int | None) -> dict:
    at = at_values(model, formula, known)
    return {"formula": expr_text(formula), "value": value,
            "at_values": None if at is None else expr_text(at)}


def _memory_total(model: Model, values: Mapping[str, int | None], dtype: str | None) -> dict:
    """The model's ``memory`` key (``summary --columns memory``): the dtype, the batch
    symbol and the terms of ``symparams memory`` (weights, activations, input, total)."""
    if dtype is None:
        return {}
    data = memory_data(memory(model, dtype, values=values))
    return {"memory": {key: data[key] for key in ("dtype", "bytes_per_number", "batch",
                                                   "terms")}}


def model_dict(model: Model, values: Mapping[str, int | None],
               columns: tuple[str, ...] = (), dtype: str = "float32") -> dict:
    """One model's entry; ``columns`` may ask for compute counts (keys of
    :data:`~symparams.render.columns.COMPUTE_COLUMNS`) per layer and in total, and for
    ``memory``: bytes at ``dtype`` per layer and the terms of the total."""
    keys = tuple(key for key in columns if key in COMPUTE_COLUMNS)
    dtype_ = dtype if "memory" in columns else None
    known = model.known(values)
    out = {
        "name": model.name,
        "symbols": {name: json_value(known.get(name)) for name in model.symbols},
        "domains": {name: domain(sym) for name, sym in model.symbols.items()},
        "input_shape": [expr_text(d) for d in model.input_shape],
        "layers": _layer_dicts(model, model.layers, known, "input", keys, dtype_),
        "constraints": [str(c) for c in model.constraints],
        "assumptions": [
            {"text": a.text, "lhs": expr_text(a.lhs), "op": a.op, "rhs": expr_text(a.rhs),
             "line": a.span.line if a.span else None}
            for a in model.assumptions],
        "total": {
            "params": expr_text(model.params),
            "trainable": expr_text(model.trainable),
            "non_trainable": expr_text(model.non_trainable),
            "value": _values(model, known, None, _counts(model)),
            **_compute(model, known, model, keys),
            **_memory_total(model, values, dtype_),
        },
    }
    needs = model.needs(model.params, known)
    if needs:  # additive: the symbols without a value that the total needs
        out["total"]["needs"] = needs
    if model.inputs:  # several inputs (additive): input_shape stays the first's
        out["inputs"] = []
        for name, shape in model.inputs:
            out["inputs"].append({"name": name, "shape": [expr_text(d) for d in shape],
                                  "value": _shape_value(model, known, shape)})
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


def _layer_dicts(model: Model, layers, known: Mapping[str, int], first_source: str,
                 keys: tuple[str, ...] = (), dtype: str | None = None) -> list[dict]:
    """Entries of ``layers``; a block's entry nests its own ``layers`` (additive to the
    schema), a repetition adds ``repeat``, and ``inbound`` appears on an entry whose inputs
    are not just the previous entry's output."""
    out = []
    previous = first_source
    for layer in layers:
        entry = {
            "name": layer.name,
            "type": layer.type,
            "line": layer.line,
            "output_shape": [expr_text(d) for d in layer.output_shape],
            "params": expr_text(layer.params),
            "trainable": expr_text(layer.trainable),
            "non_trainable": expr_text(layer.non_trainable),
            "value": _values(model, known, layer.output_shape, _counts(layer)),
            **_compute(model, known, layer, keys),
            **_memory(model, known, layer, dtype),
        }
        if layer.inbound and tuple(layer.inbound) != (previous,):
            entry["inbound"] = list(layer.inbound)
        if layer.repeat is not None:
            entry["repeat"] = expr_text(layer.repeat)
        if layer.layers:
            start = layer.inbound[0] if layer.inbound else previous
            entry["layers"] = _layer_dicts(model, layer.layers, known, start, keys, dtype)
        out.append(entry)
        previous = layer.name
    return out


def summary_dict(models: Iterable[tuple[Model, Mapping[str, int | None]]],
                 columns: tuple[str, ...] = (), dtype: str = "float32") -> dict:
    """The summary of each ``(model, values)`` pair, values already merged with ``--set``;
    ``columns`` and ``dtype`` as :func:`model_dict`'s."""
    return {"schema": SCHEMA, "models": [model_dict(m, v, columns, dtype) for m, v in models]}


def summary_json(models: Iterable[tuple[Model, Mapping[str, int | None]]],
                 columns: tuple[str, ...] = (), dtype: str = "float32") -> str:
    return json.dumps(summary_dict(models, columns, dtype), indent=2,
                      ensure_ascii=False) + "\n"
