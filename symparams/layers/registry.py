"""The layer registry: one declarative :class:`LayerType` per Keras layer class.

A definition says everything symparams knows about a layer: its signature (Keras's argument
names, positional order and defaults), which input ranks it accepts, its output shape, its
trainable and non-trainable parameter counts, the conditions under which it is valid, and a
one-line human derivation. To add a layer of your own, copy one from
:mod:`symparams.layers.core` and call :func:`register`. The argument kinds (``Dim``,
``Dims``, ``Choice``, ...) live in :mod:`symparams.layers.argkinds` and are re-exported here:

>>> from symparams.layers.registry import LayerType, Param, Dim, register, lookup, Cost
>>> def _shape(a, x):
...     return (*x[:-1], a.units)
>>> def _weights(a, x):
...     return a.units * x[-1]
>>> _ = register(LayerType(
...     name="NoBiasDense", family="custom",
...     params=(Param("units", Dim()),),
...     shape=_shape, trainable=_weights, rank=(1, None),
...     cost=lambda a, x, y: Cost(macs=a.units * x[-1]),
...     derivation="units × inputs"))
>>> lookup("NoBiasDense").keras_name
'no_bias_dense'
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping
from dataclasses import field
from typing import Any

import sympy
from sympy import Expr, Integer

from ..record import Record, record
from ..syntax import ast
from .argkinds import (  # re-exported: `from symparams.layers.registry import Dim`
    ActivationArg,
    Anything,
    Bool,
    Choice,
    Dim,
    Dims,
    InputShapeArg,
    Int,
    Kind,
    LayerArg,
    Number,
    Optional,
    ShapeArg,
)
from .cost import Cost
from .families import FAMILY_OF

__all__ = [
    "Shape",
    "Condition",
    "Args",
    # the argument kinds, defined in .argkinds
    "Cost",
    "Kind",
    "Dim",
    "Int",
    "Dims",
    "ShapeArg",
    "InputShapeArg",
    "Bool",
    "Number",
    "Choice",
    "Anything",
    "ActivationArg",
    "LayerArg",
    "Optional",
    "Param",
    "LayerType",
    "REQUIRED",
    "register",
    "lookup",
    "builtin_families",
    "layer_types",
    "layer_names",
    "to_snake_case",
    "WEIGHT_OPTIONS",
    "COMMON_PARAMS",
    "Reject",
    "positivity_conditions",
    "product",
]

Shape = tuple[Expr, ...]
ZERO = Integer(0)
_FOLDED = (sympy.Mod, sympy.floor, sympy.ceiling)  # what Condition.as_text folds as constraints do


@record
class Condition(Record):
    """A requirement for the layer to be valid: ``lhs >= rhs`` (e.g. input height >= kernel),
    with ``kind="<="`` ``lhs <= rhs`` (a symbolic dropout rate at most 1), or with
    ``kind="multiple"``, ``lhs`` a multiple of ``rhs`` (channels and groups)."""

    lhs: Expr
    rhs: Expr
    what: str
    kind: str = ">="
    span: Any = field(default=None, compare=False, repr=False)
    """Where to point when it fails, if not at its layer (a model input's ``Input`` line)."""

    def holds(self, lhs, rhs) -> bool:
        """Whether it holds at these values (integers, or exact rationals for a rate)."""
        if self.kind == "multiple":
            return lhs % rhs == 0
        return lhs <= rhs if self.kind == "<=" else lhs >= rhs

    def as_ge(self) -> Condition:
        """The same requirement as ``lhs >= rhs`` or a multiple: what the algebra reads.

        >>> Condition(sympy.Symbol("p"), Integer(1), "rate", "<=").as_ge().lhs
        1
        """
        if self.kind != "<=":
            return self
        return Condition(self.rhs, self.lhs, self.what, ">=", self.span)

    def requirement(self, rhs) -> str:
        """``"input height >= 7"``, ``"rate <= 1"`` or ``"input channels a multiple of 4"``."""
        if self.kind == "multiple":
            return f"{self.what} a multiple of {rhs}"
        return f"{self.what} {'<=' if self.kind == '<=' else '>='} {rhs}"

    def as_text(self) -> str:
        """The condition in the model's symbols: ``"H >= k"``, ``"C % g == 0"``; a bound
        with a remainder (Keras's ``correct_pad``) or a floor (a stride) folded as the
        constraints are: ``H >= 3``, not ``H + H % 2 + 1 >= 5``; ``H >= 9``, not
        ``ceil(H/2) >= 5``."""
        from ..symbolic.forms import readable_text

        if self.kind == "multiple":
            return f"{readable_text(self.lhs)} % {readable_text(self.rhs)} == 0"
        if self.kind == "<=":
            return f"{readable_text(self.lhs)} <= {readable_text(self.rhs)}"
        if self.lhs.has(*_FOLDED) or self.rhs.has(*_FOLDED):
            from ..symbolic.constraints import folded

            constraint = folded(self.lhs, self.rhs)
            if constraint is not None:
                return str(constraint)
        return f"{readable_text(self.lhs)} >= {readable_text(self.rhs)}"


class Args(Mapping):
    """A layer's bound arguments: Keras names to converted values, with attribute access."""

    def __init__(self, values: dict[str, Any], given: Iterable[str] = (), nodes=None) -> None:
        self._values = dict(values)
        self.given = frozenset(given)
        self.nodes: dict[str, ast.Expr] = dict(nodes or {})

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    # the dictionary's own: Mapping's call __getitem__ per key, and every layer's memo key
    # (symparams.engine.derived) lists all its arguments
    def items(self) -> ItemsView[str, Any]:
        return self._values.items()

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)

    def __repr__(self) -> str:
        return f"Args({self._values!r})"


# -- parameters and layer types -----------------------------------------------------------------


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@record
class Param(Record):
    """One constructor argument: Keras's name, its kind, its default, positional or not."""

    name: str
    kind: Kind
    default: Any = REQUIRED
    positional: bool = True
    doc: str = ""


def _no_params(a: Args, x: Shape) -> Expr:
    return ZERO


def _no_conditions(a: Args, x: Shape) -> Iterable[Condition]:
    return ()


@record
class LayerType(Record):
    """A layer class: signature, shape rule, parameter formulas, validity conditions.

    ``rank`` is the accepted input rank (batch excluded): an ``int``, a ``(min, max)`` pair
    with ``max`` None for unbounded, or None for any. ``shape``, ``trainable``,
    ``non_trainable`` and ``conditions`` take the bound :class:`Args` and the input shape.
    ``cost`` takes the arguments, the input shape (a tuple of shapes for a merge) and the
    output shape, and returns the :class:`~symparams.layers.cost.Cost` of one forward pass
    of one example (``cost.free`` for a layer that only moves data); a layer type without a
    cost rule has an unknown cost, never a silent 0.
    """

    name: str
    family: str
    params: tuple[Param, ...]
    shape: Callable[[Args, Shape], Shape]
    trainable: Callable[[Args, Shape], Expr] = _no_params
    non_trainable: Callable[[Args, Shape], Expr] = _no_params
    conditions: Callable[[Args, Shape], Iterable[Condition]] = _no_conditions
    rank: int | tuple[int, int | None] | None = None
    input_doc: str = ""
    derivation: str = "no parameters"
    aliases: tuple[str, ...] = ()
    bind_positional: Callable[[list, dict, Any], None] | None = None
    doc: str = ""
    accepts_input_shape: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)
    cost: Callable[[Args, Any, Shape], Cost] | None = None
    no_cost: str = ""
    """Why a layer type has no ``cost`` rule (its cost is unknown); every type has one or
    the other."""

    @property
    def keras_name(self) -> str:
        """Keras's automatic layer name stem: ``MaxPooling2D`` -> ``max_pooling2d``."""
        return to_snake_case(self.name)

    def rank_ok(self, rank: int) -> bool:
        if self.rank is None:
            return True
        if isinstance(self.rank, int):
            return rank == self.rank
        low, high = self.rank
        return rank >= low and (high is None or rank <= high)

    def rank_text(self) -> str:
        if isinstance(self.rank, int):
            return f"a {self.rank}-D input"
        low, high = self.rank  # type: ignore[misc]
        if high is None:
            return f"an input of rank >= {low}"
        return f"an input of rank {low} to {high}"


@functools.lru_cache(maxsize=1024)  # called for every layer: 10,000 in a long chain
def to_snake_case(name: str) -> str:
    """Keras's ``to_snake_case`` (``keras/src/utils/naming.py``).

    >>> to_snake_case("SimpleRNN"), to_snake_case("MaxPooling2D"), to_snake_case("Conv2D")
    ('simple_rnn', 'max_pooling2d', 'conv2d')
    """
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


#: Arguments every Keras layer accepts; handled by the elaborator, not by layer formulas.
COMMON_PARAMS = (
    Param("name", Optional(Anything()), None, positional=False),
    Param("trainable", Bool(), True, positional=False),
    Param("dtype", Anything(), None, positional=False),
    Param("input_shape", Optional(InputShapeArg()), None, positional=False),
    Param("batch_size", Anything(), None, positional=False),
)

#: Arguments of weighted layers that change no shape or count, in Keras's order after
#: ``use_bias``. Accepted and ignored.
WEIGHT_OPTIONS = tuple(
    Param(name, Anything(), None)
    for name in (
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "kernel_constraint",
        "bias_constraint",
    )
)


class Reject(Exception):
    """Raised by a layer's formulas for an input it cannot take; the elaborator adds the
    layer's name and source position and re-raises it as a ``ShapeError``."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

_REGISTRY: dict[str, LayerType] = {}
_ALIASES: dict[str, str] = {}
_BUILTIN_FAMILIES = (
    "core", "conv", "pooling", "recurrent", "conv_recurrent", "wrappers", "reshaping",
    "normalization", "attention", "merging", "activations", "preprocessing", "noise",
    "augmentation", "user_code", "einsum", "scoring", "rnn_cells", "adaptive", "reversible",
    "categorical", "audio", "applications",
)
_loaded = False


def register(layer: LayerType, *, replace: bool = False) -> LayerType:
    """Add a layer type (and its aliases) to the registry; returns it."""
    for key in (layer.name, *layer.aliases):
        _load_family_of(key)  # a built-in of that name first, as if all were loaded
        if not replace and key in _ALIASES and _ALIASES[key] != layer.name:
            raise ValueError(f"layer name {key!r} is already registered")
    _REGISTRY[layer.name] = layer
    for key in (layer.name, *layer.aliases):
        _ALIASES[key] = layer.name
    return layer


def _load_builtins() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for family in _BUILTIN_FAMILIES:
            importlib.import_module(f"symparams.layers.{family}")


def _load_family_of(name: str) -> None:
    """Import the built-in family that registers ``name`` (:data:`FAMILY_OF`), if any: a
    model loads only the families it uses."""
    family = FAMILY_OF.get(name)
    if family is not None and f"symparams.layers.{family}" not in sys.modules:
        importlib.import_module(f"symparams.layers.{family}")


def builtin_families() -> tuple[str, ...]:
    """The families of the layers symparams ships (modules of :mod:`symparams.layers`)."""
    return _BUILTIN_FAMILIES


def lookup(name: str) -> LayerType | None:
    """The layer type registered under ``name`` or one of its aliases, else None."""
    _load_family_of(name)
    canonical = _ALIASES.get(name)
    return _REGISTRY[canonical] if canonical else None


def layer_types() -> list[LayerType]:
    """Every registered layer type, sorted by name."""
    _load_builtins()
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def layer_names() -> list[str]:
    """Every name a layer can be called by (canonical names and aliases)."""
    return list(_layer_names(len(_ALIASES), len(FAMILY_OF)))


@functools.lru_cache(maxsize=8)
def _layer_names(aliases: int, families: int) -> tuple[str, ...]:
    """Sorted once per size of the tables (names are only added; every block call asks)."""
    return tuple(sorted(_ALIASES.keys() | FAMILY_OF.keys()))


def positivity_conditions(params: Iterable[Param], args: Args, prefix: str = ""
                          ) -> list[Condition]:
    """``arg >= 1`` for each symbolic dimension an argument gave explicitly that is not
    positive by construction (``Dense(n - 3)``); ``prefix`` goes before "argument"."""
    from ..symbolic.integers import is_provably_ge

    out = []
    for name, least in _dimension_params(params):
        if name not in args.given:
            continue
        value = args[name]
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Expr) and not item.is_Integer \
                    and not is_provably_ge(item, least):
                out.append(Condition(item, Integer(least), f"{prefix}argument {name}"))
    return out


def _dimension_params(params: Iterable[Param]) -> tuple[tuple[str, int], ...]:
    """The names of ``params`` whose kind is a dimension, a tuple of them or a shape, each
    with the least value it takes (0 for an output padding), found once per layer type's
    parameter tuple (kept alive here with its id)."""
    found = _DIMENSION_PARAMS.get(id(params))
    if found is not None and found[0] is params:
        return found[1]
    kinds = ((p.name, p.kind.inner if isinstance(p.kind, Optional) else p.kind) for p in params)
    names = tuple((name, getattr(kind, "least", 1)) for name, kind in kinds
                  if isinstance(kind, (Dim, Dims, ShapeArg)))
    if isinstance(params, tuple):  # (a list could change under the same id)
        _DIMENSION_PARAMS[id(params)] = (params, names)
    return names


_DIMENSION_PARAMS: dict[int, tuple[tuple, tuple[tuple[str, int], ...]]] = {}


def product(values: Iterable[Expr]) -> Expr:
    """The product of shape entries (``Flatten``'s output size)."""
    return sympy.Mul(*values)
