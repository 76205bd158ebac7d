"""Python loops and conditions in Keras code that a script decides by itself, written out as
it runs them: ``for filters in (32, 64, 128): x = conv_block(x, filters)``,
``for i in range(NUM_BLOCKS)``, ``for i, f in enumerate(sizes)``, and an ``if`` on such a
value (``if i > 0:``). Values are read, never evaluated as code: integers, the script's
integer constants, and ``+ - * // % **`` on them.

>>> import ast
>>> items = iterations(ast.parse("enumerate(range(2, N))").body[0].value, {"N": 4}, {})
>>> [ast.unparse(item) for item in items]
['(0, 2)', '(1, 3)']
>>> decided(ast.parse("i > 0 and not f == 64").body[0].value, {"i": 1, "f": 32})
True
"""

from __future__ import annotations

import ast as pyast
import operator
from collections.abc import Callable, Mapping

from .python_values import Untranslatable, integer

__all__ = ["MAX_ITERATIONS", "iterations", "decided", "bind_target"]

#: A loop is written out at most this many times (more is reported).
MAX_ITERATIONS = 10_000

_COMPARE: dict[type, Callable[[object, object], bool]] = {
    pyast.Eq: operator.eq, pyast.NotEq: operator.ne, pyast.Lt: operator.lt,
    pyast.LtE: operator.le, pyast.Gt: operator.gt, pyast.GtE: operator.ge}


def iterations(node: pyast.expr, constants: Mapping[str, int],
               tuples: Mapping[str, tuple]) -> list[pyast.expr] | None:
    """The items a ``for`` loop runs over, each as an expression, when the code says them:
    a list or tuple written out (or a tuple variable), ``range(...)`` of integers,
    ``enumerate(...)`` and ``zip(...)`` of those; None for anything else."""
    if isinstance(node, (pyast.List, pyast.Tuple)):
        return list(node.elts)
    if isinstance(node, pyast.Name) and node.id in tuples:
        return [_literal(value) for value in tuples[node.id]]
    if not (isinstance(node, pyast.Call) and isinstance(node.func, pyast.Name)
            and not node.keywords):
        return None
    name, args = node.func.id, node.args
    if name == "range" and 1 <= len(args) <= 3:
        bounds = [integer(arg, constants) for arg in args]
        if None in bounds or (len(bounds) == 3 and bounds[2] == 0):
            return None
        numbers = range(*bounds)  # type: ignore[arg-type]
        if len(numbers) > MAX_ITERATIONS:
            raise Untranslatable(node, f"a loop of {len(numbers):,} iterations (more than "
                                 f"{MAX_ITERATIONS:,})")
        return [pyast.Constant(value) for value in numbers]
    inner = [iterations(arg, constants, tuples) for arg in args]
    if not inner or any(items is None for items in inner):
        return None
    if name == "enumerate" and len(inner) == 1:
        return [pyast.Tuple([pyast.Constant(i), item], pyast.Load())
                for i, item in enumerate(inner[0])]
    if name == "zip":
        return [pyast.Tuple(list(items), pyast.Load()) for items in zip(*inner, strict=False)]
    return None


def _literal(value: object) -> pyast.expr:
    if isinstance(value, tuple):
        return pyast.Tuple([_literal(v) for v in value], pyast.Load())
    return pyast.Constant(value)


def bind_target(target: pyast.expr, item: pyast.expr) -> dict[str, pyast.expr] | None:
    """The names a loop's target takes from one item (``i, f`` from ``(0, 32)``), or None
    if they do not fit."""
    if isinstance(target, pyast.Name):
        return {target.id: item}
    if isinstance(target, (pyast.Tuple, pyast.List)) and isinstance(
            item, (pyast.Tuple, pyast.List)) and len(target.elts) == len(item.elts):
        bound: dict[str, pyast.expr] = {}
        for name, value in zip(target.elts, item.elts, strict=True):
            inner = bind_target(name, value)
            if inner is None:
                return None
            bound.update(inner)
        return bound
    return None


def decided(test: pyast.expr, constants: Mapping[str, int]) -> bool | None:
    """An ``if`` test's truth when it compares integers (and strings) the code says, else
    None: ``i > 0``, ``f == 64 and not last``, ``act == "relu"``."""
    if isinstance(test, pyast.Constant) and isinstance(test.value, (bool, int, str)):
        return bool(test.value)
    if isinstance(test, pyast.UnaryOp) and isinstance(test.op, pyast.Not):
        inner = decided(test.operand, constants)
        return None if inner is None else not inner
    if isinstance(test, pyast.BoolOp):
        parts = [decided(value, constants) for value in test.values]
        if None in parts:
            return None
        return all(parts) if isinstance(test.op, pyast.And) else any(parts)
    if isinstance(test, pyast.Compare):
        values = [_comparable(node, constants) for node in (test.left, *test.comparators)]
        if None in values or not all(type(op) in _COMPARE for op in test.ops):
            return None
        try:
            return all(_COMPARE[type(op)](a, b)
                       for op, a, b in zip(test.ops, values, values[1:], strict=False))
        except TypeError:  # 1 < "a"
            return None
    return None


def _comparable(node: pyast.expr, constants: Mapping[str, int]) -> object | None:
    if isinstance(node, pyast.Constant) and isinstance(node.value, str):
        return node.value
    return integer(node, constants)
