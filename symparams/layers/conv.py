"""Convolution layers."""

from __future__ import annotations

from .. import ast
from ..algebra import floordiv
from .registry import (
    WEIGHT_OPTIONS,
    Anything,
    Bool,
    Choice,
    Condition,
    Dim,
    Dims,
    LayerType,
    Param,
    product,
    register,
)
from .spatial import DATA_FORMAT, axis_names, conv_length, join_channels, split_channels, window_conditions


def kernel_positional(nd: int):
    """Read ``ConvND(f, k1, ..., kN)`` as f filters with a k1 x ... x kN kernel.

    Keras's own positional order (``Conv2D(32, (3, 3), 2)``: strides 2) applies whenever the
    kernel is written as a tuple. When the scalar sizes are literals that differ
    (``Conv2D(32, 3, 2)``), that is probably Keras code meaning strides, so a warning says so.
    """

    def bind(args: list, keywords: dict, ctx) -> list:
        if len(args) < nd + 1 or nd == 1 or isinstance(args[1], (ast.TupleExpr, ast.ListExpr)):
            return args
        sizes = args[1 : nd + 1]
        if any(isinstance(s, (ast.TupleExpr, ast.ListExpr, ast.Str, ast.Const)) for s in sizes):
            return args
        literal = [s.value for s in sizes if isinstance(s, ast.Int)]
        if len(literal) == nd and len(set(literal)) > 1:
            ctx.warn(
                f"reading {' x '.join(map(str, literal))} as the kernel size; in Keras code "
                f"the third positional argument is strides: write strides={literal[-1]} if "
                "that is meant",
                sizes[-1].pos,
            )
        kernel = ast.TupleExpr(tuple(sizes), sizes[0].pos)
        return [args[0], kernel, *args[nd + 1 :]]

    return bind


def _conv_shape(nd):
    def shape(a, x):
        spatial, _ = split_channels(a, x)
        out = [
            conv_length(n, k, s, d, a.padding)
            for n, k, s, d in zip(spatial, a.kernel_size, a.strides, a.dilation_rate)
        ]
        return join_channels(a, out, a.filters)

    return shape


def _conv_params(a, x):
    _, channels = split_channels(a, x)
    per_filter = product(a.kernel_size) * (channels if a.groups == 1 else floordiv(channels, a.groups))
    return a.filters * (per_filter + 1) if a.use_bias else a.filters * per_filter


def _conv_conditions(a, x):
    spatial, channels = split_channels(a, x)
    effective = [d * (k - 1) + 1 for k, d in zip(a.kernel_size, a.dilation_rate)]
    conditions = window_conditions(spatial, effective, a.padding)
    if a.groups != 1:
        conditions.append(Condition(channels, a.groups, "input channels", kind="multiple"))
        conditions.append(Condition(a.filters, a.groups, "filters", kind="multiple"))
    return conditions


def conv_layer(nd: int, paddings: tuple[str, ...] = ("valid", "same")) -> LayerType:
    return LayerType(
        name=f"Conv{nd}D",
        family="conv",
        aliases=(f"Convolution{nd}D",),
        params=(
            Param("filters", Dim()),
            Param("kernel_size", Dims(nd)),
            Param("strides", Dims(nd), (1,) * nd),
            Param("padding", Choice(paddings), "valid"),
            DATA_FORMAT,
            Param("dilation_rate", Dims(nd), (1,) * nd),
            Param("groups", Dim(), 1),
            Param("activation", Anything(), None),
            Param("use_bias", Bool(), True),
            *WEIGHT_OPTIONS,
        ),
        rank=nd + 1,
        input_doc="(" + ", ".join(axis_names(nd)) + ", channels)",
        shape=_conv_shape(nd),
        trainable=_conv_params,
        conditions=_conv_conditions,
        bind_positional=kernel_positional(nd),
        derivation="filters × (kernel volume × input channels / groups + 1)",
        doc=f"{nd}-D convolution.",
    )


register(conv_layer(2))
