"""Recurrent layers. A cell with ``gates`` gates has ``gates × units × (inputs + units)``
weights plus its biases."""

from __future__ import annotations

from .registry import Anything, Bool, Dim, LayerType, Number, Param, register

_RECURRENT_OPTIONS = tuple(
    Param(name, Anything(), None)
    for name in (
        "kernel_initializer",
        "recurrent_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "recurrent_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "kernel_constraint",
        "recurrent_constraint",
        "bias_constraint",
    )
)

_SEQUENCE_OPTIONS = (
    Param("dropout", Number(), 0.0),
    Param("recurrent_dropout", Number(), 0.0),
    Param("return_sequences", Bool(), False),
    Param("return_state", Bool(), False),
    Param("go_backwards", Bool(), False),
    Param("stateful", Bool(), False),
    Param("unroll", Bool(), False),
    Param("seed", Anything(), None),
)


def rnn_shape(a, x):
    return (x[0], a.units) if a.return_sequences else (a.units,)


def _simple_rnn_params(a, x):
    weights = a.units * (x[-1] + a.units)
    return weights + a.units if a.use_bias else weights


def reject_return_state(a):
    from .registry import Reject

    if a.return_state:
        raise Reject(
            "return_state=True gives several outputs; a chain of layers takes one",
            hint="drop return_state, or use return_sequences=True",
        )


def _simple_rnn_shape(a, x):
    reject_return_state(a)
    return rnn_shape(a, x)


register(
    LayerType(
        name="SimpleRNN",
        family="recurrent",
        params=(
            Param("units", Dim()),
            Param("activation", Anything(), "tanh"),
            Param("use_bias", Bool(), True),
            *_RECURRENT_OPTIONS,
            *_SEQUENCE_OPTIONS,
        ),
        rank=2,
        input_doc="(timesteps, features)",
        shape=_simple_rnn_shape,
        trainable=_simple_rnn_params,
        derivation="units × (features + units) + units: input and recurrent weights, bias",
        doc="Fully connected recurrent layer; output (units,) or (timesteps, units).",
    )
)
