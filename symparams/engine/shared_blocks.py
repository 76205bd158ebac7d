"""Shared blocks: one block, and one set of weights, applied again and again (ALBERT's one
transformer layer for all L, a recurrent application of one convolutional block).

Written as a shared layer is (:mod:`.shared`), with a block::

    enc = Encoder(d, h)        # a block, not yet applied: `enc` is called below
    x = enc(x)                 # the first call builds the weights
    repeat (L - 1) as t:
        enc(t)                 # the same weights: no parameters of their own

The first call is the block's row with its layers, as any block use. Each later call is a
row named as Keras's "Connected to" names a call of a nested model (``encoder[1]``), with
its layers (each ``dense[1]``, ...), their shapes and compute, and no parameters. Every call
must give weights of the same sizes: its counts must be provably the first call's.

>>> import symparams
>>> m = symparams.parse('''
... block Mlp(d):
...     Dense(4 * d, activation="gelu")
...     Dense(d)
... model albert(d=8, L=12):
...     x = Input(shape=(d,))
...     mlp = Mlp(d)
...     h = mlp(x)
...     repeat (L - 1) as t:
...         mlp(t)
... ''')["albert"]
>>> [(row.name, row.params) for row in m.layers], m.params
([('mlp', 4*d*(d + 1) + d*(4*d + 1)), ('repeat', 0)], 4*d*(d + 1) + d*(4*d + 1))
>>> [(row.name, row.params) for row in m.layers[1].layers[0].layers]
[('dense[1]', 0), ('dense_1[1]', 0)]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from sympy import Integer

from ..errors import ShapeError
from ..layers.merging import provably_equal
from ..record import Record, record
from ..symbolic.forms import readable_text
from ..syntax import ast
from .graph_layers import shape_text
from .model import Layer
from .shared import call_inputs, sharing_type

__all__ = ["SharedBlock", "is_block_definition", "define_shared_block", "call_shared_block"]


@record
class SharedBlock(Record):
    """A block defined by ``name = Block(...)`` and applied by calls ``name(x)``."""

    call: ast.Call
    variable: str  # the name it is called by in the model file
    pos: ast.Pos
    owner: int  # the id of the body's scope that defines it


def is_block_definition(stmt: ast.LayerStmt, called: set[str], blocks: Mapping) -> bool:
    """Whether ``stmt`` is ``name = Block(...)`` with ``name`` called later: a definition."""
    return (stmt.target is not None and stmt.target in called and stmt.inputs is None
            and stmt.repeat is None and stmt.call.func in blocks)


def define_shared_block(graph, stmt: ast.LayerStmt, scope) -> None:
    """Remember the block call ``stmt`` defines, without applying it."""
    scope.shared[stmt.target] = SharedBlock(stmt.call, stmt.target, stmt.pos, id(scope))
    scope.tensors.pop(stmt.target, None)


def call_shared_block(graph, stmt: ast.LayerStmt, scope) -> Layer:
    """The row of a call ``shared(x)`` of a shared block: the first builds the weights,
    later ones reuse them."""
    ctx = scope.ctx
    shared: SharedBlock = scope.shared[stmt.call.func]
    names = call_inputs(stmt, ctx)
    inputs = graph.inputs(dataclasses.replace(stmt, inputs=names, inputs_pos=stmt.call.pos),
                          scope)
    key = f"\0block {shared.variable} {shared.owner}"
    first = graph.built.get(key)
    if first is None and scope.kind == "repeat" and shared.owner != id(scope):
        raise ShapeError(
            f"the shared block {shared.variable} is first called inside a repeat body: its "
            "weights would be counted once per copy", ctx.span(stmt.call.pos),
            hint=f"call {shared.variable} once before the repeat, or define it inside the "
            "body to give every copy weights of its own")
    call = dataclasses.replace(shared.call, pos=stmt.call.pos)
    if first is None:
        layer = graph.block(call, inputs, scope)
        graph.built[key] = layer
        return layer
    saved = graph.snapshot(ctx)
    again = graph.block(call, inputs, scope)
    graph.restore(ctx, saved)
    index = graph.calls.get(first.name, 1)
    while f"{first.name}[{index}]" in graph.used:
        index += 1
    graph.calls[first.name] = index + 1
    graph.used.add(f"{first.name}[{index}]")
    for what, mine, theirs in (("trainable", again.trainable, first.trainable),
                               ("non-trainable", again.non_trainable, first.non_trainable)):
        if not provably_equal(mine, theirs):
            raise ShapeError(
                f"the shared block {first.name} was built on {shape_text(first.input_shape)} "
                f"and cannot take {shape_text(again.input_shape)}: its {what} weights would "
                f"be {readable_text(mine)}, not {readable_text(theirs)}",
                ctx.span(stmt.call.pos), layer=first.name,
                hint="a shared block's inputs need the sizes its weights were made for; if "
                "they are equal for the values you mean, say so with assume")
    theirs, mine = list(first.walk()), list(again.walk())
    alike = [r.type for r in theirs] == [r.type for r in mine]
    names = {a.name: (f.name if alike else a.name) + f"[{index}]"
             for f, a in zip(theirs, mine, strict=False)}
    names[again.name] = f"{first.name}[{index}]"
    owners = {a.name: (f.name if alike else first.name)
              for f, a in zip(theirs, mine, strict=False)}
    return _without_weights(again, names, owners, top=True)


def _without_weights(row: Layer, names: Mapping[str, str], owners: Mapping[str, str],
                     top: bool = False) -> Layer:
    """``row`` and the rows inside it renamed (``dense[1]``: the first call's layer, called
    again), with no parameters: each shares the weights of its row in the first call."""
    zero = Integer(0)
    layer_type = sharing_type(row.layer_type, owners[row.name])
    inner = tuple(_without_weights(r, names, owners) for r in row.layers)
    inbound = row.inbound if top else tuple(names.get(s, s) for s in row.inbound)
    return dataclasses.replace(row, name=names[row.name], layer_type=layer_type,
                               trainable=zero, non_trainable=zero, layers=inner,
                               inbound=inbound, general=None)
