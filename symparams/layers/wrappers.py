"""Layer wrappers: ``TimeDistributed(layer)`` applies one layer to every time step, and
``SpectralNormalization(layer)`` normalizes a layer's kernel.

The wrapped layer sees each step, the input without its first (timesteps) axis, and its
weights are shared across the steps: the parameters are the wrapped layer's, the output is
``(timesteps, *wrapped output)`` (Keras's ``keras/src/layers/rnn/time_distributed.py``).
``Bidirectional`` lives with the recurrent layers it wraps (:mod:`.recurrent`).

>>> from sympy import symbols
>>> from symparams import parse
>>> layer = parse('''model m(T=10, F=8, u=4):
...     Input(shape=(T, F))
...     TimeDistributed(Dense(u))
... ''').models["m"].layers[0]
>>> layer.output_shape, layer.trainable
((T, u), u*(F + 1))
"""

from __future__ import annotations

from dataclasses import replace

from sympy import Integer

from .argkinds import Dim, LayerArg
from .cost import UNKNOWN
from .registry import LayerType, Param, Reject, positivity_conditions, register
from .spatial import split_channels

__all__ = ["step_shape", "kernel_last_axis"]


def step_shape(a, x):
    """The wrapped layer and what it sees: one time step (the input without its first axis)."""
    inner = a.layer
    if inner.type.name == "MultiHeadAttention" or inner.type.extra.get("inputs") \
            or "cross" in inner.type.extra:
        raise Reject(f"TimeDistributed cannot wrap {inner.type.name}: it takes several "
                     "inputs, and TimeDistributed gives it one")
    step = tuple(x[1:])
    if not inner.type.rank_ok(len(step)):
        raise Reject(
            f"TimeDistributed gives {inner.type.name} each time step, of rank {len(step)}, "
            f"but {inner.type.name} expects {inner.type.rank_text()}"
            + (f" {inner.type.input_doc}" if inner.type.input_doc else ""),
            hint="the first input axis is the timesteps; the wrapped layer sees the rest",
        )
    return inner, step


def _ask(formula: str, a, x):
    inner, step = step_shape(a, x)
    try:
        return getattr(inner.type, formula)(inner.args, step)
    except Reject as err:
        raise Reject(f"{inner.type.name} in TimeDistributed: {err.message}", err.hint) from None


def _shape(a, x):
    return (x[0], *_ask("shape", a, x))


def _frozen(a) -> bool:
    return a.layer.args.get("trainable") is False


def _trainable(a, x):
    return Integer(0) if _frozen(a) else _ask("trainable", a, x)


def _non_trainable(a, x):
    frozen = _ask("trainable", a, x) if _frozen(a) else 0
    return _ask("non_trainable", a, x) + frozen


def _conditions(a, x):
    inner, _ = step_shape(a, x)
    conditions = [replace(c, what=f"{inner.type.name} {c.what}")
                  for c in _ask("conditions", a, x)]
    # the elaborator checks the outer layer's arguments only
    return conditions + positivity_conditions(inner.type.params, inner.args,
                                              f"{inner.type.name} ")


def _cost(a, x, y):
    """The wrapped layer's cost on one step, times the steps (unknown if its is)."""
    inner, step = step_shape(a, x)
    if inner.type.cost is None:
        return UNKNOWN
    return inner.type.cost(inner.args, step, tuple(y[1:])).times(x[0])


register(
    LayerType(
        name="TimeDistributed",
        family="wrappers",
        params=(Param("layer", LayerArg()),),
        rank=(2, None),
        input_doc="(timesteps, d1, ...)",
        shape=_shape,
        trainable=_trainable,
        non_trainable=_non_trainable,
        conditions=_conditions,
        cost=_cost,
        derivation="the wrapped layer's parameters, once: its weights are shared by every "
        "time step",
        doc="Applies a layer to every time step: (timesteps, *step) -> (timesteps, "
        "*layer output on step).",
        extra={
            "subtleties": (
                "the wrapped layer sees the input without its first axis, so its own axes "
                "(a BatchNormalization axis, a Conv2D kernel) count from the second",
                "layers that take several inputs (MultiHeadAttention, Add, Concatenate) "
                "cannot be wrapped",
                "a wrapped layer with trainable=False makes all its weights non-trainable",
            ),
            "example": ("Dense", {"units": "units"}),
        },
    )
)


# -- SpectralNormalization ----------------------------------------------------------------------


def kernel_last_axis(layer, x):
    """The last axis of the ``kernel`` (or ``embeddings``) of a bound layer on input ``x``:
    the size of SpectralNormalization's vector ``u``. Rejects a layer without one."""
    name = layer.type.name
    a = layer.args
    if name == "Dense":
        return a.units
    if name == "Embedding":
        return a.output_dim
    if name.startswith("DepthwiseConv"):
        return a.depth_multiplier
    if name.endswith("Transpose"):  # kernel (*k, filters, input channels)
        return split_channels(a, x)[1]
    if name.startswith("Conv") and "LSTM" not in name:
        return a.filters
    if name == "SpectralNormalization":  # it exposes its layer's kernel as its own
        return kernel_last_axis(a.layer, x)
    raise Reject(f"SpectralNormalization needs a layer with a kernel or embeddings; "
                 f"{name} has neither",
                 hint="it wraps Dense, ConvND, ConvNDTranspose, DepthwiseConvND or Embedding")


def _inner(formula: str, a, x):
    inner = a.layer
    if inner.type.extra.get("inputs") or inner.type.name == "MultiHeadAttention":
        raise Reject(f"SpectralNormalization cannot wrap {inner.type.name}: it takes "
                     "several inputs")
    kernel_last_axis(inner, x)
    if not inner.type.rank_ok(len(x)):
        raise Reject(f"{inner.type.name} in SpectralNormalization expects "
                     f"{inner.type.rank_text()}, got a {len(x)}-D input")
    try:
        return getattr(inner.type, formula)(inner.args, x)
    except Reject as err:
        raise Reject(f"{inner.type.name} in SpectralNormalization: {err.message}",
                     err.hint) from None


def _sn_shape(a, x):
    return _inner("shape", a, x)


def _sn_trainable(a, x):
    return Integer(0) if _frozen(a) else _inner("trainable", a, x)


def _sn_non_trainable(a, x):
    frozen = _inner("trainable", a, x) if _frozen(a) else 0
    return _inner("non_trainable", a, x) + frozen + kernel_last_axis(a.layer, x)


def _sn_cost(a, x, y):
    """At inference the wrapped layer's cost: Keras normalizes the kernel (power iteration,
    a division) only ``if training`` and then calls the layer."""
    inner = a.layer
    _inner("shape", a, x)  # the same refusals as the shape
    if inner.type.cost is None:
        return UNKNOWN
    return inner.type.cost(inner.args, x, y)


def _sn_conditions(a, x):
    inner = a.layer
    conditions = [replace(c, what=f"{inner.type.name} {c.what}")
                  for c in _inner("conditions", a, x)]
    return conditions + positivity_conditions(inner.type.params, inner.args,
                                              f"{inner.type.name} ")


register(
    LayerType(
        name="SpectralNormalization",
        family="wrappers",
        cost=_sn_cost,
        params=(Param("layer", LayerArg()), Param("power_iterations", Dim(), 1)),
        shape=_sn_shape,
        trainable=_sn_trainable,
        non_trainable=_sn_non_trainable,
        conditions=_sn_conditions,
        derivation="the wrapped layer's parameters, plus a non-trainable vector u as long as "
        "the last axis of its kernel",
        doc="Divides a layer's kernel by its spectral norm (estimated by power iteration).",
        extra={
            "subtleties": (
                "u has the size of the kernel's last axis: units for Dense, filters for "
                "ConvND, depth_multiplier for DepthwiseConvND, output_dim for Embedding, "
                "but the input channels for ConvNDTranspose (its kernel ends with them)",
                "layers without a kernel attribute (SeparableConvND, LSTM, "
                "BatchNormalization, ...) are rejected",
                "a wrapped layer with trainable=False makes all its weights non-trainable",
            ),
            "example": ("Dense", {"units": "units"}),
        },
    )
)
