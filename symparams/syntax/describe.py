"""Syntax nodes named in words, for error messages (``a tuple of 2``, ``name 'd'``)."""

from __future__ import annotations

from . import ast

__all__ = ["describe"]


def describe(node: ast.Expr) -> str:
    """A short phrase naming what a node is, for error messages."""
    if isinstance(node, ast.Str):
        return f"string {node.value!r}"
    if isinstance(node, ast.Float):
        return f"float {node.text}"
    if isinstance(node, ast.Const):
        return repr(node.value)
    if isinstance(node, ast.TupleExpr):
        return f"a tuple of {len(node.items)}"
    if isinstance(node, ast.ListExpr):
        return f"a list of {len(node.items)}"
    if isinstance(node, ast.Call):
        return f"a layer {node.func}(...)"
    if isinstance(node, ast.Int):
        return str(node.value)
    if isinstance(node, ast.Name):
        return f"name '{node.id}'"
    return "an expression"
