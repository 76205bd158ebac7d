"""The examples that write ``keras.applications`` networks in the DSL, checked layer by layer
against the networks Keras builds (``weights=None``), with :mod:`tests.keras_apps`: every
plain layer's type, output shape and trainable / non-trainable counts, as a multiset (its
docstring says why not in order), plus the totals and the output shape, at several input
sizes and at other depths than Keras's default (Keras's own builder run with another
``range``), so that a symbol is checked, not only its example value."""

from __future__ import annotations

import pytest

import symparams

from .conftest import EXAMPLES
from .keras_apps import WORKER, assert_matches_keras, keras_spec
from .keras_subprocess import worker_fixture

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

keras_apps = worker_fixture(WORKER)


def example(file: str, model: str):
    return symparams.parse_file(EXAMPLES / file)[model]


@pytest.mark.parametrize(
    ("H", "W", "n", "classes"),
    [
        pytest.param(299, 299, 8, 1000, id="keras-default"),
        pytest.param(71, 71, 8, 1000, id="smallest"),
        pytest.param(150, 203, 8, 10, id="odd-sizes"),
        pytest.param(299, 299, 1, 1000, id="middle-1"),
        pytest.param(80, 72, 0, 1000, id="middle-0"),
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
        pytest.param(160, 96, 3, id="wide"),
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
        pytest.param("densenet.DenseNet169", (6, 12, 32, 32), 32, (224, 224), id="169"),
        pytest.param("densenet.DenseNet201", (6, 12, 48, 32), 32, (224, 224), id="201"),
        pytest.param("densenet.DenseNet121", (6, 12, 24, 16), 32, (197, 230), id="121-odd"),
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


@pytest.mark.parametrize(
    ("alpha", "H", "W"),
    [
        pytest.param(1, 224, 224, id="keras-default"),
        pytest.param(1, 97, 64, id="odd-height"),
        pytest.param(2, 96, 131, id="alpha-2-odd-width"),
        pytest.param(3, 33, 45, id="alpha-3-small"),
    ],
)
def test_mobilenetv2(keras_apps, alpha, H, W):
    """Integer widths only (the example's comment says why); each size exercises
    correct_pad's parity at every strided block."""
    spec = keras_spec("mobilenet_v2.MobileNetV2", input_shape=(H, W, 3), alpha=alpha)
    assert_matches_keras(example("mobilenetv2.sp", "mobilenetv2"),
                         {"alpha": alpha, "H": H, "W": W}, keras_apps, spec)


@pytest.mark.parametrize(
    ("builder", "w", "d", "size"),
    [
        pytest.param("efficientnet.EfficientNetB0", 1, 1, 224, id="B0"),
        pytest.param("efficientnet.EfficientNetB0", 1, 1, 97, id="B0-odd"),
        pytest.param("efficientnet.EfficientNet", 2, 1, 130, id="w2"),
        pytest.param("efficientnet.EfficientNet", 1, 2, 75, id="d2-odd"),
        pytest.param("efficientnet.EfficientNet", 2, 3, 64, id="w2-d3"),
    ],
)
def test_efficientnet(keras_apps, builder, w, d, size):
    """Keras's EfficientNet(width_coefficient, depth_coefficient, default_size) is the
    builder of B0..B7; integer coefficients only (the example's comment says why)."""
    args = [w, d, size] if builder.endswith(".EfficientNet") else []
    spec = keras_spec(builder, *args, input_shape=(size, size, 3))
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
