"""Activation layers: ReLU, LeakyReLU, PReLU, ELU, Softmax (``keras/src/layers/activations``).

All keep the input shape. Only PReLU has weights: one slope per input entry, shared along
``shared_axes``. The other layers check their arguments as Keras's constructors do.
"""

from __future__ import annotations

from .cost import UNKNOWN, Cost, activation_cost, per_element
from .kinds import Axes
from .registry import (
    Anything,
    LayerType,
    Number,
    Optional,
    Param,
    Reject,
    product,
    register,
)

__all__ = ["prelu_shape"]


def _relu_cost(a, x, y):
    """Keras's ``ReLU.static_call`` as XLA counts it, per element: ``relu`` (or ``relu6``
    when max_value is 6) 1, or ``x * (x > threshold)`` 2; a clip to max_value 1; with a
    negative_slope, ``relu(-x [+ threshold])`` 2 (3) and ``x - slope * that`` 2, or
    ``leaky_relu`` 3 alone. A max_value of 0 (XLA folds the clips) or a symbolic argument:
    not derived."""
    values = (a.max_value, a.negative_slope, a.threshold)
    if any(v is not None and not getattr(v, "is_number", True) for v in values) \
            or a.max_value == 0:
        return UNKNOWN
    top, slope, threshold = values
    if slope != 0 and top is None and threshold == 0:
        return activation_cost("leaky_relu", y)
    ops = (2 if threshold != 0 else 1) + (1 if top is not None and (threshold != 0 or top != 6)
                                          else 0)
    if slope != 0:
        ops += (3 if threshold != 0 else 2) + 2
    return per_element(ops)(a, x, y)


def _relu_shape(a, x):
    if a.max_value is not None and a.max_value < 0:
        raise Reject(f"max_value of ReLU cannot be negative, got {a.max_value}")
    for name in ("negative_slope", "threshold"):
        value = a[name]
        if value is None or value < 0:
            raise Reject(f"{name} of ReLU cannot be None or negative, got {value}")
    return x


register(
    LayerType(
        name="ReLU",
        family="activations",
        params=(
            Param("max_value", Optional(Number()), None),
            Param("negative_slope", Optional(Number()), 0.0),
            Param("threshold", Optional(Number()), 0.0),
        ),
        shape=_relu_shape,
        cost=_relu_cost,
        doc="Rectified linear unit, optionally capped (ReLU(6.0) is ReLU6); shape unchanged.",
        extra={"subtleties": (
            "max_value, negative_slope and threshold must not be negative (Keras checks "
            "them when the layer is made)",
        )},
    )
)


def _leaky_shape(a, x):
    slope = a.alpha if a.alpha is not None else a.negative_slope
    if slope is None or slope < 0:
        raise Reject(f"negative_slope of LeakyReLU cannot be None or negative, got {slope}")
    return x


register(
    LayerType(
        name="LeakyReLU",
        family="activations",
        params=(
            Param("negative_slope", Optional(Number()), 0.3),
            Param("alpha", Optional(Number()), None, positional=False,
                  doc="Keras 2's name for negative_slope (deprecated)"),
        ),
        shape=_leaky_shape,
        cost=lambda a, x, y: activation_cost("leaky_relu", y),
        doc="Leaky rectified linear unit (slope 0.3 below zero by default); shape unchanged.",
        extra={"subtleties": (
            "the default slope is 0.3 (tf.nn.leaky_relu's is 0.2)",
            "alpha= (Keras 2) is still accepted, with a warning, and replaces negative_slope",
        )},
    )
)


def prelu_shape(a, x):
    """The shape of PReLU's ``alpha``: the input's, with a 1 for every shared axis.

    Keras writes ``param_shape[i - 1] = 1`` for each shared axis ``i`` (a Python list
    index), so ``0`` means the last axis, ``-1`` the one before it, and an axis outside
    ``-rank + 1 .. rank`` is an error.
    """
    shape = list(x)
    shared = a.shared_axes
    if shared is None:
        return tuple(shape)
    for axis in shared if isinstance(shared, tuple) else (shared,):
        index = axis - 1
        if not -len(x) <= index < len(x):
            raise Reject(
                f"shared_axes contains {axis}, outside the axes 1..{len(x)} of the "
                f"{len(x)}-D input",
                hint="axes count from 1 (the batch axis is 0)",
            )
        shape[index] = 1
    return tuple(shape)


def _prelu_shape(a, x):
    prelu_shape(a, x)
    return x


register(
    LayerType(
        name="PReLU",
        family="activations",
        params=(
            Param("alpha_initializer", Anything(), "Zeros"),
            Param("alpha_regularizer", Anything(), None),
            Param("alpha_constraint", Anything(), None),
            Param("shared_axes", Optional(Axes()), None),
        ),
        rank=(1, None),
        input_doc="(d1, ...)",
        shape=_prelu_shape,
        trainable=lambda a, x: product(prelu_shape(a, x)),
        cost=lambda a, x, y: Cost(ops=5 * product(y) + product(prelu_shape(a, x))),
        derivation="one slope per input entry: the product of the input dimensions, "
        "with each shared axis counted as 1",
        doc="Leaky ReLU with a learned slope per entry; shape unchanged.",
        extra={"subtleties": (
            "without shared_axes PReLU has one weight per input entry (H·W·C on an image); "
            "shared_axes=(1, 2) gives one per channel",
            "Keras sets param_shape[axis - 1] = 1, a Python index: shared_axes=0 shares the "
            "last axis and -1 the second to last; repeats are allowed",
        )},
    )
)

register(
    LayerType(
        name="ELU",
        family="activations",
        params=(Param("alpha", Number(), 1.0),),
        shape=lambda a, x: x,
        cost=lambda a, x, y: activation_cost("elu", y) if a.alpha == 1.0 else UNKNOWN,
        doc="Exponential linear unit; shape unchanged.",
    )
)

register(
    LayerType(
        name="Softmax",
        family="activations",
        params=(Param("axis", Axes(), -1),),
        shape=lambda a, x: x,
        cost=lambda a, x, y: activation_cost("softmax", y) if a.axis in (-1, (-1,))
        else UNKNOWN,
        doc="Softmax over an axis (or a tuple of axes); shape unchanged.",
        extra={"subtleties": (
            "Keras does not check the axis when it builds the layer: any integer or tuple "
            "is accepted",
        )},
    )
)
