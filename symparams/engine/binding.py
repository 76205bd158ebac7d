"""What the engine's modules share while one model is elaborated: a bound layer call, the
per-model context (file, symbols, warnings, argument binding) and a tensor of the graph.

Kept apart from :mod:`.elaborate` and :mod:`.graph` so that neither imports the other.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Protocol

from sympy import Expr, Integer

from ..errors import (
    ArgumentError,
    SourceSpan,
    SymparamsError,
    UnknownLayerError,
    did_you_mean,
)
from ..layers import registry
from ..layers.merging import EQUALITY
from ..layers.registry import COMMON_PARAMS, REQUIRED, Args, Dim, LayerType, Optional, Param
from ..limits import Limits
from ..record import Record, record
from ..syntax import ast
from .expr import ExprBuilder
from .memo import MISSING, hashable, recall, remember
from .model import Layer, Warning_
from .names import names_in
from .values import NONE

__all__ = [
    "INPUT_NAMES", "BoundLayer", "tuple_names_spelled_out", "ModelContext", "Tensor",
    "LayerMaker", "to_sympy", "own_arguments", "input_arguments",
]

INPUT_NAMES = ("Input", "InputLayer")


@record
class BoundLayer(Record):
    """A layer call with its type and converted arguments (also a nested ``LSTM(64)``)."""

    type: LayerType
    args: Args
    call: ast.Call


def to_sympy(value: Any) -> Any:
    """Defaults written as Python ints become SymPy integers (bools stay bools)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return Integer(value)
    if isinstance(value, tuple):
        return tuple(to_sympy(v) for v in value)
    return value


class ModelContext:
    """What argument kinds need while one model is elaborated."""

    def __init__(self, filename: str, text: str, limits: Limits, warnings: list) -> None:
        self.filename = filename
        self.text = text
        self.limits = limits
        self.warnings = warnings
        self.builder: ExprBuilder | None = None
        self.naming: tuple[set[str], dict[str, int]] | None = None
        """The graph's used names and per-stem counters, to name a layer in its errors."""
        self._depth = 0

    def span(self, pos: ast.Pos) -> SourceSpan:
        return SourceSpan(
            self.filename, self.text, pos.line, pos.column, pos.end_line, pos.end_column
        )

    def expr(self, node: ast.Expr) -> Expr:
        return self.builder.build(node)

    def is_function(self, name: str) -> bool:
        """``floor``, ``max``, ... or a ``def`` helper: a call that computes a value."""
        from ..symbolic.functions import FUNCTION_NAMES

        caller = getattr(self.builder, "call_function", None)
        return name in FUNCTION_NAMES or (caller is not None and name in caller.sources)

    def warn(self, message: str, pos: ast.Pos) -> None:
        self.warnings.append(Warning_(message, self.span(pos)))

    def layer(self, call: ast.Call) -> BoundLayer:
        if call.func in INPUT_NAMES:
            raise ArgumentError(f"{call.func} is not a layer here", self.span(call.func_pos))
        return self.bind(call)

    # -- binding ----------------------------------------------------------------------------

    def lookup(self, call: ast.Call) -> LayerType:
        layer_type = registry.lookup(call.func)
        if layer_type is None:
            raise UnknownLayerError(
                f"unknown layer '{call.func}'",
                self.span(call.func_pos),
                hint=did_you_mean(call.func, registry.layer_names() + list(INPUT_NAMES)),
            )
        return layer_type

    def bind(self, call: ast.Call) -> BoundLayer:
        """``call``'s layer type and arguments. A call bound again with the same values for
        the names it reads (a block's layers in every model of a file) is bound once per run
        (:mod:`.memo`), its warnings said again."""
        key = self.binding_key(call)
        remembered = recall("bindings", key, call)
        if remembered is not MISSING:
            bound, warnings = remembered
            self.warnings.extend(warnings)
            return bound
        start = len(self.warnings)
        bound = self.bind_now(call)
        remember("bindings", key, call, (bound, tuple(self.warnings[start:])))
        return bound

    def binding_key(self, call: ast.Call) -> tuple | None:
        """What binding ``call`` reads: the call (its id; the memo keeps it alive), for each
        name in it its local value, symbol and tensor shape, the helpers and assumptions
        (and the equalities they give) that compute values, the file and the limits."""
        builder = self.builder
        if builder is None:
            return None
        tensors = builder.tensors
        names = tuple((name, builder.locals.get(name, MISSING), builder.symbols.get(name),
                       getattr(tensors.get(name), "shape", None))
                      for name in sorted(names_in(call)))
        helpers = builder.call_function
        return hashable((id(call), names, getattr(helpers, "table_key", helpers is None),
                         tuple(getattr(builder, "assumptions", ())), EQUALITY.get(),
                         self.filename, self.limits))

    def bind_now(self, call: ast.Call) -> BoundLayer:
        layer_type = self.lookup(call)
        params = list(layer_type.params)
        own = {p.name for p in params}
        params += [p for p in COMMON_PARAMS if p.name not in own]
        if "input_dim" not in own:  # Keras 2's Dense(32, input_dim=784): input shape (784,)
            params.append(Param("input_dim", Optional(Dim()), None, positional=False))
        self._depth += 1
        try:
            values, nodes = self._bind_arguments(call, layer_type.name, params,
                                                 layer_type.bind_positional)
        except ArgumentError as err:
            if err.layer is not None:
                raise
            name = self.preview_name(layer_type, call) if self._depth == 1 else None
            title = f"{layer_type.name} ({name})" if name else layer_type.name
            own = err.message.startswith(f"{layer_type.name} ")  # "Dense has no argument"
            message = (title + err.message.removeprefix(layer_type.name) if own
                       else f"{title}: {err.message}")
            named = ArgumentError(message, err.span, layer=name, hint=err.hint)
            named.names_layer = True  # a nested layer's error: its wrapper adds no argument
            raise named from None
        finally:
            self._depth -= 1
        return BoundLayer(layer_type, Args(values, nodes.keys(), nodes), call)

    def preview_name(self, layer_type: LayerType, call: ast.Call) -> str:
        """The name the layer of ``call`` will get: its ``name=`` string, or Keras's stem
        numbered as the graph numbers it (``conv2d_3``); nothing is reserved."""
        for kw in call.keywords:
            if kw.name == "name" and isinstance(kw.value, ast.Str):
                return kw.value.value
        used, counters = self.naming or (set(), {})
        stem, count = layer_type.keras_name, counters.get(layer_type.keras_name, 0)
        while (name := stem if count == 0 else f"{stem}_{count}") in used:
            count += 1
        return name

    def _bind_arguments(self, call, title, params, bind_positional=None):
        by_name = {p.name: p for p in params}
        args = list(call.args)
        if bind_positional is not None:
            args = bind_positional(args, {k.name: k.value for k in call.keywords}, self)
        positional = [p for p in params if p.positional]
        if len(args) > len(positional):
            extra = args[len(positional)]
            raise ArgumentError(
                f"{title} takes at most {len(positional)} positional arguments "
                f"({', '.join(p.name for p in positional)}), got {len(args)}",
                self.span(extra.pos),
            )
        nodes: dict[str, ast.Expr] = {}
        for param, node in zip(positional, args, strict=False):
            nodes[param.name] = node
        for kw in call.keywords:
            if kw.name not in by_name:
                raise ArgumentError(
                    f"{title} has no argument '{kw.name}'",
                    self.span(kw.pos),
                    hint=did_you_mean(kw.name, by_name),
                )
            if kw.name in nodes:
                raise ArgumentError(
                    f"{title} got argument '{kw.name}' twice", self.span(kw.pos)
                )
            nodes[kw.name] = kw.value
        values: dict[str, Any] = {}
        for param in params:
            if param.name in nodes:
                values[param.name] = _convert(param, nodes[param.name], self)
            elif param.default is REQUIRED:
                raise ArgumentError(
                    f"{title} is missing the required argument '{param.name}'",
                    self.span(call.pos),
                    hint=param.doc or None,
                )
            else:
                values[param.name] = to_sympy(param.default)
        return values, nodes


def _convert(param: Param, node: ast.Expr, ctx: ModelContext) -> Any:
    """One argument's value; its error names the argument: ``kernel_size must be ...``."""
    try:
        return param.kind.convert(node, ctx)
    except ArgumentError as err:
        if getattr(err, "names_layer", False) or err.message.startswith(f"{param.name} "):
            raise
        if err.message.startswith("expected "):
            message = f"{param.name} must be {err.message.removeprefix('expected ')}"
        else:
            message = f"{param.name}: {err.message}"
        raise ArgumentError(message, err.span, hint=err.hint) from None


def own_arguments(bound: BoundLayer) -> set[str]:
    return {p.name for p in bound.type.params}


def input_arguments(bound: BoundLayer) -> list[str]:
    """Arguments that only set the model's input shape, given on this layer."""
    names = ["input_shape", "input_length"]
    if "input_dim" not in own_arguments(bound):
        names.append("input_dim")
    return [n for n in names if n in bound.args.given]

@record
class Tensor(Record):
    """A tensor of the graph: its shape (batch excluded) and where it comes from."""

    shape: tuple[Expr, ...]
    source: str


class LayerMaker(Protocol):
    """What graph-level layers need of the elaborator: a bound call made into a Layer."""

    def layer(self, bound: BoundLayer, x, name: str, ctx: ModelContext) -> Layer: ...


def tuple_names_spelled_out(call: ast.Call, builder) -> ast.Call:
    """``call`` with each argument that names a tuple value (``p = ((1, 1), (1, 1))``, then
    ``padding=p``; a helper returning one, ``padding=pads(2)``) written as a tuple of hidden
    names bound in ``builder.locals`` to its items, so that an argument kind that reads a
    written tuple reads it too; other arguments are left as they are."""
    if builder is None:
        return call

    def spelled(node):
        value = None
        if isinstance(node, ast.Name) and isinstance(builder.locals.get(node.id), (tuple, str)):
            value = builder.locals[node.id]
        elif isinstance(node, ast.Subscript):  # acts[1]: its error is its own
            value = builder.value(node)
        elif isinstance(node, ast.Call) and node.func not in builder.known_layers \
                and builder.call_function is not None:
            try:
                value = builder.value(node)
            except SymparamsError:  # said again, with the layer and argument, by binding
                return node
        if isinstance(value, str):  # act = "gelu", then activation=act (or acts[1])
            return ast.Str(value, node.pos)
        if not isinstance(value, tuple):
            return node
        return _tuple_node(value, f"\0{id(node)}", node.pos, builder)

    args = tuple(spelled(a) for a in call.args)
    keywords = tuple(dataclasses.replace(k, value=spelled(k.value)) if spelled(k.value)
                     is not k.value else k for k in call.keywords)
    if all(a is b for a, b in zip(args, call.args, strict=True)) and \
            all(a is b for a, b in zip(keywords, call.keywords, strict=True)):
        return call
    return dataclasses.replace(call, args=args, keywords=keywords)


def _tuple_node(value: tuple, stem: str, pos, builder) -> ast.TupleExpr:
    items = []
    for index, item in enumerate(value):
        if isinstance(item, tuple):
            items.append(_tuple_node(item, f"{stem}\0{index}", pos, builder))
        elif item is None or item is NONE or isinstance(item, bool):
            items.append(ast.Const(None if item is NONE else item, pos))
        elif isinstance(item, str):
            items.append(ast.Str(item, pos))
        else:
            name = f"{stem}\0{index}"
            builder.locals[name] = item
            items.append(ast.Name(name, pos))
    return ast.TupleExpr(tuple(items), pos)
