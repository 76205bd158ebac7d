"""MobileNet, MobileNetV3, ResNetV2 and VGG19 as the examples write them (with
``stdlib.mobilenet_v1``, ``stdlib.mobilenet_v3`` and ``stdlib.resnet_v2``), checked layer by
layer against the networks ``keras.applications`` builds (``weights=None``) with
:mod:`tests.keras_apps`, each at an odd input size, and each symbolic variant at a value
other than its default."""

from __future__ import annotations

import pytest

from .keras_apps import WORKER, assert_matches_keras, keras_spec
from .keras_subprocess import worker_fixture
from .test_applications_oracle import example

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

keras_apps = worker_fixture(WORKER)


@pytest.mark.parametrize(
    ("model", "alpha", "values"),
    [
        pytest.param("mobilenet_025", 0.25, {"H": 97, "W": 131, "dm": 2}, id="025-dm2"),
        pytest.param("mobilenet_050", 0.5, {"H": 33, "W": 45, "classes": 7}, id="050"),
        pytest.param("mobilenet_075", 0.75, {"H": 64, "W": 79, "dm": 3}, id="075-dm3"),
        pytest.param("mobilenet_100", 1.0, {"H": 35, "W": 32}, id="100"),
    ],
)
def test_mobilenet(keras_apps, model, alpha, values):
    """One model per Keras alpha, read exactly (0.75 is 3/4): Keras's float
    int(filters * alpha) gives the same widths as the exact rationals."""
    spec = keras_spec("mobilenet.MobileNet", input_shape=(values["H"], values["W"], 3),
                      alpha=alpha, depth_multiplier=values.get("dm", 1),
                      classes=values.get("classes", 1000))
    assert_matches_keras(example("mobilenet.sp", model), values, keras_apps, spec)


@pytest.mark.parametrize(
    ("model", "builder", "minimalistic", "squeeze_excites", "values"),
    [
        pytest.param("mobilenetv3_small", "MobileNetV3Small", False, 9,
                     {"H": 75, "W": 101}, id="small"),
        pytest.param("mobilenetv3_small_minimalistic", "MobileNetV3Small", True, 0,
                     {"H": 33, "W": 32, "classes": 10}, id="small-minimalistic"),
        pytest.param("mobilenetv3_large", "MobileNetV3Large", False, 8,
                     {"H": 65, "W": 47}, id="large"),
        pytest.param("mobilenetv3_large_minimalistic", "MobileNetV3Large", True, 0,
                     {"H": 37, "W": 61}, id="large-minimalistic"),
    ],
)
def test_mobilenetv3(keras_apps, model, builder, minimalistic, squeeze_excites, values):
    """Keras's hard_sigmoid, ReLU(6.0)(x + 3.0) * (1.0 / 6.0), is two Keras operations
    around a layer, and so is the example's: squeeze_excites of each."""
    spec = keras_spec(f"mobilenet_v3.{builder}", input_shape=(values["H"], values["W"], 3),
                      minimalistic=minimalistic, classes=values.get("classes", 1000))
    answer = assert_matches_keras(example("mobilenetv3.sp", model), values, keras_apps, spec)
    operations = sorted(kind for kind, *_ in answer["layers"] if kind.startswith("op:"))
    assert operations == ["op:Add"] * squeeze_excites + ["op:Multiply"] * squeeze_excites


@pytest.mark.parametrize(
    ("model", "builder", "values"),
    [
        pytest.param("resnet50v2", "ResNet50V2", {"H": 97, "W": 130}, id="50v2"),
        pytest.param("resnet101v2", "ResNet101V2", {"H": 64, "W": 95}, id="101v2"),
        pytest.param("resnet152v2", "ResNet152V2", {"H": 33, "W": 47, "classes": 5},
                     id="152v2"),
        pytest.param("resnetv2", "ResNet101V2", {"b2": 3, "b3": 4, "b4": 23, "b5": 3,
                                                  "H": 45, "W": 71, "classes": 10},
                     id="symbolic-depths-at-101v2"),
    ],
)
def test_resnet_v2(keras_apps, model, builder, values):
    """The symbolic-depth model is checked at ResNet101V2's depths: Keras's
    stack_residual_blocks_v2 takes its block counts as literals in each builder's
    stack_fn, out of reach of keras_spec's ``ranges``."""
    spec = keras_spec(f"resnet_v2.{builder}", input_shape=(values["H"], values["W"], 3),
                      classes=values.get("classes", 1000))
    assert_matches_keras(example("resnet50v2.sp", model), values, keras_apps, spec)


def test_vgg19(keras_apps):
    spec = keras_spec("vgg19.VGG19", input_shape=(97, 133, 3), classes=5)
    assert_matches_keras(example("vgg19.sp", "vgg19"), {"H": 97, "W": 133, "classes": 5},
                         keras_apps, spec)
