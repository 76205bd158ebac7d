"""The examples that write ``keras.applications`` networks in the DSL, checked layer by layer
against the networks Keras builds (``weights=None``), with :mod:`tests.keras_apps`: every
plain layer's type, output shape and trainable / non-trainable counts, as a multiset (its
docstring says why not in order), plus the totals and the output shape, at several input
sizes and at other depths than Keras's default (Keras's own builder run with another
``range``), so that a symbol is checked, not only its example value."""

from __future__ import annotations

import functools

import pytest

import symparams

from .conftest import EXAMPLES
from .keras_apps import WORKER, assert_matches_keras, keras_spec
from .keras_subprocess import worker_fixture

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

keras_apps = worker_fixture(WORKER)


@functools.cache
def document(file: str):
    """An example file, parsed once for all its tests (mobilenetv2.sp holds seven models)."""
    return symparams.parse_file(EXAMPLES / file)


def example(file: str, model: str):
    return document(file)[model]


@pytest.mark.parametrize(
    ("H", "W", "n", "classes"),
    [
        pytest.param(299, 299, 8, 1000, id="keras-default"),
        pytest.param(71, 71, 1, 1000, id="smallest-middle-1"),
        pytest.param(151, 203, 0, 10, id="odd-sizes-middle-0"),
        pytest.param(96, 128, 3, 5, id="middle-3"),
    ],
)
def test_xception(keras_apps, H, W, n, classes):
    spec = keras_spec("xception.Xception", input_shape=(H, W, 3), classes=classes,
                      ranges={8: n})
    assert_matches_keras(example("xception.sp", "xception"),
                         {"H": H, "W": W, "n": n, "classes": classes}, keras_apps, spec)


@pytest.mark.parametrize(
    ("H", "W", "classes"),
    [
        pytest.param(299, 299, 1000, id="keras-default"),
        pytest.param(75, 75, 1000, id="smallest"),
        pytest.param(139, 230, 7, id="odd-sizes"),
    ],
)
def test_inceptionv3(keras_apps, H, W, classes):
    spec = keras_spec("inception_v3.InceptionV3", input_shape=(H, W, 3), classes=classes)
    assert_matches_keras(example("inceptionv3.sp", "inceptionv3"),
                         {"H": H, "W": W, "classes": classes}, keras_apps, spec)


@pytest.mark.parametrize(
    ("builder", "blocks", "g", "size"),
    [
        pytest.param("densenet.DenseNet121", (6, 12, 24, 16), 32, (224, 224), id="121"),
        pytest.param("densenet.DenseNet169", (6, 12, 32, 32), 32, (197, 230), id="169-odd"),
        pytest.param("densenet.DenseNet201", (6, 12, 48, 32), 32, (224, 224), id="201"),
        pytest.param("densenet.DenseNet", (1, 2, 3, 1), 12, (64, 96), id="g12-small"),
        pytest.param("densenet.DenseNet", (3, 5, 7, 2), 7, (99, 65), id="g7-odd"),
    ],
)
def test_densenet(keras_apps, builder, blocks, g, size):
    """One definition: block depths b1..b4 and growth rate g are symbols. Keras's
    DenseNet(blocks) is its own builder; its growth rate is 32 in conv_block's calls, so
    other rates rerun those calls with g."""
    H, W = size
    args = [list(blocks)] if builder.endswith(".DenseNet") else []
    spec = keras_spec(builder, *args, input_shape=(H, W, 3),
                      arguments={"conv_block": {1: g}} if g != 32 else None)
    values = dict(zip(("b1", "b2", "b3", "b4"), blocks, strict=True)) | {"g": g, "H": H, "W": W}
    assert_matches_keras(example("densenet.sp", "densenet"), values, keras_apps, spec)


def test_densenet_total_is_a_closed_form_in_depths_and_growth():
    model = example("densenet.sp", "densenet")
    assert {str(s) for s in model.params.free_symbols} == {"b1", "b2", "b3", "b4", "g",
                                                           "classes"}


#: Keras's MobileNetV2 width multipliers: (alpha as Keras takes it, the example's model).
MOBILENETV2_ALPHAS = [(0.35, "mobilenetv2_035"), (0.5, "mobilenetv2_050"),
                      (0.75, "mobilenetv2_075"), (1.0, "mobilenetv2_100"),
                      (1.3, "mobilenetv2_130"), (1.4, "mobilenetv2_140")]


#: Each alpha at one size, in turn Keras's smallest (32) and odd ones (correct_pad's parity).
MOBILENETV2_SIZES = [(32, 32), (35, 46)] * 3


@pytest.mark.parametrize(("alpha", "model", "H", "W"),
                         [(a, m, *size) for (a, m), size in
                          zip(MOBILENETV2_ALPHAS, MOBILENETV2_SIZES, strict=True)],
                         ids=[m for _, m in MOBILENETV2_ALPHAS])
def test_mobilenetv2_at_keras_alphas(keras_apps, alpha, model, H, W):
    """One model per Keras alpha, each the one stdlib MobileNetV2 block called with a literal
    alpha read exactly (0.35 is 7/20): Keras's float int(filters * alpha) and
    _make_divisible must give the same widths as the exact rationals. 32 is Keras's smallest
    input; an odd height and width exercise correct_pad's parity at every strided block
    (half of the alphas at each: the widths do not depend on the size)."""
    spec = keras_spec("mobilenet_v2.MobileNetV2", input_shape=(H, W, 3), alpha=alpha)
    assert_matches_keras(example("mobilenetv2.sp", model), {"H": H, "W": W}, keras_apps, spec)


@pytest.mark.parametrize(
    ("alpha", "H", "W"),
    [
        pytest.param(1, 224, 224, id="keras-default"),
        pytest.param(2, 96, 131, id="alpha-2-odd-width"),
        pytest.param(3, 33, 45, id="alpha-3-small"),
    ],
)
def test_mobilenetv2_symbolic_integer_alpha(keras_apps, alpha, H, W):
    """The variant with alpha a symbol: integer widths only (the example's comment says
    why)."""
    spec = keras_spec("mobilenet_v2.MobileNetV2", input_shape=(H, W, 3), alpha=alpha)
    assert_matches_keras(example("mobilenetv2.sp", "mobilenetv2"),
                         {"alpha": alpha, "H": H, "W": W}, keras_apps, spec)


#: Keras's EfficientNetB0..B7 (whose (width, depth, resolution, dropout) table the example's
#: models copy) with the input size each is checked at: Keras's smallest, 32, and odd sizes.
EFFICIENTNETS = [("B0", 33), ("B1", 32), ("B2", 35), ("B3", 32), ("B4", 37), ("B5", 32),
                 ("B6", 33), ("B7", 32)]


@pytest.mark.parametrize(("net", "size"), EFFICIENTNETS, ids=[n for n, _ in EFFICIENTNETS])
def test_efficientnet_b0_to_b7(keras_apps, net, size):
    """One model per network, each the one stdlib EfficientNet block called with Keras's
    literal coefficients: Keras's float round_filters and ceil(depth * repeats) must give
    the same widths and depths as the exact rationals (1.1 is 11/10)."""
    spec = keras_spec(f"efficientnet.EfficientNet{net}", input_shape=(size, size, 3))
    assert_matches_keras(example("efficientnet.sp", f"efficientnet_{net.lower()}"),
                         {"H": size, "W": size}, keras_apps, spec)


@pytest.mark.parametrize(
    ("w", "d", "size"),
    [
        pytest.param(1, 2, 75, id="d2-odd"),
        pytest.param(2, 3, 64, id="w2-d3"),
    ],
)
def test_efficientnet_symbolic_integer_coefficients(keras_apps, w, d, size):
    """The variant with w and d symbols, against Keras's EfficientNet(width_coefficient,
    depth_coefficient, default_size), the builder of B0..B7; integer coefficients only (the
    example's comment says why)."""
    spec = keras_spec("efficientnet.EfficientNet", w, d, size, input_shape=(size, size, 3))
    assert_matches_keras(example("efficientnet.sp", "efficientnet"),
                         {"w": w, "d": d, "H": size, "W": size}, keras_apps, spec)


def test_the_harness_sees_one_wrong_layer(keras_apps):
    """One bias too many in one layer of 134 is a failure naming that layer."""
    source = (EXAMPLES / "xception.sp").read_text(encoding="utf-8").replace(
        'SeparableConv2D(2048, 3, padding="same", use_bias=False)',
        'SeparableConv2D(2048, 3, padding="same")')
    wrong = symparams.parse(source, str(EXAMPLES / "wrong.sp"))["xception"]
    with pytest.raises(AssertionError, match=r"'SeparableConv2D', \(10, 10, 2048\), 3161600"):
        assert_matches_keras(wrong, {}, keras_apps, keras_spec("xception.Xception"))


# ConvNeXt, EfficientNetV2 and InceptionResNetV2. ConvNeXt's residual sum is a Keras op
# (`inputs + layer(x)`), an Add layer in the DSL: compared as Keras's op (`as_ops`).

@pytest.mark.parametrize(
    ("model", "builder", "args", "values", "kwargs"),
    [
        pytest.param("convnext_tiny", "convnext.ConvNeXtTiny", (), {"H": 37, "W": 61,
                     "classes": 10}, {}, id="tiny-odd"),
        pytest.param("convnext", "convnext.ConvNeXt", ([1, 2, 3, 1], [16, 24, 40, 64], 0.0),
                     {"d0": 1, "d1": 2, "d2": 3, "d3": 1, "p0": 16, "p1": 24, "p2": 40,
                      "p3": 64, "H": 45, "W": 33}, {}, id="symbolic-depths-widths"),
        pytest.param("convnext_drop_path", "convnext.ConvNeXt",
                     ([2, 2, 6, 2], [32, 64, 128, 256], 0.1),
                     {"d0": 2, "d1": 2, "d2": 6, "d3": 2, "p0": 32, "p1": 64, "p2": 128,
                      "p3": 256, "H": 64, "W": 99}, {}, id="drop-path"),
        pytest.param("convnext_plain", "convnext.ConvNeXt",
                     ([2, 1, 3, 1], [16, 32, 48, 64], 0.0),
                     {"d0": 2, "d1": 1, "d2": 3, "d3": 1, "p0": 16, "p1": 32, "p2": 48,
                      "p3": 64, "H": 41, "W": 50, "classes": 7},
                     {"layer_scale_init_value": None, "include_preprocessing": False},
                     id="no-layer-scale-no-preprocessing"),
    ],
)
def test_convnext(keras_apps, model, builder, args, values, kwargs):
    spec = keras_spec(builder, *args, input_shape=(values["H"], values["W"], 3),
                      classes=values.get("classes", 1000), **kwargs)
    assert_matches_keras(example("convnext.sp", model), values, keras_apps, spec,
                         as_ops=("Add",))


@pytest.mark.parametrize(("net", "H", "W", "classes"),
                         [("B0", 33, 45, 10), ("B3", 32, 39, 5), ("S", 65, 47, 3)])
def test_efficientnetv2(keras_apps, net, H, W, classes):
    """B3's coefficients (1.2, 1.4) are fractions read exactly, as EfficientNet's are."""
    spec = keras_spec(f"efficientnet_v2.EfficientNetV2{net}", input_shape=(H, W, 3),
                      classes=classes)
    assert_matches_keras(example("efficientnetv2.sp", f"efficientnetv2_{net.lower()}"),
                         {"H": H, "W": W, "classes": classes}, keras_apps, spec)


def test_efficientnetv2_symbolic_integer_coefficients(keras_apps):
    """Keras's own builder EfficientNetV2(width, depth, default_size) on B0's block table."""
    spec = keras_spec("efficientnet_v2.EfficientNetV2", 2, 1, 224, name="efficientnetv2-b0",
                      input_shape=(41, 33, 3))
    assert_matches_keras(example("efficientnetv2.sp", "efficientnetv2"),
                         {"w": 2, "d": 1, "H": 41, "W": 33}, keras_apps, spec)


def test_efficientnetv2_without_preprocessing(keras_apps):
    spec = keras_spec("efficientnet_v2.EfficientNetV2B0", include_preprocessing=False,
                      input_shape=(57, 40, 3))
    assert_matches_keras(example("efficientnetv2.sp", "efficientnetv2_b0_raw"),
                         {"H": 57, "W": 40}, keras_apps, spec)


@pytest.mark.parametrize(("n35", "n17", "n8", "H", "W"),
                         [(10, 20, 9, 75, 75), (1, 2, 0, 75, 80), (3, 0, 2, 101, 99)])
def test_inception_resnet_v2(keras_apps, n35, n17, n8, H, W):
    """Keras's own builder with its `for block_idx in range(1, k)` loops run as
    range(1, 1 + n): the block counts are symbols checked at other values."""
    spec = keras_spec("inception_resnet_v2.InceptionResNetV2", input_shape=(H, W, 3),
                      spans={(1, 11): (1, 1 + n35), (1, 21): (1, 1 + n17),
                             (1, 10): (1, 1 + n8)})
    assert_matches_keras(example("inception_resnet_v2.sp", "inception_resnet"),
                         {"n35": n35, "n17": n17, "n8": n8, "H": H, "W": W}, keras_apps, spec)
