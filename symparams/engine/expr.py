"""Dimension expressions: AST nodes to SymPy, by explicit construction.

User text never reaches ``sympify``: integers become ``sympy.Integer``, decimals exact
``Rational``s (from their text), names the model's declared symbols or values named in the
body (``c = x.shape[-1]``), operators ``Add``/``Mul``/``Pow``/``floor``, and the functions
``floor``, ``ceil``, ``round``, ``int``, ``min``, ``max``, ``abs`` and ``def`` helpers their
SymPy counterparts (see :mod:`symparams.engine.helpers`).

>>> from symparams.syntax import ast
>>> from symparams.symbolic.integers import symbol
>>> p = ast.Pos(1, 1, 1, 2)
>>> b = ExprBuilder({"d": symbol("d")}, lambda pos: None)
>>> b.build(ast.BinOp("*", ast.Int(4, p), ast.Name("d", p), p))
4*d
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import sympy
from sympy import Integer, Mod

from ..errors import ArgumentError, LimitError, SourceSpan, UndeclaredSymbolError, did_you_mean
from ..limits import DEFAULT_LIMITS, Limits, expression_problem
from ..symbolic.functions import (
    FUNCTION_NAMES,
    ceil_of,
    floor_of,
    max_of,
    round_half_even,
    truncate,
)
from ..symbolic.integers import floordiv
from ..syntax import ast
from ..syntax.describe import describe
from .conditions import truth
from .values import NONE, is_truth

__all__ = ["ExprBuilder", "NONE", "is_truth"]


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
        self.locals: dict[str, Any] = {}  # values named in the body: c = x.shape[-1]
        self.tensors: Mapping[str, Any] = {}  # the body's tensors (with .shape), by name
        self.call_function: Callable[[ast.Call, ExprBuilder], Any] | None = None  # helpers
        self.decide: Callable[[Any, ast.Expr], bool | None] | None = None  # conditions

    def build(self, node: ast.Expr) -> sympy.Expr:
        """An integer expression; raises ``ArgumentError`` for anything else (a value that
        is not provably an integer included)."""
        value = self.value(node)
        if not isinstance(value, sympy.Expr) or is_truth(value):
            raise ArgumentError(
                f"expected an integer expression, got {_value_text(value, node)}",
                self.span_of(node.pos))
        if value.is_integer is not True:
            raise ArgumentError(
                f"{value} is not an integer" + ("" if value.is_Rational else
                                                " for every value of the symbols"),
                self.span_of(node.pos),
                hint="sizes are whole numbers: use '//' for floor division, or round: "
                "int(...), round(...), ceil(...)")
        return value

    def value(self, node: ast.Expr) -> Any:
        """A value: a SymPy number or expression (rationals allowed), a tuple, ``NONE``, or
        a truth value (``sympy.true``/``false``, or an undecided relation)."""
        if isinstance(node, ast.Int):
            return Integer(node.value)
        if isinstance(node, ast.Float):
            return _exact_decimal(node, self)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            inner = self.number(node.operand)
            return -inner if node.op == "-" else inner
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.Const):
            return NONE if node.value is None else sympy.true if node.value else sympy.false
        if isinstance(node, ast.Str):  # act = "gelu", acts = ("relu", "gelu"): layer arguments
            return node.value
        if isinstance(node, (ast.TupleExpr, ast.ListExpr)):
            return tuple(self.value(item) for item in node.items)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Call) and node.func in FUNCTION_NAMES:
            return self._function(node)
        if isinstance(node, ast.Call) and self.call_function is not None:
            found = self.call_function(node, self)
            if found is not None:
                return found
        if isinstance(node, (ast.Compare, ast.BoolOp, ast.Not)):
            return truth(node, self)
        if isinstance(node, ast.IfExp):
            return self._if_expression(node)
        if isinstance(node, ast.Call) and node.func not in self.known_layers:
            helpers = list(getattr(self.call_function, "sources", None) or ())
            raise UndeclaredSymbolError(
                f"unknown function '{node.func}'", self.span_of(node.func_pos),
                hint=did_you_mean(node.func, [*FUNCTION_NAMES, *helpers])
                or "functions: " + ", ".join([*FUNCTION_NAMES, *helpers])
                + "; define others with 'def NAME(...):' at the top of the file")
        raise ArgumentError(
            f"expected an integer expression, got {describe(node)}", self.span_of(node.pos)
        )

    def number(self, node: ast.Expr) -> sympy.Expr:
        """A numeric value (rationals allowed): no tuple, ``None`` or truth value."""
        value = self.value(node)
        if not isinstance(value, sympy.Expr) or is_truth(value):
            raise ArgumentError(f"expected a number, got {_value_text(value, node)}",
                                self.span_of(node.pos))
        return value

    def _attribute(self, node: ast.Attribute) -> Any:
        if node.attr != "shape" or not isinstance(node.value, ast.Name):
            raise ArgumentError("only a tensor's shape can be read here, as x.shape",
                                self.span_of(node.pos))
        tensor = self.tensors.get(node.value.id)
        if tensor is None:
            raise ArgumentError(
                f"no tensor named '{node.value.id}'", self.span_of(node.value.pos),
                hint=did_you_mean(node.value.id, [n for n in self.tensors if n.isidentifier()])
                or "tensors here: " + (", ".join(n for n in self.tensors if n.isidentifier())
                                       or "none"))
        return tuple(tensor.shape)

    def _subscript(self, node: ast.Subscript) -> Any:
        seq = self.value(node.value)
        if not isinstance(seq, tuple):
            raise ArgumentError(f"{_value_text(seq, node.value)} cannot be indexed",
                                self.span_of(node.pos))
        index = self.number(node.index)
        if not index.is_Integer:
            raise ArgumentError("an index must be an integer written as such, e.g. [-1]",
                                self.span_of(node.index.pos))
        i = int(index)
        if not -len(seq) <= i < len(seq):
            what = "dimensions" if isinstance(node.value, ast.Attribute) else "items"
            raise ArgumentError(f"index {i} is out of range for {len(seq)} {what}",
                                self.span_of(node.index.pos))
        return seq[i]

    def _function(self, node: ast.Call) -> sympy.Expr:
        name = node.func
        if node.keywords:
            raise ArgumentError(f"{name}() takes no keyword arguments",
                                self.span_of(node.keywords[0].pos))
        args = [self.number(a) for a in node.args]
        wanted = {"min": None, "max": None}.get(name, 1)
        if (wanted is None and not args) or (wanted is not None and len(args) != wanted):
            raise ArgumentError(
                f"{name}() takes {'at least one argument' if wanted is None else 'one argument'}"
                f", got {len(args)}", self.span_of(node.pos))
        if all(a.is_Rational for a in args):  # literal coefficients: no SymPy function built
            done = _rational_function(name, args)
            if done is not None:
                return done
        if name == "min":
            return sympy.Min(*args)
        if name == "max":
            return max_of(args)
        x = args[0]
        return {"floor": floor_of, "ceil": ceil_of, "round": round_half_even,
                "int": truncate, "abs": sympy.Abs}[name](x)

    def _if_expression(self, node: ast.IfExp) -> Any:
        test = truth(node.test, self)
        decided = self.decide(test, node.test) if self.decide else None
        if decided is None and test in (sympy.true, sympy.false):
            decided = bool(test)
        if decided is True:
            return self.value(node.body)
        if decided is False:
            return self.value(node.orelse)
        return sympy.Piecewise((self.number(node.body), test), (self.number(node.orelse), True))

    def _name(self, node: ast.Name) -> Any:
        if node.id in self.locals:
            return self.locals[node.id]
        try:
            return self.symbols[node.id]
        except KeyError:
            pass
        hint = did_you_mean(node.id, [*self.symbols, *self.locals])
        if hint is None and node.id in self.known_layers:
            hint = f"'{node.id}' is a layer; call it: {node.id}(...)"
        if hint is None:
            hint = f"declare it in the model header, e.g. model m(..., {node.id}=8)"
        raise UndeclaredSymbolError(
            f"undeclared symbol '{node.id}'", self.span_of(node.pos), hint=hint
        )

    def _binop(self, node: ast.BinOp) -> sympy.Expr:
        left, right = self.number(node.left), self.number(node.right)
        op = node.op
        if op == "+":
            result = left + right
        elif op == "-":
            result = left - right
        elif op == "*":
            result = left * right
        elif op == "//":
            self._nonzero_divisor(right, node)
            result = floordiv(left, right) if left.is_integer and right.is_integer \
                else floor_of(left / right)
        elif op == "%":
            self._nonzero_divisor(right, node)
            result = Mod(left, right)
        elif op == "**":
            result = self._pow(left, right, node)
        else:  # "/": exact; a size must still come out an integer (see build)
            self._nonzero_divisor(right, node)
            result = left / right
        self._check_size(result, node)
        return result

    def _nonzero_divisor(self, right: sympy.Expr, node: ast.BinOp) -> None:
        if right.is_Rational and right <= 0 or not right.is_rational:
            raise ArgumentError(
                f"division by {right}: the divisor must be a positive number",
                self.span_of(node.right.pos),
            )
        if not right.is_Integer and not right.is_positive:
            raise ArgumentError(
                f"divisor '{right}' is not known to be positive",
                self.span_of(node.right.pos),
            )

    def _pow(self, base: sympy.Expr, exp: sympy.Expr, node: ast.BinOp) -> sympy.Expr:
        if exp.is_Integer and int(exp) < 0 and base.is_Rational and base != 0:
            # a number's negative power (an epsilon of 10 ** -3): an exact fraction
            return 1 / self._pow(base, -exp, node)
        if exp.is_Integer and int(exp) < 0:
            raise ArgumentError(
                "negative exponent: dimensions are integers", self.span_of(node.right.pos)
            )
        if base.is_Integer and exp.is_Integer:
            b, e = int(base), int(exp)
            if abs(b) <= 1:  # 0, 1, -1 to any power: the parity decides, nothing to build
                return Integer(b ** (e % 2) if b == -1 else (1 if e == 0 else b))
            if abs(b).bit_length() * e > self.limits.max_int_bits:
                shown = f"({b})" if b < 0 else f"{b}"
                raise LimitError(
                    f"{shown}**{e} is larger than {self.limits.max_int_bits} bits",
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


def _exact_decimal(node: ast.Float, builder: ExprBuilder) -> sympy.Expr:
    """``0.75`` as exactly 3/4 (from the text as written, never through a float)."""
    text = node.text.replace("_", "")
    if len(text) > builder.limits.max_int_digits:
        raise LimitError(f"number has {len(text)} characters; the limit is "
                         f"{builder.limits.max_int_digits}", builder.span_of(node.pos))
    value = Fraction(text)
    return sympy.Rational(value.numerator, value.denominator)


def _value_text(value: Any, node: ast.Expr) -> str:
    if value is NONE:
        return "None"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    if is_truth(value):
        return "a condition"
    return describe(node)


def _rational_function(name: str, args: list[sympy.Rational]) -> sympy.Rational | None:
    """A function of exact numbers by Python's own arithmetic, the number SymPy's function
    would give (``truncate``'s sign test alone asks SymPy's assumption system, a
    millisecond for each new number: Keras's ``int(v + divisor / 2)`` in every model).

    >>> half, minus = sympy.Rational(7, 2), sympy.Rational(-5, 2)
    >>> [_rational_function(f, [half, sympy.Integer(3)][:n])
    ...  for f, n in (("min", 2), ("max", 2), ("floor", 1), ("ceil", 1), ("round", 1))]
    [3, 7/2, 3, 4, 4]
    >>> [_rational_function(f, [minus]) for f in ("int", "round", "abs", "floor", "ceil")]
    [-2, -2, 5/2, -3, -2]
    """
    if name in ("min", "max"):
        pick = min if name == "min" else max
        return pick(args, key=lambda a: Fraction(int(a.p), int(a.q)))
    p, q = int(args[0].p), int(args[0].q)
    if name == "floor":
        return sympy.Integer(p // q)
    if name == "ceil":
        return sympy.Integer(-(-p // q))
    if name == "int":  # towards zero, as truncate
        return sympy.Integer(p // q if p >= 0 else -(-p // q))
    if name == "round":  # halves to even, as RoundHalfEven
        return sympy.Integer(round(Fraction(p, q)))
    if name == "abs":
        return sympy.Rational(abs(p), q)
    return None
