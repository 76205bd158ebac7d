"""ReversibleEmbedding (``keras/src/layers/core/reversible_embedding.py``): an Embedding that
can also project back to the vocabulary, ``layer(x, reverse=True)``.

Forward it is an Embedding: ``(*x, output_dim)`` and ``input_dim × output_dim`` weights. With
``tie_weights=True`` (the default) the reverse projection is the embedding matrix transposed;
with ``tie_weights=False`` Keras builds a second ``output_dim × input_dim`` matrix when the
layer is built, used or not. In a model, the reverse call is written as a Dense tied to it:
``Dense(V, use_bias=False, tied_to="embedding")`` (its kernel is the layer's, so it adds
nothing).
"""

from __future__ import annotations

from .cost import Cost
from .registry import Anything, Bool, Dim, LayerType, Param, product, register

__all__: list[str] = []


def _cost(a, x, y) -> Cost:
    """Forward it is an Embedding's lookup: per index, the cast of a float input, the index
    wrapped and clamped (7 ops) and the row gathered (output_dim), as XLA counts it (the
    reverse call is a tied Dense, counted as one)."""
    return Cost(ops=product(x) * (a.output_dim + 7))


def _params(a, x):
    matrices = 1 if a.tie_weights else 2
    return matrices * a.input_dim * a.output_dim


register(
    LayerType(
        name="ReversibleEmbedding",
        family="core", cost=_cost,
        params=(
            Param("input_dim", Dim(), doc="vocabulary size"),
            Param("output_dim", Dim(), doc="vector size"),
            Param("tie_weights", Bool(), True),
            Param("embeddings_initializer", Anything(), None),
            Param("embeddings_regularizer", Anything(), None),
            Param("embeddings_constraint", Anything(), None),
            Param("mask_zero", Bool(), False),
            Param("reverse_dtype", Anything(), None),
            Param("logit_soft_cap", Anything(), None),
        ),
        shape=lambda a, x: (*x, a.output_dim),
        trainable=_params,
        derivation="input_dim × output_dim, twice with tie_weights=False (a reverse matrix "
        "of its own)",
        doc="An Embedding whose matrix (or a second one) also maps vectors back to the "
        "vocabulary.",
        extra={"subtleties": (
            "tie_weights=False adds an output_dim × input_dim reverse matrix, built with "
            "the layer even if the reverse call is never made",
            "the reverse call layer(x, reverse=True) is written as Dense(input_dim, "
            "use_bias=False, tied_to=\"<its name>\"): no weights of its own",
            "reverse_dtype and logit_soft_cap change no shape or count",
        )},
    )
)
