"""Keras's element-wise functions of one tensor in Keras code and configs: ``keras.ops.exp(h)``,
``ops.sqrt(v)``, ``keras.ops.nn.gelu(h)``, ``keras.activations.sigmoid(h)``. Each is one Keras
operation (``Exp``, ``Sqrt``, ...), written as the model text's function of a tensor
(``exp(h)``, :data:`~symparams.syntax.keras_names.TENSOR_FUNCTIONS`).

``keras.activations.relu`` is not ``keras.ops.relu``: it builds Keras's ``ReLU`` operation
(a row ``re_lu``, with ``negative_slope``, ``max_value`` and ``threshold``), which is the
``ReLU`` layer of the model text, applied to the tensor.

>>> find_function("keras.ops.numpy.exp"), find_function("ops.swish").written
(TensorFunction(written='exp', parameters=(), layer=False), 'silu')
>>> find_function("keras.activations.gelu").parameters, find_function("np.exp")
((('approximate', False),), None)
>>> OPS_CLASSES["Absolute"], OPS_CLASSES["Log1p"]
('absolute', 'log1p')
"""

from __future__ import annotations

import ast as pyast
import json
from collections.abc import Iterable, Mapping

from ..record import Record, record
from ..syntax.keras_names import TENSOR_FUNCTIONS
from .ir import Operation, TensorRef
from .python_values import Untranslatable

__all__ = ["TensorFunction", "LANGUAGE_VALUES", "MODULES", "OPS_CLASSES",
           "ACTIVATION_OPERATIONS", "find_function", "is_keras_function", "function_arguments",
           "config_function"]


@record
class TensorFunction(Record):
    """A Keras function of one tensor ``x`` as the model text writes it: the function
    ``written`` (``exp``), or with ``layer`` the layer of that class applied to ``x``
    (``ReLU``); ``parameters`` are its keyword parameters after ``x`` with Keras's
    defaults."""

    written: str
    parameters: tuple[tuple[str, object], ...] = ()
    layer: bool = False


#: The values the model text's functions have for Keras's parameters: its ``gelu`` is
#: ``keras.ops.gelu``'s default, the tanh approximation.
LANGUAGE_VALUES: Mapping[str, Mapping[str, object]] = {"gelu": {"approximate": True}}

_NUMPY = ("exp", "log", "sqrt", "square", "absolute", "abs", "reciprocal", "log1p", "expm1",
          "sin", "cos", "tanh")
_NN = ("sigmoid", "relu", "relu6", "softplus", "silu", "gelu")
_GELU = (("approximate", True),)


def _table(names: Iterable[str], **others: TensorFunction) -> dict[str, TensorFunction]:
    made = {name: TensorFunction(name, _GELU if name == "gelu" else ()) for name in names}
    return {**made, **others}


_SILU = TensorFunction("silu")
#: The functions by the module Keras exports them from (checked against Keras 3): ``keras.ops``
#: has them all, ``swish`` being ``silu``; ``keras.activations.exponential`` is ``exp``, and
#: its ``gelu`` is exact unless told ``approximate=True``.
MODULES: Mapping[str, Mapping[str, TensorFunction]] = {
    "ops": _table(sorted(TENSOR_FUNCTIONS), swish=_SILU),
    "ops.numpy": _table(_NUMPY),
    "ops.nn": _table(_NN, swish=_SILU),
    "activations": _table(
        ("sigmoid", "tanh", "relu6", "softplus", "silu"), swish=_SILU,
        exponential=TensorFunction("exp"),
        gelu=TensorFunction("gelu", (("approximate", False),)),
        relu=TensorFunction("ReLU", (("negative_slope", 0.0), ("max_value", None),
                                     ("threshold", 0.0)), layer=True)),
}

#: The model text's function of each Keras operation class a function builds (a config's
#: ``"class_name"``): ``Exp`` is ``exp``; ``abs`` is Keras's ``absolute``.
OPS_CLASSES: Mapping[str, str] = {name[0].upper() + name[1:]: name
                                  for name in sorted(TENSOR_FUNCTIONS) if name != "abs"}

#: Keras operations that ``keras.activations`` builds which are model-text layers of the
#: same class and arguments, by class: their module in a config.
ACTIVATION_OPERATIONS: Mapping[str, str] = {"ReLU": "keras.src.activations.activations"}


def _group(module: str) -> str | None:
    """The key of :data:`MODULES` for a module path (``keras.ops.nn``, ``ops``), or None."""
    for group in ("ops.numpy", "ops.nn"):
        if module == group or module.endswith("." + group):
            return group
    last = module.rpartition(".")[2]
    return last if last in ("ops", "activations") else None


def find_function(func: str) -> TensorFunction | None:
    """The function of one tensor a dotted name calls (``keras.ops.exp``, ``ops.exp``,
    ``keras.ops.numpy.exp``, ``keras.ops.nn.gelu``, ``keras.activations.sigmoid``), or None.

    >>> find_function("keras.activations.relu").written, find_function("keras.ops.nn.exp")
    ('ReLU', None)
    """
    module, _, short = func.rpartition(".")
    group = _group(module)
    return MODULES[group].get(short) if group is not None else None


#: ``keras.ops`` functions that read a tensor's shape or type: a Python value, no operation.
_NOT_OPERATIONS = frozenset({"shape", "dtype", "is_tensor"})


def is_keras_function(func: str) -> bool:
    """Whether a dotted name is a function of ``keras.ops`` (any of its modules) or
    ``keras.activations``, which on a tensor makes a Keras operation that the model text may
    not have (``keras.ops.softmax``); ``keras.ops.shape`` is a value.

    >>> is_keras_function("keras.ops.softmax"), is_keras_function("ops.nn.gelu")
    (True, True)
    >>> is_keras_function("np.exp"), is_keras_function("layers.add")
    (False, False)
    >>> is_keras_function("keras.ops.shape"), is_keras_function("keras.ops.image.resize")
    (False, True)
    """
    module, _, short = func.rpartition(".")
    parts = module.split(".")
    return ("ops" in parts[:-1] or _group(module) is not None) and short not in _NOT_OPERATIONS


def function_arguments(function: TensorFunction, node: pyast.Call,
                       func: str) -> tuple[pyast.expr, list[pyast.keyword]]:
    """The tensor argument of ``node``, a call of ``function`` (``func`` as the code names
    it), and for a layer the keywords to make it with. Parameters are given by position or
    name; the model text's function has no arguments but the tensor, so a value other than
    its own (``gelu(h, approximate=False)``) is untranslatable.

    >>> node = pyast.parse("ops.gelu(h, approximate=True)").body[0].value
    >>> x, _ = function_arguments(find_function("ops.gelu"), node, "ops.gelu")
    >>> x.id
    'h'
    """
    names = ("x", *(name for name, _ in function.parameters))
    text = pyast.unparse(node)
    takes = f"{text!r}: {func} takes ({', '.join(names)})"
    if any(isinstance(a, pyast.Starred) for a in node.args) or len(node.args) > len(names):
        raise Untranslatable(node, takes)
    given = dict(zip(names, node.args, strict=False))
    for kw in node.keywords:
        if kw.arg is None or kw.arg not in names or kw.arg in given:
            raise Untranslatable(node, takes + (f", not {kw.arg}=" if kw.arg
                                                and kw.arg not in names else ""))
        given[kw.arg] = kw.value
    if "x" not in given:
        raise Untranslatable(node, f"{text!r}: {func} without its tensor x")
    if function.layer:  # keras.activations.relu(x, max_value=6.0): ReLU(max_value=6.0)(x)
        return given["x"], [pyast.copy_location(pyast.keyword(key, value), value)
                            for key, value in given.items() if key != "x"]
    expected = LANGUAGE_VALUES.get(function.written, {})
    for key, default in function.parameters:
        value = given.get(key)
        if value is not None and not (isinstance(value, pyast.Constant)
                                      and type(value.value) is type(default)):
            raise Untranslatable(node, f"{text!r}: {key}={pyast.unparse(value)} is not a "
                                 "value the import can read")
        actual = default if value is None else value.value
        if actual != expected[key]:
            given_as = "" if value is not None else f" ({func}'s default)"
            raise Untranslatable(node, f"{text!r}: {key}={actual!r}{given_as}: "
                                 + _language(function.written, key, expected[key]))
    return given["x"], []


def _language(written: str, key: str, expected: object) -> str:
    return (f"the model language's {written}(x) is keras.ops.{written}(x, {key}="
            f"{expected!r}), and it takes no {key}=")


def config_function(layer: dict, nodes: list, inputs: tuple[str, ...]) -> Operation | str | None:
    """A config's Keras operation of :data:`OPS_CLASSES` on one tensor (``inputs``, its
    model-text name) as the model text's function (``exp(x)``); a message if its config has
    a value the model text's function cannot say (``Gelu`` with ``"approximate": false``);
    None for any other layer.

    >>> tensor = {"class_name": "__keras_tensor__", "config": {"keras_history": ["x", 0, 0]}}
    >>> layer = {"module": "keras.src.ops.nn", "class_name": "Gelu",
    ...          "config": {"name": "gelu", "approximate": True}}
    >>> config_function(layer, [{"args": [tensor], "kwargs": {}}], ("x",))
    Operation(op='gelu', operands=(TensorRef(name='x'),))
    >>> layer["config"]["approximate"] = False
    >>> config_function(layer, [{"args": [tensor], "kwargs": {}}], ("x",))[:49]
    "Gelu with approximate=False: the model language's"
    """
    kind = layer.get("class_name")
    if not str(layer.get("module", "")).startswith("keras.src.ops") \
            or kind not in OPS_CLASSES or len(nodes) != 1 or len(inputs) != 1:
        return None
    args = [*(nodes[0].get("args") or ()), *((nodes[0].get("kwargs") or {}).values())]
    if len(args) != 1 or not (isinstance(args[0], dict)
                              and args[0].get("class_name") == "__keras_tensor__"):
        return None
    written = OPS_CLASSES[kind]
    expected = LANGUAGE_VALUES.get(written, {})
    for key, value in (layer.get("config") or {}).items():
        if key == "name":
            continue
        if key not in expected:
            return f"{kind} with {key}={json.dumps(value)[:60]}: the model language's " \
                   f"{written}(x) takes no {key}="
        if type(value) is not type(expected[key]) or value != expected[key]:
            return f"{kind} with {key}={value!r}: " + _language(written, key, expected[key])
    return Operation(written, (TensorRef(inputs[0]),))
