"""Dimension expressions: AST nodes to SymPy, by explicit construction.

User text never reaches ``sympify``: integers become ``sympy.Integer``, names become the
model's declared symbols, and operators become ``Add``/``Mul``/``Pow``/``floor``.

>>> from symparams.syntax import ast
>>> from symparams.symbolic.integers import symbol
>>> p = ast.Pos(1, 1, 1, 2)
>>> b = ExprBuilder({"d": symbol("d")}, lambda pos: None)
>>> b.build(ast.BinOp("*", ast.Int(4, p), ast.Name("d", p), p))
4*d
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sympy
from sympy import Integer, Mod

from ..errors import ArgumentError, LimitError, SourceSpan, UndeclaredSymbolError, did_you_mean
from ..limits import DEFAULT_LIMITS, Limits, expression_problem
from ..symbolic.integers import floordiv
from ..syntax import ast
from ..syntax.describe import describe

__all__ = ["ExprBuilder"]


class ExprBuilder:
    """Builds integer-valued SymPy expressions from AST nodes of one model."""

    def __init__(
        self,
        symbols: Mapping[str, sympy.Symbol],
        span_of: Callable[[ast.Pos], SourceSpan | None],
        limits: Limits = DEFAULT_LIMITS,
        known_layers: tuple[str, ...] = (),
    ) -> None:
        self.symbols = symbols
        self.span_of = span_of
        self.limits = limits
        self.known_layers = known_layers

    def build(self, node: ast.Expr) -> sympy.Expr:
        """An integer expression; raises ``ArgumentError`` for anything else."""
        if isinstance(node, ast.Int):
            return Integer(node.value)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            inner = self.build(node.operand)
            return -inner if node.op == "-" else inner
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        raise ArgumentError(
            f"expected an integer expression, got {describe(node)}", self.span_of(node.pos)
        )

    def _name(self, node: ast.Name) -> sympy.Expr:
        try:
            return self.symbols[node.id]
        except KeyError:
            pass
        hint = did_you_mean(node.id, self.symbols)
        if hint is None and node.id in self.known_layers:
            hint = f"'{node.id}' is a layer; call it: {node.id}(...)"
        if hint is None:
            hint = f"declare it in the model header, e.g. model m(..., {node.id}=8)"
        raise UndeclaredSymbolError(
            f"undeclared symbol '{node.id}'", self.span_of(node.pos), hint=hint
        )

    def _binop(self, node: ast.BinOp) -> sympy.Expr:
        left, right = self.build(node.left), self.build(node.right)
        op = node.op
        if op == "+":
            result = left + right
        elif op == "-":
            result = left - right
        elif op == "*":
            result = left * right
        elif op == "//":
            self._nonzero_divisor(right, node)
            result = floordiv(left, right)
        elif op == "%":
            self._nonzero_divisor(right, node)
            result = Mod(left, right)
        elif op == "**":
            result = self._pow(left, right, node)
        else:  # "/"
            raise ArgumentError(
                "'/' is true division; dimensions are integers",
                self.span_of(node.pos),
                hint="use '//' for integer (floor) division",
            )
        self._check_size(result, node)
        return result

    def _nonzero_divisor(self, right: sympy.Expr, node: ast.BinOp) -> None:
        if right.is_Integer and int(right) <= 0 or not right.is_integer:
            raise ArgumentError(
                f"division by {right}: the divisor must be a positive integer",
                self.span_of(node.right.pos),
            )
        if not right.is_Integer and not right.is_positive:
            raise ArgumentError(
                f"divisor '{right}' is not known to be positive",
                self.span_of(node.right.pos),
            )

    def _pow(self, base: sympy.Expr, exp: sympy.Expr, node: ast.BinOp) -> sympy.Expr:
        if exp.is_Integer and int(exp) < 0:
            raise ArgumentError(
                "negative exponent: dimensions are integers", self.span_of(node.right.pos)
            )
        if base.is_Integer and exp.is_Integer:
            bits = max(1, abs(int(base)).bit_length()) * int(exp)
            if bits > self.limits.max_int_bits:
                raise LimitError(
                    f"{base}**{exp} is larger than {self.limits.max_int_bits} bits",
                    self.span_of(node.pos),
                )
        elif exp.is_Integer and int(exp) > self.limits.max_exponent:
            raise LimitError(
                f"exponent {exp} is larger than the limit {self.limits.max_exponent}",
                self.span_of(node.right.pos),
            )
        elif not exp.is_Integer and not (exp.is_integer and exp.is_nonnegative):
            raise ArgumentError(
                f"exponent '{exp}' is not a non-negative integer", self.span_of(node.right.pos)
            )
        return base**exp

    def _check_size(self, result: sympy.Expr, node: ast.BinOp) -> None:
        problem = expression_problem(result, self.limits)  # size, exponent, expanded terms
        if problem:
            raise LimitError(problem, self.span_of(node.pos))
