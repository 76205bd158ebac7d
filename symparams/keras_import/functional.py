"""Functional Keras code as a graph of tensors: ``x = Input(...)``, ``x = Dense(8)(x)``,
``y = layers.add([a, b])``, then ``Model(inputs, outputs)`` keeps what the outputs need.

A Python variable may be assigned many times (``x = ...(x)``); each assignment is a new
tensor, named ``x``, ``x_1``, ... in the model text.
"""

from __future__ import annotations

import ast as pyast
from collections.abc import Callable
from dataclasses import dataclass

from .ir import Call, LayerLine, identifier
from .python_values import Untranslatable, dotted

__all__ = ["FunctionalGraph", "MERGE_FUNCTIONS"]

#: ``keras.layers`` functions that make and apply a merge layer: ``add([a, b])``.
MERGE_FUNCTIONS = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply",
                   "average": "Average", "maximum": "Maximum", "minimum": "Minimum",
                   "concatenate": "Concatenate", "dot": "Dot"}


@dataclass
class _Tensor:
    id: str
    line: LayerLine
    inputs: tuple[str, ...]  # tensor ids


class FunctionalGraph:
    def __init__(self) -> None:
        self.tensors: dict[str, _Tensor] = {}  # by id
        self.variables: dict[str, str] = {}  # Python variable -> tensor id
        self.objects: dict[str, tuple[Call, int, bool]] = {}  # layer variables: used yet?
        self.ids: set[str] = set()
        self.order: list[str] = []

    def forget(self, name: str) -> None:
        self.variables.pop(name, None)
        self.objects.pop(name, None)

    def is_layer_object(self, name: str) -> bool:
        return name in self.objects

    @staticmethod
    def merge_function(func: str) -> bool:
        module, _, short = func.rpartition(".")
        return short in MERGE_FUNCTIONS and module.rpartition(".")[2] in ("layers", "")

    def layer_object(self, name: str, call: Call, line: int) -> None:
        self.variables.pop(name, None)
        self.objects[name] = (call, line, False)

    def take_object(self, name: str, node: pyast.AST) -> Call:
        """A layer variable's call, which may be applied once (a second use shares its
        weights, which model text cannot say)."""
        call, line, used = self.objects[name]
        if used:
            raise Untranslatable(node, f"the layer {name} (made at line {line}) is applied "
                                 "twice: shared weights")
        self.objects[name] = (call, line, True)
        return call

    def new(self, variable: str, line: LayerLine, inputs: tuple[str, ...]) -> str:
        tensor_id = identifier(variable if not variable.startswith("\0") else "t", self.ids)
        self.tensors[tensor_id] = _Tensor(tensor_id, line, inputs)
        self.order.append(tensor_id)
        if not variable.startswith("\0"):
            self.variables[variable] = tensor_id
        return tensor_id

    def input(self, name: str, call: Call, line: int) -> None:
        self.objects.pop(name, None)
        self.new(name, LayerLine(call, line), ())

    def apply(self, name: str, node: pyast.Call, line: int,
              layer_call: Callable[[pyast.expr], Call]) -> str:
        """``name = layer(tensors)``; nested applications get their own tensors."""
        func = dotted(node.func) or ""
        if isinstance(node.func, pyast.Call):
            call = layer_call(node.func)
        elif self.merge_function(func):
            bare = pyast.copy_location(pyast.Call(node.func, [], [
                kw for kw in node.keywords if kw.arg != "inputs"]), node)
            made = layer_call(bare)  # its options (axis=...); the tensors are read below
            call = Call(MERGE_FUNCTIONS[func.rpartition(".")[2]], (), made.keywords,
                        made.arg_lines)
            node = pyast.Call(node.func, node.args[:1] or [
                kw.value for kw in node.keywords if kw.arg == "inputs"], [])
        else:
            call = self.take_object(func, node)
        if len(node.args) != 1 or (node.keywords and not self.merge_function(func)):
            raise Untranslatable(node, "a layer applied to other than one tensor or one "
                                 "list of tensors")
        argument = node.args[0]
        items = argument.elts if isinstance(argument, (pyast.List, pyast.Tuple)) \
            else [argument]
        inputs = tuple(self.tensor(item, line, layer_call) for item in items)
        self.objects.pop(name, None)
        return self.new(name, LayerLine(call, line, end_line=node.end_lineno), inputs)

    def tensor(self, node: pyast.expr, line: int, layer_call) -> str:
        if isinstance(node, pyast.Name) and node.id in self.variables:
            return self.variables[node.id]
        if isinstance(node, pyast.Call):
            return self.apply("\0nested", node, line, layer_call)
        raise Untranslatable(node, f"{pyast.unparse(node)!r} is not a tensor made in this "
                             "code")

    def model_lines(self, inputs: pyast.expr, outputs: pyast.expr) -> list[LayerLine]:
        """The statements that ``outputs`` need, in the order the code made them; the
        inputs first, each named."""
        wanted_in = [self.tensor(n, n.lineno, None) for n in _items(inputs)]
        wanted_out = [self.tensor(n, n.lineno, None) for n in _items(outputs)]
        needed: set[str] = set()
        stack = list(wanted_out)
        while stack:
            tensor_id = stack.pop()
            if tensor_id not in needed:
                needed.add(tensor_id)
                stack.extend(self.tensors[tensor_id].inputs)
        lines = []
        for tensor_id in wanted_in:
            tensor = self.tensors[tensor_id]
            if tensor.inputs or tensor.line.call.func not in ("Input", "InputLayer"):
                raise Untranslatable(inputs, f"{tensor_id} is not an Input")
            lines.append(_statement(tensor, single=False))
        for tensor_id in self.order:
            tensor = self.tensors[tensor_id]
            if tensor_id in needed and tensor_id not in wanted_in:
                if not tensor.inputs:
                    raise Untranslatable(outputs, f"the input {tensor_id} is not among the "
                                         "model's inputs")
                lines.append(_statement(tensor))
        last = lines[-1]
        if len(wanted_out) == 1 and last.target != wanted_out[0]:
            raise Untranslatable(outputs, "the output is not the last tensor made")
        return lines


def _statement(tensor: _Tensor, single: bool = True) -> LayerLine:
    line = tensor.line
    return LayerLine(line.call, line.line, tensor.id, tensor.inputs if tensor.inputs else None,
                     end_line=line.end_line)


def _items(node: pyast.expr) -> list[pyast.expr]:
    if isinstance(node, (pyast.List, pyast.Tuple)):
        return list(node.elts)
    if isinstance(node, pyast.Dict):
        return list(node.values)
    return [node]
