"""Conditions (``if stride == 2 and c_in == filters:``): built as SymPy truth values and
decided while a model is analysed, from literals, bound arguments, shapes and the model's
``assume`` lines. A condition that stays open is an error at a statement ``if`` (a branch is
never picked silently) and a case distinction (``Piecewise``) inside a value.

>>> from symparams.symbolic.integers import symbol
>>> H = symbol("H")
>>> decide(sympy.Eq(sympy.Integer(2), 2)), decide(H >= 1), decide(H >= 2)
(True, True, None)
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import sympy
from sympy import Expr
from sympy.logic.boolalg import Boolean

from ..errors import ArgumentError, ShapeError, SourceSpan
from ..layers.merging import provably_equal
from ..symbolic.forms import readable_text
from ..symbolic.integers import is_provably_ge
from ..syntax import ast
from .values import NONE, is_truth

__all__ = ["truth", "decide", "condition_error", "choose_branch"]

_RELATIONS = {"==": sympy.Eq, "!=": sympy.Ne, "<": sympy.Lt, "<=": sympy.Le,
              ">": sympy.Gt, ">=": sympy.Ge}


def truth(node: ast.Expr, builder) -> Boolean:
    """The truth value of a condition node (possibly undecided: a SymPy relation)."""
    if isinstance(node, ast.BoolOp):
        parts = [truth(v, builder) for v in node.values]
        return sympy.And(*parts) if node.op == "and" else sympy.Or(*parts)
    if isinstance(node, ast.Not):
        return sympy.Not(truth(node.operand, builder))
    if isinstance(node, ast.Compare):
        result: list[Boolean] = []
        left = _operand(node.left, builder)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if op in ("in", "not in"):  # act in ("relu", "gelu"): equal to one of them
                members = _members(right_node, builder, node)
                found = sympy.Or(*(_equal(left, item, builder, node) for item in members))
                result.append(found if op == "in" else sympy.Not(found))
                left = tuple(members)
                continue
            right = _operand(right_node, builder)
            none = left is NONE or right is NONE  # (by identity: == would ask SymPy)
            if isinstance(left, str) or isinstance(right, str):  # activation="relu"
                result.append(_string_relation(op, left, right, builder, node))
            elif op in ("is", "is not"):
                same = (left is NONE) == (right is NONE) if none \
                    else _error(builder, node, "'is' compares with None only")
                result.append(sympy.true if same == (op == "is") else sympy.false)
            else:
                if none or isinstance(left, tuple) or isinstance(right, tuple):
                    if op in ("==", "!=") and (left is NONE or right is NONE):
                        same = left is right
                        result.append(sympy.true if same == (op == "==") else sympy.false)
                        left = right
                        continue
                    _error(builder, node, "only numbers can be compared")
                result.append(_relation(op, left, right, builder))
            left = right
        return result[0] if len(result) == 1 else sympy.And(*result)  # And(x) is x
    value = _operand(node, builder)
    if isinstance(value, str):
        return sympy.true if value else sympy.false
    if is_truth(value):
        return value
    if value is NONE:
        return sympy.false
    if isinstance(value, Expr):
        return _relation("!=", value, sympy.Integer(0), builder)
    return sympy.true if value else sympy.false


def _members(node: ast.Expr, builder, where: ast.Compare) -> list:
    """The items ``in`` looks through: a tuple or list written out, or a name holding one."""
    if isinstance(node, (ast.TupleExpr, ast.ListExpr)):
        return [_operand(item, builder) for item in node.items]
    value = builder.value(node)
    if not isinstance(value, tuple):
        _error(builder, where, "'in' looks through a tuple, such as (\"relu\", \"gelu\")")
    return list(value)


def _equal(left, right, builder, node) -> Boolean:
    """``left == right`` for a string, None or a number on either side."""
    if isinstance(left, str) or isinstance(right, str):
        return _string_relation("==", left, right, builder, node)
    if left is NONE or right is NONE:
        return sympy.true if left is right else sympy.false
    if isinstance(left, tuple) or isinstance(right, tuple):
        return sympy.true if left == right else sympy.false
    return _relation("==", left, right, builder)


def _operand(node: ast.Expr, builder):
    """A side of a condition: a string as written (a block's ``activation="relu"``), else
    its value."""
    return node.value if isinstance(node, ast.Str) else builder.value(node)


def _string_relation(op: str, left, right, builder, node) -> Boolean:
    """``act == "relu"``, ``act != "none"``, ``act is not None`` with a string on a side."""
    if op in ("is", "is not"):
        if left is not NONE and right is not NONE:
            _error(builder, node, "'is' compares with None only")
        return sympy.false if op == "is" else sympy.true  # a string is not None
    if op not in ("==", "!="):
        _error(builder, node, "strings can only be compared with == or !=")
    same = isinstance(left, str) and isinstance(right, str) and left == right
    return sympy.true if same == (op == "==") else sympy.false


_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
            ">": operator.gt, ">=": operator.ge}


def _relation(op: str, left: Expr, right: Expr, builder) -> Boolean:
    if getattr(left, "is_Rational", False) and getattr(right, "is_Rational", False):  # literals
        return sympy.true if bool(_COMPARE[op](left, right)) else sympy.false
    scaled = _multiples(left, right)
    if scaled is not None:  # a*s and b*s, s > 0: as a and b (SymPy decides it too, slower)
        return sympy.true if bool(_COMPARE[op](*scaled)) else sympy.false
    relation = _RELATIONS[op](left, right)
    if relation in (sympy.true, sympy.false):
        return relation
    decided = decide(relation, getattr(builder, "assumptions", ()))
    if decided is None:
        return relation
    return sympy.true if decided else sympy.false


def _multiples(left: Expr, right: Expr) -> tuple[Expr, Expr] | None:
    """``(a, b)`` when ``left`` is ``a*s`` and ``right`` is ``b*s`` for numbers ``a``, ``b``
    and one symbol ``s`` declared positive (``24*w == 40*w``: every channel test of a
    network with a symbolic width), else None.

    >>> from symparams.symbolic.integers import symbol
    >>> w = symbol("w")
    >>> _multiples(24*w, 5*w/2), _multiples(w, 2*w), _multiples(w, w + 1)
    ((24, 5/2), (1, 2), None)
    """
    found = [(sympy.Integer(1), side) if isinstance(side, sympy.Symbol) else
             side.args if isinstance(side, sympy.Mul) and len(side.args) == 2 else (None, None)
             for side in (left, right)]
    (a, s), (b, t) = found
    if s is None or s != t or not isinstance(s, sympy.Symbol) or s.is_positive is not True:
        return None
    if not (getattr(a, "is_Rational", False) and getattr(b, "is_Rational", False)):
        return None
    return a, b


def _error(builder, node: ast.Expr, message: str):
    raise ArgumentError(message, builder.span_of(node.pos))


def decide(condition: Any, assumptions: Sequence = ()) -> bool | None:
    """True or False when the condition holds (or fails) for every value of its symbols
    allowed by ``assumptions``; None when it cannot be told."""
    if condition is sympy.true or condition is True:
        return True
    if condition is sympy.false or condition is False:
        return False
    if isinstance(condition, sympy.And):
        parts = [decide(a, assumptions) for a in condition.args]
        return False if False in parts else True if all(parts) else None
    if isinstance(condition, sympy.Or):
        parts = [decide(a, assumptions) for a in condition.args]
        return True if True in parts else False if all(p is False for p in parts) else None
    if isinstance(condition, sympy.Not):
        inner = decide(condition.args[0], assumptions)
        return None if inner is None else not inner
    if not isinstance(condition, sympy.core.relational.Relational):
        return None
    for assumption in assumptions:
        stated = _RELATIONS[assumption.op](assumption.lhs, assumption.rhs)
        if stated == condition:
            return True
        if stated == condition.negated:
            return False
    lhs, rhs = condition.lhs, condition.rhs
    if isinstance(condition, (sympy.Eq, sympy.Ne)):
        equal = True if provably_equal(lhs, rhs) else \
            False if _apart(lhs, rhs) else None
        if equal is None:
            return None
        return equal if isinstance(condition, sympy.Eq) else not equal
    greater, smaller, strict = (lhs, rhs, False) if isinstance(condition, sympy.Ge) else \
        (lhs, rhs, True) if isinstance(condition, sympy.Gt) else \
        (rhs, lhs, False) if isinstance(condition, sympy.Le) else (rhs, lhs, True)
    return _ordered(greater, smaller, strict, assumptions)


def _apart(a: Expr, b: Expr) -> bool:
    diff = sympy.expand(a - b)
    if diff.is_zero is False:
        return True
    if diff.is_integer:
        return is_provably_ge(diff, 1) or is_provably_ge(-diff, 1)
    return False


def _ordered(big: Expr, small: Expr, strict: bool, assumptions: Sequence) -> bool | None:
    """``big > small`` (``strict``) or ``big >= small``, for every allowed value."""
    diff = sympy.expand(big - small)
    integer = bool(diff.is_integer)
    if strict:
        if integer and is_provably_ge(diff, 1) or diff.is_positive:
            return True
        if is_provably_ge(-diff, 0) or diff.is_nonpositive:
            return False
    else:
        if is_provably_ge(diff, 0) or diff.is_nonnegative:
            return True
        if integer and is_provably_ge(-diff, 1) or diff.is_negative:
            return False
    for assumption in assumptions:  # big - small >= (assumed difference) >= 0
        bound = assumption.bound()
        if bound is None:
            continue
        p, m = bound
        if is_provably_ge(diff - p + m - (1 if strict else 0), 0):
            return True
    return None


def condition_error(node: ast.Expr, span: SourceSpan, condition: Boolean) -> ShapeError:
    """The error for a statement ``if`` that cannot be decided."""
    free = sorted(getattr(condition, "free_symbols", set()), key=str)
    names = ", ".join(str(s) for s in free) or "no symbol"
    shown = readable_text(condition)
    text = span.source_line()[span.column - 1: span.end_column - 1] \
        if span.end_line == span.line else shown
    example = f"assume {shown}" if free and len(shown) <= 60 else \
        "assume ..." if not free else f"assume {free[0]} >= ..."
    return ShapeError(
        f"cannot decide the condition '{text}': it depends on {names}, which "
        f"{'has' if len(free) == 1 else 'have'} no fixed value here"
        + ("" if shown == text else f" ({shown})"),
        span,
        hint=f"the branch taken changes the layers; state which holds with an 'assume' "
        f"line in the model, e.g. '{example}', or pass a value")


def choose_branch(stmt: ast.If, ctx) -> tuple:
    """The statements of the branch of ``stmt`` that the conditions select; an open
    condition is an error (see :func:`condition_error`)."""
    builder = ctx.builder
    for test, body in stmt.branches:
        condition = truth(test, builder)
        decided = decide(condition, getattr(builder, "assumptions", ()))
        if decided is True:
            return body
        if decided is None:
            raise condition_error(test, ctx.span(test.pos), condition)
    return stmt.orelse or ()
