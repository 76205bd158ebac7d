"""Layers that score a query against a key and value, or multiply two tensors: Attention,
AdditiveAttention and Dot. They take several tensors (``Attention()(q, v)``), like merges.

With a query ``(Tq, d)``, a value ``(Tv, dv)`` and a key ``(Tv, dk)`` (the value by default),
Keras's ``Attention`` outputs ``(Tq, dv)``; its only weights are a scalar ``scale``
(``use_scale=True``) and a scalar ``concat_score_weight`` (``score_mode="concat"``).
``AdditiveAttention`` has a ``scale`` vector of the query's ``d`` (``use_scale=True``, the
default). Keras checks none of the sizes when it builds them; its call then fails, so here
they are checked (``keras/src/layers/attention/attention.py``, ``merging/dot.py``).

Attention's cost is the scores (Tq × Tv), their softmax over Tv and the weighted sum of the
values:

>>> from sympy import factor
>>> from symparams import parse
>>> m = parse('''model m(Tq=5, Tv=7, d=4):
...     q = Input(shape=(Tq, d))
...     v = Input(shape=(Tv, d))
...     Attention()(q, v)
... ''').models["m"]
>>> factor(m.layers[-1].count("macs"))
2*Tq*Tv*d
"""

from __future__ import annotations

from sympy import Integer, Mul, false

from .cost import Cost, activation_cost, contraction, dot
from .kinds import Axes
from .merging import provably_equal
from .registry import Anything, Bool, Choice, LayerType, Number, Param, Reject, register

__all__ = ["attention_shape", "dot_axes", "dot_shape", "inputs_of"]


def _text(shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def inputs_of(shapes) -> tuple:
    """The input shapes; one bare shape (the reference page's example) stands for each."""
    if shapes and not isinstance(shapes[0], tuple):
        return (tuple(shapes), tuple(shapes))
    return tuple(shapes)


def _equal(a, b, what: str) -> None:
    if not provably_equal(a, b):
        raise Reject(f"{what} differ: {a} vs {b}",
                     hint="if they are equal for the values you mean, say so with 'assume'")


def attention_shape(a, shapes, broadcast: bool = False) -> tuple:
    """``(*query[:-1], value[-1])`` after Keras's call-time requirements: inputs of rank 2
    (timesteps, features), key and value of equal timesteps, query and key of equal features
    (or, where the scores are a sum, ``broadcast``, one of them 1)."""
    shapes = inputs_of(shapes)
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) == 3 else value
    for what, shape in (("query", query), ("value", value), ("key", key)):
        if len(shape) != 2:
            raise Reject(f"the {what} must be (timesteps, features), got {_text(shape)}")
    _equal(value[0], key[0], "value and key timesteps")
    if not (broadcast and (query[-1] == 1 or key[-1] == 1)):
        _equal(query[-1], key[-1], "query and key features")
    return (query[0], value[-1])


def _scores_and_values(shapes, scores: Cost) -> Cost:
    """``scores`` (Tq × Tv numbers), their softmax over Tv and the weighted sum of values."""
    shapes = inputs_of(shapes)
    (tq, _), (tv, dv) = shapes[0], shapes[1]
    # a softmax over one key is 2 ops per row for XLA, not 3: not derived (docs/compute.md)
    gap = Cost(xla_known=tv != 1)
    return scores + activation_cost("softmax", (tq, tv)) + dot(tq * dv, tv) + gap


def _summed_scores(a, shapes, scales: bool, weight: bool) -> Cost:
    """tanh of query + key (broadcast over Tq × Tv × d), ``scales`` times a scale, summed
    over d, ``weight`` times a scalar weight."""
    shapes = inputs_of(shapes)
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) == 3 else value
    d = key[-1] if query[-1] == 1 else query[-1]
    pairs = query[0] * key[0]
    ops = pairs * d * (2 if scales else 1) + pairs * (d - 1)
    return Cost(ops=ops, transcendentals=pairs * d) + (_scaled(pairs) if weight else Cost())


def _scaled(scores):
    """The scores times a scalar weight: one multiply each, two as XLA counts it (measured:
    Attention's use_scale and concat weight)."""
    return Cost(ops=scores, xla_ops=scores)


def _attention_cost(a, shapes, y) -> Cost:
    """Dot scores (Tq × Tv sums of d products, times the scale with use_scale) or concat
    scores, then softmax and the product with the values. XLA keeps the scores' batched
    product of d = 1 a product (2 flops a score, not a multiply's 1)."""
    query, value = inputs_of(shapes)[:2]
    if a.score_mode == "concat":
        scores = _summed_scores(a, shapes, a.use_scale, True)
    else:
        tq, d = query
        scores = contraction(tq * value[0], d, rewritten=false)
        if a.use_scale:
            scores = scores + _scaled(tq * value[0])
    return _scores_and_values(shapes, scores)


def _additive_cost(a, shapes, y) -> Cost:
    """tanh(query + key), times the scale vector with use_scale, summed; softmax; values."""
    return _scores_and_values(shapes, _summed_scores(a, shapes, a.use_scale, False))


def _attention_params(a, shapes):
    return int(a.use_scale) + int(a.score_mode == "concat")


register(LayerType(
    name="Attention", family="attention", cost=_attention_cost,
    params=(
        Param("use_scale", Bool(), False),
        Param("score_mode", Choice(("dot", "concat"), case_sensitive=True), "dot"),
        Param("dropout", Number(), 0.0),
        Param("seed", Anything(), None),
    ),
    shape=lambda a, shapes: attention_shape(a, shapes, broadcast=a.score_mode == "concat"),
    trainable=_attention_params, rank=2,
    input_doc="(query, value[, key]), each (timesteps, features)",
    derivation="1 for use_scale=True (a scalar scale), 1 for score_mode=\"concat\"",
    doc="Dot-product (Luong-style) attention: Attention()(query, value[, key]).",
    extra={"inputs": (2, 3), "example_input": ("T", "F"), "subtleties": (
        "output (query timesteps, value features)",
        "use_scale=True adds one scalar; score_mode=\"concat\" adds another",
        "Keras builds it whatever the sizes; its call needs query and key of equal "
        "features (dot scores) and key and value of equal timesteps",
    )},
))

register(LayerType(
    name="AdditiveAttention", family="attention", cost=_additive_cost,
    params=(
        Param("use_scale", Bool(), True),
        Param("dropout", Number(), 0.0),
    ),
    shape=lambda a, shapes: attention_shape(a, shapes, broadcast=True),
    trainable=lambda a, shapes: inputs_of(shapes)[0][-1] if a.use_scale else Integer(0),
    rank=2,
    input_doc="(query, value[, key]), each (timesteps, features)",
    derivation="the query's features (a scale vector) with use_scale=True, the default",
    doc="Additive (Bahdanau-style) attention: AdditiveAttention()(query, value[, key]).",
    extra={"inputs": (2, 3), "example_input": ("T", "F"), "subtleties": (
        "use_scale=True (the default) adds a scale vector of the query's features",
        "query and key features are added: equal, or one of them 1",
    )},
))


def dot_axes(a, shapes) -> tuple[int, int]:
    """The two axes (counted with the batch axis 0) ``Dot`` contracts."""
    axes = a.axes if isinstance(a.axes, tuple) else (a.axes, a.axes)
    if len(axes) != 2:
        raise Reject(f"axes needs one axis or two, got {len(axes)}")
    out = []
    for axis, shape in zip(axes, shapes, strict=True):
        full = len(shape) + 1
        normal = axis % full if -full <= axis < full else None
        if normal is None or normal == 0:
            raise Reject(f"axis {axis} is out of range for the input {_text(shape)} (axis 0 "
                         "is the batch)", hint="count axes from 1, or from -1 at the end")
        out.append(normal)
    return out[0], out[1]


def dot_shape(a, shapes) -> tuple:
    """Keras's ``Dot.compute_output_shape``: both inputs without their contracted axes (the
    second's batch dropped), ``(1,)`` when nothing else is left."""
    shapes = inputs_of(shapes)
    if len(shapes) != 2:
        raise Reject(f"Dot takes exactly 2 inputs, got {len(shapes)}")
    first, second = shapes
    i, j = dot_axes(a, shapes)
    _equal(first[i - 1], second[j - 1], f"the contracted axes ({i} and {j})")
    out = tuple(d for k, d in enumerate(first) if k != i - 1) + tuple(
        d for k, d in enumerate(second) if k != j - 1)
    return out or (Integer(1),)


def _normalized(shape, axis: int) -> Cost:
    """An L2 normalization of ``shape`` along ``axis`` (counted from 1): the squares, their
    sums and the products by the reciprocal square root (one per row), 3 ops per element as
    XLA counts them (measured)."""
    elements = Mul(*shape)
    return Cost(ops=3 * elements, transcendentals=elements / shape[axis - 1])


def _dot_cost(a, shapes, y) -> Cost:
    """Every output number a sum of the contracted axis's products; with normalize, both
    inputs L2-normalized along it first."""
    shapes = inputs_of(shapes)
    i, j = dot_axes(a, shapes)
    products = dot(Mul(*y), shapes[0][i - 1])
    if a.normalize:
        products = products + _normalized(shapes[0], i) + _normalized(shapes[1], j)
    return products


register(LayerType(
    name="Dot", family="merging", cost=_dot_cost,
    params=(Param("axes", Axes()), Param("normalize", Bool(), False)),
    shape=dot_shape, input_doc="(..., features)",
    derivation="no parameters; the contracted axes must be equal",
    doc="Batch dot product of two tensors along the given axes: Dot(axes)(x, y).",
    extra={"inputs": (2, 2), "example_input": ("T", "F"), "example_args": {"axes": -1},
           "subtleties": (
        "axes count from 1 (the batch axis 0 cannot be contracted); a negative axis counts "
        "from the end of each input",
        "the output is the first input's other axes, then the second's; (1,) if none",
    )},
))
