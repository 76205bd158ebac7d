"""The names an expression reads, found once per syntax node: block arguments put in
(:mod:`.block_args`) and calls bound once per run (:mod:`.binding`) ask it of the same nodes
again and again."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..syntax import ast

__all__ = ["names_in", "KEPT_FIELDS"]

#: Fields that substitution leaves alone (names of layers, tensors, functions, operators).
KEPT_FIELDS = frozenset({"pos", "func_pos", "inputs_pos", "name", "inputs", "target", "func", "id",
                   "op"})
#: The names ``substitute`` would reach under a node, by the node's id (the node is kept
#: with them, so that its id is not reused): a block body is walked once, not at every call.
_NAMES: dict[int, tuple[Any, frozenset[str]]] = {}
_NAMES_KEPT = 200_000


def names_in(node: Any) -> frozenset[str]:
    """The names an AST node (or a tuple or list of them) reads as values: every ``Name``
    under it but layer, tensor, function and target names (:data:`KEPT_FIELDS`).

    >>> p = ast.Pos(1, 1, 1, 2)
    >>> sorted(names_in(ast.BinOp("*", ast.Name("c", p), ast.Attribute(ast.Name("x", p),
    ...                                                              "shape", p), p)))
    ['c', 'x']
    """
    if isinstance(node, ast.Name):
        return frozenset((node.id,))
    if isinstance(node, list):
        return frozenset().union(*map(names_in, node))
    hit = _NAMES.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    if isinstance(node, tuple):
        found = frozenset().union(*map(names_in, node))
    elif dataclasses.is_dataclass(node) and not isinstance(node, (ast.Pos, type)):
        found = frozenset().union(*(names_in(getattr(node, f.name))
                                    for f in dataclasses.fields(node) if f.name not in KEPT_FIELDS))
    else:
        return frozenset()
    if len(_NAMES) >= _NAMES_KEPT:
        _NAMES.clear()
    _NAMES[id(node)] = (node, found)
    return found
