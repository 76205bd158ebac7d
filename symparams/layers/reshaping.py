"""Reshaping layers: Reshape, Permute, RepeatVector, UpSampling, ZeroPadding, Cropping (1-D to
3-D), and SpatialDropout. None has weights; each moves, repeats, pads or crops the input's
entries."""

from __future__ import annotations

from ..symbolic.integers import floordiv
from .core import check_rate, rate_conditions
from .cost import Cost, activation_name, free
from .kinds import UNKNOWN, Pads, Permutation, TargetShape, pairs
from .merging import provably_equal
from .registry import (
    Anything,
    Condition,
    Dim,
    Dims,
    LayerType,
    Number,
    Optional,
    Param,
    Reject,
    product,
    register,
)
from .spatial import DATA_FORMAT, axis_names, join_channels, split_channels

_NAME = Param("name", Optional(Anything()), None)
_DTYPE = Param("dtype", Anything(), None)


def _doc(nd: int) -> str:
    return "(" + ", ".join(axis_names(nd)) + ", channels)"


def _moves_data(a, x, y) -> Cost:
    """These layers move, repeat, pad or crop numbers: no arithmetic (XLA counts none);
    UpSampling2D's bilinear interpolation does arithmetic, not derived: unknown."""
    if activation_name(a.get("interpolation", "nearest")) != "nearest":
        return Cost(None, None, None)
    return free(a, x, y)


def _layer(name, params, shape, *, rank=None, input_doc="", conditions=None, doc="",
           derivation="no parameters", subtleties=()) -> LayerType:
    extra = {"subtleties": tuple(subtleties)} if subtleties else {}
    kwargs = {"conditions": conditions} if conditions else {}
    return register(LayerType(name=name, family="reshaping", params=params, shape=shape,
                              rank=rank, input_doc=input_doc, doc=doc, cost=_moves_data,
                              derivation=derivation, extra=extra, **kwargs))


# -- Reshape ------------------------------------------------------------------------------------


def _show(shape) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def _reshape_shape(a, x):
    size = product(x)
    known = product(d for d in a.target_shape if d != UNKNOWN)
    if UNKNOWN not in a.target_shape:
        if size.is_Integer and known.is_Integer and size != known:
            raise Reject(
                f"the total size must be unchanged: the input {_show(x)} has {size} entries, "
                f"the target {_show(a.target_shape)} {known}",
                hint="use -1 for one dimension to have it computed",
            )
        return a.target_shape
    if size.is_Integer and known.is_Integer and size % known:
        raise Reject(
            f"the input {_show(x)} has {size} entries, not a multiple of {known}, the size of "
            f"the known dimensions of {_show(a.target_shape)}"
        )
    rest = floordiv(size, known)
    return tuple(rest if d == UNKNOWN else d for d in a.target_shape)


def _reshape_conditions(a, x):
    size = product(x)
    known = product(d for d in a.target_shape if d != UNKNOWN)
    if UNKNOWN in a.target_shape:
        return [Condition(size, known, "input size", kind="multiple")]
    if provably_equal(size, known):
        return []
    return [
        Condition(size, known, "input size (equal to the target size)"),
        Condition(known, size, "target size (equal to the input size)"),
    ]


_layer(
    "Reshape",
    (Param("target_shape", TargetShape()),),
    _reshape_shape,
    conditions=_reshape_conditions,
    input_doc="(d1, ..., dn)",
    doc="Rearranges the entries into target_shape; one -1 is computed from the rest.",
    subtleties=(
        "the input and target sizes must be equal; with a -1 the input size must be a "
        "multiple of the known target dimensions",
    ),
)


# -- Permute, RepeatVector ----------------------------------------------------------------------


def _permute_shape(a, x):
    if len(a.dims) != len(x):
        raise Reject(f"dims {_show(a.dims)} permutes {len(a.dims)} axes, but the input "
                     f"{_show(x)} has {len(x)}")
    return tuple(x[d - 1] for d in a.dims)


_layer(
    "Permute",
    (Param("dims", Permutation()),),
    _permute_shape,
    input_doc="(d1, ..., dn)",
    doc="Reorders the axes: output axis i is input axis dims[i] (axes count from 1).",
    subtleties=("dims count axes from 1: the batch axis cannot move",),
)

_layer(
    "RepeatVector",
    (Param("n", Dim()),),
    lambda a, x: (a.n, x[0]),
    rank=1,
    input_doc="(features,)",
    doc="Repeats a vector n times: (features,) -> (n, features).",
)


# -- UpSampling ---------------------------------------------------------------------------------

_layer(
    "UpSampling1D",
    (Param("size", Dim(), 2),),
    lambda a, x: (a.size * x[0], x[1]),
    rank=2,
    input_doc="(steps, features)",
    doc="Repeats each step size times.",
)


def _upsampling_shape(a, x):
    spatial, channels = split_channels(a, x)
    return join_channels(a, [n * s for n, s in zip(spatial, a.size, strict=False)], channels)


_layer(
    "UpSampling2D",
    (Param("size", Dims(2), (2, 2)), DATA_FORMAT,
     Param("interpolation", Anything(), "nearest")),
    _upsampling_shape,
    rank=3,
    input_doc=_doc(2),
    doc="Repeats rows size[0] times and columns size[1] times.",
)
_layer(
    "UpSampling3D",
    (Param("size", Dims(3), (2, 2, 2)), DATA_FORMAT),
    _upsampling_shape,
    rank=4,
    input_doc=_doc(3),
    doc="Repeats each spatial axis i size[i] times.",
    subtleties=("no interpolation argument (nearest only)",),
)


# -- ZeroPadding and Cropping -------------------------------------------------------------------


def _padding_shape(a, x):
    spatial, channels = split_channels(a, x)
    pads = pairs(a.padding, len(spatial))
    out = [n + before + after for n, (before, after) in zip(spatial, pads, strict=True)]
    return join_channels(a, out, channels)


def _cropping_shape(a, x):
    spatial, channels = split_channels(a, x)
    crops = pairs(a.cropping, len(spatial))
    out = [n - before - after for n, (before, after) in zip(spatial, crops, strict=True)]
    return join_channels(a, out, channels)


def _cropping_conditions(a, x):
    spatial, _ = split_channels(a, x)
    names = axis_names(len(spatial))
    return [
        Condition(n, before + after + 1, f"input {name} (more than the cropping)")
        for n, (before, after), name in zip(
            spatial, pairs(a.cropping, len(spatial)), names, strict=True
        )
    ]


_PAD_NOTE = "padding is an int, a pair per axis, or a (before, after) pair per axis"
_NEGATIVE_NOTE = ("Keras accepts a negative int padding here (it crops); symparams rejects "
                  "negative paddings")
_EMPTY_NOTE = "Keras rejects a cropping that leaves nothing (an output of 0)"

_layer(
    "ZeroPadding1D",
    (Param("padding", Pads(1), 1), DATA_FORMAT),
    _padding_shape,
    rank=2,
    input_doc="(length, channels)",
    doc="Adds zeros at the start and end of the steps.",
)
_layer(
    "Cropping1D",
    (Param("cropping", Pads(1), (1, 1)),),
    _cropping_shape,
    rank=2,
    input_doc="(length, features)",
    conditions=_cropping_conditions,
    doc="Removes steps at the start and the end.",
    subtleties=(_EMPTY_NOTE,),
)

#: Keras's defaults: ZeroPadding pads 1 everywhere; Cropping2D crops nothing, Cropping3D 1.
_DEFAULTS = {("ZeroPadding", 2): (1, 1), ("ZeroPadding", 3): ((1, 1),) * 3,
             ("Cropping", 2): ((0, 0), (0, 0)), ("Cropping", 3): ((1, 1),) * 3}
_DOCS = {("ZeroPadding", 2): "Adds rows and columns of zeros around the image.",
         ("ZeroPadding", 3): "Adds zeros around the volume on the three spatial axes.",
         ("Cropping", 2): "Removes rows and columns at the borders.",
         ("Cropping", 3): "Removes slices at the borders of the three spatial axes."}

for (_family, _nd), _default in _DEFAULTS.items():
    _crop = _family == "Cropping"
    _arg = "cropping" if _crop else "padding"
    _layer(
        f"{_family}{_nd}D",
        (Param(_arg, Pads(_nd), _default), DATA_FORMAT),
        _cropping_shape if _crop else _padding_shape,
        rank=_nd + 1,
        input_doc=_doc(_nd),
        conditions=_cropping_conditions if _crop else None,
        doc=_DOCS[_family, _nd],
        subtleties=(_PAD_NOTE.replace("padding", _arg), _EMPTY_NOTE if _crop else _NEGATIVE_NOTE),
    )


# -- SpatialDropout -----------------------------------------------------------------------------


def _spatial_dropout_shape(a, x):
    check_rate(a)
    for arg in ("input_shape", "input_dim", "batch_size", "trainable"):
        if arg in a.given:
            raise Reject(
                f"SpatialDropout layers take no {arg}= argument (Keras raises TypeError)",
                hint="start the model with Input(shape=(...))" if arg != "trainable" else None,
            )
    return x


_layer(
    "SpatialDropout1D",
    (Param("rate", Number()), Param("seed", Anything(), None), _NAME, _DTYPE),
    _spatial_dropout_shape,
    rank=2,
    conditions=rate_conditions,
    input_doc="(timesteps, channels)",
    doc="Drops whole channels; shape unchanged.",
    subtleties=("takes no input_shape= (its constructor has no **kwargs)",),
)
for _nd in (2, 3):
    _layer(
        f"SpatialDropout{_nd}D",
        (Param("rate", Number()), DATA_FORMAT, Param("seed", Anything(), None), _NAME, _DTYPE),
        _spatial_dropout_shape,
        rank=_nd + 1,
        conditions=rate_conditions,
        input_doc=_doc(_nd),
        doc="Drops whole feature maps; shape unchanged.",
        subtleties=("takes no input_shape= (its constructor has no **kwargs)",),
    )
