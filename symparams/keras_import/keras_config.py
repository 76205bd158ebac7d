"""A Keras model config (``model.to_json()``, or ``config.json`` in a ``.keras`` archive) as
imported models: a ``Sequential`` as a chain, a ``Functional`` as named tensors.

Layers keep their Keras names (``name='conv1_conv'``), so a summary lines up with Keras's.
Serialized initializers, regularizers, constraints and dtype policies change no count and
are left out; so is any argument ``accepts`` says the layer does not take, and a left-out
argument with a value that might matter is reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ..errors import DSLSyntaxError, SourceSpan
from .ir import Call, ImportedModel, LayerLine, Problem, identifier
from .python_code import Translation

__all__ = ["translate_config", "Accepts"]

#: ``accepts(class_name)``: the argument names symparams takes for that layer, or None.
Accepts = Callable[[str], "frozenset[str] | None"]

_DROP = object()
_MODEL_CLASSES = ("Sequential", "Functional", "Model")


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
        if kind == "Sequential":
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
        if kind in _MODEL_CLASSES:
            self.problem(where, f"a {kind} model used as a layer")
            return None
        if kind == "InputLayer":
            shape = config.get("batch_shape") or config.get("batch_input_shape")
            keywords = [("shape", tuple(shape[1:]))] if shape else []
            if config.get("name"):
                keywords.append(("name", config["name"]))
            return Call("Input", (), tuple(keywords))
        if layer.get("module") not in (None, "keras.layers") and layer.get("registered_name"):
            self.problem(where, f"custom layer {layer.get('registered_name')}: its weights are "
                         "made by its own code")
            return None
        known = self.accepts(kind)
        keywords = []
        for key, raw in config.items():
            value = self.value(raw, where)
            if value is _DROP:
                continue
            if known is not None and key not in known:
                if not _harmless(raw):
                    self.problem(where, f"argument {key}={json.dumps(raw)[:60]} is left out: "
                                 f"symparams's {kind} does not take it")
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

    def functional(self, body: dict) -> list[LayerLine]:
        taken: set[str] = set()
        ids: dict[str, str] = {}
        lines: list[LayerLine] = []
        for layer in body.get("layers", ()):
            name = str(layer.get("name") or (layer.get("config") or {}).get("name"))
            nodes = layer.get("inbound_nodes") or []
            call = self.layer_call(layer)
            if call is None:
                continue
            if len(nodes) > 1:
                self.problem(f"layer {name}", "applied more than once: shared weights")
                continue
            inputs = []
            for history in _tensors(nodes[0] if nodes else {}):
                source, node_index, tensor_index = (list(history) + [0, 0])[:3]
                if node_index or tensor_index or source not in ids:
                    self.problem(f"layer {name}", "reads a tensor that is not the single "
                                 f"output of a layer made before it ({source})")
                    break
                inputs.append(ids[source])
            else:
                ids[name] = identifier(name, taken)
                lines.append(LayerLine(call, target=ids[name],
                                       inputs=tuple(inputs) if call.func != "Input" else None))
        outputs = [o[0] for o in _layer_refs(body.get("output_layers"))]
        if lines and outputs and ids.get(outputs[-1]) != lines[-1].target:
            self.problem("model", f"the output {outputs[-1]} is not the last layer")
        return lines


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


def _harmless(raw) -> bool:
    """A left-out value that changes nothing: a default-looking one or a serialized object."""
    return raw in (None, False, 0, 0.0, "", [], {}) or isinstance(raw, dict)
