"""Transfer learning as courses write it: a ``keras.applications`` network without its top
(``include_top=False``, ``pooling``), frozen (``base_model.trainable = False``), under a new
head. Each stdlib block is checked layer by layer against the network Keras builds with
``weights=None`` and the same arguments (:mod:`tests.keras_apps`), frozen or not, with its
input size a symbol evaluated at odd sizes; a new head is plain layers after it.
"""

from __future__ import annotations

import pytest

import symparams

from .keras_apps import WORKER, assert_matches_keras, keras_spec
from .keras_subprocess import worker_fixture

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

keras_apps = worker_fixture(WORKER)


def _model(use: str, call: str) -> symparams.Model:
    source = f"use {use}\n\nmodel m(H=96, W=96):\n    Input(shape=(H, W, 3))\n    {call}\n"
    return symparams.parse(source)["m"]


#: (Keras builder, its arguments, stdlib module, the block call, H, W, frozen)
CASES = [
    ("mobilenet_v2.MobileNetV2", {"include_top": False}, "stdlib.mobilenet",
     "MobileNetV2(include_top=False{frozen})", 160, 160, True),
    ("mobilenet_v2.MobileNetV2", {"include_top": False, "pooling": "avg", "alpha": 0.5},
     "stdlib.mobilenet", "MobileNetV2(0.5, include_top=False, pooling=\"avg\"{frozen})",
     97, 131, False),
    ("mobilenet_v2.MobileNetV2", {"include_top": False, "pooling": "max"},
     "stdlib.mobilenet", "MobileNetV2(include_top=False, pooling=\"max\"{frozen})", 64, 64,
     True),
    ("mobilenet_v2.MobileNetV2", {"classes": 7, "classifier_activation": None},
     "stdlib.mobilenet", "MobileNetV2(classes=7, classifier_activation=None{frozen})", 96,
     96, True),
]


def _id(case) -> str:
    builder, kwargs, _, _, h, w, frozen = case
    words = [f"{k}={v}" for k, v in kwargs.items()]
    return "-".join([builder.rsplit(".", 1)[1], *words, f"{h}x{w}",
                     "frozen" if frozen else "trained"])


@pytest.mark.parametrize("builder, kwargs, use, call, h, w, frozen", CASES,
                         ids=[_id(c) for c in CASES])
def test_application_without_top(keras_apps, builder, kwargs, use, call, h, w, frozen):
    model = _model(use, call.format(frozen=", trainable=False" if frozen else ""))
    spec = keras_spec(builder, input_shape=(h, w, 3), frozen=frozen, **kwargs)
    assert_matches_keras(model, {"H": h, "W": w}, keras_apps, spec)
    if frozen:
        assert model.trainable == 0


def test_new_head_trains_alone():
    """The TensorFlow tutorial's model: a frozen MobileNetV2 at 160 × 160 and a Dense(1)
    head; only the head's weights train (the base's counts are checked above)."""
    source = ("use stdlib.mobilenet\n\nmodel m():\n    Input(shape=(160, 160, 3))\n"
              "    MobileNetV2(include_top=False, pooling=\"avg\", trainable=False)\n"
              "    Dropout(0.2)\n    Dense(1)\n")
    model = symparams.parse(source)["m"]
    base = model.layers[0]
    assert model.trainable == model.layers[-1].params
    assert model.non_trainable == base.params


@pytest.mark.parametrize("call, message", [
    ("MobileNetV2(trainable=\"no\")", "trainable must be True or False"),
    ("MobileNetV2(trainable=1)", "trainable must be True or False"),
])
def test_trainable_must_be_a_boolean(call, message):
    with pytest.raises(symparams.SymparamsError, match=message):
        _model("stdlib.mobilenet", call)
