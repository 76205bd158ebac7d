"""``def`` helpers: small functions of values, written as Python writes them.

A helper's body assigns names (``x = ...``, ``x += ...``, ``a, b = ...``), branches with
``if``/``elif``/``else`` and ends with ``return``. A condition that cannot be decided does
not pick a branch: both are followed and every name they set becomes a case distinction
(``Piecewise``) of the two, so the result stays exact for every value of the symbols.

>>> import symparams
>>> doc = symparams.parse('''
... def half_up(v):
...     return (v + 1) // 2
... model m(n=5):
...     Input(shape=(n,))
...     Dense(half_up(n))
... ''')
>>> doc["m"].layers[0].output_shape
(floor(n/2 + 1/2),)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy

from ..errors import ArgumentError, DeclarationError, LimitError, SourceSpan, did_you_mean
from ..layers.merging import EQUALITY
from ..symbolic.functions import FUNCTION_NAMES
from ..syntax import ast
from .conditions import decide, truth
from .expr import ExprBuilder
from .memo import MISSING, hashable, recall, remember

__all__ = ["HelperCaller", "as_expression", "unpack_values", "configure", "is_value_statement",
           "bind_value"]

_RETURN = "\0return"
_MAX_DEPTH = 32


class HelperCaller:
    """Calls ``def`` helpers (``sources``: name to an object with ``definition``,
    ``filename`` and ``text``) from expressions; set as ``ExprBuilder.call_function``."""

    def __init__(self, sources: Mapping[str, Any], assumptions=()) -> None:
        self.sources = sources
        self.assumptions = assumptions
        self.active: list[str] = []
        #: Which definition each name calls (kept alive by ``sources``): part of every key.
        self.table_key = tuple((name, id(s.definition)) for name, s in sources.items())

    def __call__(self, call: ast.Call, builder: ExprBuilder) -> Any:
        source = self.sources.get(call.func)
        if source is None:
            return None
        definition: ast.FunctionDef = source.definition
        span = builder.span_of(call.pos)
        if call.func in self.active:
            raise DeclarationError(f"helper '{call.func}' calls itself", span)
        if len(self.active) >= _MAX_DEPTH:
            raise LimitError(f"helpers nested more than {_MAX_DEPTH} deep", span)
        inner = ExprBuilder({}, lambda pos: SourceSpan(source.filename, source.text, pos.line,
                                                       pos.column, pos.end_line,
                                                       pos.end_column), builder.limits)
        inner.call_function = self
        inner.decide = builder.decide
        inner.assumptions = getattr(builder, "assumptions", ())
        inner.locals.update(self.arguments(call, definition, builder, inner, span))
        key = self.result_key(definition, inner, builder.limits)
        remembered = recall("helpers", key, definition)
        if remembered is not MISSING:
            return remembered
        self.active.append(call.func)
        try:
            env = self.run(definition.body, dict(inner.locals), inner)
        finally:
            self.active.pop()
        if _RETURN not in env:
            raise DeclarationError(f"helper '{definition.name}' ends without 'return'",
                                   inner.span_of(definition.name_pos))
        remember("helpers", key, definition, env[_RETURN])
        return env[_RETURN]

    def result_key(self, definition, inner: ExprBuilder, limits) -> tuple | None:
        """What a helper's result depends on: its definition, its arguments, the helpers its
        names call, the assumptions that decide its conditions (and the equalities they
        give, :data:`~symparams.layers.merging.EQUALITY`) and the limits; None if a value
        cannot be a key. Networks call the same few (``correct_pad(h, 3)``,
        ``round_filters(40, w)``) in every model of a file: see :mod:`.memo`."""
        return hashable((id(definition), tuple(sorted(inner.locals.items())),
                         self.table_key, tuple(self.assumptions), EQUALITY.get(), limits))

    def arguments(self, call, definition, builder, inner, span) -> dict[str, Any]:
        names = [p.name for p in definition.params]
        if len(call.args) > len(names):
            raise ArgumentError(f"{definition.name}() takes at most {len(names)} arguments "
                                f"({', '.join(names)}), got {len(call.args)}", span)
        given = {name: builder.value(node) for name, node in zip(names, call.args,
                                                                 strict=False)}
        for kw in call.keywords:
            if kw.name not in names:
                raise ArgumentError(f"{definition.name}() has no parameter '{kw.name}'",
                                    builder.span_of(kw.pos), hint=did_you_mean(kw.name, names))
            if kw.name in given:
                raise ArgumentError(f"{definition.name}() got '{kw.name}' twice",
                                    builder.span_of(kw.pos))
            given[kw.name] = builder.value(kw.value)
        for param in definition.params:
            if param.name in given:
                inner.locals[param.name] = given[param.name]
            elif param.default is not None:
                inner.locals[param.name] = inner.value(param.default)
            else:
                raise ArgumentError(f"{definition.name}() is missing the argument "
                                    f"'{param.name}'", span,
                                    hint=f"its parameters: {', '.join(names)}")
        return dict(inner.locals)

    def run(self, statements, env: dict[str, Any], builder: ExprBuilder) -> dict[str, Any]:
        """The names after running ``statements`` from ``env`` (``_RETURN``: the result)."""
        for stmt in statements:
            if _RETURN in env:
                break
            builder.locals = env
            if isinstance(stmt, ast.Return):
                env[_RETURN] = builder.value(stmt.value)
            elif isinstance(stmt, ast.Let):
                env[stmt.target] = builder.value(stmt.value)
            elif isinstance(stmt, ast.LayerStmt) and _is_value(stmt):
                env[stmt.target] = builder.value(as_expression(stmt))
            elif isinstance(stmt, ast.AugAssign):
                env[stmt.target] = builder.value(ast.BinOp(
                    stmt.op, ast.Name(stmt.target, stmt.pos), stmt.value, stmt.pos))
            elif isinstance(stmt, ast.Unpack):
                env.update(unpack_values(stmt, builder.value(stmt.value), builder))
            elif isinstance(stmt, ast.If):
                env = self.branch(stmt, env, builder)
            else:
                raise DeclarationError("a helper computes a value: it may assign names, use "
                                       "if/elif/else and return, not add layers",
                                       builder.span_of(stmt.pos))
        return env

    def branch(self, stmt: ast.If, env: dict[str, Any], builder: ExprBuilder):
        for index, (test, body) in enumerate(stmt.branches):
            builder.locals = env
            condition = truth(test, builder)
            decided = decide(condition, self.assumptions)
            if decided is True:
                return self.run(body, dict(env), builder)
            if decided is False:
                continue
            rest = ast.If(stmt.branches[index + 1:], stmt.orelse, stmt.pos)
            taken = self.run(body, dict(env), builder)
            other = self.run((rest,) if rest.branches else stmt.orelse or (), dict(env),
                             builder)
            return _merge(condition, taken, other, builder, stmt)
        return self.run(stmt.orelse or (), dict(env), builder)


def _merge(condition, taken: dict, other: dict, builder, stmt) -> dict[str, Any]:
    merged = {}
    for name in taken.keys() | other.keys():
        a, b = taken.get(name), other.get(name)
        if a is b or (isinstance(a, sympy.Basic) and a == b):
            merged[name] = a
        elif isinstance(a, sympy.Expr) and isinstance(b, sympy.Expr):
            merged[name] = sympy.Piecewise((a, condition), (b, True))
        elif name in taken and name in other:
            raise ArgumentError(f"'{name}' would be a case distinction of values that are "
                                "not numbers", builder.span_of(stmt.pos))
        elif name == _RETURN:
            raise ArgumentError("a helper may not return inside a condition it cannot "
                                "decide; assign the result and return it at the end",
                                builder.span_of(stmt.pos))
    return merged


def _is_value(stmt: ast.LayerStmt) -> bool:
    return stmt.target is not None and stmt.inputs is None


def is_value_statement(stmt, functions: Mapping[str, Any]) -> bool:
    """``c = min(a, b)`` or ``c = make_divisible(v) * 2``: parsed as a layer statement (the
    parser cannot tell), a value because the called name is a function."""
    return isinstance(stmt, ast.LayerStmt) and (
        stmt.call.func in FUNCTION_NAMES or stmt.call.func in functions)


def configure(builder: ExprBuilder, functions: Mapping[str, Any], assumptions=()) -> None:
    """Give ``builder`` the helpers it may call and the assumptions that decide conditions."""
    builder.assumptions = assumptions
    builder.call_function = HelperCaller(functions, assumptions) if functions else None
    builder.decide = lambda condition, node: decide(condition, assumptions)


def as_expression(stmt: ast.LayerStmt) -> ast.Expr:
    """``c = f(v) * 2`` read as a layer statement by the parser, back to the expression."""
    if stmt.repeat is None:
        return stmt.call
    return ast.BinOp("*", stmt.call, stmt.repeat, stmt.pos)


def unpack_values(stmt: ast.Unpack, value: Any, builder) -> dict[str, Any]:
    if not isinstance(value, tuple) or len(value) != len(stmt.targets):
        got = f"{len(value)} values" if isinstance(value, tuple) else "one value"
        raise ArgumentError(f"{len(stmt.targets)} names ({', '.join(stmt.targets)}) for "
                            f"{got}", builder.span_of(stmt.pos))
    return dict(zip(stmt.targets, value, strict=True))



def bind_value(stmt, ctx, functions: Mapping[str, Any]) -> bool:
    """Run ``stmt`` if it names a value in a model, block or repeat body (``c = ...``,
    ``h, w, c = x.shape``, ``v += ...``); False for any other statement."""
    builder = ctx.builder
    if isinstance(stmt, ast.Let):
        builder.locals[stmt.target] = builder.value(stmt.value)
    elif isinstance(stmt, ast.Unpack):
        builder.locals.update(unpack_values(stmt, builder.value(stmt.value), builder))
    elif isinstance(stmt, ast.AugAssign):
        builder.locals[stmt.target] = builder.value(ast.BinOp(
            stmt.op, ast.Name(stmt.target, stmt.pos), stmt.value, stmt.pos))
    elif isinstance(stmt, ast.Return):
        raise DeclarationError("'return' belongs in a def helper", ctx.span(stmt.pos))
    elif is_value_statement(stmt, functions):
        if stmt.target is None or stmt.inputs is not None:
            raise ArgumentError(
                f"{stmt.call.func}(...) computes a value, it is not a layer",
                ctx.span(stmt.call.func_pos),
                hint=f"name the value and use it: c = {stmt.call.func}(...)")
        builder.locals[stmt.target] = builder.value(as_expression(stmt))
    else:
        return False
    return True
