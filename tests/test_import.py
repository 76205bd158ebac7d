"""Issue 13 part 3: ``symparams import``. Every count is checked against Keras: the seed
notebook's code run in a Keras child, Keras configs of Hypothesis stacks and of
``keras.applications`` models (``weights=None``), and a ``.keras`` archive saved by Keras.
The round trip goes through the command line: ``import`` then ``summary --format json``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symparams
from symparams.cli.commands.import_ import accepts, signature
from symparams.keras_import import import_text
from symparams.keras_import.keras_config import ARITHMETIC_OPS, TENSOR_OPS
from symparams.keras_import.python_code import translate_python
from symparams.keras_import.tensor_functions import OPS_CLASSES
from symparams.keras_import.writer import statement_text

from .conftest import ROOT, require
from .keras_subprocess import keras_env, run_keras
from .test_catalog_oracle import KerasStack, candidates

SEED = ROOT.parent / "shared" / "seed" / "000_c6b38c7e7e4a6f0e.txt"

# -- helpers ----------------------------------------------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symparams", *args], capture_output=True,
                          text=True, cwd=cwd, env={**keras_env(), "PYTHONPATH": str(ROOT)},
                          timeout=600)


def summary_layers(path: Path, cwd: Path) -> dict[str, list[dict]]:
    """``summary --format json`` of a model file: each model's layers with their values (a
    block's layers in its place, as FACTS lists a nested Keras model's; a repetition's as
    many times as it repeats)."""
    done = cli("summary", str(path), "--format", "json", cwd=cwd)
    assert done.returncode == 0, done.stderr

    def leaves(layers):  # a repetition's body as many times as it repeats
        for layer in layers:
            inner = list(leaves(layer["layers"])) if layer.get("layers") else [layer]
            yield from inner * int(layer.get("repeat", 1))

    return {m["name"]: [
        {"name": layer["name"], "shape": layer["value"]["output_shape"],
         "trainable": layer["value"]["trainable"],
         "non_trainable": layer["value"]["non_trainable"]} for layer in leaves(m["layers"])]
        for m in json.loads(done.stdout)["models"]}


#: A Keras child: for each model it made, every leaf layer's facts (a nested model's layers
#: in its place) and the total. ``MODELS`` is a list of Keras models made before it.
FACTS = """
import json, math
def _leaves(model):
    for layer in model.layers:
        if hasattr(layer, "layers") and layer.__class__.__name__ in ("Sequential", "Functional"):
            yield from (l for l in _leaves(layer) if l.__class__.__name__ != "InputLayer")
        elif layer.__class__.__name__ != "InputLayer":
            yield layer
def _count(ws):
    return sum(math.prod(int(d) for d in w.shape) for w in ws)
def facts(model):
    return {"layers": [{"name": l.name, "shape": list(l.output.shape[1:]),
                        "trainable": _count(getattr(l, "trainable_weights", ())),
                        "non_trainable": _count(getattr(l, "non_trainable_weights", ()))}
                       for l in _leaves(model)],
            "total": model.count_params(),
            "config": model.to_json() if globals().get("CONFIG", True) else None}
print(json.dumps([facts(m) for m in MODELS]))
"""


def seed_notebook() -> dict:
    """A notebook of the seed's code cells (the text after each ``In [n]:`` up to its
    output)."""
    lines, cells, i = SEED.read_text(encoding="utf-8").splitlines(), [], 0
    while i < len(lines):
        if re.match(r"In \[\d+\]:", lines[i]):
            i += 1
            code = []
            while i < len(lines) and not lines[i].startswith(("Model:", "## ", "In [")):
                code.append(lines[i])
                i += 1
            while code and not code[-1].strip():
                code.pop()
            cells.append({"cell_type": "code", "metadata": {}, "outputs": [],
                          "execution_count": None, "source": [c + "\n" for c in code]})
        else:
            i += 1
    cells.insert(0, {"cell_type": "markdown", "metadata": {}, "source": ["# 期末复习"]})
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


#: The seed imports from ``tensorflow.keras``; TensorFlow is not installed, so the Keras child
#: maps those module names to Keras 3's own before running the cells.
TF_SHIM = """
import sys, types, keras
tf = types.ModuleType("tensorflow"); tf.keras = keras
sys.modules.update({"tensorflow": tf, "tensorflow.keras": keras,
                    "tensorflow.keras.models": keras.models,
                    "tensorflow.keras.layers": keras.layers,
                    "tensorflow.keras.optimizers": keras.optimizers})
MODELS, CONFIG = [], False  # Keras's serializer would look into the stand-in
_Sequential = keras.models.Sequential
class Sequential(_Sequential):
    def __init__(self, *a, **k):
        super().__init__(*a, **k); MODELS.append(self)
    def summary(self, *a, **k):
        pass
keras.models.Sequential = Sequential
# Keras 3 ignores Embedding's input_length (Keras 2 built the model from it): build with it.
class Embedding(keras.layers.Embedding):
    def __init__(self, *a, input_length=None, **k):
        super().__init__(*a, **k); self.seed_length = input_length
keras.layers.Embedding = Embedding
"""

#: After the seed's cells: build what Keras 3 left unbuilt, as Keras 2 did.
BUILD_UNBUILT = """
for m in MODELS:
    if not m.built:
        m.build((None, m.layers[0].seed_length))
"""


# -- the seed notebook ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_cells():
    if not SEED.is_file():
        pytest.skip("the seed is not next to this checkout")
    return seed_notebook()


def test_seed_notebook_round_trip_agrees_with_keras(seed_cells, tmp_path):
    require("keras")
    notebook = tmp_path / "seed.ipynb"
    notebook.write_text(json.dumps(seed_cells, ensure_ascii=False), encoding="utf-8")
    done = cli("import", "seed.ipynb", "-o", "seed.sp", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    ours = summary_layers(tmp_path / "seed.sp", tmp_path)
    code = "\n".join("".join(cell["source"]) for cell in seed_cells["cells"]
                     if cell["cell_type"] == "code")
    keras_models = run_keras(TF_SHIM + code + "\n" + BUILD_UNBUILT + FACTS)
    assert list(ours) == ["sequential", "sequential_1", "sequential_2"]
    printed = [int(t.replace(",", "")) for t in
               re.findall(r"Total params: ([\d,]+)", SEED.read_text(encoding="utf-8"))]
    for (name, layers), facts, total in zip(ours.items(), keras_models, printed, strict=True):
        assert [{**layer, "name": None} for layer in layers] == \
            [{**layer, "name": None} for layer in facts["layers"]], name
        assert sum(row["trainable"] + row["non_trainable"] for row in layers) == \
            facts["total"]
        assert facts["total"] == total  # 23,893 / 176,025 / 320,736 as the seed printed


def test_seed_notebook_keeps_comments_and_symbolizes(seed_cells, tmp_path):
    text = json.dumps(seed_cells, ensure_ascii=False)
    plain = import_text(text, "notebook", "seed.ipynb", signature=signature).text
    for comment in ("# 构建一个全连接网络模型", "# 词汇表大小", "# 词向量维度"):
        assert comment in plain
    assert "input_dim=10000,  # 词汇表大小\n" in plain
    symbolic = import_text(text, "notebook", "seed.ipynb", signature=signature,
                           symbolic=True).text
    assert "model sequential(n1=28, u1=30, u2=10, u3=3):" in symbolic
    assert "Dense(u1, activation='relu')" in symbolic
    doc, sym = symparams.parse(plain), symparams.parse(symbolic)
    for name in doc.models:
        assert sym[name].evaluate().params == doc[name].evaluate().params
        assert sym[name].symbols  # every model got symbols


# -- Keras configs ----------------------------------------------------------------------------


def assert_config_counts_as_keras(config: str, facts: dict, symbolic: bool = False) -> None:
    """Every layer Keras lists has its shape and counts (at the example values, if
    symbolized); rows Keras does not list are its operations: arithmetic (``x + 3.0``,
    ``x + y``) as arithmetic, the functions of a tensor (``Exp``) as those functions, other
    element-wise ones on one tensor as ``Identity``, and ``maximum``/``minimum`` of two
    tensors as the merge layers."""
    result = import_text(config, "config", "model.json", accepts=accepts, symbolic=symbolic)
    assert result.problems == ()
    (model,) = symparams.parse(result.text).models.values()
    values = model.evaluate()
    listed = {layer["name"] for layer in facts["layers"]}
    ours = [{"name": row.name, "shape": list(row.output_shape), "trainable": row.trainable,
             "non_trainable": row.non_trainable} for row in values.layers
            if row.name in listed]
    assert ours == facts["layers"]
    operations = ("Identity", *TENSOR_OPS.values(), *OPS_CLASSES,
                  *(kind for kind in ARITHMETIC_OPS if kind != "Divide"), "TrueDivide")
    assert all(row.type in operations and row.params == 0 for row in values.layers
               if row.name not in listed)
    assert values.params == facts["total"]


#: One keras.applications model per module of ``keras.src.applications``: the others of a
#: module (ResNet101 and ResNet152 beside ResNet50, EfficientNetB1..B7 beside B0) are the same
#: builder at other widths and depths, so they import through the same code. Each of these
#: is imported and counted layer by layer; InceptionResNetV2 and ConvNeXt use layers of their
#: own module (CustomScaleLayer, LayerScale), which symparams has under the same names.
APPLICATIONS = [
    "MobileNetV2", "ResNet50", "DenseNet121", "VGG16", "VGG19", "Xception", "InceptionV3",
    "MobileNet", "MobileNetV3Small", "ResNet50V2", "NASNetMobile", "EfficientNetB0",
    "EfficientNetV2B0", "InceptionResNetV2", "ConvNeXtTiny",
]


def test_every_application_module_is_covered():
    require("keras")
    import keras

    exported = {name: getattr(keras.applications, name).__module__
                for name in dir(keras.applications) if name[:1].isupper()}
    chosen = [exported[name] for name in APPLICATIONS]
    assert sorted(chosen) == sorted(set(exported.values())), "one model per module"


#: ConvNeXt with drop_path_rate > 0, which adds StochasticDepth layers (the exported models
#: keep the default 0, an Activation("linear") in its place); small, to build fast.
DROP_PATH = ("keras.src.applications.convnext.ConvNeXt(depths=[1, 1, 2, 1], "
             "projection_dims=[8, 16, 24, 32], drop_path_rate=0.2, input_shape=(32, 32, 3), "
             "classes=10, name='convnext_drop_path')")


#: Transfer learning's model: a frozen keras.applications network used as a layer (a
#: functional model inside one), under a new head.
TRANSFER = ("base = keras.applications.MobileNetV2(input_shape=(64, 64, 3), include_top=False,"
            " weights=None)\nbase.trainable = False\ninputs = keras.Input((64, 64, 3))\n"
            "x = keras.layers.GlobalAveragePooling2D()(base(inputs, training=False))\n"
            "transfer = keras.Model(inputs, keras.layers.Dense(3)(x))\n"
            "listed = keras.applications.MobileNetV2(input_shape=(32, 40, 3), include_top=False,"
            " weights=None, alpha=0.35)\nlisted.trainable = False\n"
            "sequential = keras.Sequential([listed, keras.layers.GlobalMaxPooling2D(), "
            "keras.layers.Dense(2)])\n")


@pytest.fixture(scope="module")
def applications():
    """Keras's facts of every model of :data:`APPLICATIONS`, then of :data:`DROP_PATH` and
    :data:`TRANSFER`, from one Keras child."""
    require("keras")
    made = ", ".join([f"keras.applications.{name}(weights=None)" for name in APPLICATIONS]
                     + [DROP_PATH, "transfer", "sequential"])
    return run_keras("import keras, keras.src.applications.convnext\n" + TRANSFER
                     + f"MODELS = [{made}]\n" + FACTS, timeout=900)


@pytest.mark.parametrize("index", range(len(APPLICATIONS) + 1),
                         ids=[*APPLICATIONS, "ConvNeXt-drop-path"])
def test_application_configs_count_as_keras(index, applications):
    assert_config_counts_as_keras(applications[index]["config"], applications[index])
    if index == len(APPLICATIONS):
        assert '"StochasticDepth"' in applications[index]["config"]


def test_frozen_network_used_as_a_layer_counts_as_keras(applications):
    """A functional model inside a functional model: its layers in its place, frozen."""
    for facts in applications[len(APPLICATIONS) + 1:]:  # in a functional, a Sequential model
        assert_config_counts_as_keras(facts["config"], facts)
        assert all(row["trainable"] == 0 for row in facts["layers"][:-1])  # (Keras froze them)


@pytest.mark.parametrize("index", [0, 1, 2], ids=APPLICATIONS[:3])
def test_symbolized_application_configs_count_as_keras(index, applications):
    assert_config_counts_as_keras(applications[index]["config"], applications[index],
                                  symbolic=True)


def test_application_layers_are_symparams_layers():
    """The application-internal layers the import translates exist under the same names,
    defined for the same Keras modules."""
    from symparams.keras_import.keras_config import APPLICATION_LAYERS
    from symparams.layers import lookup

    for name, module in APPLICATION_LAYERS.items():
        assert lookup(name).extra["keras_module"] == module


def test_application_layers_in_the_language():
    source = ("model m(C=8):\n    x = Input(shape=(5, 5, C))\n    r = Conv2D(C, 1)(x)\n"
              "    y = CustomScaleLayer(0.17)(x, r)\n    LayerScale(1e-6, C)(y)\n"
              "    StochasticDepth(0.1)\n")
    model = symparams.parse(source)["m"]
    assert [str(layer.params) for layer in model.layers] == ["C*(C + 1)", "0", "C", "0"]
    with pytest.raises(symparams.SymparamsError, match="projection_dim"):
        symparams.parse("model m():\n    Input(shape=(5, 8))\n    LayerScale(0.1, 4)\n")


def test_a_custom_layer_of_another_module_is_still_reported(applications):
    config = json.loads(applications[APPLICATIONS.index("ConvNeXtTiny")]["config"])
    for layer in config["config"]["layers"]:
        if layer["class_name"] == "LayerScale":
            layer["module"] = "my_project.layers"
    result = import_text(json.dumps(config), "config", "m.json", accepts=accepts)
    assert any("custom layer LayerScale (my_project.layers)" in p.message
               for p in result.problems), result.problems
    assert any("left out" in p.message for p in result.problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), st.sampled_from([(12, 12, 3), (9, 5), (6,), (8, 8, 2)]))
def test_hypothesis_stack_configs_count_as_keras(data, shape):
    require("keras")
    stack = KerasStack(shape)
    inputs = stack.x
    for _ in range(data.draw(st.integers(1, 4), label="layers")):
        _, gen = data.draw(st.sampled_from(candidates(stack.shape)), label="layer")
        stack.add(gen(data.draw, stack.shape))
    config = stack.keras.Model(inputs, stack.x).to_json()
    result = import_text(config, "config", "m.json", accepts=accepts)
    assert result.problems == (), result.problems
    (model,) = symparams.parse(result.text).models.values()
    rows = model.evaluate().layers
    assert [(tuple(r.output_shape), r.trainable, r.non_trainable) for r in rows] == \
        [(f.output_shape, f.trainable, f.non_trainable) for f in stack.facts], result.text


def test_keras_archive_round_trip(tmp_path):
    """A .keras file saved by Keras is read as a zip; Keras is not loaded by the import."""
    require("keras")
    script = f"""
import json, keras
from keras import layers
inputs = keras.Input(shape=(16, 16, 3))
x = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
y = layers.BatchNormalization()(x)
x = layers.add([x, y])
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(5, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.save({str(tmp_path / "m.keras")!r})
MODELS = [model]
"""
    # The numpy backend: saving needs the weights' values, which under jax would compile an
    # initializer per weight shape; the archive's config is the same on every backend.
    done = subprocess.run([sys.executable, "-c", script + FACTS], capture_output=True,
                          text=True, env={**keras_env(), "KERAS_BACKEND": "numpy"},
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    (facts,) = json.loads(done.stdout.strip().splitlines()[-1])
    assert zipfile.is_zipfile(tmp_path / "m.keras")
    imported = cli("import", "m.keras", "-o", "m.sp", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    (layers,) = summary_layers(tmp_path / "m.sp", tmp_path).values()
    assert layers == facts["layers"]
    probe = "import sys, symparams.keras_import as k; k.import_file(sys.argv[1]); " \
            "print('keras' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "m.keras")],
                            capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)})
    assert loaded.stdout.strip() == "False", loaded.stderr


# -- Python code ------------------------------------------------------------------------------

SCRIPTS = sorted((ROOT / "examples" / "import").glob("*.py"))


@pytest.fixture(scope="module")
def script_models():
    """Every example script run in one Keras child, each in a namespace of its own: per
    script, the facts of every keras.Model it leaves in its globals."""
    require("keras")
    run = ("import keras\n"  # no printing, and no optimizer (variables made outside build)
           "keras.Model.summary = keras.Model.compile = lambda *a, **k: None\n"
           "MODELS, SIZES = [], []\n"
           f"for path in {[str(s) for s in SCRIPTS]!r}:\n"
           "    space = {}\n"
           "    exec(compile(open(path).read(), path, 'exec'), space)\n"
           "    made = [v for v in list(space.values()) if isinstance(v, keras.Model)]\n"
           "    MODELS += made\n"
           "    SIZES.append(len(made))\n")
    every, sizes = run_keras(run + FACTS.replace(
        "print(json.dumps([facts(m) for m in MODELS]))",
        "print(json.dumps([[facts(m) for m in MODELS], SIZES]))").replace(
        "in model.layers:", "in getattr(model, 'operations', None) or model.layers:"))  # x / 127.5
    out, start = {}, 0
    for script, size in zip(SCRIPTS, sizes, strict=True):
        out[script] = every[start:start + size]
        start += size
    return out


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_example_scripts_round_trip_agrees_with_keras(script, tmp_path, script_models):
    """The script run in Keras (every keras.Model it leaves in its globals) and its import."""
    keras_models = script_models[script]
    done = cli("import", str(script), "-o", "out.sp", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    ours = summary_layers(tmp_path / "out.sp", tmp_path)
    assert len(ours) == len(keras_models)
    for layers, facts in zip(ours.values(), keras_models, strict=True):
        # as multisets: Keras orders a residual block's layers by graph depth, the model
        # text as written (tests/keras_apps.py says why that still checks every layer)
        assert sorted(json.dumps({**row, "name": None}, sort_keys=True) for row in layers) \
            == sorted(json.dumps({**row, "name": None}, sort_keys=True)
                      for row in facts["layers"])


#: A helper function, then a tensor h (line 4 is the last).
HELPER = "def block(x, units):\n    return Dense(units)(x)\n\nh = Input(shape=(4,))\n"


@pytest.mark.parametrize(("code", "where", "words"), [
    ("model = Sequential()\nmodel.add(Input(shape=(4,)))\nfor n in widths:\n"
     "    model.add(Dense(n))\n", "line 3", "a Python loop builds layers"),
    ("model = Sequential()\nmodel.add(Input(shape=(4,)))\nif deep:\n"
     "    model.add(Dense(8))\n", "line 3", "a Python condition builds layers"),
    ("class Scale(layers.Layer):\n    pass\n"
     "model = Sequential([Input(shape=(4,)), Scale(), Dense(2)])\n", "line 1",
     "custom layer class Scale"),
    ("class Scale(layers.Layer):\n    pass\n"
     "model = Sequential([Input(shape=(4,)), Scale(), Dense(2)])\n", "line 3",
     "custom layer Scale (class at line 1)"),
    ("d = Dense(4)\nmodel = Sequential([Input(shape=(4,)), d])\nmodel.add(d)\n", "line 3",
     "applied twice"),
    ("x = Input(shape=(4,))\nd = Dense(4)\nh = d(x)\nfor _ in range(steps):\n    h = d(h)\n"
     "model = Model(x, h)\n", "line 4", "a Python loop builds layers"),
    ("model = Sequential([Input(shape=(4,)), Dense(units=sizes[0])])\n", "line 1",
     "the expression 'sizes[0]'"),
    ("net.add(Dense(3))\n", "line 1", "net is not a Sequential model made in this code"),
    ("model = Model(inputs=x)\n", "line 1", "without inputs and outputs"),
    # helper functions, written out where they are called
    (HELPER + "for n in widths:\n    h = block(h, n)\n", "line 5", "a Python loop builds layers"),
    (HELPER + "y = block(h)\n", "line 5", "block() is missing its argument units"),
    (HELPER + "y = block(h, 2, 3)\n", "line 5", "block() takes 2 positional arguments"),
    (HELPER + "y = block(h, unit=2)\n", "line 5", "block() got unit= (no such parameter)"),
    (HELPER + "a, b = block(h, 2)\n", "line 5", "returns 1 tensors, assigned to (a, b)"),
    ("def deeper(x, n):\n    return deeper(Dense(n)(x), n)\nx = Input(shape=(4,))\n"
     "y = deeper(x, 2)\n", "line 2", "deeper() called 16 deep"),
])
def test_untranslatable_code_is_reported_with_its_line(code, where, words):
    problems = import_text(code, "python", "m.py").problems
    assert any(p.where == where and words in p.message for p in problems), problems


@pytest.mark.parametrize(("code", "lines"), [
    ("x = h = Input(shape=(4,))\nfor i, f in enumerate((8, 16)):\n    if i > 0:\n"
     "        h = Dropout(0.5)(h)\n    h = Dense(f)(h)\nmodel = Model(x, h)\n",
     ["x = Input(shape=(4,))", "h = Dense(8)(x)", "h_1 = Dropout(0.5)(h)",
      "h_2 = Dense(16)(h_1)"]),
    ("SIZES = (8, 16)\nx = h = Input(shape=(4,))\nfor f, act in zip(SIZES, ['relu', 'tanh']):\n"
     "    h = Dense(f, activation=act)(h)\n    if act == 'tanh' and not f < 16:\n"
     "        h = LayerNormalization()(h)\nmodel = Model(x, h)\n",
     ["x = Input(shape=(4,))", "h = Dense(8, activation='relu')(x)",
      "h_1 = Dense(16, activation='tanh')(h)", "h_2 = LayerNormalization()(h_1)"]),
])
def test_loops_the_code_decides_are_written_out(code, lines):
    result = translate_python(code)
    assert result.problems == []
    (model,) = result.models
    assert [statement_text(line)[0] for line in model.lines] == lines


def test_a_loop_over_a_symbol_is_noted():
    result = import_text("N = 2\nx = h = Input(shape=(4,))\nfor _ in range(N):\n"
                         "    h = Dense(N)(h)\nmodel = Model(x, h)\n", "python", "m.py")
    assert "# line 3: the loop is written out for N=2; import again for other values" \
        in result.text
    assert result.text.count("Dense(N)") == 2


@pytest.mark.parametrize(("code", "lines"), [
    # a builder function with parameters, called where a script runs
    ("def build(shape, n, act='relu'):\n    x = Input(shape=shape)\n"
     "    return Model(x, Dense(n, activation=act)(x))\n"
     "if __name__ == '__main__':\n    model = build((4,), 3)\n",
     ["x = Input(shape=(4,))", "t = Dense(3, activation='relu')(x)"]),
    # a value computed from a parameter, and a script's integer, which stays a symbol
    ("N = 8\ndef block(x, units):\n    wide = units * 2\n    return Dense(wide)(x)\n"
     "x = Input(shape=(N,))\nmodel = Model(x, block(x, N))\n",
     ["x = Input(shape=(N,))", "t = Dense(N * 2)(x)"]),
    # Python's max and min of numbers are values, as the model text has them
    ("N = 8\ndef block(x, units):\n    wide = max(units, 16)\n    return Dense(wide)(x)\n"
     "x = Input(shape=(N,))\nmodel = Model(x, block(x, min(N, 4)))\n",
     ["x = Input(shape=(N,))", "t = Dense(max(min(N, 4), 16))(x)"]),
])
def test_helper_functions_are_written_out(code, lines):
    (model,) = translate_python(code).models
    assert [statement_text(line)[0] for line in model.lines] == lines


def test_a_sequential_model_applied_or_listed_is_a_block():
    """A Sequential model applied to two tensors is a shared block (a Siamese tower); one
    listed first in another Sequential gives it its input. examples/import/autoencoder.py
    compares the counts with Keras."""
    code = ("tower = Sequential([Input(shape=(8,)), Dense(16), Dense(4)], name='tower')\n"
            "a = Input(shape=(8,))\nb = Input(shape=(8,))\n"
            "siamese = Model([a, b], subtract([tower(a), tower(b)]))\n"
            "stacked = Sequential([tower, Dense(2)])\n")
    result = import_text(code, "python", "m.py")
    assert result.problems == ()
    assert "block Tower():\n    Dense(16)\n    Dense(4)\n" in result.text
    assert "    tower = Tower()\n    t = tower(a)\n    t_1 = tower(b)\n" in result.text
    assert "    Input(shape=(8,))\n    Tower()\n    Dense(2)\n" in result.text


def test_a_notebook_problem_names_its_cell_and_line():
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "# Title"},
        {"cell_type": "code", "source": ["%matplotlib inline\n", "model = Sequential()\n"]},
        {"cell_type": "code", "source": ["model.add(Input(shape=(3,)))\n",
                                         "for n in widths:\n", "    model.add(Dense(n))\n"]},
    ]}
    result = import_text(json.dumps(notebook), "notebook", "n.ipynb")
    assert [(p.where, p.message[:27]) for p in result.problems] == \
        [("cell 3, line 2", "a Python loop builds layers")]
    assert "# cannot translate: cell 3, line 2: a Python loop builds layers" in result.text


def test_cli_reports_problems_on_stderr_and_exits_1(tmp_path):
    (tmp_path / "m.py").write_text("model = Sequential()\nmodel.add(Input(shape=(4,)))\n"
                                   "for n in widths:\n    model.add(Dense(n))\n")
    done = cli("import", "m.py", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("m.py: line 3: cannot translate: a Python loop builds "
                                  "layers"), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("text", "kind", "message"), [
    ("def f(:\n", "python", "not valid Python (line 1)"),
    ("x = 1\n", "python", "no Sequential(...) or Model(inputs, outputs) found"),
    ("{}", "config", "not a Keras model config"),
    ("[1]", "notebook", "not a Jupyter notebook"),
])
def test_bad_files_are_symparams_errors(text, kind, message):
    with pytest.raises(symparams.SymparamsError, match=re.escape(message)):
        import_text(text, kind, "f")


def test_python_is_never_executed(tmp_path):
    marker = tmp_path / "ran"
    code = (f"open({str(marker)!r}, 'w').write('x')\nimport os\nos.system('touch {marker}')\n"
            "model = Sequential([Input(shape=(2,)), Dense(1)])\n")
    assert import_text(code, "python", "m.py").models == 1
    assert not marker.exists()


def test_example_notebook_is_the_seeds_code(seed_cells):
    shipped = json.loads((ROOT / "examples" / "import" / "seed.ipynb").read_text("utf-8"))
    assert shipped == seed_cells


@pytest.mark.parametrize("imports", [
    "from keras import layers as KL\nD, Inp = KL.Dense, KL.Input\n",
    "import keras.layers as KL\n",
    "from tensorflow.keras import layers as KL\n",
])
def test_import_aliases_of_the_layers_module_are_read(imports):
    """``KL.Dense`` after ``from keras import layers as KL`` is Keras's Dense; an alias of
    another module (``import numpy as np``) is left alone."""
    code = (imports + "import numpy as np\n"
            "a = KL.Input(shape=(4,))\nb = KL.Input(shape=(4,))\n"
            "x = KL.Dense(3, activation='relu')(a)\ny = KL.Dense(3)(b)\n"
            "z = KL.add([x, y])\nmodel = keras.Model([a, b], KL.Dense(1)(z))\n")
    result = import_text(code, "python", "m.py")
    assert not result.problems, result.problems
    assert "KL." not in result.text and "Add()(x, y)" in result.text, result.text
    assert symparams.parse(result.text).models["functional"].params == (4 + 1) * 3 * 2 + 4


@pytest.mark.parametrize(("code", "written"), [
    ("y = layers.BatchNormalization()(x, training=False)\n",
     "y = BatchNormalization()(x, training=False)\n"),
    ("s = layers.Dense(4)\nh = s(x, training=False)\ny = s(h)\n",
     "h = s(x, training=False)\n    y = s(h)\n"),
    ("y = layers.MultiHeadAttention(2, 4)(x, x, use_causal_mask=True)\n",
     "y = MultiHeadAttention(2, 4)(x, x, use_causal_mask=True)\n"),
    ("y = layers.LSTM(4, return_sequences=True)(x, mask=x)\n",  # a mask: no count reads it
     "y = LSTM(4, return_sequences=True)(x)\n"),
])
def test_call_arguments_are_kept_where_the_language_takes_them(code, written):
    """Keras's ``training=False`` after the tensors: written as the code has it."""
    result = import_text(f"x = keras.Input((3, 4))\n{code}m = keras.Model(x, y)\n",
                         "python", "m.py")
    assert result.problems == () and written in result.text, result.text
    symparams.parse(result.text)


def test_return_attention_scores_is_reported():
    result = import_text("x = keras.Input((3, 4))\ny = layers.MultiHeadAttention(2, 4)"
                         "(x, x, return_attention_scores=True)\nm = keras.Model(x, y)\n",
                         "python", "m.py")
    assert any("return_attention_scores=True" in p.message for p in result.problems), \
        result.problems
