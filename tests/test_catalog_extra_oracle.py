"""The newer catalog families against real Keras: random stacks mixing them in, a table with
every layer and flag at least once, and positional arguments. The generators are in
:mod:`tests.catalog_extra_gens`; what Keras rejects, aliases and user-code layers are in
:mod:`tests.test_catalog_extra_invalid`.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symparams

from .catalog_extra_gens import AUGMENT_ARGS, run_stack
from .oracle import L
from .test_catalog_oracle import check_against_keras, keras_facts

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

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
