"""``symparams import`` of arithmetic on tensors (``x + 3.0``, ``h * (1.0 / 6.0)``,
``keras.ops.add``): from scripts and from Keras's configs, each operator a row, compared
with the operations of the model Keras builds."""

from __future__ import annotations

import pytest

import symparams
from symparams.cli.commands.import_ import accepts
from symparams.keras_import import import_text

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
]

#: A Keras child: each script in a namespace of its own, after ``clear_session`` (so layer
#: names are numbered from scratch); each row of its model, operations included.
ARITHMETIC_FACTS = """
import json, math, keras
from keras import layers
def _count(ws):
    return sum(math.prod(int(d) for d in w.shape) for w in ws)
out = []
for code in CODES:
    keras.backend.clear_session()
    space = {"keras": keras, "layers": layers}
    exec(code, space)
    m = space["m"]
    out.append({"rows": [{"name": op.name, "type": type(op).__name__,
                          "shape": list(op.output.shape[1:]),
                          "trainable": _count(getattr(op, "trainable_weights", [])),
                          "non_trainable": _count(getattr(op, "non_trainable_weights", []))}
                         for op in m.operations if type(op).__name__ != "InputLayer"],
                "config": m.to_json()})
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def arithmetic_models():
    require("keras")
    codes = [code for _, code in ARITHMETIC_SCRIPTS]
    return run_keras(f"CODES = {codes!r}\n" + ARITHMETIC_FACTS)


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


@pytest.mark.parametrize("index", range(len(ARITHMETIC_SCRIPTS)),
                         ids=[name for name, _ in ARITHMETIC_SCRIPTS])
def test_arithmetic_scripts_import_as_keras_builds_them(index, arithmetic_models):
    """The code, and its model's Keras config, imported: every row (operations too) named,
    typed, shaped and counted as Keras's model has it."""
    code, facts = ARITHMETIC_SCRIPTS[index][1], arithmetic_models[index]
    script = import_text("import keras\nfrom keras import layers\n" + code, "python", "m.py")
    assert script.problems == (), script.problems
    assert by_name(model_rows(script.text)) == by_name(facts["rows"]), script.text
    config = import_text(facts["config"], "config", "m.json", accepts=accepts)
    assert config.problems == (), config.problems
    assert by_name(model_rows(config.text)) == by_name(facts["rows"]), config.text


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
    ("y = x * 1.0\nfor _ in range(2):\n    y = y * 2.0\n", "a Python loop builds layers"),
    ("y = x + scale\n", "'scale' is not a tensor made in this code, nor a number"),
])
def test_untranslatable_arithmetic_is_reported(code, words):
    result = import_text(f"x = keras.Input((4,))\n{code}m = keras.Model(x, y)\n", "python",
                         "m.py")
    assert any(p.where in ("line 2", "line 3") and words in p.message
               for p in result.problems), result.problems
