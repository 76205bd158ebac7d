"""A block call's arguments: bound to the block's parameters, literals carried into its body.

>>> from symparams.syntax import ast
>>> is_literal(ast.Int(3, ast.Pos(1, 1, 1, 2)))
True
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sympy import Expr

from ..errors import ArgumentError, did_you_mean
from ..syntax import ast
from .binding import ModelContext
from .expr import ExprBuilder
from .memo import MISSING, recall, remember
from .names import KEPT_FIELDS, names_in

__all__ = ["substitute_body", "assigned_names", "substitute", "is_literal",
           "bind_block_arguments", "frozen_call", "frozen_flag"]

_LITERALS = (ast.Int, ast.Float, ast.Str, ast.Const)


def substitute_body(statements, literals: dict[str, ast.Expr]) -> tuple:
    """A body's statements with the names bound to literal arguments replaced by those
    literals, in order, up to the statement that assigns the name again: ``k = k * 2`` reads
    the literal and names a new value, which the statements after it read (as Python does).
    A body called again with the same literals (a stage's blocks, every model of a file) is
    substituted once."""
    key = (id(statements), tuple(literals.items()))
    remembered = recall("bodies", key, statements)
    if remembered is MISSING:
        remembered = _substitute_body(statements, literals)
        remember("bodies", key, statements, remembered)
    return remembered


def _substitute_body(statements, literals: dict[str, ast.Expr]) -> tuple:
    live = dict(literals)
    out = []
    for stmt in statements:
        out.append(substitute(stmt, live))
        for name in assigned_names(stmt):
            live.pop(name, None)
    return tuple(out)


def assigned_names(stmt) -> set[str]:
    """The names a statement assigns in its body (an ``if``'s in any branch; a repeat's own
    names stay inside it)."""
    if isinstance(stmt, (ast.Let, ast.AugAssign)):
        return {stmt.target}
    if isinstance(stmt, ast.Unpack):
        return set(stmt.targets)
    if isinstance(stmt, ast.LayerStmt):
        return {stmt.target} if stmt.target else set()
    if isinstance(stmt, ast.If):
        bodies = [body for _, body in stmt.branches] + [stmt.orelse or ()]
        return {name for body in bodies for s in body for name in assigned_names(s)}
    return set()




def substitute(node: Any, literals: dict[str, ast.Expr]) -> Any:
    """The AST ``node`` (or a tuple or list of nodes) with the names bound to literal
    arguments replaced by those literals, at the names' places (statement bodies inside it
    by :func:`substitute_body`); a part without those names is returned as it is.

    >>> at = ast.Pos(1, 1, 1, 2)
    >>> substitute((ast.Name("k", at), ast.Name("d", at)), {"k": ast.Int(3, at)})[0]
    Int(value=3, pos=Pos(line=1, column=1, end_line=1, end_column=2))
    >>> names = (ast.Name("d", at),)
    >>> substitute(names, {"k": ast.Int(3, at)}) is names
    True
    """
    if literals.keys().isdisjoint(names_in(node)):
        return node
    if isinstance(node, ast.If):
        return dataclasses.replace(
            node, branches=tuple((substitute(test, literals), substitute_body(body, literals))
                                 for test, body in node.branches),
            orelse=None if node.orelse is None else substitute_body(node.orelse, literals))
    if isinstance(node, ast.Repeat):
        inner = {k: v for k, v in literals.items() if k not in (node.name, node.index)}
        return dataclasses.replace(node, count=substitute(node.count, literals),
                                   body=substitute_body(node.body, inner))
    if isinstance(node, ast.Name):
        literal = literals.get(node.id)
        return dataclasses.replace(literal, pos=node.pos) if literal is not None else node
    if isinstance(node, (tuple, list)):
        return type(node)(substitute(item, literals) for item in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, (ast.Pos, type)):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if f.name in KEPT_FIELDS:
                continue
            new = substitute(value, literals)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node
    return node


def is_literal(node: ast.Expr) -> bool:
    """A number, string or constant written as such: ``3``, ``-2.5``, ``"same"``, ``None``."""
    if isinstance(node, _LITERALS):
        return True
    return isinstance(node, ast.UnaryOp) and isinstance(node.operand, (ast.Int, ast.Float))


def _tuple_argument(node, name: str, builder, symbols: dict[str, Expr]):
    """A tuple given for a block parameter, to put into the body as it is written: literal
    items stay, each other item becomes a hidden name (``strides\0`` + its index) bound in
    ``symbols`` to its value in the caller's symbols, so the body reads the caller's value."""
    items = []
    for index, item in enumerate(node.items):
        if is_literal(item) or isinstance(item, ast.Const):
            items.append(item)
        elif isinstance(item, (ast.TupleExpr, ast.ListExpr)):
            items.append(_tuple_argument(item, f"{name}\0{index}", builder, symbols))
        else:
            hidden = f"{name}\0{index}"
            symbols[hidden] = builder.value(item)
            items.append(ast.Name(hidden, item.pos))
    return dataclasses.replace(node, items=tuple(items))


def frozen_flag(kw: ast.Keyword, ctx: ModelContext) -> bool:
    """Whether a block call's ``trainable=`` keyword freezes it (``False``), as Keras's
    ``model.trainable = False`` freezes every layer of a model used as a layer."""
    value = kw.value
    if not (isinstance(value, ast.Const) and isinstance(value.value, bool)):
        raise ArgumentError("trainable must be True or False", ctx.span(value.pos))
    return value.value is False


def frozen_call(call: ast.Call, definition: ast.BlockDef, ctx: ModelContext) -> bool:
    """Whether the block call ``call`` says ``trainable=False`` (a block without a parameter
    of that name)."""
    if any(p.name == "trainable" for p in definition.params):
        return False
    return any(frozen_flag(kw, ctx) for kw in call.keywords if kw.name == "trainable")


def bind_block_arguments(call: ast.Call, definition: ast.BlockDef, ctx: ModelContext,
                         inner_ctx: ModelContext
                         ) -> tuple[dict[str, Expr], dict[str, ast.Expr], ast.Expr | None]:
    """A block call's arguments bound to the block's parameters: expressions in the caller's
    symbols (defaults in the block's own), the literals to put into the body as they are,
    and the ``name=`` node if any."""
    params = definition.params
    names = [p.name for p in params]
    if len(call.args) > len(params):
        raise ArgumentError(
            f"block {definition.name} takes at most {len(params)} arguments "
            f"({', '.join(names)}), got {len(call.args)}", ctx.span(call.args[len(params)].pos))
    nodes: dict[str, ast.Expr] = dict(zip(names, call.args, strict=False))
    name_node = None
    for kw in call.keywords:
        if kw.name == "name":
            name_node = kw.value
            continue
        if kw.name == "trainable" and kw.name not in names:
            frozen_flag(kw, ctx)  # read by the caller (:func:`frozen_flag`)
            continue
        if kw.name not in names:
            raise ArgumentError(f"block {definition.name} has no parameter '{kw.name}'",
                                ctx.span(kw.pos), hint=did_you_mean(kw.name, names))
        if kw.name in nodes:
            raise ArgumentError(f"block {definition.name} got '{kw.name}' twice",
                                ctx.span(kw.pos))
        nodes[kw.name] = kw.value
    symbols: dict[str, Expr] = {}
    literals: dict[str, ast.Expr] = {}
    defaults = ExprBuilder(symbols, inner_ctx.span, ctx.limits)
    defaults.call_function = getattr(ctx.builder, "call_function", None)
    defaults.decide = getattr(ctx.builder, "decide", None)
    defaults.assumptions = getattr(ctx.builder, "assumptions", ())
    known_layers = getattr(ctx.builder, "known_layers", ())  # a layer passed on stays a call
    for param in params:
        if param.name in nodes:
            node, builder = nodes[param.name], ctx.builder
        elif param.default is not None:
            node, builder = substitute(param.default, literals), defaults
        else:
            raise ArgumentError(
                f"block {definition.name} is missing the argument '{param.name}'",
                ctx.span(call.pos), hint=f"its parameters: {', '.join(names)}")
        if is_literal(node):
            literals[param.name] = node
        elif isinstance(node, (ast.TupleExpr, ast.ListExpr)):  # strides=(2, 2), (s, s)
            literals[param.name] = _tuple_argument(node, param.name, builder, symbols)
            continue
        value = None
        if not isinstance(node, (ast.Str, ast.Float, ast.Const, ast.TupleExpr,
                                 ast.ListExpr, ast.Call)) and not (
                isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Float)):
            value = builder.value(node)  # a fraction (alpha) is allowed
        elif isinstance(node, ast.Call) and node.func not in known_layers:
            value = builder.value(node)  # max(d, 3), a helper: its value
        if isinstance(value, str):  # act = "gelu", then B(act): the text, as if written
            literals[param.name] = ast.Str(value, node.pos)
        elif value is not None:
            symbols[param.name] = value
    return symbols, literals, name_node
