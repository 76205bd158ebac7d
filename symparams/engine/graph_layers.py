"""Layers whose analysis needs more than their one input: merges of several tensors,
cross-attention sized by its query, key and value, and a ``Dense`` tied to an embedding."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import partial

import sympy
from sympy import Expr, Integer

from ..errors import ArgumentError, ShapeError, did_you_mean
from ..layers.cost import add_costs
from ..layers.merging import provably_equal
from ..layers.registry import Args, Reject
from ..symbolic.forms import readable_text
from ..syntax import ast
from .binding import BoundLayer, LayerMaker, ModelContext, Tensor
from .model import Layer

__all__ = ["merge_layer", "attention_layer", "tie_layer", "shape_text", "shape_change",
           "group_cost", "frozen"]


def shape_text(shape: Sequence[Expr]) -> str:
    """``(d, 4*d)``; a 1-tuple keeps its comma.

    >>> from sympy import Symbol
    >>> shape_text((Symbol("d"),)), shape_text((Symbol("d"), 4 * Symbol("d")))
    ('(d,)', '(d, 4*d)')
    """
    return "(" + ", ".join(readable_text(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def merge_layer(bound: BoundLayer, inputs: Sequence[Tensor], name: str, ctx: ModelContext) -> Layer:
    """A merge (``Add``, ``Concatenate``, ...) of several tensors: no parameters; the
    output shape from the layer type's rule for several shapes."""
    low, high = bound.type.extra["inputs"]
    call = bound.call
    if len(inputs) < max(low, 2) or (high is not None and len(inputs) > high):
        wanted = f"exactly {high}" if low == high else f"at least {max(low, 2)}"
        raise ShapeError(f"{bound.type.name} takes {wanted} inputs, got {len(inputs)}",
                         ctx.span(call.func_pos), layer=name,
                         hint=f"name the tensors to merge: {bound.type.name}()(x, y)")
    shapes = tuple(t.shape for t in inputs)
    try:
        out = tuple(bound.type.shape(bound.args, shapes))
    except Reject as err:
        raise ShapeError(err.message, ctx.span(call.func_pos), layer=name,
                         hint=err.hint) from None
    try:  # Attention(use_scale=True), AdditiveAttention: a few weights
        trainable = bound.type.trainable(bound.args, shapes)
        trainable = Integer(trainable) if isinstance(trainable, int) else trainable
    except Reject as err:
        raise ShapeError(err.message, ctx.span(call.func_pos), layer=name,
                         hint=err.hint) from None
    non_trainable = Integer(0)
    if bound.args.get("trainable") is False:
        trainable, non_trainable = Integer(0), trainable
    rule = partial(bound.type.cost, bound.args, shapes, out) if bound.type.cost else None
    return Layer(name, bound.type.name, bound.type, bound.args, shapes[0], out, trainable,
                 non_trainable, (), ctx.span(call.pos), cost_rule=rule)


def attention_layer(elaborator: LayerMaker, bound: BoundLayer, inputs: Sequence[Tensor],
                    name: str, ctx: ModelContext) -> Layer:
    """``MultiHeadAttention(...)(query, value[, key])``: projections sized by each (by the
    layer type's ``extra["cross"](args, query, value, key)`` if it has one)."""
    query, value = inputs[0].shape, inputs[1].shape
    key = inputs[2].shape if len(inputs) == 3 else value
    if len(value) != len(key) or any(not provably_equal(a, b)
                                     for a, b in zip(value[:-1], key[:-1], strict=True)):
        raise ShapeError(
            f"value {shape_text(value)} and key {shape_text(key)} must agree in every "
            "dimension but the last", ctx.span(bound.call.func_pos), layer=name)
    layer = elaborator.layer(bound, query, name, ctx)
    a = bound.args
    cross = bound.type.extra.get("cross")
    if cross is not None:  # the layer type sizes its projections from the three shapes
        try:
            total = sympy.expand(cross(a, query, value, key))
        except Reject as err:
            raise ShapeError(err.message, ctx.span(bound.call.func_pos), layer=name,
                             hint=err.hint) from None
        if layer.trainable == 0:  # trainable=False: the weights are frozen
            return dataclasses.replace(layer, non_trainable=total)
        return dataclasses.replace(layer, trainable=sympy.factor_terms(total))
    heads, key_dim = a.num_heads, a.key_dim
    value_dim = a.value_dim if a.value_dim is not None else key_dim
    extra = heads * key_dim * (key[-1] - query[-1]) \
        + heads * value_dim * (value[-1] - query[-1])
    if bound.type.cost is not None:  # the cost reads the key and value lengths too
        layer = dataclasses.replace(layer, cost_rule=partial(
            bound.type.cost, a, query, layer.output_shape, key=key, value=value))
    if extra == 0:
        return layer
    trainable = sympy.factor_terms(sympy.expand(layer.trainable + extra)) \
        if layer.trainable != 0 else layer.trainable
    non_trainable = layer.non_trainable
    if layer.trainable == 0:  # trainable=False: the weights are frozen
        non_trainable = sympy.expand(non_trainable + extra)
    return dataclasses.replace(layer, trainable=trainable, non_trainable=non_trainable)


_EMBEDDINGS = ("Embedding", "ReversibleEmbedding")  # a ReversibleEmbedding's reverse call


def _matrix(embedding: Layer) -> str:
    if embedding.type == "ReversibleEmbedding" and not embedding.args.tie_weights:
        return "its reverse matrix"
    return "its embedding matrix, transposed"


def tie_layer(layer: Layer, keyword: ast.Keyword, ctx: ModelContext, by_name: dict[str, Layer]
              ) -> Layer:
    """``Dense(V, tied_to="token_embedding")``: the kernel is the embedding's, transposed."""
    node = keyword.value
    if not isinstance(node, ast.Str):
        raise ArgumentError("tied_to must name an Embedding layer, as a string",
                            ctx.span(node.pos))
    other = by_name.get(node.value)
    if other is None or other.type not in _EMBEDDINGS:
        raise ArgumentError(
            f"tied_to: no Embedding layer named '{node.value}' before this one",
            ctx.span(node.pos),
            hint=did_you_mean(node.value, [n for n, row in by_name.items()
                                           if row.type in _EMBEDDINGS]))
    if layer.type != "Dense":
        raise ArgumentError(f"tied_to works on Dense layers, not {layer.type}",
                            ctx.span(keyword.pos))
    vocab, width = other.args.input_dim, other.args.output_dim
    units, inputs = layer.args.units, layer.input_shape[-1]
    for what, mine, theirs in (("units", units, vocab), ("inputs", inputs, width)):
        if not provably_equal(mine, theirs):
            raise ShapeError(
                f"a Dense tied to {other.name} needs {what} = {theirs}, got {mine}",
                ctx.span(keyword.pos), layer=layer.name)
    kernel = units * inputs
    trainable = sympy.expand(layer.trainable - kernel) if layer.trainable != 0 \
        else layer.trainable
    non_trainable = layer.non_trainable
    if layer.trainable == 0:
        non_trainable = sympy.expand(non_trainable - kernel)
    bias = layer.args.use_bias
    lt = dataclasses.replace(
        layer.layer_type,
        derivation=f"tied to {other.name} ({_matrix(other)}): "
        + ("units (the bias)" if bias else "no parameters of its own"),
        trainable=lambda a, x, _t=trainable: _t)
    return dataclasses.replace(layer, layer_type=lt, trainable=trainable,
                               non_trainable=non_trainable)


def shape_change(before, after) -> str | None:
    """How ``after`` differs from ``before`` (None if provably the same shape).

    >>> from sympy import Symbol
    >>> d = Symbol("d", integer=True, positive=True)
    >>> shape_change((d, d), (d, 4*d))
    'dimension 2 changes from d to 4*d'
    """
    if len(before) != len(after):
        return f"the rank changes from {len(before)} to {len(after)}"
    for index, (a, b) in enumerate(zip(before, after, strict=True)):
        if not provably_equal(a, b):
            return (f"dimension {index + 1} changes from {readable_text(a)} to "
                    f"{readable_text(b)}")
    return None


def group_cost(layers, repeat):
    """A block's cost: its layers' summed, times its copies; None if any is unknown."""
    cost = add_costs([layer.cost for layer in layers])
    return cost.times(repeat) if cost is not None and repeat is not None else cost


def frozen(layer: Layer) -> Layer:
    """``layer`` with every weight frozen, its blocks' layers too: what Keras's
    ``model.trainable = False`` does to a model used as a layer (``Block(..., trainable=False)``).
    A layer's ``args`` say ``trainable=False`` as if written on it."""
    weights = layer.trainable + layer.non_trainable
    if layer.layers:
        inner = tuple(frozen(row) for row in layer.layers)
        kind = dataclasses.replace(layer.layer_type, trainable=lambda a, x: Integer(0),
                                   non_trainable=lambda a, x, _w=weights: _w)
        return dataclasses.replace(layer, layers=inner, layer_type=kind, trainable=Integer(0),
                                   non_trainable=weights)
    if layer.trainable == 0 and layer.args.get("trainable") is False:
        return layer
    args = Args({**dict(layer.args.items()), "trainable": False},
                layer.args.given | {"trainable"}, layer.args.nodes)
    return dataclasses.replace(layer, args=args, trainable=Integer(0), non_trainable=weights)
