"""Convolution layers: ConvND, DepthwiseConvND, SeparableConvND, ConvNDTranspose.

Output lengths follow Keras's ``compute_conv_output_shape`` (see :mod:`.spatial`); transposed
convolutions follow ``_get_output_shape_given_tf_padding``.

>>> from sympy import Integer as I
>>> transpose_length(I(10), I(3), I(2), I(1), "same", None), \
transpose_length(I(10), I(3), I(2), I(1), "same", I(0))
(20, 19)
"""

from __future__ import annotations

from sympy import Max, Mod

from ..syntax import ast
from .argkinds import literal
from .conv_cost import conv_cost, depthwise_cost, separable_cost, transpose_cost
from .lora import with_lora
from .registry import (
    WEIGHT_OPTIONS,
    ActivationArg,
    Anything,
    Bool,
    Choice,
    Condition,
    Dim,
    Dims,
    LayerType,
    Optional,
    Param,
    Reject,
    product,
    register,
)
from .spatial import (
    DATA_FORMAT,
    axis_names,
    conv_length,
    join_channels,
    split_channels,
    window_conditions,
)

__all__ = [
    "strides_reading",
    "kernel_positional", "transpose_length", "check_strides_dilation", "signature",
    "dilation", "spatial_out", "conv_window_conditions", "input_doc",
]


def kernel_positional(nd: int):
    """Read ``ConvND(f, k1, ..., kN)`` as f filters with a k1 x ... x kN kernel.

    Keras's own positional order (``Conv2D(32, (3, 3), 2)``: strides 2) applies whenever the
    kernel is written as a tuple. When the sizes after the first are integer literals
    (``Conv2D(64, 2, 2)``, as pasted Keras code has them), Keras would read them as strides
    (and padding): a warning names both readings, every time.
    """

    def bind(args: list, keywords: dict, ctx) -> list:
        if len(args) < nd + 1 or nd == 1 or isinstance(args[1], (ast.TupleExpr, ast.ListExpr)):
            return args
        sizes = args[1 : nd + 1]
        if any(isinstance(s, (ast.TupleExpr, ast.ListExpr, ast.Str, ast.Const)) for s in sizes):
            return args
        extra = [literal(s) for s in sizes[1:]]
        if all(value is not None for value in extra):
            ctx.warn(strides_reading(nd, sizes), sizes[1].pos)
        kernel = ast.TupleExpr(tuple(sizes), sizes[0].pos)
        return [args[0], kernel, *args[nd + 1 :]]

    return bind


def strides_reading(nd: int, sizes) -> str:
    """The two readings of ``ConvND(f, k, a, ...)`` with literal ``a, ...``.

    >>> text = strides_reading(2, [ast.Int(2, None), ast.Int(2, None)])
    >>> text[:27], text[70:94]
    ('read as kernel_size=(2, 2);', 'kernel_size=2, strides=2')
    """
    texts = [str(literal(s)) if literal(s) is not None else
             s.id if isinstance(s, ast.Name) else "..." for s in sizes]
    keras_names = ("kernel_size", "strides", "padding", "data_format")
    keras = ", ".join(f"{n}={t}" for n, t in zip(keras_names, texts, strict=False))
    kernel = "(" + ", ".join(texts) + ")"
    return (f"read as kernel_size={kernel}; Keras reads these positional arguments as "
            f"{keras}: write kernel_size={kernel} or strides={texts[1]} to say which")


def check_strides_dilation(a) -> None:
    """Keras rejects strides > 1 together with dilation_rate > 1 (on any axes)."""
    strides, dilation = a.strides, a.dilation_rate
    if all(s == 1 for s in strides) or all(d == 1 for d in dilation):
        return
    if any(s.is_Integer and s > 1 for s in strides) and any(
        d.is_Integer and d > 1 for d in dilation
    ):
        raise Reject(
            f"strides > 1 cannot be combined with dilation_rate > 1 (strides="
            f"{_show(strides)}, dilation_rate={_show(dilation)}); Keras rejects it",
            hint="use strides=1 or dilation_rate=1",
        )
    raise Reject(
        "strides > 1 cannot be combined with dilation_rate > 1, and with symbols in them "
        f"symparams cannot tell (strides={_show(strides)}, dilation_rate={_show(dilation)})",
        hint="write the strides or the dilation_rate as 1",
    )


def _show(values) -> str:
    return "(" + ", ".join(map(str, values)) + ("," if len(values) == 1 else "") + ")"


def _effective(a):
    return [d * (k - 1) + 1 for k, d in zip(a.kernel_size, a.dilation_rate, strict=False)]


def spatial_out(a, x):
    spatial, _ = split_channels(a, x)
    return [
        conv_length(n, k, s, d, a.padding)
        for n, k, s, d in zip(spatial, a.kernel_size, a.strides, a.dilation_rate, strict=False)
    ]


def conv_window_conditions(a, x):
    spatial, _ = split_channels(a, x)
    return window_conditions(spatial, _effective(a), a.padding)


# -- ConvND -------------------------------------------------------------------------------------


def _conv_shape(a, x):
    check_strides_dilation(a)
    return join_channels(a, spatial_out(a, x), a.filters)


def _conv_params(a, x):
    _, channels = split_channels(a, x)
    per_filter = product(a.kernel_size) * (channels if a.groups == 1 else channels / a.groups)
    return a.filters * (per_filter + 1) if a.use_bias else a.filters * per_filter


def _conv_kernel(a, x):
    """The kernel's size and last axis (``filters``), for ``lora_rank``."""
    kernel = _conv_params(a, x)
    return (kernel - a.filters if a.use_bias else kernel), a.filters


def _conv_conditions(a, x):
    _, channels = split_channels(a, x)
    conditions = conv_window_conditions(a, x)
    if a.groups != 1:
        conditions.append(Condition(channels, a.groups, "input channels", kind="multiple"))
        conditions.append(Condition(a.filters, a.groups, "filters", kind="multiple"))
    return conditions


def input_doc(nd: int) -> str:
    return "(" + ", ".join(axis_names(nd)) + ", channels)"


def _options(*names: str) -> tuple[Param, ...]:
    """Arguments that change no shape or count (initializers, regularizers, constraints)."""
    return tuple(Param(n, Anything(), None) for n in names)


def dilation(nd: int) -> Param:
    return Param("dilation_rate", Dims(nd), (1,) * nd)


def signature(nd: int, middle, options=WEIGHT_OPTIONS, *, filters: bool = True,
              paddings=("valid", "same"), activation=None, after_activation=()):
    """A convolution's arguments in Keras's order: ``filters`` (unless depthwise),
    ``kernel_size, strides, padding``, then the family's ``middle`` ones, then ``activation``,
    ``after_activation``, ``use_bias`` and the weight ``options``."""
    return (
        *((Param("filters", Dim()),) if filters else ()),
        Param("kernel_size", Dims(nd)),
        Param("strides", Dims(nd), (1,) * nd),
        Param("padding", Choice(paddings), "valid"),
        *middle,
        Param("activation", ActivationArg(), activation),
        *after_activation,
        Param("use_bias", Bool(), True),
        *options,
    )


def conv_layer(nd: int) -> LayerType:
    paddings = ("valid", "same", "causal") if nd == 1 else ("valid", "same")
    return LayerType(
        name=f"Conv{nd}D",
        family="conv",
        aliases=(f"Convolution{nd}D",),
        params=signature(nd, (DATA_FORMAT, dilation(nd), Param("groups", Dim(), 1)),
                         paddings=paddings),
        rank=nd + 1,
        input_doc=input_doc(nd),
        shape=_conv_shape,
        trainable=_conv_params,
        cost=conv_cost,
        conditions=_conv_conditions,
        bind_positional=kernel_positional(nd),
        derivation="filters × (kernel volume × input channels / groups + 1)",
        doc=f"{nd}-D convolution" + ("; causal padding pads on the left only." if nd == 1
                                     else "."),
        extra={"subtleties": (
            "valid: (n - dilation × (kernel - 1) - 1) // strides + 1, and Keras rejects an "
            "output of 0 or less; same" + (" and causal" if nd == 1 else "")
            + ": ceil(n / strides), whatever the kernel and dilation",
            "strides > 1 together with dilation_rate > 1 is rejected",
            "filters and input channels must be multiples of groups",
        )},
    )


# -- DepthwiseConvND and SeparableConvND ---------------------------------------------------------


def _depthwise_shape(a, x):
    _, channels = split_channels(a, x)
    return join_channels(a, spatial_out(a, x), a.depth_multiplier * channels)


def _depthwise_params(a, x):
    _, channels = split_channels(a, x)
    m = a.depth_multiplier
    return m * channels * (product(a.kernel_size) + 1) if a.use_bias else (
        m * channels * product(a.kernel_size))


def depthwise_layer(nd: int) -> LayerType:
    return LayerType(
        name=f"DepthwiseConv{nd}D",
        family="conv",
        params=signature(
            nd, (Param("depth_multiplier", Dim(), 1), DATA_FORMAT, dilation(nd)),
            _options("depthwise_initializer", "bias_initializer", "depthwise_regularizer",
                     "bias_regularizer", "activity_regularizer", "depthwise_constraint",
                     "bias_constraint"),
            filters=False,
        ),
        rank=nd + 1,
        input_doc=input_doc(nd),
        shape=_depthwise_shape,
        trainable=_depthwise_params,
        cost=depthwise_cost,
        conditions=conv_window_conditions,
        derivation="depth_multiplier × channels × (kernel volume + 1): one kernel per "
        "input channel and multiplier",
        doc=f"{nd}-D depthwise convolution: each channel convolved on its own, "
        "depth_multiplier times; the second positional argument is strides (Keras order).",
        extra={"subtleties": (
            "the second positional argument is strides, as in Keras",
            "strides > 1 with dilation_rate > 1 is accepted (unlike ConvND)",
        )},
    )


def _separable_shape(a, x):
    return join_channels(a, spatial_out(a, x), a.filters)


def _separable_params(a, x):
    _, channels = split_channels(a, x)
    m = a.depth_multiplier
    weights = m * channels * (product(a.kernel_size) + a.filters)
    return weights + a.filters if a.use_bias else weights


def separable_layer(nd: int) -> LayerType:
    return LayerType(
        name=f"SeparableConv{nd}D",
        family="conv",
        aliases=(f"SeparableConvolution{nd}D",),
        params=signature(
            nd, (DATA_FORMAT, dilation(nd), Param("depth_multiplier", Dim(), 1)),
            _options("depthwise_initializer", "pointwise_initializer", "bias_initializer",
                     "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer",
                     "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
                     "bias_constraint"),
        ),
        rank=nd + 1,
        input_doc=input_doc(nd),
        shape=_separable_shape,
        trainable=_separable_params,
        cost=separable_cost,
        conditions=conv_window_conditions,
        bind_positional=kernel_positional(nd),
        derivation="depthwise: depth_multiplier × channels × kernel volume, then pointwise: "
        "depth_multiplier × channels × filters, then filters biases",
        doc=f"{nd}-D separable convolution: a depthwise convolution, then a 1 × 1 one.",
        extra={"subtleties": (
            "the depthwise kernel has no bias; only the pointwise step adds filters biases",
            "depth_multiplier comes after dilation_rate in the positional order",
            "strides > 1 with dilation_rate > 1 is accepted (unlike ConvND)",
        )},
    )


# -- ConvNDTranspose ----------------------------------------------------------------------------


def transpose_length(n, k, s, d, padding, output_padding):
    """Keras's transposed-convolution output length along one axis."""
    k_eff = d * (k - 1) + 1
    if output_padding is None:
        return (n - 1) * s + Max(k_eff, s) if padding == "valid" else n * s
    if padding == "valid":
        return (n - 1) * s + k_eff + output_padding
    return (n - 1) * s + Mod(k_eff, 2) + output_padding


def _transpose_shape(a, x):
    check_strides_dilation(a)
    spatial, _ = split_channels(a, x)
    nd = len(spatial)
    pads = a.output_padding if a.output_padding is not None else (None,) * nd
    for p, s in zip(pads, a.strides, strict=False):
        if p is not None and p.is_Integer and s.is_Integer and p >= s:
            raise Reject(
                f"output_padding must be smaller than strides in every dimension, got "
                f"output_padding={_show(a.output_padding)}, strides={_show(a.strides)}"
            )
    out = [
        transpose_length(n, k, s, d, a.padding, p)
        for n, k, s, d, p in zip(
            spatial, a.kernel_size, a.strides, a.dilation_rate, pads, strict=False
        )
    ]
    return join_channels(a, out, a.filters)


def _transpose_params(a, x):
    _, channels = split_channels(a, x)
    weights = product(a.kernel_size) * channels * a.filters
    return weights + a.filters if a.use_bias else weights


def _transpose_conditions(a, x):
    if a.output_padding is None:
        return []
    return [
        Condition(s, p + 1, "strides (greater than output_padding)")
        for p, s in zip(a.output_padding, a.strides, strict=False)
        if not (p.is_Integer and s.is_Integer)
    ]


def transpose_layer(nd: int) -> LayerType:
    output_padding = Param("output_padding", Optional(Dims(nd, least=0)), None)
    middle = (DATA_FORMAT, output_padding) if nd == 3 else (output_padding, DATA_FORMAT)
    return LayerType(
        name=f"Conv{nd}DTranspose",
        family="conv",
        aliases=(f"Convolution{nd}DTranspose",),
        params=signature(nd, (*middle, dilation(nd))),
        rank=nd + 1,
        input_doc=input_doc(nd),
        shape=_transpose_shape,
        trainable=_transpose_params,
        cost=transpose_cost,
        conditions=_transpose_conditions,
        bind_positional=kernel_positional(nd),
        derivation="filters × (kernel volume × input channels + 1)",
        doc=f"{nd}-D transposed convolution (upsampling).",
        extra={"subtleties": (
            "valid: (n - 1) × strides + max(dilation × (kernel - 1) + 1, strides); "
            "same: n × strides",
            "an explicit output_padding p changes the rule: valid: (n - 1) × strides + "
            "k_eff + p; same: (n - 1) × strides + k_eff mod 2 + p; so output_padding=0 is "
            "not the same as None",
            "output_padding must be smaller than strides; there is no groups argument",
            "Keras accepts an output of size 0 here (same, output_padding=0, even kernel, "
            "n = 1); symparams rejects it",
        ) + (("the positional order is filters, kernel_size, strides, padding, "
              "data_format, output_padding",) if nd == 3 else ())},
    )


for _nd in (1, 2, 3):
    register(with_lora(conv_layer(_nd), _conv_kernel))
    register(transpose_layer(_nd))
for _nd in (1, 2):
    register(depthwise_layer(_nd))
    register(separable_layer(_nd))
