"""The newer catalog families against real Keras: activations, noise, preprocessing, more
normalization, SpectralNormalization, and the layers that run user code.

The machinery (building a stack in Keras, comparing it layer by layer with the literal and
the symbolic DSL model) is :mod:`tests.test_catalog_oracle`'s; this file adds generators for
the new layers, mixes them into the stacks drawn there, and keeps its own table of every
layer and of what Keras rejects.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symparams

from .oracle import L, model_source
from .test_catalog_oracle import (
    KerasStack,
    candidates,
    check_against_keras,
    gen_conv,
    gen_dense,
    keras_facts,
)

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

# -- generators ----------------------------------------------------------------------------------


def gen_relu(draw, shape) -> L:
    kwargs: dict = {}
    if draw(st.booleans()):
        kwargs["max_value"] = draw(st.sampled_from([None, 6.0, 1, 0.0]))
    if draw(st.booleans()):
        kwargs["negative_slope"] = draw(st.sampled_from([0.0, 0.1, 1]))
    if draw(st.booleans()):
        kwargs["threshold"] = draw(st.sampled_from([0.0, 0.5]))
    return L("ReLU", kwargs)


def gen_leaky(draw, shape) -> L:
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return L("LeakyReLU", {})
    key = "negative_slope" if choice == 1 else "alpha"
    return L("LeakyReLU", {key: draw(st.sampled_from([0.0, 0.2, 1.5]))})


def _axis_list(draw, rank: int, low: int, high: int) -> list[int]:
    return draw(st.lists(st.integers(low, high), min_size=1, max_size=rank))


def gen_prelu(draw, shape) -> L:
    rank = len(shape)
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return L("PReLU", {})
    # Keras indexes param_shape[axis - 1]: any axis in -rank + 1 .. rank works.
    axes = _axis_list(draw, rank, -rank + 1, rank)
    value = axes[0] if choice == 1 else (tuple(axes) if choice == 2 else axes)
    return L("PReLU", {"shared_axes": value})


def gen_softmax(draw, shape) -> L:
    rank = len(shape)
    if draw(st.booleans()):
        return L("Softmax", {})
    axes = draw(st.lists(st.integers(1, rank), min_size=1, max_size=rank, unique=True))
    return L("Softmax", {"axis": axes[0] if len(axes) == 1 else tuple(axes)})


def gen_rescaling(draw, shape) -> L:
    kwargs: dict = {"scale": draw(st.sampled_from([1 / 255, 2.0, -1, 0.5]))}
    if draw(st.booleans()):
        kwargs["offset"] = draw(st.sampled_from([0.0, -1.0, 3]))
    return L("Rescaling", kwargs)


def gen_normalization(draw, shape) -> L:
    rank = len(shape)
    choice = draw(st.integers(0, 4))
    kwargs: dict = {}
    if choice == 1:
        kwargs["axis"] = None
    elif choice >= 2:
        positions = draw(st.lists(st.integers(1, rank), min_size=1, max_size=rank, unique=True))
        axes = [p - rank - 1 if draw(st.booleans()) else p for p in positions]
        kwargs["axis"] = axes[0] if len(axes) == 1 and choice == 2 else tuple(axes)
    if choice in (0, 2) and draw(st.booleans()):  # a given mean on the last (kept) axis
        size = shape[-1] if choice == 0 or kwargs["axis"] in (-1, rank) else 1
        form = draw(st.integers(0, 2))
        if form == 0:
            kwargs["mean"], kwargs["variance"] = 0.5, 2.0
        else:
            n = size if form == 1 else 1
            kwargs["mean"] = [0.5] * n
            kwargs["variance"] = [2.0] * n
    if draw(st.integers(0, 3)) == 0:
        kwargs["invert"] = True
    return L("Normalization", kwargs)


def _fixed(cls: str, **kwargs):
    return lambda draw, shape: L(cls, kwargs)


def _probability(cls: str, name: str):
    return lambda draw, shape: L(cls, {name: draw(st.sampled_from([0.0, 0.1, 0.5, 1.0]))})


def gen_activity(draw, shape) -> L:
    kwargs: dict = {}
    for name in ("l1", "l2"):
        if draw(st.booleans()):
            kwargs[name] = draw(st.sampled_from([0.0, 0.01, 2]))
    return L("ActivityRegularization", kwargs)


def gen_group_norm(draw, shape) -> L:
    rank = len(shape)
    kwargs: dict = {}
    position = rank
    if draw(st.booleans()):
        position = draw(st.integers(1, rank))
        kwargs["axis"] = position - rank - 1 if draw(st.booleans()) else position
    channels = shape[position - 1]
    kwargs["groups"] = draw(st.sampled_from([-1, *[d for d in range(1, channels + 1)
                                                   if channels % d == 0]]))
    for flag in ("center", "scale"):
        if draw(st.integers(0, 2)) == 0:
            kwargs[flag] = draw(st.booleans())
    return L("GroupNormalization", kwargs)


def _some_axes(draw, rank: int, low: int = 1):
    positions = draw(st.lists(st.integers(low, rank), min_size=1, max_size=rank, unique=True))
    axes = [p - rank - 1 if draw(st.booleans()) else p for p in positions]
    return axes[0] if len(axes) == 1 and draw(st.booleans()) else tuple(axes)


def gen_rms_norm(draw, shape) -> L:
    if draw(st.booleans()):
        return L("RMSNormalization", {})
    return L("RMSNormalization", {"axis": _some_axes(draw, len(shape))})


def gen_unit_norm(draw, shape) -> L:
    if draw(st.booleans()):
        return L("UnitNormalization", {})
    return L("UnitNormalization", {"axis": _some_axes(draw, len(shape), low=0)})


def gen_spectral(draw, shape) -> L:
    """SpectralNormalization around a layer with a kernel that fits ``shape``."""
    rank = len(shape)
    options = ["Dense"]
    if 2 <= rank <= 4:
        options += [f"Conv{rank - 1}D"] + ([f"Conv{rank - 1}DTranspose"]
                                           if max(shape) <= 14 else [])
    if rank in (2, 3):
        options.append(f"DepthwiseConv{rank - 1}D")
    cls = draw(st.sampled_from(options))
    inner = gen_dense(draw, shape) if cls == "Dense" else gen_conv(draw, shape, cls)
    if draw(st.integers(0, 5)) == 0:
        inner = L(inner.cls, {**inner.kwargs, "trainable": False})
    kwargs: dict = {"layer": inner}
    if draw(st.integers(0, 3)) == 0:
        kwargs["power_iterations"] = draw(st.integers(1, 3))
    return L("SpectralNormalization", kwargs)


def extra_candidates(shape: tuple[int, ...]) -> list:
    """(name, generator) pairs for this file's layers that can follow ``shape``."""
    return [
        ("ReLU", gen_relu),
        ("LeakyReLU", gen_leaky),
        ("PReLU", gen_prelu),
        ("ELU", lambda d, s: L("ELU", {"alpha": d(st.sampled_from([1.0, 0.5, -1]))})),
        ("Softmax", gen_softmax),
        ("Rescaling", gen_rescaling),
        ("Normalization", gen_normalization),
        ("Identity", _fixed("Identity")),
        ("Masking", lambda d, s: L("Masking", {"mask_value": d(st.sampled_from([0.0, -1]))})),
        ("GaussianNoise", _probability("GaussianNoise", "stddev")),
        ("GaussianDropout", _probability("GaussianDropout", "rate")),
        ("AlphaDropout", _probability("AlphaDropout", "rate")),
        ("ActivityRegularization", gen_activity),
        ("GroupNormalization", gen_group_norm),
        ("RMSNormalization", gen_rms_norm),
        ("UnitNormalization", gen_unit_norm),
        ("SpectralNormalization", gen_spectral),
    ]


#: Required arguments of the augmentation layers (the rest keep their defaults).
AUGMENT_ARGS = {
    "RandomBrightness": {"factor": 0.2}, "RandomColorDegeneration": {"factor": 0.2},
    "RandomContrast": {"factor": 0.2}, "RandomHue": {"factor": 0.2},
    "RandomPosterization": {"factor": 2}, "RandomRotation": {"factor": 0.2},
    "RandomSaturation": {"factor": 0.2}, "RandomSharpness": {"factor": 0.2},
    "RandomTranslation": {"height_factor": 0.1, "width_factor": 0.1},
    "RandomZoom": {"height_factor": 0.1},
}
#: Augmentation layers without data_format (they take channels last).
NO_DATA_FORMAT = ("AutoContrast", "RandomBrightness", "RandomContrast", "Solarization")


def gen_augmentation(draw, shape) -> L:
    from symparams.layers.augmentation import AUGMENTATIONS

    names = [n for n in AUGMENTATIONS
             if n != "RandomColorDegeneration" or shape[-1] == 3]
    cls = draw(st.sampled_from(names))
    kwargs = dict(AUGMENT_ARGS.get(cls, {}))
    if cls not in NO_DATA_FORMAT and draw(st.integers(0, 3)) == 0:
        kwargs["data_format"] = "channels_last"
    return L(cls, kwargs)


def gen_resize(draw, shape) -> L:
    cls = draw(st.sampled_from(["Resizing", "CenterCrop", "RandomCrop"]))
    kwargs: dict = {"height": draw(st.integers(1, 12)), "width": draw(st.integers(1, 12))}
    if draw(st.booleans()):
        kwargs["data_format"] = draw(st.sampled_from(["channels_last", "channels_first"]))
    if cls == "Resizing" and draw(st.integers(0, 2)) == 0:
        kwargs[draw(st.sampled_from(["crop_to_aspect_ratio", "pad_to_aspect_ratio"]))] = True
    return L(cls, kwargs)


def gen_time_distributed(draw, shape) -> L:
    """TimeDistributed around one of this file's layers, on one time step."""
    _, gen = draw(st.sampled_from(extra_candidates(shape[1:])), label="wrapped")
    return L("TimeDistributed", {"layer": gen(draw, shape[1:])})


def all_candidates(shape: tuple[int, ...]) -> list:
    """This file's layers (twice as likely) mixed with the original catalog's."""
    extra = extra_candidates(shape)
    if len(shape) >= 2:
        extra.append(("TimeDistributed", gen_time_distributed))
    if len(shape) == 3:
        extra += [("augmentation", gen_augmentation), ("Resizing", gen_resize)]
    return extra * 6 + candidates(shape)


def run_stack(data, input_shape, layers: int) -> None:
    stack = KerasStack(input_shape)
    for _ in range(layers):
        _, gen = data.draw(st.sampled_from(all_candidates(stack.shape)), label="layer")
        stack.add(gen(data.draw, stack.shape))
    check_against_keras(input_shape, stack.specs, stack.facts,
                        seed=data.draw(st.integers(0, 10**6), label="symbols"))


SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                      HealthCheck.data_too_large])
dims = st.integers


@settings(max_examples=120, **SETTINGS)
@given(st.data(), st.tuples(dims(3, 12), dims(3, 12), dims(1, 6)), dims(1, 4))
def test_image_stacks(data, shape, layers):
    run_stack(data, shape, layers)


@settings(max_examples=120, **SETTINGS)
@given(st.data(), st.tuples(dims(2, 10), dims(1, 6)), dims(1, 4))
def test_sequence_stacks(data, shape, layers):
    run_stack(data, shape, layers)


@settings(max_examples=60, **SETTINGS)
@given(st.data(), st.tuples(dims(1, 8)), dims(1, 3))
def test_vector_stacks(data, shape, layers):
    run_stack(data, shape, layers)


@settings(max_examples=40, **SETTINGS)
@given(st.data(), st.tuples(dims(2, 5), dims(2, 5), dims(2, 5), dims(1, 3)), dims(1, 3))
def test_volume_stacks(data, shape, layers):
    run_stack(data, shape, layers)


# -- every layer and flag at least once ---------------------------------------------------


def case(shape, *layers, id):
    return pytest.param(tuple(shape), list(layers), id=id)


IMG, SEQ = (9, 8, 4), (7, 3)
COVER = [
    case(IMG, L("ReLU", {}), L("ReLU", {"max_value": 6.0}),
         L("ReLU", {"negative_slope": 0.1, "threshold": 0.5}), id="relu"),
    case(IMG, L("LeakyReLU", {}), L("LeakyReLU", {"alpha": 0.1}),
         L("LeakyReLU", {"negative_slope": 0.0}), id="leaky-relu"),
    case(IMG, L("PReLU", {}), L("PReLU", {"shared_axes": [1, 2]}),
         L("PReLU", {"shared_axes": 0}), L("PReLU", {"shared_axes": -1}),
         L("PReLU", {"shared_axes": (3, 3)}), L("PReLU", {"alpha_initializer": "ones"}),
         id="prelu"),
    case(SEQ, L("ELU", {}), L("ELU", {"alpha": 0.5}), L("Softmax", {}),
         L("Softmax", {"axis": 1}), L("Softmax", {"axis": (1, 2)}), id="elu-softmax"),
    case(IMG, L("Rescaling", {"scale": 1 / 255}), L("Rescaling", {"scale": 2.0, "offset": -1.0}),
         id="rescaling"),
    case(IMG, L("Normalization", {}), L("Normalization", {"axis": None}),
         L("Normalization", {"axis": (1, 2)}), L("Normalization", {"axis": (-1, 1)}),
         L("Normalization", {"axis": 3, "invert": True}), id="normalization"),
    case(IMG, L("Normalization", {"mean": 0.5, "variance": 2.0}),
         L("Normalization", {"mean": [0.5] * 4, "variance": [1.0] * 4}),
         L("Normalization", {"mean": [0.5], "variance": [1.0]}),
         L("Normalization", {"axis": (1, 3), "mean": [[0.5] * 4] * 9,
                             "variance": [[1.0] * 4] * 9}), id="normalization-given"),
    case(IMG, L("Identity", {}), L("Masking", {}), L("Masking", {"mask_value": -1.0}),
         L("GaussianNoise", {"stddev": 0.1}), L("GaussianDropout", {"rate": 0.3}),
         L("AlphaDropout", {"rate": 0.2, "noise_shape": None, "seed": 3}),
         L("ActivityRegularization", {"l1": 0.01, "l2": 0.1}), id="noise"),
    case(IMG, L("GroupNormalization", {"groups": 2}), L("GroupNormalization", {"groups": -1}),
         L("GroupNormalization", {"groups": 3, "axis": 1, "center": False}),
         L("GroupNormalization", {"groups": 4, "axis": -1, "scale": False}),
         id="group-norm"),
    case((6, 5, 64), L("GroupNormalization", {}), id="group-norm-default-32"),
    case(IMG, L("RMSNormalization", {}), L("RMSNormalization", {"axis": (1, 2)}),
         L("RMSNormalization", {"axis": (1, -3), "epsilon": 1e-5}),
         L("UnitNormalization", {}), L("UnitNormalization", {"axis": (1, 2)}),
         L("UnitNormalization", {"axis": 0}), id="rms-unit-norm"),
    case(IMG, L("SpectralNormalization", {"layer": L("Conv2D", {"filters": 3, "kernel_size": 2})}),
         L("SpectralNormalization", {"layer": L("Conv2DTranspose", {"filters": 2,
                                                                    "kernel_size": 2})}),
         L("SpectralNormalization", {"layer": L("DepthwiseConv2D", {"kernel_size": 2,
                                                                    "depth_multiplier": 2})}),
         L("SpectralNormalization", {"layer": L("Conv2D", {"filters": 3, "kernel_size": 2,
                                                           "data_format": "channels_first"})}),
         L("SpectralNormalization", {"layer": L("SpectralNormalization", {
             "layer": L("Dense", {"units": 3})}), "power_iterations": 2}),
         L("SpectralNormalization", {"layer": L("Dense", {"units": 3, "trainable": False})}),
         L("SpectralNormalization", {"layer": L("Dense", {"units": 2}), "trainable": False}),
         id="spectral-norm"),
    case((6,), L("SpectralNormalization", {"layer": L("Embedding", {"input_dim": 10,
                                                                   "output_dim": 3})}),
         id="spectral-norm-embedding"),
    case((9, 8, 3), *[L(n, AUGMENT_ARGS.get(n, {})) for n in (
        "AugMix", "AutoContrast", "ContrastLimitedAdaptiveHistogramEqualization", "CutMix",
        "Equalization", "MixUp", "RandAugment", "RandomBrightness", "RandomColorDegeneration",
        "RandomColorJitter", "RandomContrast", "RandomElasticTransform", "RandomErasing",
        "RandomFlip", "RandomGaussianBlur", "RandomGrayscale", "RandomHue", "RandomInvert",
        "RandomPerspective", "RandomPosterization", "RandomRotation", "RandomSaturation",
        "RandomSharpness", "RandomShear", "RandomTranslation", "RandomZoom", "Solarization")],
         id="augmentation"),
    case((3, 9, 8), L("RandomFlip", {"mode": "horizontal", "data_format": "channels_first"}),
         L("RandomColorDegeneration", {"factor": 0.5, "data_format": "channels_first"}),
         id="augmentation-channels-first"),
    case(IMG, L("Resizing", {"height": 4, "width": 5}),
         L("Resizing", {"height": 7, "width": 3, "crop_to_aspect_ratio": True}),
         L("CenterCrop", {"height": 3, "width": 2}), L("RandomCrop", {"height": 2, "width": 2}),
         L("CenterCrop", {"height": 6, "width": 5}), L("RandomCrop", {"height": 8, "width": 3}),
         id="resize-crop"),
    case((4, 9, 8), L("Resizing", {"height": 4, "width": 5, "data_format": "channels_first"}),
         L("CenterCrop", {"height": 3, "width": 2, "data_format": "channels_first"}),
         id="resize-crop-channels-first"),
    case((5, 3, 4), L("TimeDistributed", {"layer": L("PReLU", {"shared_axes": 1})}),
         L("TimeDistributed", {"layer": L("Normalization", {"axis": 1})}),
         id="time-distributed"),
]


@pytest.mark.parametrize(("shape", "layers"), COVER)
def test_every_layer_and_flag(shape, layers):
    check_against_keras(shape, layers, keras_facts(shape, layers), seed=len(layers))


def covered_layers(table) -> set[str]:
    """Every registered layer (canonical name) a COVER table builds, wrapped ones too."""
    from symparams.layers import lookup

    out: set[str] = set()
    for param in table:
        for spec in param.values[1]:
            out.add(lookup(spec.cls).name)
            out |= {lookup(v.cls).name for v in spec.kwargs.values() if isinstance(v, L)}
    return out


#: Layers of the older families that this file adds and covers.
NEW_LAYERS = ("Identity", "Masking", "GroupNormalization", "RMSNormalization",
              "UnitNormalization", "SpectralNormalization")
EXTRA_FAMILIES = ("activations", "preprocessing", "noise", "augmentation")


def test_cover_table_names_every_layer_of_these_families():
    from symparams.layers.registry import layer_types

    catalog = {t.name for t in layer_types() if t.family in EXTRA_FAMILIES} | set(NEW_LAYERS)
    assert catalog - covered_layers(COVER) == set()


# -- positional arguments ------------------------------------------------------------------------

POSITIONAL = [
    pytest.param(IMG, "ReLU(6.0)", L("ReLU", {"max_value": 6.0}), id="relu6"),
    pytest.param(IMG, "LeakyReLU(0.2)", L("LeakyReLU", {"negative_slope": 0.2}), id="leaky"),
    pytest.param(IMG, 'PReLU("zeros", None, None, (1, 2))',
                 L("PReLU", {"shared_axes": (1, 2)}), id="prelu"),
    pytest.param(IMG, "Rescaling(0.5, 1.0)", L("Rescaling", {"scale": 0.5, "offset": 1.0}),
                 id="rescaling"),
    pytest.param(IMG, "Normalization((1, 2))", L("Normalization", {"axis": (1, 2)}),
                 id="normalization"),
]


@pytest.mark.parametrize(("shape", "line", "spec"), POSITIONAL)
def test_positional_arguments(shape, line, spec):
    (fact,) = keras_facts(shape, [spec])
    source = f"model m():\n    Input(shape={shape!r})\n    {line}\n"
    (layer,) = symparams.parse(source).models["m"].evaluate().layers
    assert (layer.output_shape, layer.trainable, layer.non_trainable) == (
        fact.output_shape, fact.trainable, fact.non_trainable)


# -- models Keras rejects -------------------------------------------------------------------------


def bad(shape, *layers, name, id):
    return pytest.param(tuple(shape), list(layers), name, id=id)


INVALID = [
    bad(IMG, L("ReLU", {"max_value": -1}), name="re_lu", id="relu-negative-max"),
    bad(IMG, L("ReLU", {"negative_slope": -0.5}), name="re_lu", id="relu-negative-slope"),
    bad(IMG, L("ReLU", {"threshold": -1.0}), name="re_lu", id="relu-negative-threshold"),
    bad(IMG, L("ReLU", {"threshold": None}), name="re_lu", id="relu-threshold-none"),
    bad(IMG, L("LeakyReLU", {"negative_slope": -0.2}), name="leaky_re_lu",
        id="leaky-negative"),
    bad(IMG, L("LeakyReLU", {"alpha": -0.2}), name="leaky_re_lu", id="leaky-alpha-negative"),
    bad(IMG, L("LeakyReLU", {"negative_slope": None}), name="leaky_re_lu", id="leaky-none"),
    bad(IMG, L("PReLU", {"shared_axes": 4}), name="p_re_lu", id="prelu-axis-too-large"),
    bad(IMG, L("PReLU", {"shared_axes": -3}), name="p_re_lu", id="prelu-axis-too-small"),
    bad(IMG, L("Normalization", {"axis": 0}), name="normalization", id="norm-batch-axis"),
    bad(IMG, L("Normalization", {"axis": 4}), name="normalization", id="norm-axis-range"),
    bad(IMG, L("Normalization", {"axis": (1, -3)}), name="normalization",
        id="norm-axis-twice"),
    bad(IMG, L("Normalization", {"mean": 0.5}), name="normalization", id="norm-mean-only"),
    bad(IMG, L("Normalization", {"mean": 0.5, "variance": [1.0] * 4}), name="normalization",
        id="norm-shapes-differ"),
    bad(IMG, L("Normalization", {"mean": [[0.5]], "variance": [[1.0]]}),
        name="normalization", id="norm-mean-rank"),
    bad(IMG, L("Normalization", {"mean": [0.5] * 3, "variance": [1.0] * 3}),
        name="normalization", id="norm-mean-size"),
    bad(IMG, L("RandomColorDegeneration", {"factor": 0.2}), name="random_color_degeneration",
        id="color-degeneration-not-rgb"),
    bad(IMG, L("GaussianNoise", {"stddev": 1.5}), name="gaussian_noise", id="noise-stddev"),
    bad(IMG, L("GaussianDropout", {"rate": -0.1}), name="gaussian_dropout",
        id="gaussian-dropout-rate"),
    bad(IMG, L("AlphaDropout", {"rate": 1.5}), name="alpha_dropout", id="alpha-dropout-rate"),
    bad(IMG, L("ActivityRegularization", {"l1": -1}), name="activity_regularization",
        id="activity-negative"),
    bad(IMG, L("GroupNormalization", {}), name="group_normalization", id="group-default-32"),
    bad(IMG, L("GroupNormalization", {"groups": 3}), name="group_normalization",
        id="group-not-divisor"),
    bad(IMG, L("GroupNormalization", {"groups": 0}), name="GroupNormalization",
        id="group-zero"),
    bad(IMG, L("GroupNormalization", {"groups": 2, "axis": 0}), name="group_normalization",
        id="group-batch-axis"),
    bad(IMG, L("GroupNormalization", {"groups": 2, "axis": 4}), name="group_normalization",
        id="group-axis-range"),
    bad(IMG, L("RMSNormalization", {"axis": 0}), name="rms_normalization", id="rms-batch"),
    bad(IMG, L("RMSNormalization", {"axis": -4}), name="rms_normalization",
        id="rms-batch-negative"),
    bad(IMG, L("RMSNormalization", {"axis": 4}), name="rms_normalization", id="rms-range"),
    bad(IMG, L("UnitNormalization", {"axis": 4}), name="unit_normalization", id="unit-range"),
    bad(IMG, L("SpectralNormalization", {"layer": L("SeparableConv2D", {
        "filters": 3, "kernel_size": 2})}), name="spectral_normalization",
        id="spectral-separable"),
    bad(IMG, L("SpectralNormalization", {"layer": L("BatchNormalization", {})}),
        name="spectral_normalization", id="spectral-batch-norm"),
    bad(SEQ, L("SpectralNormalization", {"layer": L("LSTM", {"units": 3})}),
        name="spectral_normalization", id="spectral-lstm"),
    bad(SEQ, L("SpectralNormalization", {"layer": L("TimeDistributed", {
        "layer": L("Dense", {"units": 3})})}), name="spectral_normalization",
        id="spectral-time-distributed"),
    bad(IMG, L("SpectralNormalization", {"layer": L("Dense", {"units": 3}),
                                         "power_iterations": 0}),
        name="SpectralNormalization", id="spectral-power-iterations"),
    bad((4, 4, 3), L("SpectralNormalization", {"layer": L("Conv2D", {"filters": 3,
                                                                     "kernel_size": 5})}),
        name="spectral_normalization", id="spectral-kernel-larger"),
]


@pytest.mark.parametrize(("shape", "layers", "name"), INVALID)
def test_models_keras_rejects_are_rejected(shape, layers, name):
    with pytest.raises(Exception):  # noqa: B017 - Keras raises ValueError, TypeError, ...
        keras_facts(shape, layers)
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse(model_source("m", shape, layers))
    assert info.value.layer == name or name in str(info.value), str(info.value)


def test_normalization_mean_size_is_a_condition_on_symbols():
    source = ("model m(C=4):\n    Input(shape=(9, 8, C))\n"
              "    Normalization(mean=[0.5, 1, 2, 3], variance=[1, 1, 1, 1])\n")
    model = symparams.parse(source).models["m"]
    assert model.evaluate().layers[0].non_trainable == 0
    with pytest.raises(symparams.SymparamsError):
        model.evaluate({"C": 3})


def test_normalization_is_no_longer_mistaken_for_layer_normalization():
    model = symparams.parse("model m():\n    Input(shape=(3,))\n    Normalization()\n")
    assert model.models["m"].layers[0].type == "Normalization"


# -- names: Keras's aliases, and the layers that run user code -----------------------------------


def test_every_keras_alias_of_a_registered_layer_is_registered(keras):
    from symparams.layers.registry import layer_names, layer_types

    exported = {n: getattr(keras.layers, n) for n in dir(keras.layers) if n[:1].isupper()}
    known = set(layer_names())
    for layer in layer_types():
        if layer.name not in exported:
            continue
        same = {n for n, cls in exported.items() if cls is exported[layer.name]}
        assert same <= known, f"{layer.name}: Keras also calls it {sorted(same - known)}"
        for alias in layer.aliases:
            assert exported.get(alias) is exported[layer.name], (layer.name, alias)


USER_CODE = [
    ("Lambda(f)", "Lambda", "Python function"),
    ("Lambda(function=f, output_shape=(3,))", "Lambda", "Python function"),
    ('TFSMLayer("saved/", call_endpoint="serve")', "TFSMLayer", "SavedModel"),
    ("JaxLayer(call_fn=f, init_fn=g)", "JaxLayer", "JAX"),
    ("FlaxLayer(module)", "FlaxLayer", "Flax"),
    ("TorchModuleWrapper(module, output_shape=(3,))", "TorchModuleWrapper", "PyTorch"),
    ("TimeDistributed(Lambda(f))", "Lambda", "Python function"),
]


@pytest.mark.parametrize(("line", "name", "why"), USER_CODE, ids=[u[0] for u in USER_CODE])
def test_layers_that_run_user_code_are_rejected_with_a_reason(line, name, why):
    source = f"model m():\n    Input(shape=(5, 3))\n    Dense(3)\n    {line}\n"
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse(source)
    err = info.value
    assert f"{name} cannot be counted" in err.message and why in err.message, err.message
    assert err.span is not None and err.span.line == 4
    assert err.hint and ("block" in err.hint or "equivalent" in err.hint), err.hint
