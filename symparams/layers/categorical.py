"""Categorical preprocessing layers (``keras/src/layers/preprocessing``): CategoryEncoding,
Hashing, HashedCrossing, Discretization, IntegerLookup, StringLookup, TextVectorization.

None holds a Keras weight: the lookup tables, an adapted vocabulary and TF-IDF weights are
TensorFlow resources (``tf.lookup`` tables, a ``tf.Variable``) or NumPy arrays that Keras's
``count_params()``, ``weights`` and ``model.summary()`` leave out, so every count is 0.
Their output shapes follow each layer's ``compute_output_shape`` (what ``model.summary()``
shows), ``output_mode`` by ``output_mode``. A vocabulary's size is a symbol where it is not
written out: ``StringLookup(vocabulary_size=V, output_mode="multi_hot")``;
``vocabulary_size`` is Keras's ``layer.vocabulary_size()`` (saved in the layer's config),
counting the OOV indices (and the mask token in ``"int"`` mode).

>>> from symparams.layers.registry import lookup
>>> lookup("StringLookup").family, lookup("TextVectorization").rank
('categorical', (0, None))
"""

from __future__ import annotations

from sympy import Integer

from ..symbolic.integers import NONE_DIM
from ..syntax import ast
from .categorical_cost import category_cost, no_products
from .kinds import NonNegative
from .registry import (
    Anything,
    Bool,
    Choice,
    Condition,
    Dim,
    LayerType,
    Optional,
    Param,
    Reject,
    register,
)

__all__ = ["TF_ONLY", "encoded_shape", "vocabulary_depth"]

#: The layers whose constructor needs TensorFlow in Keras 3 (``tf.available``).
TF_ONLY = ("Hashing", "HashedCrossing", "IntegerLookup", "StringLookup", "TextVectorization")

_ZERO_WEIGHTS = ("no Keras weights: lookup tables, an adapted vocabulary and TF-IDF weights "
                 "are TensorFlow resources that count_params() and summary() leave out")


def _list_length(node) -> int | None:
    return len(node.items) if isinstance(node, (ast.ListExpr, ast.TupleExpr)) else None


def encoded_shape(x, depth, mode: str, *, squeeze_one: bool) -> tuple:
    """``x`` (batch excluded) with its last axis encoded into ``depth`` entries.

    ``one_hot`` appends an axis of ``depth`` (or, with ``squeeze_one``, replaces a last
    axis of size 1); ``multi_hot``, ``count`` and ``tf_idf`` replace the last (sample) axis.

    >>> from sympy import Integer as I
    >>> encoded_shape((I(3),), I(10), "one_hot", squeeze_one=True)
    (3, 10)
    >>> encoded_shape((I(3), I(1)), I(10), "one_hot", squeeze_one=True)
    (3, 10)
    >>> encoded_shape((I(3), I(4)), I(10), "count", squeeze_one=True)
    (3, 10)
    """
    if mode == "int":
        return tuple(x)
    if mode == "one_hot":
        if squeeze_one and x and x[-1] == 1:
            return (*x[:-1], depth)
        return (*x, depth)
    return (*x[:-1], depth)


def _one_hot_condition(x, mode: str) -> list[Condition]:
    """A symbolic last axis: one_hot appends an axis, which is Keras's rule unless it is 1."""
    if mode == "one_hot" and x and not x[-1].is_Integer:
        return [Condition(x[-1], Integer(2), "input last axis (one_hot replaces an axis of "
                                              "size 1)")]
    return []


def _needs_last_axis(a, x, name: str) -> None:
    if a.output_mode != "int" and not x:
        raise Reject(f"{name} with output_mode={a.output_mode!r} needs an input of rank >= 1: "
                     "on a scalar input Keras's output shape loses the batch axis",
                     hint="give the input a last axis: Input(shape=(1,))")


# -- CategoryEncoding ----------------------------------------------------------------------------


def _category_shape(a, x):
    _needs_last_axis(a, x, "CategoryEncoding")
    if a.output_mode == "one_hot" and len(x) == 1:
        return (*x, a.num_tokens) if x[0] != 1 else (a.num_tokens,)
    return encoded_shape(x, a.num_tokens, a.output_mode, squeeze_one=True)


_MODES = ("one_hot", "multi_hot", "count")
register(LayerType(
    name="CategoryEncoding", family="categorical",
    params=(
        Param("num_tokens", Dim(), doc="the number of categories: inputs are 0..num_tokens-1"),
        Param("output_mode", Choice(_MODES, case_sensitive=True), "multi_hot"),
        Param("sparse", Bool(), False),
    ),
    rank=(1, None), input_doc="(..., samples)",
    shape=_category_shape,
    conditions=lambda a, x: _one_hot_condition(x, a.output_mode),
    derivation="no parameters",
    doc="Encodes integer categories as one-hot, multi-hot or count vectors of num_tokens.",
    cost=category_cost,
    extra={"example_input": ("d_1", "n"),
           "subtleties": (
               "one_hot appends a num_tokens axis, but replaces a last axis of size 1",
               "multi_hot and count replace the last (sample) axis with num_tokens",
               "count_weights is a call argument, not a weight",
           )},
))


# -- Hashing and HashedCrossing ------------------------------------------------------------------

_HASH_MODES = ("int", "one_hot", "multi_hot", "count")


def _hashing_shape(a, x):
    _needs_last_axis(a, x, "Hashing")
    # Keras's compute_output_shape encodes the last axis in every mode but int, one_hot too.
    return tuple(x) if a.output_mode == "int" else (*x[:-1], a.num_bins)


_HASH_PARAMS = (
    Param("num_bins", Dim(), doc="the number of hash bins"),
)
register(LayerType(
    name="Hashing", family="categorical",
    params=(*_HASH_PARAMS, Param("mask_value", Anything(), None),
            Param("salt", Anything(), None),
            Param("output_mode", Choice(_HASH_MODES, case_sensitive=True), "int"),
            Param("sparse", Bool(), False)),
    rank=(1, None), input_doc="(..., samples)",
    shape=_hashing_shape,
    derivation="no parameters (a hash function, no table)",
    doc="Hashes strings or integers into num_bins bins (needs TensorFlow in Keras).",
    cost=no_products,
    extra={"example_input": ("d_1", "n"), "needs_tensorflow": True,
           "subtleties": (
               "Keras's output shape replaces the last axis with num_bins in one_hot mode "
               "too (compute_output_shape), whatever its size",
               "mask_value and salt change no shape",
           )},
))


def _crossing_shape(a, shapes):
    if shapes and not isinstance(shapes[0], tuple):  # one bare shape: both inputs alike
        shapes = (tuple(shapes),) * 2
    first, second = shapes
    if first and second and first[-1].is_Integer and second[-1].is_Integer \
            and first[-1] != second[-1]:
        raise Reject(f"HashedCrossing needs inputs whose last axes are equal, got "
                     f"{first[-1]} and {second[-1]}")
    if a.output_mode == "int":
        return tuple(first)
    if a.output_mode == "one_hot" and (not first or first[-1] != 1):
        return (*first, a.num_bins)
    return (*first[:-1], a.num_bins)


register(LayerType(
    name="HashedCrossing", family="categorical",
    params=(*_HASH_PARAMS,
            Param("output_mode", Choice(("int", "one_hot"), case_sensitive=True), "int"),
            Param("sparse", Bool(), False)),
    input_doc="(..., features), twice",
    shape=_crossing_shape,
    derivation="no parameters (a hash of feature pairs, no table)",
    doc="Hashes the cross of two categorical features into num_bins bins: "
        "HashedCrossing(n)(a, b) (needs TensorFlow in Keras).",
    cost=no_products,
    extra={"inputs": (2, 2), "example_input": ("d_1", "n"),
           "needs_tensorflow": True,
           "subtleties": ("the two inputs must have equal last axes; the output follows "
                          "the first input's shape",)},
))


# -- Discretization ------------------------------------------------------------------------------

def _bins(a):
    length = _list_length(a.nodes.get("bin_boundaries"))
    if a.bin_boundaries is not None and length is None:
        raise Reject("bin_boundaries must be a list of numbers to count the bins",
                     hint="or give num_bins=n")
    if length is not None and a.num_bins is not None:
        raise Reject("Discretization takes bin_boundaries or num_bins, not both")
    if length is not None:
        return Integer(length + 1)
    if a.num_bins is None:
        raise Reject("Discretization needs bin_boundaries=[...] or num_bins=n")
    return a.num_bins


def _discretization_shape(a, x):
    depth = _bins(a)
    if a.output_mode == "int":
        return tuple(x)
    if a.output_mode == "one_hot":
        return encoded_shape(x, depth, "one_hot", squeeze_one=True)
    # Keras's compute_output_shape drops the first axis after the batch, not the last.
    return (*x[1:], depth)


register(LayerType(
    name="Discretization", family="categorical",
    params=(
        Param("bin_boundaries", Optional(Anything()), None),
        Param("num_bins", Optional(Dim()), None),
        Param("epsilon", Anything(), 0.01),
        Param("output_mode", Choice(_HASH_MODES, case_sensitive=True), "int"),
        Param("sparse", Bool(), False),
    ),
    rank=(1, None), input_doc="(..., samples)",
    shape=_discretization_shape,
    conditions=lambda a, x: _one_hot_condition(x, a.output_mode),
    derivation="no parameters (the boundaries are constants or adapt() state, not weights)",
    doc="Buckets numbers into len(bin_boundaries) + 1 (or num_bins) bins.",
    cost=no_products,
    extra={"example_input": ("d_1", "n"),
           "subtleties": (
               "bins: len(bin_boundaries) + 1, or num_bins (boundaries from adapt())",
               "multi_hot and count: Keras's output shape drops the first axis after the "
               "batch (compute_output_shape), not the last",
           )},
))


# -- IntegerLookup, StringLookup, TextVectorization ----------------------------------------------

_LOOKUP_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def vocabulary_depth(a, oov: int) -> object:
    """The encoded axis of a lookup: ``max_tokens`` padded, else the vocabulary's size
    (``vocabulary_size``, or a literal vocabulary's length plus ``oov`` indices)."""
    if a.pad_to_max_tokens and a.max_tokens is not None:
        return a.max_tokens
    if a.vocabulary_size is not None:
        return a.vocabulary_size
    length = _list_length(a.nodes.get("vocabulary"))
    if length is not None:
        return Integer(length) + oov
    raise Reject(f"output_mode={a.output_mode!r} needs the vocabulary's size: Keras knows it "
                 "only after adapt() or from a vocabulary",
                 hint="give vocabulary_size=V (a symbol), a vocabulary=[...] list, or "
                 "max_tokens=n with pad_to_max_tokens=True")


def _lookup_shape(a, x):
    if a.invert and a.output_mode != "int":
        raise Reject("invert=True needs output_mode='int'")
    if a.output_mode == "int":
        return tuple(x)
    _needs_last_axis(a, x, "a lookup")
    oov = a.num_oov_indices
    depth = vocabulary_depth(a, oov)
    return encoded_shape(x, depth, a.output_mode, squeeze_one=True)


def _lookup(name: str, oov_token, dtype_params: tuple) -> LayerType:
    return LayerType(
        name=name, family="categorical",
        params=(
            Param("max_tokens", Optional(Dim()), None),
            Param("num_oov_indices", NonNegative(), 1),
            Param("mask_token", Anything(), None),
            Param("oov_token", Anything(), oov_token),
            Param("vocabulary", Optional(Anything()), None),
            *dtype_params,
            Param("idf_weights", Optional(Anything()), None),
            Param("invert", Bool(), False),
            Param("output_mode", Choice(_LOOKUP_MODES, case_sensitive=True), "int"),
            Param("sparse", Bool(), False),
            Param("pad_to_max_tokens", Bool(), False),
            Param("vocabulary_size", Optional(Dim()), None, positional=False,
                  doc="Keras's vocabulary_size(): tokens plus OOV (and mask) indices"),
            Param("oov_method", Anything(), "floormod", positional=False),
            Param("salt", Anything(), None, positional=False),
            Param("encoding", Anything(), "utf-8", positional=False),
        ),
        rank=(1, None), input_doc="(..., samples)",
        shape=_lookup_shape,
        conditions=lambda a, x: _one_hot_condition(x, a.output_mode),
        derivation="no parameters (" + _ZERO_WEIGHTS + ")",
        doc=f"Maps {'integer' if name == 'IntegerLookup' else 'string'} tokens to indices "
            "of a vocabulary, or encodes them (needs TensorFlow in Keras).",
        cost=no_products,
        extra={"example_input": ("d_1", "n"), "needs_tensorflow": True,
               "subtleties": (
                   "int mode keeps the shape; one_hot appends an axis of the vocabulary "
                   "size (replacing a last axis of 1); multi_hot, count and tf_idf replace "
                   "the last axis",
                   "the encoded size: max_tokens with pad_to_max_tokens=True, else the "
                   "vocabulary's tokens + num_oov_indices (a mask token is dropped)",
                   "tf_idf's idf weights are a tf.Variable, not a Keras weight: 0 "
                   "parameters",
               )},
    )


register(_lookup("IntegerLookup", -1, (Param("vocabulary_dtype", Anything(), "int64"),)))
register(_lookup("StringLookup", "[UNK]", ()))


def _text_shape(a, x):
    if a.output_mode == "int":
        if a.output_sequence_length is None:
            return (NONE_DIM,)
        return (a.output_sequence_length,)
    if a.output_sequence_length is not None:
        raise Reject("output_sequence_length works only with output_mode='int'")
    if a.split is None:
        tokens = tuple(x) if x else (Integer(1),)
    else:
        tokens = (*x, NONE_DIM)
    depth = vocabulary_depth(a, 1)
    return encoded_shape(tokens, depth, a.output_mode, squeeze_one=True)


register(LayerType(
    name="TextVectorization", family="categorical",
    params=(
        Param("max_tokens", Optional(Dim()), None),
        Param("standardize", Anything(), "lower_and_strip_punctuation"),
        Param("split", Optional(Anything()), "whitespace"),
        Param("ngrams", Anything(), None),
        Param("output_mode", Choice(("int", "multi_hot", "count", "tf_idf"),
                                    case_sensitive=True), "int"),
        Param("output_sequence_length", Optional(Dim()), None),
        Param("pad_to_max_tokens", Bool(), False),
        Param("vocabulary", Optional(Anything()), None),
        Param("idf_weights", Optional(Anything()), None),
        Param("sparse", Bool(), False),
        Param("ragged", Bool(), False),
        Param("encoding", Anything(), "utf-8"),
        Param("vocabulary_size", Optional(Dim()), None, positional=False,
              doc="Keras's vocabulary_size(): tokens plus the OOV index"),
    ),
    rank=(0, None), input_doc="(samples,)",
    shape=_text_shape,
    derivation="no parameters (" + _ZERO_WEIGHTS + ")",
    doc="Splits strings into tokens and maps them to a vocabulary (needs TensorFlow in "
        "Keras).",
    cost=no_products,
    extra={"example_input": ("d_1", "n"),
           "needs_tensorflow": True,
           "subtleties": (
               "int mode: (output_sequence_length,) whatever the input's shape; without "
               "output_sequence_length the length is None (known only per batch)",
               "multi_hot, count and tf_idf: the vocabulary's tokens + 1 OOV index (the "
               "mask '' is dropped), or max_tokens with pad_to_max_tokens=True",
           )},
))
