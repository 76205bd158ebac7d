"""symparams's XLA count of the preprocessing, augmentation, adaptive pooling and audio
layers against XLA itself, as ``test_compute_xla`` does for the others.

A layer without weights is called directly, ``layer(x, training=False)``, under ``jax.jit``
(Equalization cannot be traced into a functional model: Keras reports a cycle). No count is
typed in by hand.
"""

from __future__ import annotations

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

import symparams
from symparams.layers.augmentation import AT_INFERENCE, AUGMENTATIONS

from .catalog_extra_gens import AUGMENT_ARGS
from .conftest import require
from .oracle import L, model_source
from .test_compute_xla import assert_xla, instantiate, keras_chain, xla_cost

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]


def direct_cost(spec: L, shape, dtype: str = "float32") -> dict[str, int]:
    """``{"flops", "transcendentals"}`` of ``spec``'s layer (no weights) on one example."""
    require("keras")
    import jax
    import keras

    layer = instantiate(keras, spec)
    lowered = jax.jit(lambda x: layer(x, training=False)).lower(
        jax.ShapeDtypeStruct((1, *shape), dtype))
    cost = lowered.compile().cost_analysis()
    cost = cost[0] if isinstance(cost, list) else cost
    return {key: int(cost.get(key, 0)) for key in ("flops", "transcendentals")}


def check(shape, spec: L) -> None:
    assert_xla(model_source("m", shape, [spec]), direct_cost(spec, shape))


def _id(row) -> str:
    shape, spec = row
    return f"{spec.cls}-{'x'.join(map(str, shape))}-{'-'.join(map(str, spec.kwargs.values()))}"


# -- augmentation: the identity at inference ------------------------------------------------------

IDENTITY = [((5, 6, 3), L(name, dict(AUGMENT_ARGS.get(name, {}))))
            for name in AUGMENTATIONS if name not in AT_INFERENCE]
IDENTITY += [((3, 4, 5), L("RandomFlip", {"data_format": "channels_first"})),
             ((4, 4, 2), L("RandomRotation", {"factor": 0.3, "interpolation": "nearest"})),
             ((7, 5, 1), L("RandomZoom", {"height_factor": 0.2, "width_factor": 0.3}))]


@pytest.mark.parametrize("shape, spec", IDENTITY, ids=[_id(r) for r in IDENTITY])
def test_identity_at_inference(shape, spec):
    check(shape, spec)


# -- resizing and cropping ------------------------------------------------------------------------

RESIZE = [
    ((8, 7, 2), L("Resizing", {"height": 3, "width": 9})),
    ((5, 6, 3), L("Resizing", {"height": 5, "width": 3, "interpolation": "bicubic"})),
    ((3, 6, 2), L("Resizing", {"height": 7, "width": 4, "interpolation": "lanczos3",
                               "antialias": True})),
    ((9, 8, 1), L("Resizing", {"height": 4, "width": 5, "interpolation": "lanczos5",
                               "antialias": True})),
    ((9, 8, 2), L("Resizing", {"height": 4, "width": 9, "interpolation": "bicubic",
                               "antialias": True})),
    ((6, 6, 2), L("Resizing", {"height": 3, "width": 3})),  # one matrix for both axes
    ((4, 4, 8), L("Resizing", {"height": 9, "width": 9, "interpolation": "nearest"})),
    ((2, 1, 3), L("Resizing", {"height": 5, "width": 9, "interpolation": "nearest"})),
    # two axes to one length: their centres computed once (test_resize_sizes, random seed)
    ((3, 4, 1), L("Resizing", {"height": 2, "width": 2, "interpolation": "nearest"})),
    ((2, 5, 6), L("Resizing", {"height": 4, "width": 3, "data_format": "channels_first"})),
    ((5, 9, 2), L("Resizing", {"height": 4, "width": 4, "crop_to_aspect_ratio": True})),
    ((5, 9, 2), L("Resizing", {"height": 6, "width": 4, "pad_to_aspect_ratio": True})),
    ((9, 4, 2), L("Resizing", {"height": 3, "width": 3, "pad_to_aspect_ratio": True,
                               "interpolation": "bicubic"})),
    ((7, 7, 3), L("Resizing", {"height": 7, "width": 7})),  # nothing to resize
    ((8, 7, 3), L("CenterCrop", {"height": 4, "width": 5})),  # a slice
    ((5, 6, 3), L("CenterCrop", {"height": 8, "width": 4})),  # smart_resize
    ((3, 5, 6), L("CenterCrop", {"height": 4, "width": 9, "data_format": "channels_first"})),
    ((8, 7, 3), L("RandomCrop", {"height": 4, "width": 5})),  # the identity at inference
]


@pytest.mark.parametrize("shape, spec", RESIZE, ids=[_id(r) for r in RESIZE])
def test_resize(shape, spec):
    check(shape, spec)


@settings(max_examples=10, deadline=None, derandomize=True)
@given(st.tuples(st.integers(1, 9), st.integers(1, 9), st.integers(1, 3)),
       st.tuples(st.integers(1, 9), st.integers(1, 9)),
       st.sampled_from(["bilinear", "nearest", "bicubic", "lanczos3"]), st.booleans())
@example((1, 3, 1), (1, 2), "bicubic", True)  # one row, antialias: unknown (a random seed)
def test_resize_sizes(shape, size, method, antialias):
    """Any sizes; an xla count symparams leaves unknown (a size of 1) is not compared."""
    spec = L("Resizing", {"height": size[0], "width": size[1], "interpolation": method,
                          "antialias": antialias})
    assert_xla(model_source("m", shape, [spec]), direct_cost(spec, shape), allow_unknown=True)


# -- adaptive pooling -----------------------------------------------------------------------------


@settings(max_examples=10, deadline=None, derandomize=True)
@given(st.sampled_from(["Max", "Average"]), st.integers(1, 12), st.integers(1, 12),
       st.integers(1, 4), st.sampled_from(["channels_last", "channels_first"]))
def test_adaptive_pooling_1d(kind, length, bins, channels, data_format):
    shape = (length, channels) if data_format == "channels_last" else (channels, length)
    check(shape, L(f"Adaptive{kind}Pooling1D", {"output_size": bins,
                                                "data_format": data_format}))


@pytest.mark.parametrize("kind, shape, bins", [
    ("Max", (8, 8, 1), (6, 6)), ("Average", (6, 1, 2), (4, 2)), ("Max", (2, 3, 1), (5, 5)),
    ("Average", (3, 8, 3, 2), (5, 4, 4)), ("Max", (3, 4, 2, 3), (2, 4, 3))])
def test_adaptive_pooling_by_axis(kind, shape, bins):
    """2-D and 3-D: XLA fuses the axes (its count is unknown to symparams); the FLOPs are
    the axes pooled one at a time, each measured as a 1-D adaptive pooling of the rest."""
    require("keras")
    import math

    *sizes, channels = shape
    measured = 0
    for axis, out in enumerate(bins):
        rest = channels * math.prod(sizes[:axis]) * math.prod(sizes[axis + 1:])
        spec = L(f"Adaptive{kind}Pooling1D", {"output_size": out})
        measured += direct_cost(spec, (sizes[axis], rest))["flops"]
        sizes[axis] = out
    spec = L(f"Adaptive{kind}Pooling{len(bins)}D", {"output_size": bins})
    costs = symparams.parse(model_source("m", shape, [spec])).models["m"].evaluate().costs
    assert (costs["flops"], costs["xla"]) == (measured, None)


# -- SpectralNormalization: the wrapped layer at inference ----------------------------------------

SPECTRAL = [
    ((7,), L("SpectralNormalization", {"layer": L("Dense", {"units": 5})})),
    ((8, 8, 3), L("SpectralNormalization", {"layer": L("Conv2D", {
        "filters": 4, "kernel_size": 3, "padding": "same", "activation": "relu"}),
        "power_iterations": 3})),
    ((9, 3), L("SpectralNormalization", {"layer": L("DepthwiseConv1D", {"kernel_size": 2})})),
    ((5, 4, 2), L("SpectralNormalization", {"layer": L("Conv2DTranspose", {
        "filters": 3, "kernel_size": 2, "strides": 2})})),
    ((4,), L("SpectralNormalization", {"layer": L("Embedding", {"input_dim": 20,
                                                                "output_dim": 6})})),
]


@pytest.mark.parametrize("shape, spec", SPECTRAL, ids=[_id(r) for r in SPECTRAL])
def test_spectral_normalization(shape, spec):
    assert_xla(model_source("m", shape, [spec]), xla_cost(*keras_chain(shape, [spec])))


# -- categorical ----------------------------------------------------------------------------------


@settings(max_examples=10, deadline=None, derandomize=True)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=3), st.integers(1, 8),
       st.sampled_from(["one_hot", "multi_hot", "count"]))
def test_category_encoding(shape, tokens, mode):
    """A float input (symparams's Input), any rank: multi_hot and count reduce the first
    axis on jax, one_hot appends the categories."""
    check(tuple(shape), L("CategoryEncoding", {"num_tokens": tokens, "output_mode": mode}))


# -- audio ----------------------------------------------------------------------------------------

STFT = [((40, 2), L("STFTSpectrogram", {"mode": mode, "frame_length": 8, "frame_step": 4}))
        for mode in ("real", "imag", "stft", "angle", "psd", "magnitude", "log")]
STFT += [((33, 1), L("STFTSpectrogram", {"frame_length": 6, "frame_step": 3, "fft_length": 16,
                                         "padding": "same", "mode": "magnitude"})),
         ((2, 30), L("STFTSpectrogram", {"frame_length": 5, "data_format": "channels_first",
                                         "expand_dims": True})),
         # two bins: psd's doubling adds zeros, dropped by XLA (test_stft_sizes, random seed)
         ((8, 1), L("STFTSpectrogram", {"frame_length": 2, "frame_step": 1, "fft_length": 2,
                                        "mode": "psd"}))]


@pytest.mark.parametrize("shape, spec", STFT, ids=[_id(r) for r in STFT])
def test_stft_spectrogram(shape, spec):
    assert_xla(model_source("m", shape, [spec]), xla_cost(*keras_chain(shape, [spec])))


@settings(max_examples=8, deadline=None, derandomize=True)
@given(st.integers(8, 40), st.integers(1, 3), st.integers(2, 9), st.data())
def test_stft_sizes(time, channels, frame, data):
    kwargs = {"frame_length": frame, "frame_step": data.draw(st.integers(1, frame)),
              "fft_length": frame + data.draw(st.integers(0, 6)),
              "padding": data.draw(st.sampled_from(["valid", "same"])),
              "mode": data.draw(st.sampled_from(["log", "psd", "angle", "stft"]))}
    spec = L("STFTSpectrogram", kwargs)
    shape = (time, channels)
    if kwargs["padding"] == "valid" and frame > time:  # no whole frame: Keras refuses too
        with pytest.raises(symparams.SymparamsError, match="frame_length"):
            symparams.parse(model_source("m", shape, [spec]))
        return
    assert_xla(model_source("m", shape, [spec]), xla_cost(*keras_chain(shape, [spec])))


MEL = [
    ((64,), {"fft_length": 16, "sequence_stride": 8, "num_mel_bins": 5}),
    ((40,), {"fft_length": 9, "sequence_stride": 4, "num_mel_bins": 5}),  # odd: B = (F + 1)/2
    ((40,), {"fft_length": 15, "sequence_stride": 4, "num_mel_bins": 3, "window": None}),
    ((40,), {"fft_length": 16, "sequence_stride": 4, "num_mel_bins": 5, "window": "hamming",
             "sampling_rate": 8000, "min_freq": 100.0, "max_freq": 3000.0}),
    ((40,), {"fft_length": 16, "sequence_stride": 4, "num_mel_bins": 5, "mag_exp": 1.0}),
    ((40,), {"fft_length": 12, "sequence_stride": 5, "num_mel_bins": 4, "mag_exp": 0.5,
             "power_to_db": False}),
    ((31,), {"fft_length": 20, "sequence_stride": 8, "sequence_length": 14,
             "num_mel_bins": 1}),  # S divides T + 1: one frame fewer than the shape's
]


@pytest.mark.parametrize("shape, kwargs", MEL, ids=[str(k) for _, k in MEL])
def test_mel_spectrogram(shape, kwargs):
    """XLA's count is derived for an FFT of a power of two; the others (9, 12, 15, 20)
    are compared only when symparams derives them (it does not: they are unknown)."""
    spec = L("MelSpectrogram", kwargs)
    fft = kwargs["fft_length"]
    compared = assert_xla(model_source("m", shape, [spec]), direct_cost(spec, shape),
                          allow_unknown=True)
    assert compared == (fft & (fft - 1) == 0)


# not shrunk: a failure is reported as drawn, at once (each example compiles a spectrogram)
@settings(max_examples=8, deadline=None, derandomize=True,
          phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(st.integers(4, 70), st.sampled_from([4, 8, 16, 32]), st.integers(1, 9), st.data())
def test_mel_sizes(time, fft, mels, data):
    spec = L("MelSpectrogram", {"fft_length": fft, "num_mel_bins": mels,
                                "sequence_stride": data.draw(st.integers(1, fft)),
                                "power_to_db": data.draw(st.booleans())})
    assert_xla(model_source("m", (time,), [spec]), direct_cost(spec, (time,)),
               allow_unknown=True)


AUTO_CONTRAST = [((5, 6, 3), {}), ((8, 7, 3), {"value_range": (0, 255)}), ((1, 1, 3), {}),
                 ((9, 2, 1), {}), ((3, 3, 4), {})]


@pytest.mark.parametrize("shape, kwargs", AUTO_CONTRAST, ids=[str(s) for s, _ in AUTO_CONTRAST])
def test_auto_contrast(shape, kwargs):
    """Applied at inference: a per-channel min-max stretch (the default range)."""
    check(shape, L("AutoContrast", kwargs))


# -- ContrastLimitedAdaptiveHistogramEqualization: applied at inference ---------------------------

CLAHE = "ContrastLimitedAdaptiveHistogramEqualization"
#: (shape, arguments, whether symparams derives XLA's count)
CLAHE_CASES = [
    ((16, 16, 1), {}, True),  # the default 8 × 8 grid: tiles of 2 × 2, the axes' grids shared
    ((16, 16, 3), {}, True),
    ((10, 10, 3), {}, True),  # padded to 16 × 16: several channels recompute the grid
    ((24, 16, 2), {"tile_grid_size": (8, 8), "value_range": (0, 255)}, True),
    ((6, 10, 1), {"tile_grid_size": (2, 2)}, True),
    ((7, 10, 3), {"tile_grid_size": (3, 4)}, True),
    ((9, 15, 2), {"tile_grid_size": (3, 3), "clip_limit": 0.0}, True),  # no clipping
    ((6, 9, 2), {"tile_grid_size": (2, 3), "clip_limit": 40.0}, True),
    ((4, 8, 2), {"tile_grid_size": (1, 2)}, True),
    ((3, 8, 8), {"tile_grid_size": (2, 2), "data_format": "channels_first"}, True),
    ((1, 7, 9), {"tile_grid_size": (2, 3), "data_format": "channels_first"}, True),
    ((8, 8, 1), {}, False),  # tiles of one pixel: fused otherwise
    ((8, 16, 2), {}, False),
    ((6, 9, 2), {"tile_grid_size": (2, 3), "value_range": (0, 1)}, False),  # rescaled
]


@pytest.mark.parametrize("shape, kwargs, derived", CLAHE_CASES,
                         ids=[f"{s}-{k}" for s, k, _ in CLAHE_CASES])
def test_clahe(shape, kwargs, derived):
    spec = L(CLAHE, kwargs)
    compared = assert_xla(model_source("m", shape, [spec]), direct_cost(spec, shape),
                          allow_unknown=True)
    assert compared == derived


@settings(max_examples=10, deadline=None, derandomize=True)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 14), st.integers(1, 14),
       st.integers(1, 3), st.sampled_from([4.0, 0.0]),
       st.sampled_from(["channels_last", "channels_first"]))
def test_clahe_sizes(gh, gw, height, width, channels, clip, data_format):
    """Any grid and size; the xla count of tiles of one pixel (unknown) is not compared."""
    shape = ((height, width, channels) if data_format == "channels_last"
             else (channels, height, width))
    spec = L(CLAHE, {"tile_grid_size": (gh, gw), "clip_limit": clip,
                     "data_format": data_format})
    assert_xla(model_source("m", shape, [spec]), direct_cost(spec, shape), allow_unknown=True)


def test_clahe_count_beyond_float32():
    """XLA reports its count as a float32: beyond 2**24 it is symparams's count rounded."""
    import numpy as np

    shape, spec = (96, 96, 3), L(CLAHE, {})
    xla = symparams.parse(model_source("m", shape, [spec])).models["m"].evaluate().costs["xla"]
    assert xla > 2**24 and int(np.float32(xla)) == direct_cost(spec, shape)["flops"]
