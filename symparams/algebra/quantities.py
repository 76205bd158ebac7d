"""The counts that ``solve``, ``sweep``, ``compare`` and ``check`` ask about, of a whole model
or of one layer: parameters (``params``, ``trainable``, ``non_trainable``), cost by convention
(``macs``, ``flops``, ``fvcore``, ``xla``; see docs/compute.md) and ``activations``.

A cost that symparams does not know (a layer type without a cost rule) is an
:class:`UnknownCountError` naming the layer, never a silent 0.

>>> import symparams
>>> m = symparams.parse('''
... model mlp(x=784, d=64, n=10):
...     Input(shape=(x,))
...     Dense(d)
...     Dense(n)
... ''')["mlp"]
>>> count_expr(m, "macs"), count_expr(m, "params", "dense_1")
(d*n + d*x, n*(d + 1))
>>> count_value(m, "flops", {"d": 64}), count_value(m, "activations", {"d": 64}, "dense")
(101706, 64)
>>> noun("non_trainable"), noun("macs")
('non-trainable parameters', 'MACs')
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy import Expr, Integer

from ..engine.model import Layer, LayerValues, Model
from ..errors import SymparamsError, ValueBindingError, did_you_mean
from ..guard import guarded_xreplace
from ..layers.registry import lookup
from ..syntax.checks import CHECK_COUNTS

__all__ = ["QUANTITIES", "PARAMETER_COUNTS", "UnknownCountError", "noun", "find_layer",
           "count_parts", "count_expr", "layer_count", "layer_values", "fixed_count",
           "count_value", "layer_names"]

PARAMETER_COUNTS = ("params", "trainable", "non_trainable")
QUANTITIES = CHECK_COUNTS  # the same names in a check statement and after --count

_NOUNS = {"params": "parameters", "trainable": "trainable parameters",
          "non_trainable": "non-trainable parameters", "macs": "MACs", "flops": "FLOPs",
          "fvcore": "fvcore FLOPs", "xla": "XLA FLOPs", "activations": "activations"}


class UnknownCountError(SymparamsError, ValueError):
    """A cost asked for (``--count macs`` ...) that symparams does not know for some layer:
    its type has no cost rule, or the rule does not cover its arguments."""


def noun(quantity: str) -> str:
    """How a count of ``quantity`` is said in a sentence: ``720 parameters``, ``1,024 MACs``."""
    return _NOUNS[quantity]


def _check_quantity(quantity: str) -> None:
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity must be one of {QUANTITIES}, got {quantity!r}")


def layer_names(model: Model) -> list[str]:
    """Every layer's name, blocks' inner layers included, in order."""
    return [inner.name for top in model.layers for inner in top.walk()]


def find_layer(model: Model, name: str) -> Layer:
    """The layer called ``name`` (also inside blocks); a ``ValueBindingError`` with a
    did-you-mean if there is none."""
    try:
        return model.layer(name)
    except KeyError:
        names = layer_names(model)
        raise ValueBindingError(
            f"model '{model.name}' has no layer '{name}'", model.span,
            hint=did_you_mean(name, names) or f"its layers are {', '.join(names[:12])}"
            + (", ..." if len(names) > 12 else "")) from None


def _why_unknown(layer_type: str) -> str:
    """Why a layer's cost is unknown: its type has no cost rule, or its rule does not derive
    the cost for the arguments given (``UpSampling2D(interpolation="bilinear")``).

    >>> _why_unknown("Lambda"), _why_unknown("UpSampling2D")
    ('symparams has no cost rule for it', 'symparams does not derive them for these arguments')
    """
    found = lookup(layer_type)
    if found is None or found.cost is None:
        return "symparams has no cost rule for it"
    return "symparams does not derive them for these arguments"


def layer_count(layer: Layer, quantity: str) -> Expr:
    """One layer's count as a formula; ``UnknownCountError`` if its cost is unknown."""
    _check_quantity(quantity)
    if quantity in PARAMETER_COUNTS:
        return getattr(layer, quantity)
    if quantity == "activations":
        return layer.activations
    value = layer.count(quantity)
    if value is None:
        unknown = next((inner for inner in layer.walk() if inner.count(quantity) is None
                        and not inner.layers), layer)
        raise UnknownCountError(
            f"the {noun(quantity)} of {unknown.name} ({unknown.type}) are unknown: "
            + _why_unknown(unknown.type) + (
                f", so {layer.name}'s are unknown too" if unknown is not layer else ""),
            unknown.span, layer=unknown.name,
            hint="docs/compute.md lists the layer types and arguments with a cost rule; "
            "--count params, trainable or non_trainable work for every layer")
    return value


def count_parts(model: Model, quantity: str, layer: str | None = None) -> list[tuple[Layer, Expr]]:
    """The count as (layer, formula) terms: the model's top-level layers, or the one layer
    ``layer``. ``UnknownCountError`` if a cost is unknown."""
    _check_quantity(quantity)
    layers = [find_layer(model, layer)] if layer is not None else list(model.layers)
    return [(item, layer_count(item, quantity)) for item in layers]


def count_expr(model: Model, quantity: str, layer: str | None = None) -> Expr:
    """The count as one formula (of the model, or of layer ``layer``)."""
    return sympy.Add(*(e for _, e in count_parts(model, quantity, layer)))


def fixed_count(model: Model, quantity: str, subs: Mapping[sympy.Symbol, Integer],
                layer: str | None = None) -> Expr:
    """The count with ``subs`` substituted term by term, so that a value beyond
    ``--max-int-bits`` is a ``LimitError`` naming its layer."""
    bits = model.limits.max_int_bits
    return sympy.Add(*(guarded_xreplace(e, subs, bits, item.span, item.name)
                       for item, e in count_parts(model, quantity, layer)))


def layer_values(layers, name: str) -> LayerValues | None:
    """The layer called ``name`` among evaluated ``layers`` (an ``Evaluation``'s), also
    inside blocks; None if there is none."""
    for item in layers:
        if item.name == name:
            return item
        found = layer_values(item.layers, name)
        if found is not None:
            return found
    return None


def count_value(model: Model, quantity: str, values: Mapping[str, int] | None = None,
                layer: str | None = None) -> int:
    """The count at ``values`` (header values otherwise), by :meth:`Model.evaluate`: an
    evaluation independent of :func:`count_expr`'s formula."""
    _check_quantity(quantity)
    evaluation = model.evaluate(values or {})
    if layer is None:
        if quantity in PARAMETER_COUNTS or quantity == "activations":
            return getattr(evaluation, quantity)
        result = evaluation.costs[quantity]
    else:
        find_layer(model, layer)
        item = layer_values(evaluation.layers, layer)
        if quantity in PARAMETER_COUNTS or quantity == "activations":
            return getattr(item, quantity)
        result = item.costs[quantity]
    if result is None:
        count_parts(model, quantity, layer)  # raises the error naming the layer
        raise AssertionError("unknown cost")  # pragma: no cover
    return result
