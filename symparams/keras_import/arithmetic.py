"""Arithmetic on tensors in Keras code: ``h + 3.0``, ``-h``, ``x + y``, ``h ** 2``,
``keras.ops.add(a, b)``, and the element-wise functions of one tensor (``keras.ops.exp(h)``,
``ops.sigmoid(h)``: :mod:`.tensor_functions`). Each operator or function applied to a tensor
is one Keras operation, one line of model text (``t = h + 3.0``, ``s = exp(t)``), in the order
Python evaluates the expression; a tensor made inside another expression gets a name of its
own (``t``, ``t_1``, ...).

>>> from .python_code import translate_python
>>> result = translate_python("x = keras.Input((8,))\\n"
...     "y = layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)\\nm = keras.Model(x, x + y)\\n")
>>> from .writer import statement_text
>>> [statement_text(line)[0] for line in result.models[0].lines[1:]]
['t = x + 3.0', 't_1 = ReLU(6.0)(t)', 'y = t_1 * (1.0 / 6.0)', 't_2 = x + y']
>>> result = translate_python("from keras import ops\\nmean = keras.Input((2,))\\n"
...     "log_var = keras.Input((2,))\\neps = keras.Input((2,))\\n"
...     "z = mean + ops.exp(0.5 * log_var) * eps\\nm = keras.Model([mean, log_var, eps], z)\\n")
>>> [statement_text(line)[0] for line in result.models[0].lines[3:]]
['t = 0.5 * log_var', 't_1 = exp(t)', 't_2 = t_1 * eps', 'z = mean + t_2']
"""

from __future__ import annotations

import ast as pyast
from collections.abc import Callable
from typing import Any

from ..syntax.keras_names import TENSOR_FUNCTIONS
from .ir import Call, LayerLine, Operation, TensorRef, Value
from .python_values import Untranslatable, dotted
from .tensor_functions import find_function, function_arguments, is_keras_function

__all__ = ["OPERATORS", "OPS_FUNCTIONS", "ops_operator", "is_arithmetic", "arithmetic"]

#: Python's operators that a Keras tensor takes, as the model text writes them.
OPERATORS = {pyast.Add: "+", pyast.Sub: "-", pyast.Mult: "*", pyast.Div: "/", pyast.Pow: "**",
             pyast.FloorDiv: "//", pyast.Mod: "%"}

#: ``keras.ops`` functions that are these operations (``ops.add(a, b)`` is ``a + b``):
#: ``(operator, number of operands)``. ``divide`` is written ``/``, a row Keras names
#: ``true_divide`` (``divide`` for the function).
OPS_FUNCTIONS = {"add": ("+", 2), "subtract": ("-", 2), "multiply": ("*", 2),
                 "true_divide": ("/", 2), "divide": ("/", 2), "power": ("**", 2),
                 "floor_divide": ("//", 2), "mod": ("%", 2), "negative": ("-", 1)}

#: The keyword names of ``keras.ops``'s arguments, in order.
_OPS_KEYWORDS = ("x1", "x2")

LayerCall = Callable[[pyast.expr], Call]


def ops_operator(func: str) -> tuple[str, int] | None:
    """The operator of a ``keras.ops`` function (``keras.ops.add``, ``ops.add``,
    ``keras.ops.numpy.add``) and its number of operands, else None.

    >>> ops_operator("keras.ops.subtract"), ops_operator("ops.negative"), ops_operator("np.add")
    (('-', 2), ('-', 1), None)
    """
    module, _, short = func.rpartition(".")
    if short in OPS_FUNCTIONS and (module.rpartition(".")[2] == "ops"
                                   or module.endswith("ops.numpy")):
        return OPS_FUNCTIONS[short]
    return None


def _is_application(graph: Any, node: pyast.Call) -> bool:
    func = graph.resolve(dotted(node.func)) or ""
    return isinstance(node.func, pyast.Call) or graph.is_layer_object(func) \
        or graph.merge_function(func)


def _reads_tensor(graph: Any, node: pyast.AST) -> bool:
    for part in pyast.walk(node):
        if isinstance(part, pyast.Name) and part.id in graph.variables:
            return True
        if isinstance(part, pyast.Call) and _is_application(graph, part):
            return True
    return False


def is_arithmetic(graph: Any, node: pyast.expr) -> bool:
    """Whether ``node`` is arithmetic on a tensor of ``graph``: an operator or a
    ``keras.ops`` (or ``keras.activations``) function applied to one; a function the model
    text has no equivalent for (``keras.ops.softmax(h)``) too, to be reported."""
    if isinstance(node, pyast.Call):
        func = graph.resolve(dotted(node.func)) or ""
        if ops_operator(func) is None and not is_keras_function(func):
            return False
    elif not isinstance(node, (pyast.BinOp, pyast.UnaryOp)):
        return False
    return _reads_tensor(graph, node)


def arithmetic(graph: Any, name: str, node: pyast.expr, line: int, layer_call: LayerCall,
               number: Callable[[pyast.expr], Value]) -> str:
    """``name = node`` (arithmetic on tensors, see :func:`is_arithmetic`): its operations
    added to ``graph``, the last named ``name``; the id of the tensor it makes."""
    made = _Reader(graph, line, layer_call, number).operand(node, name)
    assert isinstance(made, TensorRef)
    return made.name


class _Reader:
    def __init__(self, graph: Any, line: int, layer_call: LayerCall,
                 number: Callable[[pyast.expr], Value]) -> None:
        self.graph, self.line, self.layer_call, self.number = graph, line, layer_call, number

    def operand(self, node: pyast.expr, name: str = "\0nested") -> TensorRef | Value:
        """A tensor (its operations added first), or the number a part without tensors is."""
        graph = self.graph
        if not _reads_tensor(graph, node):
            return self.number(node)
        if isinstance(node, pyast.Name):
            return TensorRef(graph.variables[node.id])
        if isinstance(node, pyast.BinOp) and type(node.op) in OPERATORS:
            left, right = self.operand(node.left), self.operand(node.right)
            return self.operation(name, OPERATORS[type(node.op)], (left, right), node)
        if isinstance(node, pyast.UnaryOp) and isinstance(node.op, pyast.USub):
            return self.operation(name, "-", (self.operand(node.operand),), node)
        if isinstance(node, pyast.UnaryOp) and isinstance(node.op, pyast.UAdd):
            raise Untranslatable(node, f"{pyast.unparse(node)!r}: Keras has no unary + on a "
                                 "tensor")
        if isinstance(node, pyast.Call):
            func = graph.resolve(dotted(node.func)) or ""
            found = ops_operator(func)
            if found is not None:
                return self.operation(name, found[0], self.ops_operands(node, found[1]),
                                      node)
            if find_function(func) is not None:
                return self.function(name, func, node)
            if _is_application(graph, node):
                return TensorRef(graph.apply(name, node, self.line, self.layer_call))
            if is_keras_function(func):
                raise Untranslatable(node, f"{pyast.unparse(node)!r}: {func} is not one of "
                                     "the functions of a tensor the model language has ("
                                     f"{', '.join(sorted(TENSOR_FUNCTIONS))})")
        raise Untranslatable(node, f"{pyast.unparse(node)!r}: only + - * / ** // %, a "
                             "leading -, keras.ops's element-wise functions and layers apply to "
                             "a tensor here")

    def ops_operands(self, node: pyast.Call, count: int) -> tuple:
        """``keras.ops.add(a, b)``'s operands, given by position or as ``x1=``, ``x2=``
        (``x=`` for ``negative``)."""
        given = dict(zip(_OPS_KEYWORDS if count == 2 else ("x",), node.args, strict=False))
        for kw in node.keywords:
            if kw.arg in given or kw.arg not in (_OPS_KEYWORDS if count == 2 else ("x",)):
                raise Untranslatable(node, f"{pyast.unparse(node)!r}: the arguments of "
                                     f"{dotted(node.func)}")
            given[kw.arg] = kw.value
        if len(given) != count or any(isinstance(a, pyast.Starred) for a in node.args):
            raise Untranslatable(node, f"{pyast.unparse(node)!r}: {dotted(node.func)} takes "
                                 f"{count} operand{'s' * (count > 1)}")
        names = _OPS_KEYWORDS if count == 2 else ("x",)
        return tuple(self.operand(given[key]) for key in names)

    def function(self, name: str, func: str, node: pyast.Call) -> TensorRef:
        """``keras.ops.exp(h)`` as ``exp(h)``; ``keras.activations.relu(h, ...)`` as the
        ``ReLU`` layer applied to ``h``."""
        function = find_function(func)
        assert function is not None
        tensor, keywords = function_arguments(function, node, func)
        if not function.layer:
            return self.operation(name, function.written, (self.operand(tensor),), node)
        layer = pyast.copy_location(pyast.Call(pyast.Name(function.written, pyast.Load()),
                                               [], keywords), node)
        applied = pyast.copy_location(pyast.Call(layer, [tensor], []), node)
        return TensorRef(self.graph.apply(name, applied, self.line, self.layer_call))

    def operation(self, name: str, op: str, operands: tuple, node: pyast.expr) -> TensorRef:
        tensors = tuple(o.name for o in operands if isinstance(o, TensorRef))
        if not tensors:  # ops.add(2.0, 3.0): a number, which a tensor does not come from
            raise Untranslatable(node, f"{pyast.unparse(node)!r} reads no tensor")
        statement = LayerLine(Operation(op, operands), self.line, end_line=node.end_lineno)
        return TensorRef(self.graph.new(name, statement, tensors))
