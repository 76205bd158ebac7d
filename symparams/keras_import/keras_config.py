"""A Keras model config (``model.to_json()``, or ``config.json`` in a ``.keras`` archive) as
imported models: a ``Sequential`` as a chain, a ``Functional`` as named tensors; Keras's
operations as arithmetic (``x + 3.0``) and functions of a tensor (``exp(x)``) again.

Layers keep their Keras names (``name='conv1_conv'``), so a summary lines up with Keras's.
Serialized initializers, regularizers, constraints and dtype policies change no count and
are left out; so is any argument ``accepts`` says the layer does not take, and a left-out
argument with a value that might matter is reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from ..errors import DSLSyntaxError, SourceSpan
from .ir import Call, ImportedModel, LayerLine, Operation, Problem, TensorRef, identifier
from .python_code import Translation
from .python_values import MODEL_CLASSES
from .tensor_functions import ACTIVATION_OPERATIONS, config_function

__all__ = ["translate_config", "Accepts", "NO_EFFECT", "ELEMENTWISE_OPS", "APPLICATION_LAYERS",
           "TENSOR_OPS", "ARITHMETIC_OPS"]

#: ``accepts(class_name)``: the arguments symparams takes for that layer with their defaults
#: (any value for a required one), or None for a layer it does not know. A value equal to its
#: default is left out, so the model text says only what differs.
Accepts = Callable[[str], "Mapping[str, object] | None"]

_DROP = object()
#: Config keys that change how a layer runs, never its weights or output shape; left out
#: quietly when symparams's layer does not take them (Bidirectional sets the first on its
#: RNNs, the second on the backward one).
NO_EFFECT = frozenset({"zero_output_for_mask", "go_backwards", "stateful", "unroll",
                       "synchronized"})

#: Layers that ``keras.applications`` defines in its own modules, which symparams has as
#: layers of the same names and arguments (``symparams/layers/applications.py``).
APPLICATION_LAYERS = {
    "CustomScaleLayer": "keras.src.applications.inception_resnet_v2",
    "LayerScale": "keras.src.applications.convnext",
    "StochasticDepth": "keras.src.applications.convnext",
}


def translate_config(text: str, filename: str = "<config>",
                     accepts: Accepts = lambda name: None) -> Translation:
    """The model of a Keras config's JSON text."""
    try:
        config = json.loads(text)
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError
    except ValueError:
        raise DSLSyntaxError("not a Keras model config (JSON with a 'class_name')",
                             SourceSpan(filename, "", 1, 1)) from None
    result = Translation()
    _Config(result, accepts).model(config, set())
    return result


class _Config:
    def __init__(self, result: Translation, accepts: Accepts) -> None:
        self.result, self.accepts = result, accepts

    def problem(self, where: str, message: str) -> None:
        self.result.problems.append(Problem(where, message))

    def model(self, config: dict, names: set[str]) -> None:
        kind = config.get("class_name")
        body = config.get("config") or {}
        name = identifier(str(body.get("name") or kind).lower(), names)
        if kind == "Sequential" and any(layer.get("class_name") in ("Functional", "Model")
                                        for layer in body.get("layers", ())):
            lines = self.chain(body)  # Sequential([base, ...]): named tensors
        elif kind == "Sequential":
            lines = [self.sequential_line(layer) for layer in body.get("layers", ())]
        elif kind in ("Functional", "Model"):
            lines = self.functional(body)
        else:
            self.problem(f"model {name}", f"a {kind} is not a Sequential or functional model "
                         "(a subclassed model is code, which an import does not run)")
            return
        self.result.models.append(ImportedModel(name, [line for line in lines if line]))

    # -- layers -------------------------------------------------------------------------------

    def layer_call(self, layer: dict) -> Call | None:
        kind = str(layer.get("class_name"))
        config = dict(layer.get("config") or {})
        where = f"layer {config.get('name', kind)}"
        if kind in MODEL_CLASSES:
            self.problem(where, f"a {kind} model used as a layer")
            return None
        if kind == "InputLayer":
            shape = config.get("batch_shape") or config.get("batch_input_shape")
            keywords = [("shape", tuple(shape[1:]))] if shape else []
            if config.get("name"):
                keywords.append(("name", config["name"]))
            return Call("Input", (), tuple(keywords))
        module = str(layer.get("module") or "keras.layers")
        if module.startswith("keras.src.ops"):
            self.problem(where, f"the Keras operation {kind} ({module}) on these arguments")
            return None
        if module != "keras.layers" and layer.get("registered_name") \
                and module not in (APPLICATION_LAYERS.get(kind), ACTIVATION_OPERATIONS.get(kind)):
            self.problem(where, f"custom layer {layer.get('registered_name')} ({module}): its "
                         "weights are made by its own code, which an import does not run")
            return None
        known = self.accepts(kind)
        keywords = []
        for key, raw in config.items():
            value = self.value(raw, where)
            if value is _DROP:
                continue
            if known is not None and key not in known:
                if not _harmless(raw) and key not in NO_EFFECT:
                    self.problem(where, f"argument {key}={json.dumps(raw)[:60]} is left out: "
                                 f"symparams's {kind} does not take it")
                continue
            if known is not None and _same(known[key], value):
                continue
            keywords.append((key, value))
        return Call(kind, (), tuple(keywords))

    def value(self, raw, where: str):
        if isinstance(raw, dict):  # a nested layer, or an initializer, dtype policy, ...
            if raw.get("module") == "keras.layers" and "class_name" in raw:
                return self.layer_call(raw) or _DROP
            return _DROP
        if isinstance(raw, list):
            items = [self.value(item, where) for item in raw]
            return _DROP if any(i is _DROP for i in items) else tuple(items)
        return raw

    def sequential_line(self, layer: dict) -> LayerLine | None:
        call = self.layer_call(layer)
        return LayerLine(call) if call is not None else None

    def chain(self, body: dict) -> list[LayerLine]:
        """A Sequential model holding a functional one (a ``keras.applications`` network
        under a new head), written as named tensors: each layer reads the one before, the
        functional model's layers in its place."""
        self.failed, self.left_out = set(), 0
        layers = list(body.get("layers", ()))
        lines, failed = self.chained(layers, None, set())
        if failed is not None:
            if failed == 0 and layers[0].get("class_name") != "InputLayer":
                self.problem("model", "the model's first layer has no input")
            if failed + 1 < len(layers):
                self.problem("model", f"{len(layers) - failed - 1} more layers are left out: "
                             "they read the output of a layer that could not be translated")
        return lines

    def chained(self, layers: list[dict], source: str | None, taken: set[str]
                ) -> tuple[list[LayerLine], int | None]:
        """Layers each reading the one before (the first reads ``source``; an ``Input``,
        none), a functional or Sequential model among them in its place; and the index of
        the first that could not be translated (said why), or None."""
        lines: list[LayerLine] = []
        for index, layer in enumerate(layers):
            kind = layer.get("class_name")
            last = lines[-1].target if lines else source
            if kind == "InputLayer" and source is not None:
                continue  # a nested model's input: the tensor it is applied to
            if kind in ("Functional", "Model") and last is not None:
                made = self.inline_functional(layer, (last,), taken)
            elif kind == "Sequential" and last is not None:
                made, failed = self.chained((layer.get("config") or {}).get("layers", ()),
                                            last, taken)
                made = None if failed is not None else made
            else:
                call = self.layer_call(layer)
                name = str((layer.get("config") or {}).get("name") or kind)
                made = None if call is None or (last is None and call.func != "Input") else [
                    LayerLine(call, target=identifier(name, taken),
                              inputs=(last,) if call.func != "Input" else None)]
            if not made:
                return lines, index
            lines.extend(made)
        return lines, None

    def functional(self, body: dict) -> list[LayerLine]:
        taken: set[str] = set()
        ids: dict[str, str] = {}
        self.failed: set[str] = set()
        self.left_out = 0
        lines = self.functional_lines(body, ids, taken)
        if self.left_out:
            self.problem("model", f"{self.left_out} more layers are left out: they read "
                         "the output of a layer that could not be translated")
        outputs = [o[0] for o in _layer_refs(body.get("output_layers"))]
        if lines and outputs and ids.get(outputs[-1]) != lines[-1].target:
            self.problem("model", f"the output {outputs[-1]} is not the last layer")
        inputs = [ids.get(i[0]) for i in _layer_refs(body.get("input_layers"))]
        return _inputs_first(lines, inputs)

    def functional_lines(self, body: dict, ids: dict[str, str], taken: set[str]
                         ) -> list[LayerLine]:
        """The statements of a functional model's layers; ``ids`` maps a Keras layer name
        to its output's model-text name (given for a nested model's inputs)."""
        lines: list[LayerLine] = []
        for layer in body.get("layers", ()):
            name = str(layer.get("name") or (layer.get("config") or {}).get("name"))
            if name in ids and layer.get("class_name") == "InputLayer":
                continue  # a nested model's input: the tensor it is applied to
            nodes = layer.get("inbound_nodes") or []
            if len(nodes) > 1:
                self.problem(f"layer {name}", "applied more than once (shared weights): "
                             "write it as s = Layer(...), then s(a), s(b)")
                continue
            inputs = self.inputs(name, nodes[0] if nodes else {}, ids)
            if inputs is None:
                self.failed.add(name)
                continue
            if layer.get("class_name") == "Sequential" and len(inputs) == 1:
                made, failed = self.chained((layer.get("config") or {}).get("layers", ()),
                                            inputs[0], taken)  # a Sequential used as a layer
                made = [] if failed is not None else made
            elif layer.get("class_name") in ("Functional", "Model"):
                made = self.inline_functional(layer, inputs, taken)
                if made is None:
                    self.failed.add(name)
                    continue
            elif (operation := _arithmetic(layer, nodes, inputs)) is not None \
                    or (operation := config_function(layer, nodes, inputs)) is not None:
                if isinstance(operation, str):  # Gelu with "approximate": false
                    self.problem(f"layer {name}", operation)
                    self.failed.add(name)
                    continue
                ids[name] = identifier(name, taken)  # h + 3.0, exp(h): the row is named as
                made = [LayerLine(operation, target=ids[name])]  # Keras numbers it
            else:
                call = _scalar_op(layer, name, nodes) or self.layer_call(layer)
                if call is None:
                    self.failed.add(name)
                    continue
                ids[name] = identifier(name, taken)
                made = [LayerLine(call, target=ids[name],
                                  inputs=inputs if call.func != "Input" else None)]
            lines.extend(made)
            if made:
                ids[name] = made[-1].target
        return lines

    def inline_functional(self, layer: dict, sources: tuple[str, ...], taken: set[str]
                          ) -> list[LayerLine] | None:
        """A functional model used as a layer (a ``keras.applications`` network under a new
        head): its layers in its place, reading ``sources``; a frozen model's layers say
        ``trainable=False`` in their own configs. None if it does not fit: said why."""
        body = layer.get("config") or {}
        where = f"layer {body.get('name', 'model')}"
        ins = [ref[0] for ref in _layer_refs(body.get("input_layers"))]
        outs = [ref[0] for ref in _layer_refs(body.get("output_layers"))]
        if len(ins) != len(sources) or len(outs) != 1:
            self.problem(where, f"a model of {len(ins)} inputs and {len(outs)} outputs used "
                         f"as a layer on {len(sources)} tensors")
            return None
        ids = dict(zip(ins, sources, strict=True))
        made = self.functional_lines(body, ids, taken)
        if not made or ids.get(outs[0]) != made[-1].target:
            self.problem(where, f"its output {outs[0]} is not its last layer")
            return None
        return made

    def inputs(self, name: str, node: dict, ids: dict[str, str]) -> tuple[str, ...] | None:
        found = []
        for history in _tensors(node):
            source, node_index, tensor_index = (list(history) + [0, 0])[:3]
            if source in self.failed:
                self.left_out += 1
                return None
            if node_index or tensor_index or source not in ids:
                self.problem(f"layer {name}", "reads a tensor that is not the single "
                             f"output of a layer made before it ({source})")
                return None
            found.append(ids[source])
        return tuple(found)


#: Keras operations that work element by element: with one tensor and the rest scalars,
#: the result has the tensor's shape and no weights (``keras.ops.hard_sigmoid(x)``), written
#: ``Identity``. Those of :data:`ARITHMETIC_OPS` are written as arithmetic (``x + 3.0``) when
#: they read tensors and numbers only, the functions of one tensor the model text has
#: (``Exp``, ``Relu6``: :data:`~.tensor_functions.OPS_CLASSES`) as those functions.
ELEMENTWISE_OPS = frozenset({
    "Add", "Subtract", "Multiply", "Divide", "TrueDivide", "Power", "Maximum", "Minimum",
    "Negative", "Absolute", "Abs", "Square", "Sqrt", "Exp", "Log", "Sigmoid", "Relu",
    "Relu6", "Tanh", "HardSigmoid", "HardSilu", "Silu", "Gelu", "Softplus",
})


#: Keras operations of two tensors that are merge layers, which the model text has no
#: operator for: ``keras.ops.maximum(x, y)``.
TENSOR_OPS = {"Maximum": "Maximum", "Minimum": "Minimum"}


#: Keras operations written as arithmetic on tensors, by class: ``x + 3.0``, ``-x``, ``x + y``
#: (ConvNeXt's residual sum), ``keras.ops.divide`` too (written ``/``: its row is then named
#: ``true_divide``, Keras's ``divide``).
ARITHMETIC_OPS = {"Add": "+", "Subtract": "-", "Multiply": "*", "TrueDivide": "/",
                  "Divide": "/", "Power": "**", "FloorDivide": "//", "Mod": "%",
                  "Negative": "-"}


def _arithmetic(layer: dict, nodes: list, inputs: tuple[str, ...]) -> Operation | None:
    """A Keras operation of :data:`ARITHMETIC_OPS` on tensors and numbers as arithmetic;
    its tensors are ``inputs`` (the model-text names, in the order the node reads them)."""
    kind = layer.get("class_name")
    if not str(layer.get("module", "")).startswith("keras.src.ops") \
            or kind not in ARITHMETIC_OPS or len(nodes) != 1 or not inputs:
        return None
    args = [*(nodes[0].get("args") or ()), *((nodes[0].get("kwargs") or {}).values())]
    if len(args) != (1 if kind == "Negative" else 2):
        return None
    tensors, operands = iter(inputs), []
    for arg in args:
        if isinstance(arg, dict) and arg.get("class_name") == "__keras_tensor__":
            operands.append(TensorRef(next(tensors)))
        elif type(arg) in (int, float):
            operands.append(arg)
        else:
            return None  # a list, a string, a constant tensor: not arithmetic here
    return Operation(ARITHMETIC_OPS[kind], tuple(operands))


def _scalar_op(layer: dict, name: str, nodes: list) -> Call | None:
    """An element-wise Keras operation on one tensor and scalars, as ``Identity``; on two
    tensors and nothing else, as the merge layer (``Maximum``) it is."""
    kind = layer.get("class_name")
    if not str(layer.get("module", "")).startswith("keras.src.ops") \
            or kind not in ELEMENTWISE_OPS or len(nodes) != 1:
        return None
    args = [*(nodes[0].get("args") or ()), *((nodes[0].get("kwargs") or {}).values())]
    tensors = [a for a in args if isinstance(a, dict)]
    others = [a for a in args if not isinstance(a, dict)]
    if len(tensors) == 2 and not others and kind in TENSOR_OPS:
        return Call(TENSOR_OPS[kind], (), (("name", name),))
    if len(tensors) != 1 or not all(isinstance(a, (int, float)) for a in others):
        return None
    return Call("Identity", (), (("name", name),))


def _inputs_first(lines: list[LayerLine], order: list[str | None]) -> list[LayerLine]:
    """The ``Input`` lines first, in the model's order of its inputs (``order``, by
    model-text name): Keras lists a layer by its depth in the graph, so an input read only
    later (a VAE's noise, ``mean + exp(0.5 * log_var) * eps``) comes after layers, and the
    model text wants every input at the top.

    >>> from .ir import Call
    >>> lines = [LayerLine(Call("Input"), target="a"), LayerLine(Call("Dense"), target="d"),
    ...          LayerLine(Call("Input"), target="b")]
    >>> [line.target for line in _inputs_first(lines, ["b", "a"])]
    ['b', 'a', 'd']
    """
    def is_input(line: LayerLine) -> bool:
        return isinstance(line.call, Call) and line.call.func == "Input"

    rank = {name: index for index, name in enumerate(order)}
    first = sorted((line for line in lines if is_input(line)),
                   key=lambda line: rank.get(line.target, len(rank)))
    return first + [line for line in lines if not is_input(line)]


def _tensors(node: dict) -> list:
    """The ``keras_history`` of every tensor a node reads, args first, then kwargs."""
    found: list = []
    stack = [*(node.get("args") or ()), *((node.get("kwargs") or {}).values())]
    stack.reverse()
    while stack:
        item = stack.pop()
        if isinstance(item, dict) and item.get("class_name") == "__keras_tensor__":
            found.append(item["config"]["keras_history"])
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
    return found


def _layer_refs(refs) -> list:
    if not refs:
        return []
    return [refs] if isinstance(refs[0], str) else list(refs)


def _same(default, value) -> bool:
    """Whether a config value is the default (of the same type: ``1`` is not ``True``)."""
    return type(default) is type(value) and default == value


def _harmless(raw) -> bool:
    """A left-out value that changes nothing: a default-looking one or a serialized object."""
    return raw in (None, False, 0, 0.0, "", [], {}) or isinstance(raw, dict)
