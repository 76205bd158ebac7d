"""A model body as a graph of named tensors: chains, branches, merges, blocks, repetition.

Each statement applies a layer (or a block) to tensors and yields one tensor:

- ``Dense(d)`` applies to the *current* tensor (the previous statement's result), so a plain
  chain of layers is the simplest graph;
- ``h = Dense(d)`` also names the result ``h``; ``Dense(d)(x)`` applies to the tensor ``x``;
- ``Add()(x, h)`` merges several tensors;
- ``Encoder(d) * L`` and ``repeat L as h: ...`` chain ``L`` copies, which must map their
  input's shape to itself; parameters are multiplied by ``L``.

A block call is analysed with the block's parameters bound to the caller's expressions, so
its rows and counts are in the caller's symbols.

>>> import symparams
>>> doc = symparams.parse('''
... block Residual(d):
...     h = Dense(d, activation="relu")
...     Add()(input, h)
... model m(d=8, L=3):
...     Input(shape=(d,))
...     Residual(d) * L
... ''')
>>> m = doc["m"]
>>> m.params, [row.type for row in m.layers[0].layers[0].layers]
(L*d*(d + 1), ['Dense', 'Add'])
"""

from __future__ import annotations

import dataclasses
from functools import partial

from ..errors import (
    ArgumentError,
    DeclarationError,
    LimitError,
    ShapeError,
    UnknownLayerError,
    did_you_mean,
)
from ..layers import registry
from ..layers.merging import EQUALITY
from ..layers.registry import Args, LayerType
from ..symbolic.integers import total
from ..syntax import ast
from .binding import INPUT_NAMES, Tensor, input_arguments, tuple_names_spelled_out
from .block_args import bind_block_arguments, frozen_call, substitute_body
from .block_form import general_use
from .conditions import choose_branch
from .expr import ExprBuilder
from .graph_inputs import statement_inputs
from .graph_layers import attention_layer, frozen, group_cost, merge_layer, tie_layer
from .helpers import bind_value, configure
from .imports import BlockSource
from .memo import run_equality
from .model import Layer, Warning_
from .padding_fold import fold_input_padding
from .repeat import run_repeat
from .shared import (
    SharedLayer,
    call_shared,
    called_names,
    define_shared,
    is_definition,
    not_a_layer_hint,
)
from .shared_blocks import (
    SharedBlock,
    call_shared_block,
    define_shared_block,
    is_block_definition,
)
from .tensor_arithmetic import run_arithmetic

__all__ = ["GraphBuilder", "run_model_body"]

_CARRIED = "\0carried"  # the running tensor of a `* count` repetition


class _Scope:
    """One body being analysed: its context (file, symbols), tensors and layers so far."""

    def __init__(self, ctx, tensors: dict[str, Tensor], current: Tensor, kind: str,
                 shared: dict[str, SharedLayer] | None = None) -> None:
        self.ctx = ctx
        self.tensors = dict(tensors)
        self.current = current
        self.kind = kind  # "model", "block" or "repeat"
        self.layers: list[Layer] = []
        self.shared = dict(shared or {})  # layers defined to be called: `s = Dense(d)`
        self.called: set[str] = set()  # names called like layers in this body


class GraphBuilder:
    """Analyses the body of one model (and the blocks it calls) into :class:`Layer` rows."""

    def __init__(self, elaborator, blocks: dict[str, BlockSource], first_call=None,
                 functions=None, assumptions=()) -> None:
        self.elaborator = elaborator
        self.blocks = blocks
        self.functions = functions or {}
        self.assumptions = assumptions
        self.first_call = first_call  # its input_shape= is the model's: no warning
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}
        self.by_name: dict[str, Layer] = {}
        self.active: list[str] = []
        self.top_level: set[int] = set()  # the model's own statements (not in a branch)
        self.built: dict[str, Layer] = {}  # a shared layer's first call, by layer name
        self.calls: dict[str, int] = {}  # how many times each shared layer was called
        self.operations: dict[str, Layer] = {}  # arithmetic on tensors (tensor_arithmetic)
        self.readers: dict[str, set[str]] = {}  # the rows that read each row's result

    # -- bodies -----------------------------------------------------------------------------

    def body(self, statements, scope: _Scope) -> None:
        scope.called = called_names(statements)
        self.statements(statements, scope)
        self.unused(scope)

    def statements(self, statements, scope: _Scope) -> None:
        for stmt in statements:
            scope.ctx.builder.tensors = scope.tensors
            if isinstance(stmt, ast.If):
                self.statements(choose_branch(stmt, scope.ctx), scope)
                continue
            if isinstance(stmt, ast.Let) and isinstance(stmt.value, ast.Name) \
                    and stmt.value.id in scope.tensors:  # `s = x`: another name, one tensor
                scope.tensors[stmt.target] = scope.tensors[stmt.value.id]
                continue
            if run_arithmetic(self, stmt, scope) or bind_value(stmt, scope.ctx, self.functions):
                continue
            if isinstance(stmt, (ast.Assume, ast.CountCheck)):
                word = "assume" if isinstance(stmt, ast.Assume) else "check"
                if scope.kind != "model" or (word == "check"
                                             and id(stmt) not in self.top_level):
                    raise DeclarationError(f"'{word}' belongs in a model, not in a block, "
                                           "repeat body or branch", scope.ctx.span(stmt.pos))
                continue
            if isinstance(stmt, ast.Repeat):
                if stmt.name and stmt.name in scope.tensors:
                    scope.ctx.warn(f"'repeat ... as {stmt.name}' hides the tensor "
                                   f"{stmt.name} inside its body; the body cannot read it",
                                   stmt.pos)
                carried = {stmt.name: None} if stmt.name else {}
                layer = self.repeat(stmt.count, stmt.body, carried, scope, stmt.pos,
                                    scope.current, stmt.index)
                self.add(scope, layer, None)
                continue
            if stmt.call.func in scope.shared:
                shared = scope.shared[stmt.call.func]
                call = call_shared_block if isinstance(shared, SharedBlock) else call_shared
                self.add(scope, call(self, stmt, scope), stmt.target)
                continue
            if is_definition(stmt, scope.called):
                define_shared(self, stmt, scope)
                continue
            if is_block_definition(stmt, scope.called, self.blocks):
                define_shared_block(self, stmt, scope)
                continue
            inputs = self.inputs(stmt, scope)
            if stmt.repeat is not None:
                body = (dataclasses.replace(
                    stmt, repeat=None, target=None,
                    inputs=(_CARRIED, *stmt.inputs[1:]) if stmt.inputs else None),)
                layer = self.repeat(stmt.repeat, body, {_CARRIED: None}, scope, stmt.pos,
                                    inputs[0])
            else:
                layer = self.apply(stmt.call, inputs, scope)
            self.add(scope, layer, stmt.target)

    def unused(self, scope: _Scope) -> None:
        """Warn about results nothing reads: Keras leaves them out of a functional model,
        symparams counts every line written."""
        read = {source for top in scope.layers for row in top.walk() for source in row.inbound}
        for layer in scope.layers[:-1]:
            if layer.name not in read and layer.span is not None:
                scope.ctx.warnings.append(Warning_(
                    f"the output of {layer.name} is never used; it is counted here, but "
                    "Keras would leave it out of a functional model", layer.span))

    def add(self, scope: _Scope, layer: Layer, target: str | None) -> None:
        scope.layers.append(layer)
        for source in () if layer.layers else layer.inbound:  # (a block's rows read for it)
            self.readers.setdefault(source, set()).add(layer.name)
        scope.current = Tensor(layer.output_shape, layer.name)
        if target is not None:
            scope.tensors[target] = scope.current

    def inputs(self, stmt: ast.LayerStmt, scope: _Scope) -> list[Tensor]:
        return statement_inputs(stmt, scope, hidden=_CARRIED)

    def count(self, ctx, layer_type_count: int = 1) -> None:
        self.elaborator.layer_count += layer_type_count
        limit = self.elaborator.limits.max_layers
        if self.elaborator.layer_count > limit:
            raise LimitError(f"more than {limit} layers (blocks count every layer inside)",
                             None)

    # -- one application --------------------------------------------------------------------

    def apply(self, call: ast.Call, inputs: list[Tensor], scope: _Scope) -> Layer:
        ctx = scope.ctx
        if call.func in self.blocks:
            return self.block(call, inputs, scope)
        if call.func in INPUT_NAMES:
            raise ShapeError(
                f"{call.func} must come before the model's layers", ctx.span(call.func_pos),
                hint="put every input at the top of the model: a = Input(shape=(...)), "
                "b = Input(shape=(...))" if scope.kind == "model" else
                "a block's inputs are its tensor parameters: block B(d)(x, y): ...")
        if registry.lookup(call.func) is None:
            raise UnknownLayerError(
                f"unknown layer{' or block' if self.blocks else ''} '{call.func}'",
                ctx.span(call.func_pos),
                hint=not_a_layer_hint(call.func, scope.tensors) or did_you_mean(
                    call.func, registry.layer_names() + list(self.blocks)
                    + list(INPUT_NAMES) + list(self.functions)))
        tied = None
        keywords = call.keywords
        for kw in keywords:
            if kw.name == "tied_to":
                tied = kw
        if tied is not None:
            call = dataclasses.replace(
                call, keywords=tuple(k for k in keywords if k.name != "tied_to"))
        ctx.naming = (self.used, self.counters)
        bound = ctx.bind(tuple_names_spelled_out(call, ctx.builder))
        self.count(ctx)
        if self.first_call is None or call.pos != self.first_call.pos:
            for arg in input_arguments(bound):
                ctx.warn(f"{arg} only matters on the first layer; ignored here",
                         bound.args.nodes[arg].pos)
        name = self.elaborator.layer_name(bound, self.used, self.counters, ctx)
        layer = self.apply_bound(bound, name, inputs, ctx)
        if tied is not None:
            layer = tie_layer(layer, tied, ctx, self.by_name)
        self.by_name[layer.name] = layer
        return layer

    def apply_bound(self, bound, name: str, inputs: list[Tensor], ctx) -> Layer:
        """The row of the bound layer ``bound`` called ``name`` applied to ``inputs``."""
        inbound = tuple(t.source for t in inputs)
        span_pos = bound.call.func_pos
        allowed = bound.type.extra.get("inputs")
        if allowed is not None:
            layer = merge_layer(bound, inputs, name, ctx)
        elif (bound.type.name == "MultiHeadAttention" or "cross" in bound.type.extra) \
                and len(inputs) in (2, 3):
            layer = attention_layer(self.elaborator, bound, inputs, name, ctx)
        elif len(inputs) != 1:
            raise ShapeError(f"{bound.type.name} takes one input, got {len(inputs)}",
                             ctx.span(span_pos), layer=name,
                             hint="merge tensors first, e.g. Add()(x, y)")
        else:
            layer = self.elaborator.layer(bound, inputs[0].shape, name, ctx, inbound)
        if layer.inbound != inbound:  # (a merge or attention row is made without them)
            layer = dataclasses.replace(layer, inbound=inbound)
        return fold_input_padding(layer, self.by_name)  # XLA's count of a padded conv

    # -- blocks -----------------------------------------------------------------------------

    def block(self, call: ast.Call, inputs: list[Tensor], scope: _Scope) -> Layer:
        ctx = scope.ctx
        source = self.blocks[call.func]
        definition = source.definition
        if call.func in self.active:
            raise DeclarationError(
                f"block '{call.func}' uses itself ({' -> '.join(self.active + [call.func])})",
                ctx.span(call.func_pos))
        if len(self.active) >= 32:
            raise LimitError("blocks nested more than 32 deep", ctx.span(call.func_pos))
        if len(inputs) != len(definition.inputs):
            raise ShapeError(
                f"block {definition.name} takes {len(definition.inputs)} input"
                f"{'s' if len(definition.inputs) != 1 else ''} "
                f"({', '.join(definition.inputs)}), got {len(inputs)}",
                ctx.span(call.func_pos),
                hint=f"apply it to named tensors: {definition.name}(...)"
                f"({', '.join(definition.inputs)})" if len(definition.inputs) > 1 else None)
        inner_ctx = ctx.__class__(source.filename, source.text, ctx.limits, ctx.warnings)
        symbols, literals, name_node = bind_block_arguments(call, definition, ctx, inner_ctx)
        inner_ctx.builder = ExprBuilder(symbols, inner_ctx.span, ctx.limits,
                                        tuple(registry.layer_names()))
        configure(inner_ctx.builder, self.functions, self.assumptions)
        body = substitute_body(definition.body, literals) if literals else definition.body
        name = self.block_name(definition, name_node, ctx)
        tensors = {n: t for n, t in zip(definition.inputs, inputs, strict=True)}
        inner = _Scope(inner_ctx, tensors, inputs[0], "block")
        self.active.append(call.func)
        try:
            self.body(body, inner)
        finally:
            self.active.pop()
        if not inner.layers:  # pragma: no cover - the grammar requires a statement
            raise ShapeError(f"block {definition.name} has no layers", ctx.span(call.pos))
        layers = inner.layers if not frozen_call(call, definition, ctx) \
            else [frozen(layer) for layer in inner.layers]  # trainable=False
        return self.group(name, definition.name, layers, inputs, inner.current.shape,
                          ctx.span(call.pos), None, (), _sum_text(len(layers)),
                          general=partial(general_use, self, call, definition, list(inputs),
                                          symbols, ctx))

    def block_name(self, definition: ast.BlockDef, node, ctx) -> str:
        if isinstance(node, ast.Str):
            if node.value in self.used:
                raise ArgumentError(f"layer name '{node.value}' is used twice",
                                    ctx.span(node.pos))
            self.used.add(node.value)
            return node.value
        if node is not None and not (isinstance(node, ast.Const) and node.value is None):
            raise ArgumentError("name must be a string", ctx.span(node.pos))
        return self.fresh(registry.to_snake_case(definition.name))

    def fresh(self, stem: str) -> str:
        while True:
            count = self.counters.get(stem, 0)
            self.counters[stem] = count + 1
            name = stem if count == 0 else f"{stem}_{count}"
            if name not in self.used:
                self.used.add(name)
                return name

    def snapshot(self, ctx):
        """The naming and counting state, to analyse a body a second time."""
        return (set(self.used), dict(self.counters), dict(self.by_name), len(ctx.warnings),
                self.elaborator.layer_count, dict(ctx.builder.locals), dict(self.built),
                dict(self.calls))

    def restore(self, ctx, saved) -> None:
        used, counters, by_name, warnings, count, local_values, built, calls = saved
        self.used, self.counters, self.by_name = set(used), dict(counters), dict(by_name)
        self.built, self.calls = dict(built), dict(calls)
        del ctx.warnings[warnings:]
        self.elaborator.layer_count = count
        ctx.builder.locals.clear()
        ctx.builder.locals.update(local_values)

    def group(self, name, type_name, layers, inputs, out, span, repeat, own_conditions,
              derivation, totals=None, general=None) -> Layer:
        trainable = total(layer.trainable for layer in layers)
        non_trainable = total(layer.non_trainable for layer in layers)
        if totals is not None:
            trainable, non_trainable = totals
        if repeat is not None:
            trainable, non_trainable = repeat * trainable, repeat * non_trainable
        conditions = tuple(c for layer in layers for c in layer.conditions) \
            + tuple(own_conditions)
        layer_type = LayerType(
            name=type_name, family="block", params=(),
            shape=lambda a, x, _o=out: _o,
            trainable=lambda a, x, _t=trainable: _t,
            non_trainable=lambda a, x, _n=non_trainable: _n,
            derivation=derivation, doc=f"{type_name}: a block of {len(layers)} layers")
        return Layer(name, type_name, layer_type, Args({}), inputs[0].shape, tuple(out),
                     trainable, non_trainable, conditions, span, tuple(layers), repeat,
                     tuple(t.source for t in inputs),
                     cost_rule=partial(group_cost, tuple(layers), repeat), general=general)

    # -- repetition -------------------------------------------------------------------------

    def repeat(self, count_node, body, carried: dict, scope: _Scope, pos, start: Tensor,
               index: str | None = None):
        return run_repeat(self, lambda tensors, current: _Scope(scope.ctx, tensors, current,
                                                                "repeat", scope.shared),
                          count_node, body, carried, scope, pos, start, index)


def _sum_text(count: int) -> str:
    """What a block's count is: ``sum of its 3 layers``, or its only layer's."""
    return "its one layer's count" if count == 1 else f"sum of its {count} layers"


def run_model_body(elaborator, ctx, statements, inputs, blocks: dict[str, BlockSource],
                   first_call=None, assumptions=(), input_spans=None,
                   functions=None) -> list[Layer]:
    """The top-level rows of a model body applied to its ``inputs`` ((name, shape) pairs;
    the body starts from the last); ``input_spans`` says where each is written."""
    builder = GraphBuilder(elaborator, blocks, first_call, functions, assumptions)
    builder.top_level = {id(s) for s in statements}
    tensors = {}
    for name, shape in inputs:
        builder.used.add(name)
        # inbound lists call a model's only input "input", and several by their names
        tensors[name] = Tensor(tuple(shape), "input" if len(inputs) == 1 else name)
    scope = _Scope(ctx, tensors, tensors[inputs[-1][0]], "model")
    token = EQUALITY.set(run_equality(assumptions))
    try:
        builder.body(statements, scope)
    finally:
        EQUALITY.reset(token)
    if len(inputs) > 1 and scope.layers:
        read = {source for top in scope.layers for row in top.walk() for source in row.inbound}
        for name, _ in inputs:
            if name not in read:
                ctx.warnings.append(Warning_(
                    f"the input {name} is never used; Keras builds such a model, but the "
                    "input does nothing", (input_spans or {}).get(name, scope.layers[0].span)))
    return scope.layers
