"""Normalization layers: BatchNormalization, LayerNormalization, GroupNormalization,
RMSNormalization and UnitNormalization. Shape unchanged.

Keras's ``axis`` counts in the full shape, batch axis included: ``axis=1`` is the first
non-batch axis and ``axis=-1`` the last.
"""

from __future__ import annotations

from sympy import Integer

from .argkinds import Dim, literal
from .cost import Cost, one_term_drop, xla_reduce_extra
from .kinds import Axes
from .registry import (
    Anything,
    Bool,
    Condition,
    Int,
    LayerType,
    Number,
    Param,
    Reject,
    product,
    register,
)

__all__ = ["resolve_axis", "axes_size", "Groups"]

ZERO = Integer(0)


def resolve_axis(axis: int, x) -> int:
    """The index into ``x`` (batch excluded) of Keras's ``axis``; rejects the batch axis.

    >>> resolve_axis(-1, (5, 6, 3)), resolve_axis(1, (5, 6, 3))
    (2, 0)
    """
    full = len(x) + 1
    axis = int(axis)  # (a SymPy Integer from the arguments: Python's comparisons are cheaper)
    index = axis + full if axis < 0 else axis
    if index == 0:
        raise Reject(f"axis={axis} is the batch axis; normalization needs another axis")
    if not 0 < index < full:
        raise Reject(f"axis={axis} is out of range for the {len(x)}-D input "
                     f"(axes -{full}..{full - 1}, the batch axis counting as 0)")
    return index - 1


def _last_axis(a) -> bool:
    return a.axis in (-1, (-1,))


def _rows(x):
    """How many vectors a last-axis normalization normalizes, and their length."""
    return product(x[:-1]), x[-1]


def _bn_cost(a, x, y):
    """Inference: (x - mean) × rsqrt(var + eps) [× gamma] [+ beta], folded per channel."""
    channels = axes_size(a, x)
    per_channel = 3 + int(a.center) + int(a.scale)
    return Cost(ops=2 * product(x) + per_channel * channels, transcendentals=channels)


def _ln_cost(a, x, y):
    """Per row of d: mean, variance, rsqrt (XLA's count), then scale and shift."""
    if not _last_axis(a):
        return Cost(ZERO, None, None)
    rows, d = _rows(x)
    if a.rms_scaling:
        per_row, dropped = 6 * d + 1, 2
    else:
        per_row = 6 * d + 4 + (d if a.center else 0) + (2 * d - 1 if a.scale else 0)
        dropped = 3
    # rows of one number: XLA drops the sums of one term (measured: 3 ops a row fewer, 2 with
    # rms_scaling); two reductions a row (with rms_scaling too), windowed by XLA's CPU compiler
    return Cost(ops=rows * per_row, transcendentals=rows,
                xla_ops=2 * xla_reduce_extra(d, rows) - one_term_drop(d, dropped * rows))


def _rms_cost(a, x, y):
    if not _last_axis(a):
        return Cost(ZERO, None, None)
    rows, d = _rows(x)
    return Cost(ops=rows * (4 * d + 1), transcendentals=rows,  # rows of one: 1 op fewer
                xla_ops=xla_reduce_extra(d, rows) - one_term_drop(d, rows))


def _group_cost(a, x, y):
    if not (a.center and a.scale):
        return Cost(ZERO, None, None)
    channels, groups = _group_channels(a, x), _groups(a, x)
    return Cost(ops=6 * product(x) + 3 * channels + 3 * groups, transcendentals=groups)


def _unit_cost(a, x, y):
    if not _last_axis(a):
        return Cost(ZERO, None, None)
    rows, _ = _rows(x)
    return Cost(ops=3 * product(x), transcendentals=rows)


def _initializers(*names):
    return tuple(Param(n, Anything(), None) for n in names)


def axes_size(a, x):
    """How many entries the normalized axes have: one weight vector's size.

    Keras sorts a tuple of axes as written, without normalising negative ones or removing
    repeats, so ``axis=(1, -3)`` on a 3-D input counts the first axis twice.
    """
    axes = a.axis if isinstance(a.axis, tuple) else (a.axis,)
    return product(x[resolve_axis(axis, x)] for axis in sorted(axes))


def _unchanged(a, x):
    axes_size(a, x)  # rejects a bad axis
    return x


def _bn_trainable(a, x):
    return axes_size(a, x) * (int(a.center) + int(a.scale))


def _bn_non_trainable(a, x):
    return axes_size(a, x) * (5 if a.renorm else 2)


register(
    LayerType(
        name="BatchNormalization",
        family="normalization",
        params=(
            Param("axis", Int(), -1),
            Param("momentum", Number(), 0.99),
            Param("epsilon", Number(), 0.001),
            Param("center", Bool(), True),
            Param("scale", Bool(), True),
            *_initializers("beta_initializer", "gamma_initializer",
                           "moving_mean_initializer", "moving_variance_initializer",
                           "beta_regularizer", "gamma_regularizer", "beta_constraint",
                           "gamma_constraint"),
            Param("renorm", Bool(), False),
            Param("renorm_clipping", Anything(), None),
            Param("renorm_momentum", Number(), 0.99),
            Param("synchronized", Bool(), False),
        ),
        rank=(1, None),
        input_doc="(..., channels)",
        shape=_unchanged,
        trainable=_bn_trainable,
        cost=_bn_cost,
        non_trainable=_bn_non_trainable,
        derivation="trainable: gamma and beta, one each per channel; non-trainable: the "
        "moving mean and variance, one each per channel",
        doc="Normalizes each channel (the axis) with batch statistics.",
        extra={"subtleties": (
            "the moving mean and variance are non-trainable but counted in the total",
            "center=False drops beta, scale=False drops gamma",
            "renorm=True adds three non-trainable vectors per channel",
            "axis is a single integer; axis=0 (the batch) is rejected",
        )},
    )
)


def _ln_trainable(a, x):
    size = axes_size(a, x)
    gamma = a.scale or a.rms_scaling
    beta = a.center and not a.rms_scaling
    return size * (int(gamma) + int(beta))


register(
    LayerType(
        name="LayerNormalization",
        family="normalization",
        params=(
            Param("axis", Axes(), -1),
            Param("epsilon", Number(), 0.001),
            Param("center", Bool(), True),
            Param("scale", Bool(), True),
            *_initializers("beta_initializer", "gamma_initializer", "beta_regularizer",
                           "gamma_regularizer", "beta_constraint", "gamma_constraint"),
            Param("rms_scaling", Bool(), False, positional=False),
        ),
        rank=(1, None),
        input_doc="(..., features)",
        shape=_unchanged,
        trainable=_ln_trainable,
        cost=_ln_cost,
        derivation="gamma and beta, one each per entry of the normalized axes",
        doc="Normalizes each example over the given axes (the last by default).",
        extra={"subtleties": (
            "no non-trainable weights (no moving statistics)",
            "with several axes, gamma and beta have the product of their sizes",
            "Keras sorts the axes as written and does not merge repeats: axis=(1, -3) on a "
            "3-D input counts the first axis twice",
            "rms_scaling=True (deprecated) keeps gamma only",
        )},
    )
)


class Groups(Dim):
    """GroupNormalization's ``groups``: a positive integer expression, or ``-1`` (one group
    per channel: instance normalization)."""

    label = "a positive integer expression or -1"

    def convert(self, node, ctx):
        if literal(node) == -1:
            return -1
        return super().convert(node, ctx)


def _group_channels(a, x):
    """The size of GroupNormalization's axis: Keras reads ``input_shape[axis]``, batch
    included, so ``axis=0`` (and ``-rank - 1``) is the unknown batch size."""
    return x[resolve_axis(a.axis, x)]


def _groups(a, x):
    return _group_channels(a, x) if a.groups == -1 else a.groups


def _group_conditions(a, x):
    channels, groups = _group_channels(a, x), _groups(a, x)
    if a.groups == -1:
        return []
    if channels.is_Integer and groups.is_Integer:
        if channels < groups:
            raise Reject(f"groups ({groups}) cannot be more than the channels ({channels})")
        if channels % groups:
            raise Reject(f"the channels ({channels}) must be a multiple of groups ({groups})")
    return [Condition(channels, groups, "input channels (at least groups)"),
            Condition(channels, groups, "input channels", kind="multiple")]


def _group_trainable(a, x):
    return _group_channels(a, x) * (int(a.center) + int(a.scale))


def _group_shape(a, x):
    _group_channels(a, x)
    return x


register(
    LayerType(
        name="GroupNormalization",
        family="normalization",
        params=(
            Param("groups", Groups(), 32),
            Param("axis", Int(), -1),
            Param("epsilon", Number(), 0.001),
            Param("center", Bool(), True),
            Param("scale", Bool(), True),
            *_initializers("beta_initializer", "gamma_initializer", "beta_regularizer",
                           "gamma_regularizer", "beta_constraint", "gamma_constraint"),
        ),
        rank=(1, None),
        input_doc="(..., channels)",
        shape=_group_shape,
        trainable=_group_trainable,
        cost=_group_cost,
        conditions=_group_conditions,
        derivation="gamma and beta, one each per channel (not per group)",
        doc="Normalizes each group of channels over the other axes; shape unchanged.",
        extra={"subtleties": (
            "groups defaults to 32: an input with fewer than 32 channels needs groups=",
            "the channels must be a multiple of groups; groups=-1 means one per channel",
            "gamma and beta have one entry per channel, whatever the groups",
        )},
    )
)


register(
    LayerType(
        name="RMSNormalization",
        family="normalization",
        params=(Param("axis", Axes(), -1), Param("epsilon", Number(), 1e-6)),
        rank=(1, None),
        input_doc="(..., features)",
        shape=_unchanged,
        trainable=axes_size,
        cost=_rms_cost,
        derivation="one scale per entry of the normalized axes (no bias)",
        doc="Root-mean-square normalization over the given axes with a learned scale.",
        extra={"subtleties": (
            "only a scale, no bias: F weights on (T, F)",
            "like LayerNormalization, several axes give the product of their sizes, sorted "
            "as written with repeats counted twice",
        )},
    )
)


def _unit_shape(a, x):
    full = len(x) + 1
    for axis in a.axis if isinstance(a.axis, tuple) else (a.axis,):
        if not -full <= axis < full:
            raise Reject(f"axis={axis} is out of range for the {len(x)}-D input "
                         f"(axes -{full}..{full - 1}, the batch axis counting as 0)")
    return x


register(
    LayerType(
        name="UnitNormalization",
        family="normalization",
        params=(Param("axis", Axes(), -1),),
        shape=_unit_shape,
        cost=_unit_cost,
        doc="Scales each example to unit L2 norm over the given axes; no weights.",
        extra={"subtleties": (
            "Keras accepts axis=0 (the batch) here; an axis past the rank is an error",
        )},
    )
)
