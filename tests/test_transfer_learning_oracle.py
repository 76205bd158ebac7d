"""Transfer learning as courses write it: a ``keras.applications`` network without its top
(``include_top=False``, ``pooling``), frozen (``base_model.trainable = False``), under a new
head. Each stdlib block is checked layer by layer against the network Keras builds with
``weights=None`` and the same arguments (:mod:`tests.keras_apps`), frozen or not, with its
input size a symbol evaluated at odd sizes; a new head is plain layers after it.
"""

from __future__ import annotations

import pytest

import symparams

from .conftest import ROOT
from .keras_apps import WORKER, assert_matches_keras, keras_spec
from .keras_subprocess import worker_fixture

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

keras_apps = worker_fixture(WORKER)


def _model(use: str, call: str) -> symparams.Model:
    source = f"use {use}\n\nmodel m(H=96, W=96):\n    Input(shape=(H, W, 3))\n    {call}\n"
    return symparams.parse(source)["m"]


#: (Keras builder, its arguments, stdlib module, the block call, H, W, frozen). Without the
#: top, pooling None, "avg" and "max" are spread over the networks, each network has a
#: frozen row, and the input sizes are odd where Keras allows them (at least 32, 75 for the
#: Inceptions, 71 for Xception); a few rows keep the top with other classes and no
#: classifier activation.
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
    ("mobilenet.MobileNet", {"include_top": False, "pooling": "avg", "alpha": 0.75},
     "stdlib.mobilenet_v1", "MobileNet(0.75, include_top=False, pooling=\"avg\"{frozen})",
     97, 131, True),
    ("mobilenet.MobileNet", {"classes": 7, "classifier_activation": None},
     "stdlib.mobilenet_v1", "MobileNet(classes=7, classifier_activation=None{frozen})", 33,
     45, False),
    ("mobilenet_v3.MobileNetV3Small", {"include_top": False, "pooling": "max"},
     "stdlib.mobilenet_v3", "MobileNetV3Small(include_top=False, pooling=\"max\"{frozen})",
     75, 101, True),
    ("mobilenet_v3.MobileNetV3Large", {"include_top": False, "minimalistic": True},
     "stdlib.mobilenet_v3", "MobileNetV3Large(1.0, True, include_top=False{frozen})", 65,
     47, False),
    ("mobilenet_v3.MobileNetV3Small", {"classes": 5, "classifier_activation": None},
     "stdlib.mobilenet_v3",
     "MobileNetV3Small(classes=5, classifier_activation=None{frozen})", 32, 39, True),
    ("efficientnet.EfficientNetB0", {"include_top": False, "pooling": "avg"},
     "stdlib.efficientnet",
     "EfficientNet(1.0, 1.0, 0.2, include_top=False, pooling=\"avg\"{frozen})", 33, 45,
     True),
    ("efficientnet.EfficientNetB3", {"include_top": False}, "stdlib.efficientnet",
     "EfficientNet(1.2, 1.4, 0.3, include_top=False{frozen})", 37, 32, False),
    ("efficientnet_v2.EfficientNetV2B0", {"include_top": False, "pooling": "max"},
     "stdlib.efficientnet_v2",
     "EfficientNetV2B(include_top=False, pooling=\"max\"{frozen})", 41, 33, True),
    ("efficientnet_v2.EfficientNetV2S", {"classes": 3, "classifier_activation": None},
     "stdlib.efficientnet_v2",
     "EfficientNetV2S(classes=3, classifier_activation=None{frozen})", 65, 47, False),
    ("resnet_v2.ResNet50V2", {"include_top": False, "pooling": "avg"}, "stdlib.resnet_v2",
     "ResNet50V2(include_top=False, pooling=\"avg\"{frozen})", 97, 130, True),
    ("resnet_v2.ResNet101V2", {"include_top": False}, "stdlib.resnet_v2",
     "ResNet101V2(include_top=False{frozen})", 33, 47, False),
    ("inception_resnet_v2.InceptionResNetV2", {"include_top": False, "pooling": "max"},
     "stdlib.inception_resnet",
     "InceptionResNetV2(include_top=False, pooling=\"max\"{frozen})", 75, 80, True),
    ("inception_resnet_v2.InceptionResNetV2", {"include_top": False}, "stdlib.inception_resnet",
     "InceptionResNetV2(include_top=False{frozen})", 101, 99, False),
    ("convnext.ConvNeXtTiny", {"include_top": False}, "stdlib.convnext",
     "ConvNeXt(3, 3, 9, 3, 96, 192, 384, 768, include_top=False{frozen})", 37, 61, True),
    ("convnext.ConvNeXtTiny", {"include_top": False, "pooling": "avg"}, "stdlib.convnext",
     "ConvNeXt(3, 3, 9, 3, 96, 192, 384, 768, include_top=False, pooling=\"avg\"{frozen})",
     64, 99, False),
    ("convnext.ConvNeXtTiny", {"classes": 10, "classifier_activation": None},
     "stdlib.convnext",
     "ConvNeXt(3, 3, 9, 3, 96, 192, 384, 768, classes=10, classifier_activation=None"
     "{frozen})", 32, 32, True),
    ("resnet.ResNet50", {"include_top": False, "pooling": "avg"}, "stdlib.resnet",
     "ResNet50(include_top=False, pooling=\"avg\"{frozen})", 197, 230, True),
    ("resnet.ResNet101", {"include_top": False}, "stdlib.resnet",
     "ResNet101(include_top=False{frozen})", 33, 47, False),
    ("resnet.ResNet152", {"include_top": False, "pooling": "max"}, "stdlib.resnet",
     "ResNet152(False, \"max\"{frozen})", 64, 95, True),
    ("resnet.ResNet50", {"classes": 10, "classifier_activation": None}, "stdlib.resnet",
     "ResNet50(classes=10, classifier_activation=None{frozen})", 32, 32, False),
    ("vgg16.VGG16", {"include_top": False}, "stdlib.vgg",
     "VGG16(include_top=False{frozen})", 33, 45, True),
    ("vgg16.VGG16", {"classes": 3, "classifier_activation": None}, "stdlib.vgg",
     "VGG16(classes=3, classifier_activation=None{frozen})", 97, 133, False),
    ("vgg19.VGG19", {"include_top": False, "pooling": "max"}, "stdlib.vgg",
     "VGG19(include_top=False, pooling=\"max\"{frozen})", 50, 64, True),
    ("densenet.DenseNet121", {"include_top": False, "pooling": "avg"}, "stdlib.densenet",
     "DenseNet121(include_top=False, pooling=\"avg\"{frozen})", 33, 47, True),
    ("densenet.DenseNet169", {"include_top": False}, "stdlib.densenet",
     "DenseNet169(include_top=False{frozen})", 64, 64, False),
    ("densenet.DenseNet201", {"classes": 5, "classifier_activation": None},
     "stdlib.densenet", "DenseNet201(classes=5, classifier_activation=None{frozen})", 32, 40,
     True),
    ("inception_v3.InceptionV3", {"include_top": False}, "stdlib.inception",
     "InceptionV3(include_top=False{frozen})", 75, 75, True),
    ("inception_v3.InceptionV3", {"include_top": False, "pooling": "max"},
     "stdlib.inception", "InceptionV3(include_top=False, pooling=\"max\"{frozen})", 139,
     230, False),
    ("xception.Xception", {"include_top": False, "pooling": "avg"}, "stdlib.xception",
     "Xception(include_top=False, pooling=\"avg\"{frozen})", 71, 71, True),
    ("xception.Xception", {"classes": 7, "classifier_activation": None}, "stdlib.xception",
     "Xception(classes=7, classifier_activation=None{frozen})", 96, 128, False),
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
    # ConvNeXt's residual sum is Keras's op `inputs + layer(x)`, an Add layer in the DSL
    as_ops = ("Add",) if builder.startswith("convnext.") else ()
    assert_matches_keras(model, {"H": h, "W": w}, keras_apps, spec, as_ops=as_ops)
    if frozen:
        assert model.trainable == 0


@pytest.mark.parametrize("name", ["tutorial", "resnet_head"])
def test_new_head_trains_alone(name):
    """docs/examples/transfer.sp: the TensorFlow tutorial's model (a frozen MobileNetV2 at
    160 x 160 and a Dense(1) head) and a frozen ResNet50 under a head of three layers; only
    the head's weights train (the bases' counts are checked above)."""
    model = symparams.parse_file(ROOT / "docs" / "examples" / "transfer.sp")[name]
    base, *head = model.layers
    assert model.trainable == sum(layer.params for layer in head)
    assert model.non_trainable == base.params


@pytest.mark.parametrize("call, message", [
    ("MobileNetV2(trainable=\"no\")", "trainable must be True or False"),
    ("MobileNetV2(trainable=1)", "trainable must be True or False"),
])
def test_trainable_must_be_a_boolean(call, message):
    with pytest.raises(symparams.SymparamsError, match=message):
        _model("stdlib.mobilenet", call)


#: ``symparams import`` of ``keras.applications.<name>(...)`` (keras_import/applications.py)
#: against the network Keras builds: the named variants' blocks (EfficientNetB3 fixes its
#: width, depth and dropout; EfficientNetV2B1 and ConvNeXtTiny take include_preprocessing).
IMPORTED = [
    ("efficientnet.EfficientNetB3", {"include_top": False, "pooling": "avg"}),
    ("efficientnet_v2.EfficientNetV2B1", {"include_top": False,
                                          "include_preprocessing": False}),
    ("convnext.ConvNeXtTiny", {"include_top": False, "pooling": "max"}),
    ("mobilenet_v3.MobileNetV3Large", {"include_top": False, "minimalistic": True,
                                       "alpha": 0.75}),
    ("densenet.DenseNet121", {"classes": 3, "classifier_activation": None}),
]


@pytest.mark.parametrize("builder, kwargs", IMPORTED, ids=[b for b, _ in IMPORTED])
def test_imported_application_is_the_network_keras_builds(keras_apps, builder, kwargs):
    from symparams.keras_import.python_code import translate_python
    from symparams.keras_import.writer import write_models

    words = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    code = (f"import keras\nmodel = keras.Sequential([keras.applications."
            f"{builder.rsplit('.', 1)[1]}(input_shape=(67, 75, 3), weights=None, {words})])\n")
    result = translate_python(code)
    assert not result.problems, result.problems
    text = "\n".join(f"use {u}" for u in result.uses) + "\n" + write_models(result.models)
    model = symparams.parse(text)["sequential"]
    as_ops = ("Add",) if "convnext" in builder else ()  # ConvNeXt's inputs + layer(x)
    assert_matches_keras(model, {}, keras_apps, keras_spec(builder, input_shape=(67, 75, 3),
                                                           **kwargs), as_ops)
