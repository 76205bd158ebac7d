"""Attention: MultiHeadAttention and GroupQueryAttention, self-attention in a chain
(``mha(x, x)``), cross-attention in a graph (``mha(q, v)``).

With E the input's last axis, H heads, K = key_dim, V = value_dim (key_dim by default) and
O the output size (E by default), Keras builds four projections (EinsumDense):
query and key ``E × H × K`` each, value ``E × H × V``, output ``H × V × O``, each with a bias
(``H × K``, ``H × K``, ``H × V``, ``O``) when use_bias; use_gate adds ``E × H × V`` (+ ``H × V``).
"""

from __future__ import annotations

from sympy import Expr

from .cost import Cost
from .kinds import DimOrDims
from .merging import provably_equal
from .registry import (
    WEIGHT_OPTIONS,
    Anything,
    Bool,
    Condition,
    Dim,
    LayerType,
    Number,
    Optional,
    Param,
    Reject,
    product,
    register,
)

__all__ = ["gqa_params", "attention_cost"]


def _output(a, x):
    return a.output_shape if a.output_shape is not None else (x[-1],)


def _shape(a, x):
    return (*x[:-1], *_output(a, x))


def attention_cost(a, x, y, key=None, value=None):
    """Self-attention (``key`` and ``value`` default to the query ``x``): the four
    projections, Q·Kᵀ and A·V over Tq × Tk (the products of all axes but the last), the
    biases, the softmax (4·Tk - 1 per row), the 1/√K scale and XLA's one more per score."""
    key = x if key is None else key
    value = key if value is None else value
    if a.use_gate or a.attention_axes is not None or len(x) != 2 or len(key) != 2:
        return Cost(None, None, None)  # several attention axes: not derived
    tq, tk = product(x[:-1]), product(key[:-1])
    h, k = a.num_heads, a.key_dim
    v = a.key_dim if a.value_dim is None else a.value_dim
    o = product(_output(a, x))
    macs = h * k * (tq * x[-1] + tk * key[-1]) + tk * value[-1] * h * v + tq * h * v * o \
        + h * tq * tk * (k + v)
    bias = h * k * (tq + tk) + tk * h * v + tq * o if a.use_bias else 0
    scores = h * tq * tk
    # XLA rewrites a product whose sum has one term; that case is not derived here
    lengths = (x[-1], key[-1], value[-1], k, tk, h * v)
    plain = all(n.is_Integer and n > 1 for n in lengths)
    return Cost(macs=macs, ops=bias + h * tq * (4 * tk - 1) + 2 * scores,
                transcendentals=scores, xla_known=plain)


def _gqa_cost(a, x, y):
    """Self-attention of u query heads sharing v key and value heads of size d: the query,
    key, value and output projections, Q·Kᵀ and A·V over u heads (keys and values repeated),
    the biases, the softmax and the 1/√d scale with XLA's one more per score."""
    if len(x) != 2 or a.sliding_window is not None:
        return Cost(None, None, None)
    t, e = x
    u, v, d = a.num_query_heads, a.num_key_value_heads, a.head_dim
    macs = t * e * d * (2 * u + 2 * v) + 2 * u * t * t * d
    bias = t * d * (u + 2 * v) + t * e if a.use_bias else 0
    scores = u * t * t
    lengths = (e, d, t, u * d)
    plain = all(n.is_Integer and n > 1 for n in lengths)
    cost = Cost(macs=macs, ops=bias + u * t * (4 * t - 1) + 2 * scores,
                transcendentals=scores, xla_known=plain)
    if a.use_gate:  # a sigmoid projection of the query multiplying the heads' output
        gated = t * u * d
        cost = cost + Cost(macs=gated * e, ops=(_GATE_OPS + int(bool(a.use_bias))) * gated,
                           transcendentals=gated)
    return cost


_GATE_OPS = 4  # the sigmoid's 3 and the product


def _params(a, x):
    e, h, k = x[-1], a.num_heads, a.key_dim
    v = a.key_dim if a.value_dim is None else a.value_dim
    o = product(_output(a, x))
    b = 1 if a.use_bias else 0
    gates = 2 if a.use_gate else 1
    return 2 * h * k * (e + b) + gates * h * v * (e + b) + o * (h * v + b)


register(
    LayerType(
        name="MultiHeadAttention",
        family="attention",
        params=(
            Param("num_heads", Dim()),
            Param("key_dim", Dim()),
            Param("value_dim", Optional(Dim()), None),
            Param("dropout", Number(), 0.0),
            Param("use_bias", Bool(), True),
            Param("output_shape", Optional(DimOrDims()), None),
            Param("attention_axes", Anything(), None),
            Param("sliding_window", Anything(), None),
            Param("flash_attention", Anything(), None),
            *WEIGHT_OPTIONS,
            Param("use_gate", Bool(), False),
            Param("seed", Anything(), None),
        ),
        rank=(1, None),
        input_doc="(..., features)",
        shape=_shape,
        trainable=_params,
        cost=attention_cost,
        derivation="query and key: heads × key_dim × (features + 1) each; value: heads × "
        "value_dim × (features + 1); output: out × (heads × value_dim + 1)",
        doc="Multi-head self-attention: query, key and value are the layer's input.",
        extra={"subtleties": (
            "in a chain it is self-attention: Keras code calls it as mha(x, x)",
            "value_dim defaults to key_dim; output_shape defaults to the input's last axis",
            "output_shape replaces the last axis (a tuple replaces it by several)",
            "use_gate=True adds a gate projection like the value one",
        )},
    )
)


# -- GroupQueryAttention ------------------------------------------------------------------------


def gqa_params(a, query, value, key) -> Expr:
    """Query and output projections sized by the query's features E, key and value ones by
    theirs: ``U h (E + b) + V h (Ek + b) + V h (Ev + b) + E (U h + b)`` (+ a gate)."""
    for what, shape in (("value", value), ("key", key)):
        if len(shape) != 2:
            raise Reject(f"the {what} must be (timesteps, features), got rank {len(shape)}")
    if not provably_equal(query[-1], value[-1]):
        raise Reject(f"query features {query[-1]} and value features {value[-1]} must be "
                     "equal (Keras checks it)",
                     hint="if they are equal for the values you mean, say so with 'assume'")
    u, v, h = a.num_query_heads, a.num_key_value_heads, a.head_dim
    b = 1 if a.use_bias else 0
    gates = 2 if a.use_gate else 1
    e = query[-1]
    return gates * u * h * (e + b) + v * h * (key[-1] + b) + v * h * (value[-1] + b) \
        + e * (u * h + b)


def _gqa_params(a, x):
    return gqa_params(a, x, x, x)


def _gqa_conditions(a, x):
    heads, groups = a.num_query_heads, a.num_key_value_heads
    if heads.is_Integer and groups.is_Integer:
        if heads % groups:
            raise Reject(f"num_query_heads {heads} is not a multiple of num_key_value_heads "
                         f"{groups}")
        return []
    return [Condition(heads, groups, "num_query_heads", kind="multiple")]


register(
    LayerType(
        name="GroupQueryAttention",
        family="attention", cost=_gqa_cost,
        params=(
            Param("head_dim", Dim()),
            Param("num_query_heads", Dim()),
            Param("num_key_value_heads", Dim()),
            Param("dropout", Number(), 0.0),
            Param("use_bias", Bool(), True),
            Param("sliding_window", Anything(), None),
            Param("flash_attention", Anything(), None),
            *WEIGHT_OPTIONS,
            Param("use_gate", Bool(), False),
            Param("seed", Anything(), None),
        ),
        rank=2,
        input_doc="(timesteps, features)",
        shape=lambda a, x: tuple(x),
        trainable=_gqa_params,
        conditions=_gqa_conditions,
        derivation="query and output: query_heads × head_dim × (features + 1) each (the "
        "output's bias is features); key and value: kv_heads × head_dim × (features + 1) "
        "each",
        doc="Grouped-query self-attention: key and value heads shared by groups of query "
        "heads.",
        extra={
            "cross": gqa_params,
            "subtleties": (
                "in a chain it is self-attention: gqa(x, x)",
                "the output has the query's shape: the output projection maps back to the "
                "query's features",
                "num_query_heads must be a multiple of num_key_value_heads",
                "query and value must have the same features; the key's may differ",
                "inputs are (timesteps, features) only: Keras builds a rank-3 input but "
                "its call fails",
                "use_gate=True adds a gate projection like the query one",
            ),
        },
    )
)
