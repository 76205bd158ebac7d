"""Memory (issue 14): bytes of weights against Keras's own variables (``nbytes`` under a
dtype policy), activation elements against Keras's output shapes, optimizer state against
the variables Keras's optimizers build, and the ``memory`` command's formats."""

from __future__ import annotations

import json

import pytest
import sympy

import symparams
from symparams.cli.main import main
from symparams.engine.memory import BATCH, DTYPE_BYTES, OPTIMIZER_STATE, memory
from symparams.errors import SymparamsError

from .conftest import EXAMPLES, require
from .oracle import L, model_source

SOURCE = model_source("m", (6, 5), [
    L("Conv1D", {"filters": 4, "kernel_size": 3}),
    L("BatchNormalization", {}),
    L("LayerNormalization", {}),
    L("Flatten", {}),
    L("Dense", {"units": 2}),
])


def _keras_model(dtype: str):
    require("keras")
    import keras

    x = start = keras.Input(shape=(6, 5))  # real variables: small, and any dtype
    layers = [keras.layers.Conv1D(4, 3, dtype=dtype), keras.layers.BatchNormalization(
        dtype=dtype), keras.layers.LayerNormalization(dtype=dtype),
        keras.layers.Flatten(dtype=dtype), keras.layers.Dense(2, dtype=dtype)]
    outputs = []
    for layer in layers:
        x = layer(x)
        outputs.append(x)
    return keras.Model(start, x), outputs


@pytest.mark.oracle
@pytest.mark.parametrize("dtype", ["float32", "float16", "bfloat16"])  # float64: see below
def test_weights_and_activations_against_keras(dtype):
    """(Keras on jax stores float64 weights as float32 unless jax_enable_x64 is set, so
    float64 is not compared: symparams counts 8 bytes, what the dtype says. Keras's LSTM
    cannot be built at float16 on jax, so the model has none.)"""
    model, outputs = _keras_model(dtype)
    keras_bytes = sum(int(v.numpy().nbytes) for v in model.weights)
    elements = sum(int(sympy.Mul(*o.shape[1:])) for o in outputs)
    mem = memory(symparams.parse(SOURCE).models["m"], dtype=dtype, batch=3)
    assert mem.term("weights").value == keras_bytes
    assert mem.term("activations").value == 3 * elements * DTYPE_BYTES[dtype]
    assert sum(row.weights_value for row in mem.layers) == keras_bytes


@pytest.mark.oracle
@pytest.mark.parametrize("name, build", [
    ("sgd", lambda k: k.optimizers.SGD()),
    ("sgd-momentum", lambda k: k.optimizers.SGD(momentum=0.9)),
    ("rmsprop", lambda k: k.optimizers.RMSprop()),
    ("rmsprop-momentum", lambda k: k.optimizers.RMSprop(momentum=0.9)),
    ("adagrad", lambda k: k.optimizers.Adagrad()),
    ("adadelta", lambda k: k.optimizers.Adadelta()),
    ("adam", lambda k: k.optimizers.Adam()),
    ("adam-amsgrad", lambda k: k.optimizers.Adam(amsgrad=True)),
    ("adamw", lambda k: k.optimizers.AdamW()),
    ("nadam", lambda k: k.optimizers.Nadam()),
    ("adamax", lambda k: k.optimizers.Adamax()),
    ("lion", lambda k: k.optimizers.Lion()),
    ("ftrl", lambda k: k.optimizers.Ftrl()),
])
def test_optimizer_state_against_keras(name, build):
    """Keras's optimizer variables, less its scalars (iterations, learning rate, ...)."""
    import keras

    model, _ = _keras_model("float32")
    optimizer = build(keras)
    optimizer.build(model.trainable_variables)
    per_weight = sum(int(v.numpy().size) for v in optimizer.variables if v.shape != ())
    trainable = sum(int(v.numpy().size) for v in model.trainable_variables)
    assert OPTIMIZER_STATE[name] * trainable == per_weight
    mem = memory(symparams.parse(SOURCE).models["m"], optimizer=name)
    assert mem.term("optimizer state").value == 4 * per_weight


def test_terms_add_up_and_batch_is_a_symbol():
    model = symparams.parse_file(EXAMPLES / "lenet5.sp")["lenet5"]
    mem = memory(model, dtype="bfloat16", optimizer="adam")
    names = [t.name for t in mem.terms]
    assert names == ["weights", "activations", "input", "gradients", "optimizer state",
                     "training"]
    assert sympy.expand(mem.terms[-1].formula - sum(t.formula for t in mem.terms[:-1])) == 0
    assert mem.term("activations").formula.has(BATCH)
    assert mem.term("weights").value == 2 * model.evaluate().params
    at = mem.term("training").at_values
    assert at.free_symbols == {BATCH}
    batch = memory(model, dtype="bfloat16", optimizer="adam", batch=8)
    assert batch.term("training").value == at.subs(BATCH, 8)


@pytest.mark.parametrize("kwargs, message", [
    ({"dtype": "float12"}, "unknown dtype"),
    ({"optimizer": "adamm"}, "unknown optimizer"),
    ({"batch": 0}, "at least 1"),
])
def test_bad_options(kwargs, message):
    model = symparams.parse_file(EXAMPLES / "lenet5.sp")["lenet5"]
    with pytest.raises(SymparamsError, match=message):
        memory(model, **kwargs)


def test_a_model_symbol_named_b_is_refused():
    model = symparams.parse("model m(B=3):\n    Input(shape=(B,))\n    Dense(2)\n").models["m"]
    with pytest.raises(SymparamsError, match="symbol B"):
        memory(model)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_command_formats(fmt, capsys):
    code = main(["memory", str(EXAMPLES / "lenet5.sp"), "--dtype", "float16", "--batch", "4",
                 "--optimizer", "sgd-momentum", "--format", fmt])
    out = capsys.readouterr().out
    assert code == 0
    if fmt == "json":
        data = json.loads(out)
        terms = {t["name"]: t["value"] for t in data["models"]["lenet5"]["terms"]}
        assert data["schema"] == "symparams.memory/1"
        assert terms["training"] == sum(v for k, v in terms.items() if k != "training")
    else:
        assert "optimizer state" in out and "float16" in out


def test_names_are_escaped_in_markdown():
    from symparams.render.memory import memory_markdown

    model = symparams.parse('model m():\n    Input(shape=(3,))\n    Dense(2, name="a|b*")\n'
                            ).models["m"]
    assert "a\\|b\\*" in memory_markdown(memory(model))
