"""Keras operations on tensors written as arithmetic: ``h + 3``, ``x * (1/6)``, ``a - b``,
``h / c``, ``-h``, ``h ** 2``, ``h // 2``, ``h % 2``.

In a Keras functional model, ``x + 3.0`` on a symbolic tensor is an operation
(``keras.ops.add``), not a layer: a row of the summary named as Keras names it (``add``,
``true_divide``, ...), no weights, numbered with the layers (``add_1`` after an ``Add``
layer). A number is a tensor of rank 0; two tensors broadcast as NumPy does (a dimension of 1
takes the other's size, shapes aligned on the right), which is the merge layers' rule.

These types are not in the layer registry: a model writes the operator, not ``TrueDivide()``.

>>> from sympy import Symbol
>>> from symparams.layers.registry import Args
>>> n = Symbol("n", integer=True, positive=True)
>>> OPERATORS["/"].shape(Args({}), ((n, 3), ()))
(n, 3)
>>> OPERATORS["**"].cost(Args({"number": 3, "tensor_first": True}), ((n,), ()), (n,)).count("xla")
2*n
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy
from sympy import Expr

from .cost import UNKNOWN, Cost, per_element
from .merging import elementwise_shape
from .registry import LayerType, product

__all__ = ["OPERATORS", "NEGATIVE", "FUNCTIONS", "FUNCTION_TYPES", "is_operation",
           "constant_class"]

#: Operations per element of ``x ** e`` as XLA counts Keras's jax lowering, by exponent
#: (``x ** 2`` is ``x * x``); any other exponent is one ``pow``, a transcendental function.
_POWER_OPS = {0: 0, 1: 0, 2: 1, 3: 2, -1: 1}


def _power_cost(a: Any, shapes: Sequence[tuple], y: Sequence[Expr]) -> Cost:
    elements = product(y)
    exponent = a["number"] if "number" in a and a.get("tensor_first") else "tensor"
    if isinstance(exponent, int):
        exponent = sympy.Integer(exponent)
    if isinstance(exponent, sympy.Basic) and exponent.is_number and exponent.is_integer \
            and int(exponent) in _POWER_OPS:
        return Cost(ops=_POWER_OPS[int(exponent)] * elements)
    if isinstance(exponent, sympy.Basic) and exponent.is_number or exponent == "tensor":
        return Cost(transcendentals=elements)
    return UNKNOWN  # a symbolic exponent: 0, 1, 2, 3 and -1 cost otherwise


def _divide_cost(a: Any, shapes: Sequence[tuple], y: Sequence[Expr]) -> Cost:
    """1 per element; dividing by a tensor that is broadcast, XLA takes its reciprocal once
    and multiplies (``a / broadcast(b)`` is ``a * broadcast(1 / b)``): its elements more."""
    elements = product(y)
    divisor = tuple(shapes[1]) if len(shapes) > 1 else ()
    if "number" in a or divisor == tuple(y):
        return Cost(ops=elements)
    return Cost(ops=elements + product(divisor))


def _operation(name: str, doc: str, **rules: Any) -> LayerType:
    return LayerType(
        name=name, family="operations", params=(), shape=elementwise_shape,
        input_doc="(...,) and a number or a tensor (broadcast)",
        derivation="no parameters; a Keras operation, not a layer", doc=doc,
        accepts_input_shape=False, extra={"operation": True}, **rules)


_NO_XLA_RULE = ("XLA's lowering of floor division and modulo takes 6 to 13 operations per "
                "element, by operand; not derived")

#: The operation each binary operator writes, by operator.
OPERATORS: dict[str, LayerType] = {
    "+": _operation("Add", "``a + b``: element-wise sum.", cost=per_element(1)),
    "-": _operation("Subtract", "``a - b``: element-wise difference.", cost=per_element(1)),
    "*": _operation("Multiply", "``a * b``: element-wise product.", cost=per_element(1)),
    "/": _operation("TrueDivide", "``a / b``: element-wise quotient.", cost=_divide_cost),
    "**": _operation("Power", "``a ** b``: element-wise power.", cost=_power_cost),
    "//": _operation("FloorDivide", "``a // b``: element-wise floor division.",
                     no_cost=_NO_XLA_RULE),
    "%": _operation("Mod", "``a % b``: element-wise remainder.", no_cost=_NO_XLA_RULE),
}

#: ``-x``.
NEGATIVE = _operation("Negative", "``-a``: element-wise negation.", cost=per_element(1))

#: ``keras.ops`` functions of one tensor, written ``exp(h)`` (or ``ops.exp(h)``): the
#: operation's class and (operations, transcendental functions) per element as XLA counts
#: Keras's jax lowering (measured; ``abs`` is Python's name for ``absolute``).
_FUNCTION_TABLE = {
    "exp": ("Exp", 0, 1), "log": ("Log", 0, 1), "sqrt": ("Sqrt", 0, 1),
    "rsqrt": ("Rsqrt", 0, 1), "square": ("Square", 1, 0), "absolute": ("Absolute", 1, 0),
    "abs": ("Absolute", 1, 0), "reciprocal": ("Reciprocal", 1, 0), "log1p": ("Log1p", 0, 1),
    "expm1": ("Expm1", 0, 1), "sin": ("Sin", 0, 1), "cos": ("Cos", 0, 1),
    "erf": ("Erf", 0, 1), "tanh": ("Tanh", 0, 1), "sigmoid": ("Sigmoid", 3, 1),
    "relu": ("Relu", 1, 0), "relu6": ("Relu6", 1, 0), "softplus": ("Softplus", 6, 2),
    "silu": ("Silu", 4, 1), "gelu": ("Gelu", 8, 1),
}
FUNCTIONS: dict[str, LayerType] = {
    name: _operation(kind, f"``{name}(a)``: ``keras.ops.{name}``, element-wise.",
                     cost=per_element(ops, transcendentals))
    for name, (kind, ops, transcendentals) in _FUNCTION_TABLE.items()}
#: The types of the functions: XLA's simplifier rewrites chains of them with the operations
#: around them (``log(exp(x))``, ``abs(abs(x))``, a softplus of an ``abs``), so a chain's
#: ``xla`` count is not derived.
FUNCTION_TYPES = frozenset(kind for kind, _, _ in _FUNCTION_TABLE.values())


def is_operation(layer_type: LayerType) -> bool:
    """True for the type of a Keras operation written as arithmetic (not a layer).

    >>> is_operation(NEGATIVE), is_operation(OPERATORS["+"])
    (True, True)
    """
    return bool(layer_type.extra.get("operation"))



def constant_class(layer_type: LayerType, args: Any) -> str | None:
    """``"add"`` for ``x + c``, ``c + x``, ``x - c``; ``"mul"`` for ``x * c``, ``c * x``,
    ``x / c``; else None. XLA folds two of one class in a row into one (``(x + 1) - 2`` is
    ``x + (-1)``) and drops one whose number changes nothing (``x * 1``, ``x - 0``)."""
    if "number" not in args:
        return None
    tensor_first = args.get("tensor_first")
    if layer_type is OPERATORS["+"] or layer_type is OPERATORS["-"] and tensor_first:
        return "add"
    if layer_type is OPERATORS["*"] or layer_type is OPERATORS["/"] and tensor_first:
        return "mul"
    return None
