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


def test_the_harness_sees_one_wrong_layer(keras_apps):
    """One bias too many in one layer of 134 is a failure naming that layer."""
    source = (EXAMPLES / "xception.sp").read_text(encoding="utf-8").replace(
        'SeparableConv2D(2048, 3, padding="same", use_bias=False)',
        'SeparableConv2D(2048, 3, padding="same")')
    wrong = symparams.parse(source, str(EXAMPLES / "wrong.sp"))["xception"]
    with pytest.raises(AssertionError, match=r"'SeparableConv2D', \(10, 10, 2048\), 3161600"):
        assert_matches_keras(wrong, {}, keras_apps, keras_spec("xception.Xception"))
