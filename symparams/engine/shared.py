"""Shared layers: one layer, and one set of weights, applied to several tensors.

Keras's functional idiom for a Siamese network, written the same way::

    shared = Dense(n)          # a layer, not yet applied: `shared` is called below
    x = shared(a)              # the first call builds the weights: n*(d + 1) parameters
    y = shared(b)              # the same weights again: no parameters of its own

A statement ``name = Layer(...)`` whose ``name`` is called later in the same body defines a
layer without applying it (Keras: a layer object); every other ``name = Layer(...)`` names
the result of applying it to the current tensor, as before. The first call's row carries the
weights, named as Keras names the layer (``dense``); each later call is a row of its own,
named as Keras's "Connected to" column names the call (``dense[1]``, ``dense[2]``, ...),
with the same compute and no parameters. Every call must give weights of the same shapes:
its counts must be provably the first call's (Keras refuses an input of another width).

>>> import symparams
>>> m = symparams.parse('''
... model siamese(d=16, n=8):
...     a = Input(shape=(d,))
...     b = Input(shape=(d,))
...     shared = Dense(n)
...     x = shared(a)
...     y = shared(b)
...     Concatenate()(x, y)
... ''')["siamese"]
>>> [(row.name, row.params) for row in m.layers], m.params
([('dense', n*(d + 1)), ('dense[1]', 0), ('concatenate', 0)], n*(d + 1))
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from sympy import Integer

from ..errors import ArgumentError, ShapeError, SymparamsError
from ..layers import registry
from ..layers.merging import provably_equal
from ..record import Record, record
from ..symbolic.forms import readable_text
from ..syntax import ast
from .binding import BoundLayer, input_arguments, tuple_names_spelled_out
from .call_keywords import check_call_keywords
from .graph_layers import shape_text
from .model import Layer

__all__ = ["SharedLayer", "called_names", "is_definition", "define_shared", "call_shared",
           "not_a_layer_hint", "call_inputs", "reuse", "sharing_type"]


@record
class SharedLayer(Record):
    """A layer defined by ``name = Layer(...)`` and applied by calls ``name(x)``."""

    bound: BoundLayer
    name: str  # the layer's name, as Keras gives it (``dense``) or ``name=``
    variable: str  # the name it is called by in the model file
    pos: ast.Pos
    owner: int  # the id of the body's scope that defines it


def called_names(statements: Iterable) -> set[str]:
    """The names called like layers in ``statements``, branches and repeat bodies included
    (not in blocks: a block has names of its own).

    >>> from symparams.syntax.parser import parse_module
    >>> body = parse_module('''
    ... model m(d=4):
    ...     a = Input(shape=(d,))
    ...     s = Dense(d)
    ...     repeat 2 as h:
    ...         s(h)
    ... ''', "m.sp").models[0].body
    >>> sorted(called_names(body))
    ['Dense', 'Input', 's']
    """
    found: set[str] = set()
    for stmt in statements:
        if isinstance(stmt, ast.LayerStmt):
            found.add(stmt.call.func)
        elif isinstance(stmt, ast.Repeat):
            found |= called_names(stmt.body)
        elif isinstance(stmt, ast.If):
            for _, branch in stmt.branches:
                found |= called_names(branch)
            found |= called_names(stmt.orelse or ())
    return found


def is_definition(stmt: ast.LayerStmt, called: set[str]) -> bool:
    """Whether ``stmt`` is ``name = Layer(...)`` with ``name`` called later: a definition."""
    return (stmt.target is not None and stmt.target in called and stmt.inputs is None
            and stmt.repeat is None and registry.lookup(stmt.call.func) is not None)


def define_shared(graph, stmt: ast.LayerStmt, scope) -> None:
    """Bind and name the layer ``stmt`` defines (Keras names a layer when it is made), without
    applying it; ``graph`` is the :class:`~symparams.engine.graph.GraphBuilder`."""
    ctx, call = scope.ctx, stmt.call
    for keyword in call.keywords:
        if keyword.name == "tied_to":
            raise ArgumentError("tied_to is not supported on a shared layer",
                                ctx.span(keyword.pos))
    ctx.naming = (graph.used, graph.counters)
    bound = ctx.bind(tuple_names_spelled_out(call, ctx.builder))
    if graph.first_call is None or call.pos != graph.first_call.pos:
        for arg in input_arguments(bound):
            ctx.warn(f"{arg} only matters on the first layer; ignored here",
                     bound.args.nodes[arg].pos)
    name = graph.elaborator.layer_name(bound, graph.used, graph.counters, ctx)
    scope.shared[stmt.target] = SharedLayer(bound, name, stmt.target, stmt.pos, id(scope))
    scope.tensors.pop(stmt.target, None)


def call_shared(graph, stmt: ast.LayerStmt, scope) -> Layer:
    """The row of a call ``shared(x)``: the first builds the weights, later ones reuse them."""
    ctx = scope.ctx
    shared = scope.shared[stmt.call.func]
    names = call_inputs(stmt, ctx)
    inputs = graph.inputs(dataclasses.replace(stmt, inputs=names,
                                              inputs_pos=stmt.call.pos), scope)
    first = graph.built.get(shared.name)
    if first is None and scope.kind == "repeat" and shared.owner != id(scope):
        raise ShapeError(
            f"the shared layer {shared.name} is first called inside a repeat body: its "
            "weights would be counted once per copy", ctx.span(stmt.call.pos),
            layer=shared.name, hint=f"call {shared.variable} once before the repeat, or "
            "define it inside the body to give every copy weights of its own")
    graph.count(ctx)
    span = ctx.span(stmt.call.pos)
    if first is None:
        layer = dataclasses.replace(
            graph.apply_bound(shared.bound, shared.name, inputs, ctx), span=span)
        graph.built[shared.name] = layer
    else:
        index = graph.calls.get(shared.name, 1)
        while f"{shared.name}[{index}]" in graph.used:  # a layer named so by name=
            index += 1
        graph.calls[shared.name] = index + 1
        name = f"{shared.name}[{index}]"
        graph.used.add(name)
        try:
            again = dataclasses.replace(graph.apply_bound(shared.bound, name, inputs, ctx),
                                        span=span)
        except SymparamsError as err:  # the call's inputs: point at the call
            where = f" (the layer is defined on line {err.span.line})" \
                if err.span is not None and err.span.line != span.line else ""
            raise type(err)(err.message, span, layer=err.layer,
                            hint=err.hint or f"{shared.variable}{where} is called here on "
                            f"{', '.join(names)}") from None
        layer = reuse(first, again, shared, ctx, stmt.call.pos)
    graph.by_name[layer.name] = layer
    return layer


def not_a_layer_hint(name: str, tensors) -> str | None:
    """The hint when a tensor's name is called like a layer, or Keras's ``Model(x, y)``."""
    if name in ("Model", "Functional", "Sequential"):
        return (f"no {name}(...) line is needed: a model's output is the result of its last "
                "statement, and its inputs are its Input lines; delete this line")
    if name not in tensors:
        return None
    return (f"'{name}' names a tensor here, not a layer; to apply one layer to several "
            f"tensors, define it with a name that is then called: s = Dense(8), then "
            f"x = s(a), y = s(b) (a block too: enc = Encoder(d), then enc(a), enc(b))")


def call_inputs(stmt: ast.LayerStmt, ctx) -> tuple[str, ...]:
    """The tensors a call ``shared(x[, y...])`` names, or an error for any other form."""
    call = stmt.call
    problem = None
    if stmt.inputs is not None:
        problem = f"{call.func} is a layer already made: call it on tensors, {call.func}(x)"
    elif stmt.repeat is not None:
        problem = (f"a shared layer cannot be repeated with '*': {call.func}'s copies would "
                   "share one set of weights; write the calls out, or use a repeat body")
    elif not call.args:
        problem = f"{call.func} is called on no tensor"
    elif any(not isinstance(arg, ast.Name) for arg in call.args):
        problem = f"{call.func}(...) takes tensors by name"
    if problem is None:
        check_call_keywords(call.keywords, call.func, ctx)
    if problem is not None:
        raise ShapeError(problem, ctx.span(call.pos),
                         hint=f"{call.func} is a shared layer: x = {call.func}(a), "
                         f"y = {call.func}(b)")
    return tuple(arg.id for arg in call.args)


def reuse(first: Layer, again: Layer, shared: SharedLayer, ctx, pos: ast.Pos) -> Layer:
    """The row of a later call: ``again`` (the layer analysed on this call's inputs) with no
    parameters of its own, once its weights are provably the first call's."""
    for what, mine, theirs in (("trainable", again.trainable, first.trainable),
                               ("non-trainable", again.non_trainable, first.non_trainable)):
        if not provably_equal(mine, theirs):
            before, now = shape_text(first.input_shape), shape_text(again.input_shape)
            raise ShapeError(
                f"the shared layer {shared.name} was built on {before} and cannot take "
                f"{now}: its {what} weights would be {readable_text(mine)}, not "
                f"{readable_text(theirs)}", ctx.span(pos), layer=again.name,
                hint="a shared layer's inputs need the sizes its weights were made for; "
                "if they are equal for the values you mean, say so with assume")
    zero = Integer(0)
    return dataclasses.replace(again, layer_type=sharing_type(again.layer_type, first.name),
                               trainable=zero, non_trainable=zero)


def sharing_type(layer_type, owner: str):
    """``layer_type`` for a call that reuses ``owner``'s weights: no parameters."""
    zero = Integer(0)
    return dataclasses.replace(
        layer_type, derivation=f"shares the weights of {owner}: no parameters of its own",
        trainable=lambda a, x: zero, non_trainable=lambda a, x: zero,
        extra={k: v for k, v in layer_type.extra.items() if k != "derivation_for"})


