"""Arithmetic on tensors in a model, block or repeat body: ``y = h + 3``,
``s = (x + 3) * (1/6)``, ``y = inputs + h``, ``x -= m``.

Each operator applied to a tensor is one row, a Keras operation (:mod:`symparams.layers.
tensor_ops`), in the order Python evaluates them: Keras's ``hard_sigmoid``,
``ReLU(6.0)(x + 3.0) * (1.0 / 6.0)``, is an ``add``, the ``re_lu`` and a ``multiply``.
``x.shape`` stays a value (``c = x.shape[-1] * 2`` names a number).

>>> from symparams import parse
>>> m = parse('''
... model m(d=4):
...     x = Input(shape=(d,))
...     h = Dense(d)(x)
...     y = (h + 3) * (1/6) - x
... ''')["m"]
>>> [(row.name, row.type, row.inbound) for row in m.layers[1:]]  # doctest: +NORMALIZE_WHITESPACE
[('add', 'Add', ('dense',)), ('multiply', 'Multiply', ('add',)),
 ('subtract', 'Subtract', ('multiply', 'input'))]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import partial
from typing import Any

import sympy
from sympy import Integer
from sympy.logic.boolalg import BooleanAtom

from ..errors import ShapeError, SymparamsError
from ..layers.cost import Cost
from ..layers.registry import Args, LayerType, Reject
from ..syntax import ast
from ..syntax.keras_names import TENSOR_FUNCTIONS
from .binding import Tensor
from .helpers import as_expression, is_value_statement
from .model import Layer

__all__ = ["reads_tensor", "run_arithmetic", "function_name"]

_ZERO = Integer(0)
_OPERATORS_TEXT = "+ - * / ** // %, a leading - and keras.ops functions (exp, ...)"


def reads_tensor(node: Any, tensors: Mapping[str, Tensor]) -> ast.Name | ast.Applied | None:
    """The first name in ``node`` that reads a tensor as a tensor (``x.shape`` reads a
    value), or layer applied to tensors (``Dense(8)(x)``), else None."""
    if isinstance(node, ast.Name):
        return node if node.id in tensors else None
    if isinstance(node, ast.Applied):
        return node
    if isinstance(node, ast.Attribute):
        return None
    if isinstance(node, tuple):
        items = node
    elif isinstance(node, ast.Node):
        items = tuple(getattr(node, f.name) for f in dataclasses.fields(node))
    else:
        return None
    for item in items:
        found = reads_tensor(item, tensors)
        if found is not None:
            return found
    return None


def run_arithmetic(graph, stmt, scope) -> bool:
    """Run ``stmt`` if it is arithmetic on tensors (``y = h + 3``, ``h *= s``), adding its
    operations' rows through ``graph``; False for any other statement."""
    if isinstance(stmt, ast.Let):
        target, expression = stmt.target, stmt.value
    elif isinstance(stmt, ast.LayerStmt) and stmt.target is not None and stmt.inputs is None \
            and (is_value_statement(stmt, graph.functions)  # y = max(h, 3)
                 or function_name(stmt.call.func) in TENSOR_FUNCTIONS):  # y = exp(h)
        target, expression = stmt.target, as_expression(stmt)
    elif isinstance(stmt, ast.AugAssign) and stmt.target in scope.tensors:
        target = stmt.target
        expression = ast.BinOp(stmt.op, ast.Name(stmt.target, stmt.pos), stmt.value, stmt.pos)
    elif isinstance(stmt, ast.LayerStmt) and stmt.repeat is not None \
            and stmt.inputs is not None and _is_product(stmt, scope):
        target = stmt.target  # Dense(8)(x) * h, * 0.5: Keras's product, not copies
        expression = ast.BinOp("*", ast.Applied(stmt.call, stmt.inputs, stmt.inputs_pos,
                                                stmt.pos, stmt.call_keywords),
                               stmt.repeat, stmt.pos)
    else:
        return False
    layer = reads_tensor(expression, scope.shared)
    if isinstance(layer, ast.Name):
        raise ShapeError(f"'{layer.id}' is a layer, not a tensor", scope.ctx.span(layer.pos),
                         hint=f"apply it to a tensor first: {layer.id}(x)")
    if reads_tensor(expression, scope.tensors) is None:
        return False
    result = _Evaluation(graph, scope).operand(expression)
    if target is not None:
        scope.tensors[target] = result
    scope.current = result
    return True


def _is_product(stmt: ast.LayerStmt, scope) -> bool:
    """Whether ``Layer(...)(x) * count`` multiplies the output (a tensor or a fraction after
    the ``*``) rather than chaining ``count`` copies; a literal integer stays copies, with a
    warning, since Keras code means the product."""
    count = stmt.repeat
    if reads_tensor(count, scope.tensors) is not None or isinstance(count, ast.Float):
        return True
    if isinstance(count, ast.Int):
        scope.ctx.warn(f"{stmt.call.func}(...)(...) * {count.value} chains {count.value} "
                       f"copies of the layer; for its output times {count.value}, as in "
                       f"Keras, name the output first (y = {stmt.call.func}(...)(...)), then "
                       f"y * {count.value}", stmt.pos)
        return False
    try:
        value = scope.ctx.builder.value(count)
    except SymparamsError:
        return False
    return isinstance(value, sympy.Rational) and not value.is_Integer


class _Evaluation:
    def __init__(self, graph, scope) -> None:
        self.graph, self.scope, self.ctx = graph, scope, scope.ctx

    def operand(self, node) -> Tensor | sympy.Expr:
        """A tensor, or the number a part of the expression without tensors stands for."""
        from ..layers.tensor_ops import FUNCTIONS, NEGATIVE, OPERATORS  # (when one is used)

        tensors = self.scope.tensors
        if reads_tensor(node, tensors) is None:
            return self.number(node)
        if isinstance(node, ast.Name):
            return tensors[node.id]
        if isinstance(node, ast.Applied):  # Dense(8)(x) + x: the layer's row, then the sum
            self.graph.statements((ast.LayerStmt(
                node.call, node.pos, node.inputs, inputs_pos=node.inputs_pos,
                call_keywords=node.call_keywords),), self.scope)
            return self.scope.current
        if isinstance(node, ast.BinOp) and node.op in OPERATORS:
            left, right = self.operand(node.left), self.operand(node.right)
            args = {}
            if not isinstance(left, Tensor) or not isinstance(right, Tensor):
                tensor_first = isinstance(left, Tensor)
                args = {"number": right if tensor_first else left, "tensor_first": tensor_first}
            return self.row(OPERATORS[node.op], Args(args), (left, right), node.pos)
        if isinstance(node, ast.Call) and function_name(node.func) in FUNCTIONS \
                and len(node.args) == 1 and not node.keywords:  # exp(0.5 * log_var)
            kind = FUNCTIONS[function_name(node.func)]
            return self.row(kind, Args({}), (self.operand(node.args[0]),), node.pos)
        if isinstance(node, ast.UnaryOp) and node.op == "-":
            return self.row(NEGATIVE, Args({}), (self.operand(node.operand),), node.pos)
        found = reads_tensor(node, tensors)
        name = found.id if isinstance(found, ast.Name) else f"{found.call.func}(...)(...)"
        hint = (f"Keras has no unary + on a tensor; write {name}"
                if isinstance(node, ast.UnaryOp) else
                f"apply a layer to it (Dense(8)({name})), or read its shape: {name}.shape[-1]"
                if isinstance(found, ast.Name) else "name its result first: h = ...")
        raise ShapeError(f"'{name}' is a tensor: only {_OPERATORS_TEXT} apply to a tensor "
                         "in an expression", self.ctx.span(found.pos), hint=hint)

    def number(self, node) -> sympy.Expr:
        value = self.ctx.builder.value(node)
        if isinstance(value, bool) or not isinstance(value, (int, sympy.Expr)):
            raise ShapeError(f"a tensor combines with a number or another tensor, not with "
                             f"{_kind(value)}", self.ctx.span(node.pos))
        return Integer(value) if isinstance(value, int) else value

    def row(self, layer_type: LayerType, args: Args, operands: tuple, pos) -> Tensor:
        graph, ctx = self.graph, self.ctx
        graph.count(ctx)
        name = graph.fresh(layer_type.keras_name)
        shapes = tuple(o.shape if isinstance(o, Tensor) else () for o in operands)
        try:
            out = tuple(layer_type.shape(args, shapes))
        except Reject as err:
            raise ShapeError(err.message, ctx.span(pos), layer=name, hint=err.hint) from None
        tensors = [o for o in operands if isinstance(o, Tensor)]
        rule = partial(layer_type.cost, args, shapes, out) if layer_type.cost else None
        if rule is not None:
            rule = partial(_as_xla_counts, rule, partial(
                _xla_change, layer_type, args, name, [t.source for t in tensors], graph))
        layer = Layer(name, layer_type.name, layer_type, args, tensors[0].shape, out, _ZERO,
                      _ZERO, (), ctx.span(pos), inbound=tuple(t.source for t in tensors),
                      cost_rule=rule)
        graph.add(self.scope, layer, None)
        graph.operations[name] = layer
        return self.scope.current


def _xla_change(layer_type: LayerType, args: Args, name: str, sources: list[str],
                graph) -> str | None:
    """How XLA's algebraic simplifier and fusion change this row (asked once the model is
    built): ``"unknown"`` where it may fold it with the operation that makes its input
    (``(x + 1) - 2``, ``-(-x)``, ``x * y ** 0``, ``x / 2 ** y``, ``(-x) ** 0``, which
    needs no ``-x``, a number over a quotient: ``1 / (a / b)`` is ``b / a``, a function's
    chain with another operation: ``abs(abs(x))``, ``exp(0.5 * v)``) or repeat a computation in
    several fusions (its result, or an operation's it reads, read by several rows: the
    count then depends on XLA's fusion); ``"none"`` where it drops it (``x * 1``,
    ``x + 0``); else None."""
    readers = graph.readers
    if len(readers.get(name, ())) > 1 or any(
            len(readers.get(s, ())) > 1 for s in sources if s in graph.operations):
        return "unknown"
    from ..layers.tensor_ops import FUNCTION_TYPES, NEGATIVE, OPERATORS, constant_class

    kind = constant_class(layer_type, args)
    if layer_type is OPERATORS["**"] and args.get("tensor_first") and args["number"] == 0 \
            and any(s in graph.by_name or s in graph.operations for s in sources):
        return "unknown"  # x ** 0 is 1: XLA drops the rows only it reads (-h ** 0: none)
    for producer in (graph.operations.get(s) for s in sources):
        if producer is None:
            continue
        exponent = producer.args.get("number") if producer.args.get("tensor_first") else None
        theirs = constant_class(producer.layer_type, producer.args)
        if theirs is not None and producer.args["number"] == (0 if theirs == "add" else 1):
            return "unknown"  # it reads x itself (x + 0): XLA may merge it with another row
        if (kind is not None and theirs == kind) \
                or (layer_type is NEGATIVE and producer.layer_type is NEGATIVE) \
                or (layer_type is producer.layer_type is OPERATORS["/"]
                    and "number" in args and not args.get("tensor_first")) \
                or FUNCTION_TYPES & {layer_type.name, producer.layer_type.name} \
                or (producer.layer_type is OPERATORS["**"] and exponent not in (2, 3)):
            return "unknown"
    if kind is not None and args["number"] == (0 if kind == "add" else 1):
        return "none"
    return None


def _as_xla_counts(rule, xla_change) -> Cost:
    cost, change = rule(), xla_change()
    if change is None or not cost.known:
        return cost
    if change == "unknown":
        return Cost(cost.macs, cost.ops, cost.transcendentals, xla_known=False)
    return Cost(cost.macs, cost.ops, cost.transcendentals, xla_ops=-cost.ops)


def function_name(func: str) -> str:
    """``keras.ops.exp`` and ``ops.exp`` as ``exp``; other names unchanged."""
    for prefix in ("keras.ops.", "ops."):
        if func.startswith(prefix):
            return func[len(prefix):]
    return func


def _kind(value: Any) -> str:
    if isinstance(value, tuple):
        return "a tuple"
    if isinstance(value, str):
        return f"the text {value!r}"
    return "True or False" if isinstance(value, (bool, BooleanAtom)) \
        else "None" if value is None else type(value).__name__
