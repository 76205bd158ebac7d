"""Element-wise work on a repeated tensor, against XLA itself
(``symparams/engine/broadcast_sinking.py``): XLA computes a ``ReLU``, ``relu6``, a scalar
``Rescaling`` or a one-channel multiply reading a nearest ``UpSampling`` or a
``RepeatVector`` before the repeat; what moves only in part, or with transcendentals, is
unknown. And a global pooling of a transposed convolution with gaps (a stride longer than
its kernel), or a row reduction over a row longer than 32 that a reshape made, is unknown
(``symparams/engine/xla_tails.py``).

As in ``test_compute_xla.py``: each chain is built in Keras on jax, its forward pass lowered
and compiled, and ``cost_analysis()`` must equal the ``xla`` and ``transcendentals`` counts
exactly, written with numbers and with symbols (at their example values); a row marked
unknown must give no ``xla`` count. No count is typed in by hand.
"""

from __future__ import annotations

import pytest

import symparams

from .oracle import L, model_source
from .test_catalog_oracle import symbolic_source
from .test_compute_xla import assert_xla, keras_chain, xla_cost

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

UP1, UP2 = L("UpSampling1D", {"size": 2}), L("UpSampling2D", {"size": 2})
GMP2 = L("GlobalMaxPooling2D", {})


def _c(cls, **kwargs) -> L:
    return L(cls, kwargs)


def _t(strides, kernel=(1, 1), **kwargs) -> L:
    return _c("Conv2DTranspose", filters=1, kernel_size=kernel, strides=strides,
              use_bias=False, **kwargs)


#: (input shape, chain): derived, the work before the repeat counted.
DERIVED = [
    ((3, 1), [UP1, _c("ReLU")]),
    ((3, 2), [UP1, _c("ReLU"), _c("ReLU")]),
    ((3, 2), [UP1, _c("Activation", activation="relu6")]),
    ((3, 2), [UP1, _c("Rescaling", scale=2.0, offset=1.0)]),
    ((3,), [_c("RepeatVector", n=2), _c("ReLU")]),
    ((3, 2, 2), [UP2, _c("ReLU")]),
    ((3, 2, 1), [_c("UpSampling2D", size=(2, 1)), _c("ReLU")]),
    ((3, 2, 2, 1), [_c("UpSampling3D", size=2), _c("ReLU")]),
    ((3, 2), [UP1, _c("Flatten"), _c("ReLU")]),
    ((3, 2), [UP1, _c("Dropout", rate=0.5), _c("ReLU")]),
    ((3, 2), [UP1, _c("ReLU"), _c("GlobalMaxPooling1D")]),
    ((3, 2), [UP1, _c("ReLU"), _c("Dense", units=2)]),
    ((3, 1), [_c("Dense", units=1), UP1, _c("ReLU")]),
    # one input and one output channel, one tap: a multiply (and its bias add)
    ((3, 1), [UP1, _c("Conv1D", filters=1, kernel_size=1)]),
    ((3, 1), [UP1, _c("Dense", units=1)]),
    ((3, 1), [UP1, _c("DepthwiseConv1D", kernel_size=1, use_bias=False)]),
    ((3, 2, 1), [UP2, _c("Conv2D", filters=1, kernel_size=1, use_bias=False)]),
    ((2, 3), [_c("GlobalMaxPooling1D", data_format="channels_first", keepdims=True), UP1,
              _c("Conv1DTranspose", filters=1, kernel_size=1)]),  # a random seed's stack
    # computed after the repeat, as counted
    ((3, 2), [UP1, _c("LeakyReLU")]),
    ((3, 2), [UP1, _c("ELU")]),
    ((3, 2), [UP1, _c("BatchNormalization")]),
    ((3, 2), [UP1, _c("Activation", activation="softmax")]),
    ((3, 2), [UP1, _c("DepthwiseConv1D", kernel_size=1, use_bias=False)]),
    ((3, 2), [UP1, _c("Dense", units=1), _c("ReLU")]),
    ((3, 2, 2), [UP2, _c("Conv2D", filters=2, kernel_size=3, padding="same"), _c("ReLU")]),
    # a row of at most 32 made by a reshape, and RMSNormalization at any length
    ((4, 8), [_c("Flatten"), _c("LayerNormalization")]),
    ((4, 8), [_c("Flatten"), _c("Softmax")]),
    ((3, 11), [_c("Flatten"), _c("RMSNormalization")]),
    # a global pooling of steps a reshape made, at most 32 long
    ((4, 4, 1), [_c("Reshape", target_shape=(-1, 1)), _c("GlobalMaxPooling1D")]),
    # a cropping that keeps some of the data
    ((5, 3), [_c("Dense", units=2), _c("ZeroPadding1D", padding=2),
              _c("Cropping1D", cropping=(1, 1))]),
    # same-padded 1D averages of more windows, or padded on one side
    ((5, 2), [_c("AveragePooling1D", pool_size=3, strides=2, padding="same")]),
    ((4, 2), [_c("AveragePooling1D", pool_size=3, strides=2, padding="same")]),
    ((5, 2), [_c("MaxPooling1D", pool_size=3, strides=2, padding="same")]),
    # transposed convolutions without gaps, and 1D ones, before a global pooling
    ((11, 3, 2), [_t((2, 2), (3, 3)), GMP2]),
    ((11, 1), [_c("Conv1DTranspose", filters=1, kernel_size=1, strides=3, use_bias=False),
               _c("GlobalMaxPooling1D")]),
]

#: (input shape, chain): XLA's count not derived (part of the work moves, or transcendentals
#: are counted before the repeat; gaps read by a global pooling).
UNKNOWN = [
    ((3, 2), [UP1, _c("Activation", activation="sigmoid")]),
    ((3, 2, 2), [UP2, _c("Activation", activation="tanh")]),
    ((3, 2), [UP1, _c("PReLU")]),
    ((3, 1), [UP1, _c("BatchNormalization")]),
    ((11, 3, 1), [_t((3, 1)), GMP2]),  # a random seed's stack: XLA 257, 164 counted before
    ((11, 3, 2), [_t((3, 3), (2, 1)), _c("GlobalAveragePooling2D")]),
    # a row longer than 32 made by a reshape: XLA reduces the axes before it (a random
    # seed's stack: Flatten of (2, 3, 6, 1) then LayerNormalization, XLA 355, 383 counted)
    ((2, 3, 6, 1), [_c("Flatten"), _c("LayerNormalization")]),
    ((3, 11), [_c("Flatten"), _c("Activation", activation="log_softmax")]),
    ((2, 3, 11), [_c("Reshape", target_shape=(2, 33)), _c("UnitNormalization")]),
    ((3, 11), [_c("Flatten"), _c("Dropout", rate=0.1), _c("GroupNormalization", groups=1)]),
    ((6, 6, 1), [_c("Reshape", target_shape=(-1, 1)), _c("GlobalMaxPooling1D")]),  # a seed
    ((3, 3, 1), [_c("GlobalAveragePooling2D"),  # a seed: XLA 21, 20 counted
                 _c("Dense", units=2, activation="softmax", use_bias=False)]),
    ((6, 6), [_c("Flatten"), _c("Permute", dims=(1,)),  # a seed: XLA 248
              _c("LayerNormalization", center=False, scale=False)]),
    ((6, 6, 1), [_c("Reshape", target_shape=(-1, 1)), _c("GlobalAveragePooling1D")]),
    # a cropping that keeps only a ZeroPadding's zeros: the work before is dead for XLA
    # (a random seed's stack: XLA 0, 81 counted)
    ((3, 4, 3), [_c("BatchNormalization", center=False, scale=False),
                 _c("ZeroPadding2D", padding=((0, 0), (0, 1)), data_format="channels_first"),
                 _c("Cropping2D", cropping=((0, 0), (3, 0)), data_format="channels_first")]),
    ((5, 3), [_c("Dense", units=2), _c("ZeroPadding1D", padding=2),
              _c("Cropping1D", cropping=(7, 1))]),
    # a same-padded 1D average of two windows padded on both sides (random seeds: XLA 7
    # where each window counts 3, 12 in all)
    ((3, 2), [_c("AveragePooling1D", pool_size=3, strides=2, padding="same")]),
    ((2, 4), [_c("AveragePooling1D", pool_size=3, padding="same",
                 data_format="channels_first")]),
    ((4, 2), [_c("MaxPooling1D", pool_size=3, padding="same")]),  # XLA 3, 8 counted
    ((4, 2), [_c("Dense", units=2), _c("MaxPooling1D", pool_size=3, padding="same")]),  # seed
]


def _id(row) -> str:
    shape, specs = row
    return "x".join(map(str, shape)) + "-" + "-".join(s.cls for s in specs)


@pytest.mark.parametrize("shape, specs", DERIVED, ids=[_id(r) for r in DERIVED])
def test_derived(shape, specs):
    measured = xla_cost(*keras_chain(shape, specs))
    assert_xla(model_source("m", shape, specs), measured)
    assert_xla(symbolic_source(shape, specs, 7), measured, allow_unknown=True)


@pytest.mark.parametrize("shape, specs", UNKNOWN, ids=[_id(r) for r in UNKNOWN])
def test_unknown(shape, specs):
    keras_chain(shape, specs)  # Keras builds it
    model = symparams.parse(model_source("m", shape, specs)).models["m"]
    assert model.count("xla") is None
    assert model.count("flops") is not None  # the other conventions stay
