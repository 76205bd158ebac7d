"""Ask real Keras: build the same layers and read shapes and weight counts off them.

A layer is described once as an :class:`L` (Keras class name and Keras keyword arguments with
concrete values). :func:`to_dsl` writes it as symparams text; :func:`keras_facts` builds it in
Keras. Tests compare the two, so neither side's numbers are typed in by hand.
"""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class L:
    """A layer: Keras class name and keyword arguments (values may be nested ``L``)."""

    cls: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:  # pragma: no cover - hypothesis wants hashable examples
        return hash((self.cls, repr(self.kwargs)))


@dataclass(frozen=True)
class Facts:
    name: str
    output_shape: tuple[int, ...]
    trainable: int
    non_trainable: int


def _dsl_value(value: Any) -> str:
    if isinstance(value, L):
        return to_dsl(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, tuple):
        inner = ", ".join(_dsl_value(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(_dsl_value(v) for v in value) + "]"
    return repr(value)


def to_dsl(layer: L) -> str:
    """``L("Dense", {"units": 3})`` -> ``Dense(units=3)``."""
    args = ", ".join(f"{k}={_dsl_value(v)}" for k, v in layer.kwargs.items())
    return f"{layer.cls}({args})"


def model_source(name: str, input_shape: tuple[int, ...], layers: list[L]) -> str:
    """A whole DSL model with a literal input shape."""
    lines = [f"model {name}():", f"    Input(shape={_dsl_value(tuple(input_shape))})"]
    lines += [f"    {to_dsl(layer)}" for layer in layers]
    return "\n".join(lines) + "\n"


def _instantiate(keras, layer: L):
    kwargs = {
        k: (_instantiate(keras, v) if isinstance(v, L) else v) for k, v in layer.kwargs.items()
    }
    return getattr(keras.layers, layer.cls)(**kwargs)


def _count(weights) -> int:
    return sum(math.prod(int(d) for d in w.shape) for w in weights)


@contextmanager
def uninitialised_variables():
    """Keras's own ``build`` runs (weights get their shapes) but no weight is filled with
    random values: under jax each new weight shape would compile an initializer (~0.3 s).
    Shapes and counts are unchanged."""
    from keras.src.backend.common import global_state
    from keras.src.backend.common.stateless_scope import StatelessScope

    saved = list(global_state.get_global_attribute("uninitialized_variables", []) or [])
    try:
        with StatelessScope(initialize_variables=False):
            yield
    finally:
        global_state.set_global_attribute("uninitialized_variables", saved)


def keras_facts(input_shape: tuple[int, ...], layers: list[L]) -> list[Facts]:
    """Build ``layers`` on ``keras.Input(shape=input_shape)`` and report each layer."""
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    facts = []
    with uninitialised_variables():
        x = keras.Input(shape=tuple(input_shape))
        for spec in layers:
            layer = _instantiate(keras, spec)
            x = layer(x)
            facts.append(
                Facts(
                    layer.name,
                    tuple(int(d) for d in x.shape[1:]),
                    _count(layer.trainable_weights),
                    _count(layer.non_trainable_weights),
                )
            )
    return facts
