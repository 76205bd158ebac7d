"""``symparams import`` of arithmetic on tensors (``x + 3.0``, ``h * (1.0 / 6.0)``,
``keras.ops.add``) and of the element-wise functions of a tensor (``keras.ops.exp(h)``,
``ops.sigmoid(h)``, ``keras.activations.gelu(h, approximate=True)``): from scripts, notebooks,
Keras's configs and ``.keras`` archives, each operator or function a row, compared with the
operations of the model Keras builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import symparams
from symparams.cli.commands.import_ import accepts
from symparams.keras_import import import_file, import_text
from symparams.keras_import.tensor_functions import OPS_CLASSES
from symparams.layers.tensor_ops import FUNCTION_TYPES, FUNCTIONS
from symparams.syntax.keras_names import TENSOR_FUNCTIONS

from .conftest import require
from .keras_subprocess import run_keras
from .test_import import cli, summary_layers

# -- arithmetic on tensors --------------------------------------------------------------------

#: Keras code with arithmetic on tensors (each operator a Keras operation, a row of the model):
#: ``(name, code)``; the code leaves one keras.Model in ``m``.
ARITHMETIC_SCRIPTS = [
    ("hard_sigmoid_and_residual", """
x = keras.Input((8, 8, 4))
h = layers.Conv2D(4, 3, padding="same")(x)
y = layers.ReLU(6.0)(h + 3.0) * (1.0 / 6.0)
z = x + y
m = keras.Model(x, z)
"""),
    ("mobilenet_v3_squeeze_excite", """
inputs = keras.Input((7, 7, 16))
x = layers.GlobalAveragePooling2D(keepdims=True)(inputs)
x = layers.Conv2D(4, kernel_size=1, padding="same")(x)
x = layers.ReLU()(x)
x = layers.Conv2D(16, kernel_size=1, padding="same")(x)
x = layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)  # hard_sigmoid(x), as keras.applications has it
x = layers.Multiply()([inputs, x])
m = keras.Model(inputs, x)
"""),
    ("convnext_block", """
inputs = keras.Input((14, 14, 8))
x = layers.Conv2D(filters=8, kernel_size=7, padding="same", groups=8)(inputs)
x = layers.LayerNormalization(epsilon=1e-6)(x)
x = layers.Dense(4 * 8)(x)
x = layers.Activation("gelu")(x)
x = layers.Dense(8)(x)
layer = layers.Activation("linear")
x = inputs + layer(x)  # ConvNeXtBlock's return inputs + layer(x)
m = keras.Model(inputs, x)
"""),
    ("every_operator", """
x = keras.Input((6, 5))
h = layers.Dense(5)(x)
a = 2.0 - (-h) ** 2
b = h // 2 + h % 3.0
c = a / b - x * 0.5
c += h
m = keras.Model(x, layers.Dense(3)(c ** 3 + 1))
"""),
    ("keras_ops_functions", """
from keras import ops
x = keras.Input((4, 3))
h = layers.Dense(3)(x)
y = ops.add(h, 1.0)
z = ops.multiply(x2=y, x1=h)
w = ops.negative(z)
v = ops.power(2.0, ops.true_divide(w, x))
m = keras.Model(x, ops.subtract(v, ops.mod(ops.floor_divide(h, 2), 3)))
"""),
    ("layers_inside_and_broadcasting", """
width = 8
x = keras.Input((5, width))
y = layers.Dense(width)(x) + x
s = layers.Dense(1)(y) * y
t = layers.Dense(width, activation="relu")(s * width - 1) + layers.Dense(1)(x)
m = keras.Model(x, t)
"""),
    ("vae_sampling", """
from keras import ops
inputs = keras.Input((8,))
eps = keras.Input((2,))  # the noise, an input of its own
h = layers.Dense(4, activation="relu")(inputs)
mean = layers.Dense(2)(h)
log_var = layers.Dense(2)(h)
z = mean + ops.exp(0.5 * log_var) * eps
m = keras.Model([inputs, eps], layers.Dense(8, activation="sigmoid")(z))
"""),
    ("every_keras_ops_function", """
from keras import ops
x = keras.Input((3, 4))
h = layers.Dense(4)(x)
a = ops.sqrt(ops.square(h) + 1.0)
b = ops.log(a) + ops.log1p(ops.abs(h)) - ops.absolute(h)
c = ops.exp(-b) * ops.expm1(h) + ops.reciprocal(a)
d = ops.sin(c) + ops.cos(c) + ops.erf(c) + ops.tanh(c) + ops.rsqrt(a)
e = ops.sigmoid(d) + ops.relu(d) + ops.relu6(d) + ops.softplus(d) + ops.silu(d) + ops.gelu(d)
m = keras.Model(x, layers.Dense(2)(e))
"""),
    ("functions_as_keras_code_spells_them", """
import keras.ops as K
from keras import activations
from keras.ops import exp, nn
x = keras.Input((5,))
a = keras.ops.numpy.sqrt(keras.ops.nn.relu(x) + 1)
b = keras.ops.nn.gelu(a, approximate=True) * K.sigmoid(x=a)
c = activations.sigmoid(b) + activations.tanh(b) + activations.silu(b) + activations.swish(b)
d = activations.softplus(c) - activations.relu6(c) + activations.exponential(-c)
e = activations.gelu(d, approximate=True) + keras.ops.swish(d) + nn.softplus(exp(d))
f = layers.Dense(3)(activations.relu(e, max_value=6.0)) + activations.relu(layers.Dense(3)(e))
m = keras.Model(x, f)
"""),
]

#: Keras code whose model's config holds a function the model text cannot say:
#: ``(name, code, where, words)``; the code (after the same two imports) is reported too,
#: at the line of the call.
REPORTED_FUNCTIONS = [
    ("exact_gelu", """
x = keras.Input((4,))
m = keras.Model(x, layers.Dense(2)(keras.ops.gelu(x, approximate=False)))
""", "gelu", "Gelu with approximate=False: the model language's gelu(x) is "
     "keras.ops.gelu(x, approximate=True)"),
]

#: A Keras child: each script in a namespace of its own, after ``clear_session`` (so layer
#: names are numbered from scratch); each row of its model, operations included; its model
#: saved as ``SAVE/<index>.keras``.
ARITHMETIC_FACTS = """
import json, math, keras
from keras import layers
def _count(ws):
    return sum(math.prod(int(d) for d in w.shape) for w in ws)
out = []
for index, code in enumerate(CODES):
    keras.backend.clear_session()
    space = {"keras": keras, "layers": layers}
    exec(code, space)
    m = space["m"]
    m.save(f"{SAVE}/{index}.keras")
    out.append({"rows": [{"name": op.name, "type": type(op).__name__,
                          "shape": list(op.output.shape[1:]),
                          "trainable": _count(getattr(op, "trainable_weights", [])),
                          "non_trainable": _count(getattr(op, "non_trainable_weights", []))}
                         for op in m.operations if type(op).__name__ != "InputLayer"],
                "config": m.to_json()})
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def keras_archives(tmp_path_factory) -> Path:
    """Where the Keras child saves each model (:data:`ARITHMETIC_SCRIPTS`, then
    :data:`REPORTED_FUNCTIONS`) as ``<index>.keras``."""
    return tmp_path_factory.mktemp("archives")


@pytest.fixture(scope="module")
def arithmetic_models(keras_archives):
    require("keras")
    codes = [code for _, code in ARITHMETIC_SCRIPTS] + [r[1] for r in REPORTED_FUNCTIONS]
    return run_keras(f"CODES = {codes!r}\nSAVE = {str(keras_archives)!r}\n"
                     + ARITHMETIC_FACTS)


def model_rows(text: str) -> list[dict]:
    """The rows of the one model of ``text``: name, type, shape and counts."""
    (model,) = symparams.parse(text).models.values()
    return [{"name": row.name, "type": row.type, "shape": list(row.output_shape),
             "trainable": row.trainable, "non_trainable": row.non_trainable}
            for row in model.evaluate().layers]


def by_name(rows: list[dict]) -> list[dict]:
    """Rows by name: Keras lists a functional model's operations by depth in the graph, the
    model text in the order the code made them (the names, numbered as made, agree)."""
    return sorted(rows, key=lambda row: row["name"])


def notebook_of(code: str) -> str:
    """``code`` as a notebook of one cell per line (a markdown cell first)."""
    cells = [{"cell_type": "markdown", "source": "# A model"}] + [
        {"cell_type": "code", "source": [line]} for line in code.splitlines() if line]
    return json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}})


@pytest.mark.parametrize("index", range(len(ARITHMETIC_SCRIPTS)),
                         ids=[name for name, _ in ARITHMETIC_SCRIPTS])
def test_arithmetic_scripts_import_as_keras_builds_them(index, arithmetic_models,
                                                        keras_archives):
    """The code (as a script and as a notebook), its model's Keras config and the ``.keras``
    archive Keras saved, imported: every row (operations too) named, typed, shaped and
    counted as Keras's model has it."""
    code, facts = ARITHMETIC_SCRIPTS[index][1], arithmetic_models[index]
    code = "import keras\nfrom keras import layers\n" + code
    imported = [import_text(code, "python", "m.py"),
                import_text(notebook_of(code), "notebook", "m.ipynb"),
                import_text(facts["config"], "config", "m.json", accepts=accepts),
                import_file(keras_archives / f"{index}.keras", accepts=accepts)]
    for result in imported:
        assert result.problems == (), result.problems
        assert by_name(model_rows(result.text)) == by_name(facts["rows"]), result.text


def test_arithmetic_script_through_the_command_line(tmp_path, arithmetic_models):
    """The brief's script: ``symparams import`` then ``summary``, named temporaries."""
    (tmp_path / "m.py").write_text("import keras\nfrom keras import layers\n"
                                   + ARITHMETIC_SCRIPTS[0][1])
    done = cli("import", "m.py", "-o", "m.sp", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    text = (tmp_path / "m.sp").read_text()
    assert "    t = h + 3.0\n    t_1 = ReLU(6.0)(t)\n    y = t_1 * (1.0 / 6.0)\n" \
        "    z = x + y\n" in text, text
    (layers,) = summary_layers(tmp_path / "m.sp", tmp_path).values()
    assert by_name([{k: row[k] for k in ("name", "shape", "trainable", "non_trainable")}
                    for row in arithmetic_models[0]["rows"]]) == by_name(layers)


@pytest.mark.parametrize(("code", "written"), [
    ("t = (x + 1) * 2\ny = t - 1\n",  # a temporary, then a Python variable of its name
     "t = x + 1\n    t_1 = t * 2\n    y = t_1 - 1\n"),
    ("y = keras.ops.divide(x, 2)\n", "y = x / 2\n"),  # its row: true_divide (Keras: divide)
    ("import keras.ops as K\ny = K.add(x, x)\n", "y = x + x\n"),
    ("y = x * -1\n", "y = x * (-1)\n"),
    ("y = x * n\n", "y = x * n\n"),  # an integer variable: a symbol
    # functions of a tensor: a nested one gets a temporary
    ("y = keras.ops.sqrt(keras.ops.square(x) + 1.0)\n",
     "t = square(x)\n    t_1 = t + 1.0\n    y = sqrt(t_1)\n"),
    ("y = keras.ops.exp(0.5 * x) * x\n", "t = 0.5 * x\n    t_1 = exp(t)\n    y = t_1 * x\n"),
    ("y = keras.ops.gelu(x, True)\n", "y = gelu(x)\n"),  # the language's gelu: no argument
    ("y = keras.ops.nn.gelu(x=x, approximate=True)\n", "y = gelu(x)\n"),
    ("y = keras.activations.gelu(x, approximate=True)\n", "y = gelu(x)\n"),
    ("y = keras.activations.swish(x)\n", "y = silu(x)\n"),  # Keras's alias
    ("y = keras.activations.exponential(x)\n", "y = exp(x)\n"),
    ("from keras.ops import abs\ny = abs(x)\n", "y = abs(x)\n"),
    ("y = keras.activations.relu(x, 0.1, n)\n",  # Keras's ReLU operation: the ReLU layer
     "y = ReLU(negative_slope=0.1, max_value=n)(x)\n"),
    ("y = keras.layers.Dense(2)(keras.ops.relu6(x))\n",
     "t = relu6(x)\n    y = Dense(2)(t)\n"),
    ("s = keras.ops.shape(x)\ny = x * 2\n", "y = x * 2\n"),  # a value, not an operation
])
def test_arithmetic_is_written_as_model_text(code, written):
    result = import_text(f"n = 4\nx = keras.Input((4,))\n{code}m = keras.Model(x, y)\n",
                         "python", "m.py")
    assert result.problems == () and written in result.text, result.text
    symparams.parse(result.text)


@pytest.mark.parametrize(("code", "words"), [
    ("y = +x\n", "Keras has no unary + on a tensor"),
    ("y = x @ x\n", "only + - * / ** // %"),
    ("y = keras.ops.add(x)\n", "takes 2 operands"),
    ("y = x * 1.0\nfor _ in range(steps):\n    y = y * 2.0\n", "a Python loop builds layers"),
    ("y = x + scale\n", "'scale' is not a tensor made in this code, nor a number"),
    ("y = keras.ops.gelu(x, approximate=False)\n",
     "approximate=False: the model language's gelu(x) is keras.ops.gelu(x, approximate=True), "
     "and it takes no approximate="),
    ("y = keras.activations.gelu(x)\n",  # exact unless told otherwise
     "approximate=False (keras.activations.gelu's default): the model language's gelu(x)"),
    ("y = keras.ops.gelu(x, approximate=exact)\n", "approximate=exact is not a value the "
     "import can read"),
    ("y = keras.ops.exp(x, 2)\n", "keras.ops.exp takes (x)"),
    ("y = keras.ops.sigmoid(y=x)\n", "keras.ops.sigmoid takes (x), not y="),
    ("y = keras.ops.relu(*x)\n", "keras.ops.relu takes (x)"),
    ("y = keras.ops.softmax(x) * 2.0\n",
     "keras.ops.softmax is not one of the functions of a tensor the model language has"),
    ("y = keras.ops.exp(2.0) + x\n", "'keras.ops.exp(2.0)' is not a tensor made in this code"),
    ("y = keras.layers.Dense(2)(keras.ops.softmax(x))\n", "keras.ops.softmax is not one of"),
    ("y = keras.layers.Dense(2)(tf.math.exp(x))\n",  # not Keras's: not guessed
     "'tf.math.exp(x)' is not a tensor made in this code"),
])
def test_untranslatable_arithmetic_is_reported(code, words):
    result = import_text(f"x = keras.Input((4,))\n{code}m = keras.Model(x, y)\n", "python",
                         "m.py")
    assert any(p.where in ("line 2", "line 3") and words in p.message
               for p in result.problems), result.problems


@pytest.mark.parametrize("index", range(len(REPORTED_FUNCTIONS)),
                         ids=[r[0] for r in REPORTED_FUNCTIONS])
def test_a_function_the_language_cannot_say_is_reported_from_a_config(
        index, arithmetic_models, keras_archives):
    """Keras's config of the function, and its ``.keras`` archive: the operation is reported
    by its name, and the layers after it are left out (counted), not guessed."""
    _, code, where, words = REPORTED_FUNCTIONS[index]
    position = len(ARITHMETIC_SCRIPTS) + index
    facts = arithmetic_models[position]
    for result in (import_text(facts["config"], "config", "m.json", accepts=accepts),
                   import_file(keras_archives / f"{position}.keras", accepts=accepts)):
        first, *rest = result.problems
        assert first.where == f"layer {where}" and words in first.message, result.problems
        assert any(p.where == "model" and "1 more layers are left out" in p.message
                   for p in rest), result.problems
    script = import_text("import keras\nfrom keras import layers\n" + code, "python", "m.py")
    assert any(p.where == "line 5" and words.partition(": ")[2] in p.message
               for p in script.problems), script.problems


def test_every_function_of_the_language_is_imported_against_keras():
    """The scripts compared with Keras call every function the model text has, as
    ``ops.<name>``."""
    code = "".join(code for _, code in ARITHMETIC_SCRIPTS)
    assert {name for name in TENSOR_FUNCTIONS if f"ops.{name}(" not in code} == set()


def test_the_importer_and_the_cost_table_name_the_same_operations():
    """``keras_import`` cannot import ``layers`` (a later stage), so it names each function's
    Keras class itself: the class of each is the cost table's type."""
    assert set(OPS_CLASSES.values()) == TENSOR_FUNCTIONS - {"abs"}
    assert {kind: FUNCTIONS[name].name for kind, name in OPS_CLASSES.items()} == \
        {kind: kind for kind in OPS_CLASSES}
    assert set(OPS_CLASSES) == FUNCTION_TYPES
