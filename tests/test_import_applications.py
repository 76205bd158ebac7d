"""``symparams import`` of transfer-learning code: a ``keras.applications`` network made,
frozen, applied and preprocessed, as the stdlib's blocks (``keras_import/applications.py``).
Whether the written model counts what Keras counts is checked by the round trip of
``examples/import/transfer.py`` in ``test_import.py``; here, what is written, and what is
reported, for the ways courses write it."""

from __future__ import annotations

import pytest

import symparams
from symparams.keras_import.applications import APPLICATIONS
from symparams.keras_import.ir import Call, show
from symparams.keras_import.python_code import translate_python

from .conftest import require

BASE = ("import keras\n"
        "base = keras.applications.MobileNetV2(input_shape=(96, 96, 3), include_top=False,"
        " weights='imagenet')\n")
HEAD = ("inputs = keras.Input(shape=(96, 96, 3))\n"
        "x = base(inputs, training=False)\n"
        "outputs = keras.layers.Dense(1)(x)\n"
        "model = keras.Model(inputs, outputs)\n")


def _lines(code: str, model: int = -1) -> list[str]:
    from symparams.keras_import.writer import statement_text

    result = translate_python(code)
    assert not result.problems, result.problems
    return [text for line in result.models[model].lines for text in statement_text(line)]


@pytest.mark.parametrize(("code", "expected"), [
    # frozen by the attribute, by a loop over its layers; the last word holds
    (BASE + "base.trainable = False\n" + HEAD,
     ["x = MobileNetV2(include_top=False, trainable=False)(inputs, training=False)"]),
    (BASE + "for layer in base.layers:\n    layer.trainable = False\n" + HEAD,
     ["x = MobileNetV2(include_top=False, trainable=False)(inputs, training=False)"]),
    (BASE + "base.trainable = False\n" + HEAD + "base.trainable = True\n",
     ["x = MobileNetV2(include_top=False)(inputs, training=False)"]),
    # base.output and base.input: the network on its own input
    (BASE + "x = keras.layers.GlobalAveragePooling2D()(base.output)\n"
     "model = keras.Model(inputs=base.input, outputs=keras.layers.Dense(2)(x))\n",
     ["inputs = Input(shape=(96, 96, 3))", "t = MobileNetV2(include_top=False)(inputs)"]),
    # imported by name, with the arguments Keras's function takes
    ("from tensorflow.keras.applications import EfficientNetB2\n"
     "from tensorflow.keras import Sequential, layers\n"
     "model = Sequential([EfficientNetB2(include_top=False, pooling='max', "
     "input_shape=(64, 64, 3)), layers.Dense(3)])\n",
     ["Input(shape=(64, 64, 3))", "EfficientNetB2(include_top=False, pooling='max')"]),
    # preprocess_input: x / 127.5 - 1 for MobileNetV2, nothing for EfficientNet
    (BASE + "from keras.applications.mobilenet_v2 import preprocess_input\n"
     "inputs = keras.Input(shape=(96, 96, 3))\nx = preprocess_input(inputs)\n"
     "model = keras.Model(inputs, base(x))\n",
     ["t = inputs / 127.5", "x = t - 1.0", "t_1 = MobileNetV2(include_top=False)(x)"]),
    ("import keras\nf = keras.applications.efficientnet.preprocess_input\n"
     "inputs = keras.Input(shape=(8,))\nx = f(inputs)\n"
     "model = keras.Model(inputs, keras.layers.Dense(2)(x))\n",
     ["inputs = Input(shape=(8,))", "t = Dense(2)(inputs)"]),
])
def test_written(code, expected):
    lines = _lines(code)
    for text in expected:
        assert text in lines, lines


SEQUENTIAL = ("import keras\nd = keras.Sequential([keras.Input(shape=(4,)), "
              "keras.layers.Dense(2)], name='d')\n")


@pytest.mark.parametrize(("code", "model", "expected"), [
    # a Sequential model frozen: the model itself, and its use as a block
    (SEQUENTIAL + "d.trainable = False\ng = keras.Sequential([keras.Input(shape=(3,)), "
     "keras.layers.Dense(4), d])\n", 1, ["Dense(4)", "D(trainable=False)"]),
    (SEQUENTIAL + "d.trainable = False\n", 0, ["Dense(2, trainable=False)"]),
    (SEQUENTIAL + "d.trainable = False\nd.trainable = True\n", 0, ["Dense(2)"]),
    # a layer by its index (Input lines are not among Keras's model.layers)
    (SEQUENTIAL + "d.layers[0].trainable = False\n", 0, ["Dense(2, trainable=False)"]),
    (SEQUENTIAL + "d.layers[-1].trainable = False\n", 0, ["Dense(2, trainable=False)"]),
    ("import keras\nm = keras.Sequential([keras.applications.VGG16(include_top=False, "
     "input_shape=(32, 32, 3)), keras.layers.Flatten()])\nm.layers[0].trainable = False\n",
     0, ["VGG16(include_top=False, trainable=False)"]),
])
def test_frozen_by_the_code(code, model, expected):
    lines = _lines(code, model)
    for text in expected:
        assert text in lines, lines


def test_named_network_is_a_model_too():
    result = translate_python(BASE + HEAD)
    assert [m.name for m in result.models] == ["mobilenetv2", "functional"]
    assert result.uses == ["stdlib.mobilenet"]


def test_network_a_helper_makes_is_local_to_it():
    code = ("import keras\ndef build(n):\n"
            + "".join("    " + line + "\n" for line in (BASE + HEAD).splitlines()[1:])
            + "    return model\nmodel = build(2)\n")
    result = translate_python(code)
    assert [m.name for m in result.models] == ["functional"], result.problems


@pytest.mark.parametrize(("code", "where", "words"), [
    ("import keras\nbase = keras.applications.NASNetMobile(include_top=False)\n", "line 2",
     "keras.applications.NASNetMobile has no stdlib block yet"),
    ("import keras\nbase = keras.applications.VGG16(False)\n", "line 2",
     "arguments written by position"),
    ("import keras\nbase = keras.applications.MobileNetV2(input_shape=(96, 96, 3), "
     "include_top=False, depth=2)\n", "line 2", "argument depth= has no block form"),
    (BASE + "for layer in base.layers[:100]:\n    layer.trainable = False\n", "line 3",
     "part of base's layers frozen"),
    ("import keras\nbase = keras.applications.MobileNetV2(include_top=False)\n"
     "model = keras.Model(base.input, base.output)\n", "line 3", "base has no input_shape"),
    (SEQUENTIAL + "d.layers[1].trainable = False\n", "line 3", "is not one of its 1 layers"),
    ("import keras\ninputs = keras.Input(shape=(32, 32, 3))\n"
     "x = keras.applications.resnet50.preprocess_input(inputs)\n"
     "model = keras.Model(inputs, keras.layers.Flatten()(x))\n", "line 3",
     "preprocess_input (caffe mode"),
])
def test_reported(code, where, words):
    problems = translate_python(code).problems
    assert any(p.where == where and words in p.message for p in problems), problems


#: keras.applications functions with no stdlib block yet (the import reports them).
WITHOUT_BLOCK = {"EfficientNetV2M", "EfficientNetV2L", "NASNetMobile", "NASNetLarge"}
#: A value for every keyword the table passes on, as Keras's functions take them.
KEYWORDS = {"include_top": False, "pooling": "avg", "classes": 7,
            "classifier_activation": None, "alpha": 1.0, "depth_multiplier": 1,
            "dropout": 0.001, "minimalistic": True, "dropout_rate": 0.2,
            "include_preprocessing": False}


@pytest.mark.parametrize("name", sorted(APPLICATIONS))
def test_every_table_entry_is_a_block_taking_its_keywords(name):
    """Each network the import maps is a stdlib block of that name, taking every keyword the
    table passes on (its counts against Keras: test_transfer_learning_oracle.py)."""
    app = APPLICATIONS[name]
    call = Call(name, (), tuple((k, KEYWORDS[k]) for k in app.keywords))
    source = f"use {app.use}\n\nmodel m():\n    Input(shape=(75, 75, 3))\n    {show(call)}\n"
    assert symparams.parse(source)["m"].params > 0


def test_every_keras_application_has_a_block_or_is_reported():
    require("keras")
    import keras

    exported = {name for name in dir(keras.applications) if name[:1].isupper()}
    assert exported == set(APPLICATIONS) | WITHOUT_BLOCK
