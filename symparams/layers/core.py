"""Core layers: Dense, Flatten, Dropout, Activation, Embedding, Identity, Masking.

Each definition is data: Keras's signature, a shape rule, parameter formulas and a one-line
derivation. Shapes exclude the batch dimension; ``x`` is the input shape, ``a`` the arguments.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Integer

from .cost import Cost, activation_cost, dot, free
from .fused_softmax import softmax_copies
from .lora import with_lora
from .registry import (
    WEIGHT_OPTIONS,
    ActivationArg,
    Anything,
    Args,
    Bool,
    Condition,
    Dim,
    InputShapeArg,
    LayerType,
    Number,
    Optional,
    Param,
    Reject,
    Shape,
    product,
    register,
)

ACTIVATION = Param("activation", ActivationArg(), None)
ZERO = Integer(0)


def _dense_shape(a, x):
    return (*x[:-1], a.units)


def _dense_cost(a, x, y):
    """inputs × units multiply-accumulates per position; a bias add per output element."""
    positions = product(x[:-1])
    bias = product(y) if a.use_bias else ZERO
    products = dot(positions * a.units, x[-1])
    one = sympy.Piecewise((1, sympy.Eq(x[-1], 1)), (0, True))  # a product of one: a multiply
    copies = softmax_copies(a.activation, y, int(bool(a.use_bias)) + one)
    return products + Cost(ops=bias) + copies + activation_cost(a.activation, y)


def _dense_params(a, x):
    return a.units * (x[-1] + 1) if a.use_bias else a.units * x[-1]


register(with_lora(
    LayerType(
        name="Dense",
        family="core",
        params=(
            Param("units", Dim()),
            ACTIVATION,
            Param("use_bias", Bool(), True),
            *WEIGHT_OPTIONS,
        ),
        rank=(1, None),
        input_doc="(..., inputs)",
        shape=_dense_shape,
        trainable=_dense_params,
        cost=_dense_cost,
        derivation="units × (inputs + 1); units × inputs without bias; acts on the last axis",
        doc="Fully connected layer on the last axis.",
    ),
    lambda a, x: (x[-1] * a.units, a.units),
))

register(
    LayerType(
        name="Flatten",
        family="core",
        params=(Param("data_format", Anything(), None),),
        shape=lambda a, x: (product(x),),
        cost=free,
        derivation="no parameters; output size is the product of the input dimensions",
        doc="Flattens all non-batch dimensions into one.",
    )
)

def check_rate(a) -> None:
    """Keras requires ``0 <= rate <= 1`` (checked when the layer is made); a symbolic rate
    is checked at its values (:func:`rate_conditions`)."""
    if getattr(a.rate, "free_symbols", None):
        return
    if not 0 <= a.rate <= 1:
        raise Reject(f"rate must be between 0 and 1, got {a.rate}")


def unit_interval(name: str) -> Callable[[Args, Shape], tuple[Condition, ...]]:
    """The conditions of a symbolic ``name`` (``rate``) Keras requires in ``[0, 1]``:
    ``Dropout(p)`` at ``p = 3/2`` is an error at the values, as Keras's is when made.

    >>> p = sympy.Symbol("p", positive=True)
    >>> [c.as_text() for c in unit_interval("rate")(Args({"rate": p}), (Integer(4),))]
    ['p >= 0', 'p <= 1']
    """
    def conditions(a: Args, x: Shape) -> tuple[Condition, ...]:
        value = a[name]
        if not getattr(value, "free_symbols", None):
            return ()
        return (Condition(value, ZERO, name), Condition(value, Integer(1), name, "<="))
    return conditions


rate_conditions = unit_interval("rate")


def _dropout_shape(a, x):
    check_rate(a)
    return x


register(
    LayerType(
        name="Dropout",
        family="core",
        params=(
            Param("rate", Number()),
            Param("noise_shape", Anything(), None),
            Param("seed", Anything(), None),
        ),
        shape=_dropout_shape,
        conditions=rate_conditions,
        cost=free,
        derivation="no parameters",
        doc="Randomly zeroes inputs during training; shape unchanged.",
    )
)

register(
    LayerType(
        name="Activation",
        family="core",
        params=(Param("activation", ActivationArg()),),
        shape=lambda a, x: x,
        cost=lambda a, x, y: activation_cost(a.activation, y),
        derivation="no parameters",
        doc="Applies an activation function; shape unchanged.",
    )
)


def _embedding_params(a, x):
    return a.input_dim * a.output_dim


register(with_lora(
    LayerType(
        name="Embedding",
        family="core",
        params=(
            Param("input_dim", Dim(), doc="vocabulary size"),
            Param("output_dim", Dim(), doc="vector size"),
            Param("embeddings_initializer", Anything(), None),
            Param("embeddings_regularizer", Anything(), None),
            Param("embeddings_constraint", Anything(), None),
            Param("mask_zero", Bool(), False),
            Param("weights", Anything(), None),
            Param(
                "input_length",
                Optional(Dim()),
                None,
                positional=False,
                doc="Keras 2: the sequence length; gives the input shape (input_length,)",
            ),
        ),
        shape=lambda a, x: (*x, a.output_dim),
        trainable=_embedding_params,
        cost=lambda a, x, y: Cost(ops=product(x) * (a.output_dim + 7)),
        derivation="input_dim × output_dim (one vector per word)",
        doc="A lookup table of input_dim vectors of output_dim numbers.",
    ),
    lambda a, x: (a.input_dim * a.output_dim, a.output_dim),
))

register(
    LayerType(
        name="Identity",
        family="core",
        params=(),
        shape=lambda a, x: x,
        cost=free,
        doc="Returns its input unchanged.",
    )
)

def _masking_cost(a, x, y):
    """any(x != mask_value) along the last axis, then x times that mask: a compare and a
    multiply per element, d - 1 per row of d to reduce."""
    elements = product(y)
    return Cost(ops=2 * elements + elements / y[-1] * (y[-1] - 1))


register(
    LayerType(
        name="Masking",
        family="core",
        params=(Param("mask_value", Anything(), 0.0),),
        shape=lambda a, x: x,
        cost=_masking_cost,
        doc="Masks the time steps whose features all equal mask_value; shape unchanged.",
    )
)

# The shape argument of Input, shared with the elaborator, which handles Input itself.
INPUT_PARAMS = (
    Param("shape", InputShapeArg()),
    Param("batch_size", Anything(), None),
    Param("dtype", Anything(), None),
    Param("sparse", Anything(), None),
    Param("ragged", Anything(), None),
    Param("name", Optional(Anything()), None),
)


