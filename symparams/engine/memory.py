"""Memory as formulas: bytes of weights and activations at a dtype, with a batch-size symbol
``B``, and a training estimate for an optimizer (weights + gradients + optimizer state +
activations kept for the backward pass), each term shown. Exact integers throughout; the
assumptions are written in ``docs/compute.md``.

>>> from symparams import parse
>>> model = parse('''model m(n=8):
...     Input(shape=(n,))
...     Dense(4)
... ''').models["m"]
>>> mem = memory(model, optimizer="adam")
>>> [(t.name, t.formula) for t in mem.terms]  # doctest: +NORMALIZE_WHITESPACE
[('weights', 16*n + 16), ('activations', 16*B), ('input', 4*B*n),
 ('gradients', 16*n + 16), ('optimizer state', 32*n + 32),
 ('training', 4*B*n + 16*B + 64*n + 64)]
>>> [t.value for t in mem.terms]
[144, None, None, 144, 288, None]
>>> mem.term("training").at_values
48*B + 576
>>> [t.value for t in memory(model, batch=32).terms]
[144, 512, 1024, 1680]
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy import Expr, Integer

from ..errors import ValueBindingError
from ..record import Record, record
from .model import Layer, Model

__all__ = ["DTYPE_BYTES", "OPTIMIZER_STATE", "MemoryTerm", "LayerMemory", "Memory", "memory",
           "layer_memory", "at_values", "BATCH"]

#: Bytes per number of each dtype Keras accepts as a dtype policy's variable dtype.
DTYPE_BYTES: dict[str, int] = {
    "float64": 8, "float32": 4, "float16": 2, "bfloat16": 2, "float8_e4m3fn": 1,
    "float8_e5m2": 1, "int64": 8, "int32": 4, "int16": 2, "int8": 1, "uint8": 1,
}

#: Numbers of optimizer state per trainable weight, as Keras's optimizers build them
#: (``keras/src/optimizers``; scalars such as the step count are left out).
OPTIMIZER_STATE: dict[str, int] = {
    "sgd": 0, "sgd-momentum": 1, "rmsprop": 1, "rmsprop-momentum": 2, "adagrad": 1,
    "adadelta": 2, "adam": 2, "adam-amsgrad": 3, "adamw": 2, "nadam": 2, "adamax": 2,
    "lion": 1, "ftrl": 2,
}

#: The batch-size symbol of activation memory.
BATCH = sympy.Symbol("B", positive=True, integer=True)


@record
class MemoryTerm(Record):
    """One line of the estimate: a name, its formula in bytes, its value (None if a symbol
    has no value), and what it counts."""

    name: str
    formula: Expr
    value: int | None
    what: str
    at_values: Expr | None = None
    """The formula at the model's values: a number, or a formula in ``B`` alone."""


@record
class LayerMemory(Record):
    """A layer's weights and output, in bytes (formula and value)."""

    name: str
    type: str
    weights: Expr
    activations: Expr
    weights_value: int | None
    activations_value: int | None


@record
class Memory(Record):
    """The memory estimate of a model: per layer and the terms of the total."""

    model: str
    dtype: str
    bytes_per_number: int
    batch: Expr
    optimizer: str | None
    layers: tuple[LayerMemory, ...]
    terms: tuple[MemoryTerm, ...]

    def term(self, name: str) -> MemoryTerm:
        return next(t for t in self.terms if t.name == name)


def _bytes_of(dtype: str) -> int:
    if dtype not in DTYPE_BYTES:
        raise ValueBindingError(f"unknown dtype '{dtype}'",
                                hint=f"use one of {', '.join(DTYPE_BYTES)}")
    return DTYPE_BYTES[dtype]


def _state_of(optimizer: str | None) -> int:
    if optimizer is None:
        return 0
    if optimizer not in OPTIMIZER_STATE:
        raise ValueBindingError(f"unknown optimizer '{optimizer}'",
                                hint=f"use one of {', '.join(OPTIMIZER_STATE)}")
    return OPTIMIZER_STATE[optimizer]


def _value(model: Model, expr: Expr, known: Mapping[str, int], batch: int | None) -> int | None:
    if batch is not None:
        expr = expr.xreplace({BATCH: Integer(batch)})
    if expr.has(BATCH):
        return None
    return model.value_of(expr, known)


def memory(model: Model, dtype: str = "float32", batch: int | None = None,
           optimizer: str | None = None,
           values: Mapping[str, int] | None = None) -> Memory:
    """``model``'s memory at ``dtype``: weights, activations of a batch of ``batch`` (the
    symbol ``B`` if None), and with an ``optimizer`` its training estimate."""
    size = Integer(_bytes_of(dtype))
    state = _state_of(optimizer)
    if batch is not None and batch < 1:
        raise ValueBindingError(f"--batch must be at least 1, got {batch}")
    if "B" in model.symbols:
        raise ValueBindingError(
            f"model '{model.name}' has a symbol B, the batch size of memory",
            hint="rename the model's symbol B")
    known = model.known(values)
    b = BATCH if batch is None else Integer(batch)

    def term(name: str, formula: Expr, what: str) -> MemoryTerm:
        return MemoryTerm(name, formula, _value(model, formula, known, batch), what,
                          at_values(model, formula, known))

    inputs = sympy.Add(*(sympy.Mul(*shape) for _, shape in model.input_shapes))
    terms = [
        term("weights", size * model.params, "every weight, trainable or not"),
        term("activations", size * b * model.activations,
             f"every layer's output for a batch of {b}"),
        term("input", size * b * inputs, f"the model's input for a batch of {b}"),
    ]
    if optimizer is not None:
        terms += [
            term("gradients", size * model.trainable, "one per trainable weight"),
            term("optimizer state", size * state * model.trainable,
                 f"{state} per trainable weight ({optimizer})"),
        ]
    total = sympy.Add(*(t.formula for t in terms))
    terms.append(term("training" if optimizer else "total", total,
                      "the sum of the terms above"))
    return Memory(model.name, dtype, int(size), b, optimizer,
                  tuple(_row(model, layer, size, batch, known) for layer in model.layers),
                  tuple(terms))


def at_values(model: Model, formula: Expr, known: Mapping[str, int]) -> Expr | None:
    """``formula`` at the values ``known`` (``model.known(values)``): a number, or a formula
    in the batch size ``B`` alone; None if it needs another symbol."""
    at = model.subs(formula, known)
    return sympy.expand(at) if at.free_symbols <= {BATCH} else None


def layer_memory(model: Model, layer: Layer, dtype: str = "float32", batch: int | None = None,
                 values: Mapping[str, int] | None = None, *,
                 known: Mapping[str, int] | None = None) -> LayerMemory:
    r"""One layer's weights and output in bytes (a block's: all its layers'), as
    :func:`memory` gives them for the top-level layers; ``layer`` may be an inner one.
    ``known`` (values already checked, ``model.known(values)``) saves checking again.

    >>> from symparams import parse
    >>> model = parse("model m(n=8):\n    Input(shape=(n,))\n    Dense(4)\n").models["m"]
    >>> row = layer_memory(model, model.layers[0], "float16")
    >>> row.weights, row.weights_value, row.activations, row.activations_value
    (8*n + 8, 72, 8*B, None)
    """
    known = model.known(values) if known is None else known
    return _row(model, layer, Integer(_bytes_of(dtype)), batch, known)


def _row(model: Model, layer: Layer, size: Integer, batch: int | None,
         known: Mapping[str, int]) -> LayerMemory:
    b = BATCH if batch is None else Integer(batch)
    weights, acts = size * layer.params, size * b * layer.activations
    return LayerMemory(layer.name, layer.type, weights, acts, _value(model, weights, known, batch),
                       _value(model, acts, known, batch))
