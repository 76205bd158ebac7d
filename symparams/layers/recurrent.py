"""Recurrent layers. A cell with ``gates`` gates has ``gates × units × (inputs + units)``
weights plus its biases; ``Bidirectional`` runs a copy of the layer each way."""

from __future__ import annotations

from sympy import Integer

from ..symbolic.integers import is_provably_ge
from .cost import UNKNOWN, Cost
from .merging import provably_equal
from .recurrent_cost import recurrent_cost
from .registry import (
    ActivationArg,
    Anything,
    Bool,
    Choice,
    Condition,
    Dim,
    LayerArg,
    LayerType,
    Number,
    Optional,
    Param,
    Reject,
    product,
    register,
)

__all__ = [
    "rnn_shape", "reject_return_state", "RECURRENT", "INITIALIZERS", "PENALTIES", "DROPOUTS",
    "FLAGS", "simple_rnn_params", "lstm_params", "gru_params", "units_of",
]

INITIALIZERS = tuple(
    Param(name, Anything(), None)
    for name in ("kernel_initializer", "recurrent_initializer", "bias_initializer")
)
PENALTIES = tuple(
    Param(name, Anything(), None)
    for name in (
        "kernel_regularizer",
        "recurrent_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "kernel_constraint",
        "recurrent_constraint",
        "bias_constraint",
    )
)
_RECURRENT_OPTIONS = INITIALIZERS + PENALTIES
DROPOUTS = (Param("dropout", Number(), 0.0), Param("recurrent_dropout", Number(), 0.0))
FLAGS = (
    Param("return_sequences", Bool(), False),
    Param("return_state", Bool(), False),
    Param("go_backwards", Bool(), False),
    Param("stateful", Bool(), False),
    Param("unroll", Bool(), False),
)
_SEQUENCE_OPTIONS = (*DROPOUTS, *FLAGS, Param("seed", Anything(), None))
_GATED_OPTIONS = (*DROPOUTS, Param("seed", Anything(), None), *FLAGS)

RECURRENT = ("SimpleRNN", "LSTM", "GRU", "RNN")
"""The layers ``Bidirectional`` can wrap."""


def units_of(bound) -> object:
    """A recurrent layer's output size: its ``units``, or (``RNN``) its type's
    ``extra["units"](args)``, the last cell's."""
    if "units" in bound.args:
        return bound.args.units
    return bound.type.extra["units"](bound.args)

_SUBTLETIES = (
    "input (timesteps, features); output (units,), or (timesteps, units) with "
    "return_sequences=True",
    "return_state=True gives several outputs, which a chain cannot take",
)


def rnn_shape(a, x):
    return (x[0], a.units) if a.return_sequences else (a.units,)


def reject_return_state(a):
    if a.return_state:
        raise Reject(
            "return_state=True gives several outputs; a chain of layers takes one",
            hint="drop return_state, or use return_sequences=True",
        )


def _shape(a, x):
    reject_return_state(a)
    return rnn_shape(a, x)


def simple_rnn_params(a, x):
    weights = a.units * (x[-1] + a.units)
    return weights + a.units if a.use_bias else weights


def lstm_params(a, x):
    return 4 * a.units * (x[-1] + a.units + (1 if a.use_bias else 0))


def gru_params(a, x):
    biases = (2 if a.reset_after else 1) if a.use_bias else 0
    return 3 * a.units * (x[-1] + a.units + biases)


def _recurrent(name, params, trainable, derivation, doc, subtleties=()):
    return LayerType(
        cost=recurrent_cost(name),
        name=name,
        family="recurrent",
        params=params,
        rank=2,
        input_doc="(timesteps, features)",
        shape=_shape,
        trainable=trainable,
        derivation=derivation,
        doc=doc,
        extra={"subtleties": _SUBTLETIES + tuple(subtleties)},
    )


register(
    _recurrent(
        "SimpleRNN",
        (
            Param("units", Dim()),
            Param("activation", ActivationArg(), "tanh"),
            Param("use_bias", Bool(), True),
            *_RECURRENT_OPTIONS,
            *_SEQUENCE_OPTIONS,
        ),
        simple_rnn_params,
        "units × (features + units) + units: input and recurrent weights, bias",
        "Fully connected recurrent layer; output (units,) or (timesteps, units).",
    )
)

register(
    _recurrent(
        "LSTM",
        (
            Param("units", Dim()),
            Param("activation", ActivationArg(), "tanh"),
            Param("recurrent_activation", ActivationArg(), "sigmoid"),
            Param("use_bias", Bool(), True),
            *INITIALIZERS,
            Param("unit_forget_bias", Bool(), True),
            *PENALTIES,
            *_GATED_OPTIONS,
            Param("use_cudnn", Anything(), "auto"),
        ),
        lstm_params,
        "4 gates × units × (features + units + 1): input and recurrent weights and a bias "
        "per gate",
        "Long short-term memory: four gates (input, forget, cell, output).",
        ("unit_forget_bias changes the initial values only, not the count",),
    )
)

register(
    _recurrent(
        "GRU",
        (
            Param("units", Dim()),
            Param("activation", ActivationArg(), "tanh"),
            Param("recurrent_activation", ActivationArg(), "sigmoid"),
            Param("use_bias", Bool(), True),
            *_RECURRENT_OPTIONS,
            *_GATED_OPTIONS,
            Param("reset_after", Bool(), True),
            Param("use_cudnn", Anything(), "auto"),
        ),
        gru_params,
        "3 gates × units × (features + units + 2): with reset_after=True (the default) "
        "the input and the recurrent step each have a bias; + 1 with reset_after=False",
        "Gated recurrent unit: three gates (update, reset, candidate).",
        ("reset_after=True (Keras 3's default) keeps two bias vectors of 3 × units "
         "(input and recurrent), reset_after=False one",),
    )
)


# -- Bidirectional ------------------------------------------------------------------------------


def _inner(a):
    layer = a.layer
    if layer.type.name not in RECURRENT:
        raise Reject(
            f"Bidirectional wraps a recurrent layer ({', '.join(RECURRENT)}), "
            f"got {layer.type.name}"
        )
    return layer


def _backward(a, forward):
    backward = a.backward_layer
    if backward is None:
        return forward
    if backward.type.name not in RECURRENT:
        raise Reject(f"backward_layer must be a recurrent layer ({', '.join(RECURRENT)}), "
                     f"got {backward.type.name}")
    if backward.args.go_backwards == forward.args.go_backwards:
        raise Reject(
            "layer and backward_layer must have different go_backwards values",
            hint="give the backward layer go_backwards=True",
        )
    for flag in ("return_sequences", "return_state", "stateful"):
        if backward.args[flag] != forward.args[flag]:
            raise Reject(f"layer and backward_layer must have the same {flag}")
    fwd, bwd = units_of(forward), units_of(backward)
    if fwd.is_Integer and bwd.is_Integer and fwd != bwd:
        raise Reject(
            f"backward_layer has {bwd} units and layer {fwd}: Keras then reports a shape "
            "(from the forward layer) that differs from the one it computes",
            hint="give both the same units",
        )
    return backward


def _bidirectional_shape(a, x):
    forward = _inner(a)
    reject_return_state(forward.args)
    _backward(a, forward)
    if a.merge_mode is None:
        raise Reject(
            "merge_mode=None gives two outputs (forward and backward); a chain of layers "
            "takes one",
            hint='use merge_mode="concat", "sum", "mul" or "ave"',
        )
    out = forward.type.shape(forward.args, x)
    if a.merge_mode == "concat":
        return (*out[:-1], 2 * out[-1])
    return out


def _params(bound, x):
    return bound.type.trainable(bound.args, x)


def _bidirectional_params(a, x):
    forward = _inner(a)
    return _params(forward, x) + _params(_backward(a, forward), x)


def _bidirectional_frozen(a, x):
    """Weights the wrapped layers hold frozen (an RNN cell with trainable=False)."""
    forward = _inner(a)
    return sum((bound.type.non_trainable(bound.args, x) for bound in
                (forward, _backward(a, forward))), Integer(0))


def _bidirectional_conditions(a, x):
    conditions = []
    if a.backward_layer is not None:
        fwd, bwd = units_of(a.layer), units_of(a.backward_layer)
        if not provably_equal(fwd, bwd):
            what = "backward_layer units (equal to the layer's)"
            conditions += [Condition(bwd, fwd, what), Condition(fwd, bwd, what)]
    for bound in (a.layer, a.backward_layer):
        if bound is None:
            continue
        if "units" not in bound.args:  # RNN(cell): its own conditions cover its cells
            conditions += bound.type.conditions(bound.args, x)
            continue
        units = bound.args.units
        if not units.is_Integer and not is_provably_ge(units, 1):
            conditions.append(Condition(units, Integer(1), f"{bound.type.name} units"))
    return conditions


#: Operations per output element of one direction to merge the two.
_MERGE_OPS = {"concat": 0, "sum": 1, "mul": 1, "ave": 2}


def _bidirectional_cost(a, x, y):
    """Both directions' costs and the merge (sum, mul: 1 per element; ave: 2)."""
    forward = _inner(a)
    costs = []
    for bound in (forward, _backward(a, forward)):
        rule = bound.type.cost
        if rule is None:
            return UNKNOWN
        costs.append(rule(bound.args, x, bound.type.shape(bound.args, x)))
    one_way = product(forward.type.shape(forward.args, x))
    return costs[0] + costs[1] + Cost(ops=_MERGE_OPS[a.merge_mode] * one_way)


register(
    LayerType(
        name="Bidirectional",
        family="recurrent",
        params=(
            Param("layer", LayerArg()),
            Param("merge_mode", Optional(Choice(("concat", "sum", "mul", "ave"),
                                                case_sensitive=True)), "concat"),
            Param("weights", Anything(), None),
            Param("backward_layer", Optional(LayerArg()), None),
        ),
        rank=2,
        input_doc="(timesteps, features)",
        shape=_bidirectional_shape,
        trainable=_bidirectional_params,
        non_trainable=_bidirectional_frozen,
        conditions=_bidirectional_conditions,
        cost=_bidirectional_cost,
        derivation="twice the wrapped layer (a forward and a backward copy); "
        "concat doubles the last output axis",
        doc="Runs a recurrent layer forwards and a copy backwards and merges the outputs.",
        extra={
            "subtleties": (
                'merge_mode="concat" (the default) doubles the last axis; "sum", "mul" '
                'and "ave" keep the wrapped layer\'s shape',
                "merge_mode=None returns two outputs: rejected in a chain",
                "Keras takes the output shape from the forward layer only, so a "
                "backward_layer with other units is rejected",
            ),
            "example": ("LSTM", {"units": "units"}),
        },
    )
)
