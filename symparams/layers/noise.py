"""Regularization layers without weights: GaussianNoise, GaussianDropout, AlphaDropout and
ActivityRegularization (``keras/src/layers/regularization``). All keep the input shape and
check their arguments as Keras's constructors do."""

from __future__ import annotations

from .core import check_rate, rate_conditions, unit_interval
from .cost import free
from .registry import Anything, LayerType, Number, Param, Reject, register

__all__: list[str] = []

_SEED = Param("seed", Anything(), None)


def _rate_shape(a, x):
    check_rate(a)
    return x


def _noise_shape(a, x):
    symbolic = getattr(a.stddev, "free_symbols", None)  # no count depends on it
    if not symbolic and not 0 <= a.stddev <= 1:
        raise Reject(f"stddev must be between 0 and 1, got {a.stddev}")
    return x


register(
    LayerType(
        name="GaussianNoise",
        family="noise",
        params=(Param("stddev", Number()), _SEED),
        shape=_noise_shape,
        conditions=unit_interval("stddev"),
        cost=free,  # inference: the input unchanged
        doc="Adds zero-centred Gaussian noise during training; shape unchanged.",
        extra={"subtleties": ("Keras requires 0 <= stddev <= 1",)},
    )
)

register(
    LayerType(
        name="GaussianDropout",
        family="noise",
        params=(Param("rate", Number()), _SEED),
        shape=_rate_shape,
        conditions=rate_conditions,
        cost=free,  # inference: the input unchanged
        doc="Multiplies by 1-centred Gaussian noise during training; shape unchanged.",
    )
)

register(
    LayerType(
        name="AlphaDropout",
        family="noise",
        params=(Param("rate", Number()), Param("noise_shape", Anything(), None), _SEED),
        shape=_rate_shape,
        conditions=rate_conditions,
        cost=free,  # inference: the input unchanged
        doc="Dropout that keeps the mean and variance (for SELU); shape unchanged.",
    )
)


def _regularization_shape(a, x):
    for name in ("l1", "l2"):
        if a[name] < 0:
            raise Reject(f"{name} must be non-negative, got {a[name]}")
    return x


register(
    LayerType(
        name="ActivityRegularization",
        family="noise",
        params=(Param("l1", Number(), 0.0), Param("l2", Number(), 0.0)),
        shape=_regularization_shape,
        cost=free,  # inference: the input unchanged
        doc="Adds an L1/L2 penalty on its input to the loss; shape unchanged.",
    )
)
