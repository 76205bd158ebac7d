"""Functional Keras code as a graph of tensors: ``x = Input(...)``, ``x = Dense(8)(x)``,
``y = layers.add([a, b])``, then ``Model(inputs, outputs)`` keeps what the outputs need.

A Python variable may be assigned many times (``x = ...(x)``); each assignment is a new
tensor, named ``x``, ``x_1``, ... in the model text. A layer object applied to several
tensors (shared weights: ``shared = layers.Dense(8)``, ``shared(a)``, ``shared(b)``) is
written as the model text says it: ``shared = Dense(8)``, then ``x = shared(a)``.
"""

from __future__ import annotations

import ast as pyast
from collections.abc import Callable
from dataclasses import dataclass

from ..syntax.keras_names import CALL_KEYWORDS
from .arithmetic import arithmetic, is_arithmetic
from .ir import Call, LayerLine, Ref, TakenNames, Value, identifier
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
    layer: tuple[str, int, int] | None = None  # the layer object applied: (variable, line,
    # the call of a helper function that made it; 0 outside one)


class FunctionalGraph:
    def __init__(self, resolve: Callable[[str | None], str | None] = lambda name: name,
                 number: Callable[[pyast.expr], Value] | None = None) -> None:
        self.resolve = resolve  # a dotted name with the code's import aliases written out
        self.number = number  # a number that arithmetic on a tensor reads (h + 3.0)
        self.tensors: dict[str, _Tensor] = {}  # by id
        self.variables: dict[str, str] = {}  # Python variable -> tensor id
        self.objects: dict[str, tuple[Call, int, bool]] = {}  # layer variables: used yet?
        self.made_in: dict[str, int] = {}  # layer variables: the call of a helper making it
        self.call_count = 0  # helper functions written out so far (:mod:`.inline`)
        self.helper: Callable[[pyast.expr, int], str | None] | None = None
        self.ids: set[str] = TakenNames()
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

    def layer_object(self, name: str, call: Call, line: int, made_in: int = 0) -> None:
        self.variables.pop(name, None)
        self.objects[name] = (call, line, False)
        self.made_in[name] = made_in  # two calls of one helper make two layers

    def take_object(self, name: str, node: pyast.AST) -> Call:
        """A layer variable's call in a Sequential model, which may be applied once (a
        Sequential model has no way to share its weights)."""
        call, line, used = self.objects[name]
        if used:
            raise Untranslatable(node, f"the layer {name} (made at line {line}) is applied "
                                 "twice: shared weights")
        self.objects[name] = (call, line, True)
        return call

    def new(self, variable: str, line: LayerLine, inputs: tuple[str, ...],
            stem: str = "t") -> str:
        """A new tensor, bound to the Python ``variable`` (unless it starts with a NUL: a
        tensor no variable holds, named from ``stem``)."""
        tensor_id = identifier(variable if not variable.startswith("\0") else stem, self.ids)
        self.tensors[tensor_id] = _Tensor(tensor_id, line, inputs)
        self.order.append(tensor_id)
        if not variable.startswith("\0"):
            self.variables[variable] = tensor_id
        return tensor_id

    def input(self, name: str, call: Call, line: int, stem: str = "t") -> str:
        self.objects.pop(name, None)
        return self.new(name, LayerLine(call, line), (), stem)

    def apply(self, name: str, node: pyast.Call, line: int,
              layer_call: Callable[[pyast.expr], Call]) -> str:
        """``name = layer(tensors)``; nested applications get their own tensors."""
        func = self.resolve(dotted(node.func)) or ""
        layer = None
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
            call, _, _ = self.objects[func]
            layer = (func, self.objects[func][1], self.made_in.get(func, 0))
        keywords = () if self.merge_function(func) else _call_keywords(node)
        if not node.args:
            raise Untranslatable(node, "a layer applied to other than tensors (or one list "
                                 "of tensors)")
        argument = node.args[0]
        items = argument.elts if isinstance(argument, (pyast.List, pyast.Tuple)) \
            and len(node.args) == 1 else node.args  # attention: layer(query, value)
        inputs = tuple(self.tensor(item, line, layer_call) for item in items)
        self.objects.pop(name, None)
        made = self.new(name, LayerLine(call, line, end_line=node.end_lineno,
                                        call_keywords=keywords), inputs)
        self.tensors[made].layer = layer
        return made

    def tensor(self, node: pyast.expr, line: int, layer_call) -> str:
        if isinstance(node, pyast.Name) and node.id in self.variables:
            return self.variables[node.id]
        if self.number is not None and is_arithmetic(self, node):  # ReLU()(h + 3.0)
            return self.arithmetic("\0nested", node, line, layer_call)
        if isinstance(node, pyast.Attribute) and self.helper is not None:
            made = self.helper(node, line)  # base.output of a keras.applications network
            if made is not None:
                return made
        if isinstance(node, pyast.Call):  # Dense(8)(x), shared(x), layers.add([a, b])
            func = self.resolve(dotted(node.func)) or ""
            if isinstance(node.func, pyast.Call) or self.is_layer_object(func) \
                    or self.merge_function(func):
                return self.apply("\0nested", node, line, layer_call)
            made = self.helper(node, line) if self.helper is not None else None
            if made is not None:  # conv_block(x, 16): a helper function's result
                return made
        raise Untranslatable(node, f"{pyast.unparse(node)!r} is not a tensor made in this "
                             "code")

    def arithmetic(self, name: str, node: pyast.expr, line: int, layer_call) -> str:
        """``name = h + 3.0``: arithmetic on tensors (:mod:`.arithmetic`)."""
        if self.number is None:  # pragma: no cover - the translator always gives one
            raise Untranslatable(node, "arithmetic on tensors")
        self.objects.pop(name, None)
        return arithmetic(self, name, node, line, layer_call, self.number)

    def model_lines(self, inputs: pyast.expr, outputs: pyast.expr,
                    layer_call: Callable[[pyast.expr], Call]) -> list[LayerLine]:
        """The statements that ``outputs`` need, in the order the code made them; the
        inputs first, each named. An output may be a layer applied right there:
        ``Model(x, Dense(1)(h))``."""
        wanted_in = [self.tensor(n, n.lineno, layer_call) for n in _items(inputs)]
        wanted_out = [self.tensor(n, n.lineno, layer_call) for n in _items(outputs)]
        needed: set[str] = set()
        stack = list(wanted_out)
        while stack:
            tensor_id = stack.pop()
            if tensor_id not in needed:
                needed.add(tensor_id)
                stack.extend(self.tensors[tensor_id].inputs)
        shared, defined = self.shared_layers(needed), set()
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
                if tensor.layer in shared:
                    lines.extend(_shared_statements(tensor, shared, defined))
                else:
                    lines.append(_statement(tensor))
        last = lines[-1]
        if len(wanted_out) == 1 and last.target != wanted_out[0]:
            raise Untranslatable(outputs, "the output is not the last tensor made")
        return lines


    def shared_layers(self, needed: set[str]) -> dict[tuple[str, int, int], str]:
        """The layer objects applied more than once among the ``needed`` tensors, each with
        its model-text name."""
        uses: dict[tuple[str, int, int], int] = {}
        for tensor_id in needed:
            layer = self.tensors[tensor_id].layer
            if layer is not None:
                uses[layer] = uses.get(layer, 0) + 1
        return {layer: identifier(layer[0], self.ids)
                for layer, count in sorted(uses.items()) if count > 1}


def _shared_statements(tensor: _Tensor, shared: dict, defined: set) -> list[LayerLine]:
    """A call of a shared layer, after its definition if this is the first call."""
    name, line = shared[tensor.layer], tensor.line
    lines = []
    if name not in defined:  # the definition is written once, before the first call
        defined.add(name)
        lines.append(LayerLine(line.call, line.line, name, None, end_line=line.end_line))
    call = Call(name, (*(Ref(i) for i in tensor.inputs),
                       *(Ref(f"{k}={v}") for k, v in line.call_keywords)))
    lines.append(LayerLine(call, line.line, tensor.id, None, end_line=line.end_line))
    return lines


def _statement(tensor: _Tensor, single: bool = True) -> LayerLine:
    line = tensor.line
    return LayerLine(line.call, line.line, tensor.id, tensor.inputs if tensor.inputs else None,
                     end_line=line.end_line, call_keywords=line.call_keywords)


def _items(node: pyast.expr) -> list[pyast.expr]:
    if isinstance(node, (pyast.List, pyast.Tuple)):
        return list(node.elts)
    if isinstance(node, pyast.Dict):
        return list(node.values)
    return [node]


def _call_keywords(node: pyast.Call) -> tuple[tuple[str, str], ...]:
    """Keras's call arguments after a layer's tensors, as the model text writes them:
    ``training=False`` and other constants kept; a mask or state tensor left out (no count
    reads it); anything else, or ``return_attention_scores=True``, untranslatable."""
    kept = []
    for kw in node.keywords:
        if kw.arg not in CALL_KEYWORDS:
            raise Untranslatable(node, "a layer applied to other than tensors (or one list "
                                 f"of tensors): {kw.arg}=" if kw.arg else "**kwargs")
        value = kw.value
        if isinstance(value, pyast.Constant) and value.value in (True, False, None):
            if kw.arg == "return_attention_scores" and value.value:
                raise Untranslatable(node, "return_attention_scores=True (two outputs)")
            kept.append((kw.arg, repr(value.value)))
        elif not isinstance(value, pyast.Name):
            raise Untranslatable(node, f"the call argument {kw.arg}={pyast.unparse(value)}")
    return tuple(kept)
