"""What a Keras user expects of ``model.summary()`` (issue 18): the batch dimension
(``--batch``), the "Connected to" column (``--connected-to``) and the trainable flag
(``--show-trainable``), checked against what Keras's own summary code computes for the same
model (random multi-input graphs, layers named alike on both sides); every value that can be
computed is given; narrow tables are not padded to 100 columns."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams
from symparams.render import display_form
from symparams.render.columns import SummaryOptions, connected_to, trainable_flag, with_batch
from symparams.render.html import model_html
from symparams.render.jsonout import summary_dict
from symparams.render.markdown import summary_markdown
from symparams.render.text import summary_text

from .keras_subprocess import worker_fixture
from .random_graphs import NAMES
from .test_multi_input import graphs

# Keras's summary fields for each layer, computed by Keras's own summary_utils code: the
# output shape as the summary prints it (markup removed), the layers each reads (its
# "Connected to" without the [0][0] indices) and the show_trainable mark.
WORKER = r"""
import json, re, sys, keras
from keras.src.utils.summary_utils import format_layer_shape
L = keras.layers
MERGES = {"add": L.Add, "multiply": L.Multiply, "maximum": L.Maximum,
          "subtract": L.Subtract, "concat": L.Concatenate}
plain = lambda text: re.sub(r"\[/?[^\]]*\]", "", text)
for line in sys.stdin:
    spec = json.loads(line)
    inputs = [keras.Input((spec["T"], w), name=f"t{i}") for i, w in enumerate(spec["widths"])]
    tensors = list(inputs)
    for n, op in enumerate(spec["ops"], start=len(inputs)):
        if op["op"] == "dense":
            t = L.Dense(op["units"], use_bias=op["bias"], trainable=op["trainable"],
                        name=f"t{n}")(tensors[op["src"]])
        else:
            t = MERGES[op["op"]](name=f"t{n}")([tensors[i] for i in op["srcs"]])
        tensors.append(t)
    model = keras.Model(inputs, tensors[-1])
    rows = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        reads = [kt._keras_history.operation.name
                 for node in layer._inbound_nodes for kt in node.input_tensors]
        mark = ("Y" if layer.trainable else "N") if layer.weights else "-"
        rows.append([layer.name, plain(format_layer_shape(layer)), ", ".join(reads), mark])
    print(json.dumps(rows), flush=True)
"""

keras_worker = worker_fixture(WORKER)


def to_dsl(spec: dict) -> tuple[str, dict]:
    """The graph with every layer named as in the Keras script (inputs t0.., layers tN)."""
    k = len(spec["widths"])
    values = {"T": spec["T"], **{f"d{i}": w for i, w in enumerate(spec["widths"])}}
    body = [f"    t{i} = Input(shape=(T, d{i}))" for i in range(k)]
    for n, op in enumerate(spec["ops"], start=k):
        if op["op"] == "dense":
            call = (f"Dense({op['units']}, use_bias={op['bias']}, "
                    f"trainable={op['trainable']}, name=\"t{n}\")(t{op['src']})")
        else:
            sources = ", ".join(f"t{i}" for i in op["srcs"])
            call = f"{NAMES[op['op']]}(name=\"t{n}\")({sources})"
        body.append(f"    t{n} = {call}")
    return f"model g({', '.join(values)}):\n" + "\n".join(body) + "\n", values


@st.composite
def frozen_graphs(draw):
    spec = draw(graphs())
    for op in spec["ops"]:
        if op["op"] == "dense":
            op["trainable"] = draw(st.booleans())
    return spec


def _fields(model, values) -> list[list[str]]:
    known = model.known(values)
    rows = []
    for layer in model.layers:
        dims = [model.value_of(d, known) for d in layer.output_shape]
        shape = "(" + ", ".join(map(str, with_batch(dims, "None"))) + ")"
        rows.append([layer.name, shape, connected_to(layer), trainable_flag(layer)])
    return rows


@pytest.mark.oracle
@settings(max_examples=25)
@given(frozen_graphs())
def test_batch_connected_to_and_trainable_match_keras_summary(keras_worker, spec):
    source, values = to_dsl(spec)
    model = symparams.parse(source, "g.sp")["g"]
    # Keras lists a functional model's layers by depth in the graph, not as written: compare
    # each layer's fields, by name
    assert sorted(_fields(model, values)) == sorted(keras_worker(spec)), source
    text = summary_text(model, values, SummaryOptions("None", ("connected", "trainable")))
    for name, shape, reads, mark in keras_worker(spec):  # and the table shows them
        row = next(line for line in text.splitlines() if line.startswith(f"{name} ("))
        assert reads.split(",")[0] in row and re.search(rf"\s{re.escape(mark)}$", row), row
        assert f"= {shape}" in text


SEED = "examples/seed.sp"
FROZEN = ("model m(d=4, u=3):\n    Input(shape=(d,))\n    Dense(u)\n"
          "    Dense(10, trainable=False)\n")
PARTIAL = "model m(d, u=3):\n    Input(shape=(d,))\n    Dense(u)\n    Dense(2)\n"


@pytest.mark.parametrize(("source", "options", "expected"), [
    pytest.param(FROZEN, SummaryOptions(columns=("trainable",)),
                 ["Param #     Trainable", "Non-trainable params: 10*(u + 1) = 40"],
                 id="trainable-column"),
    pytest.param(FROZEN, SummaryOptions(batch="None"),
                 ["Input shape: (None, d) = (None, 4)", "= (None, 3)"], id="batch-none"),
    pytest.param(FROZEN, SummaryOptions(batch="B"), ["dense (Dense)    (B, u)"], id="batch-B"),
    pytest.param(PARTIAL, SummaryOptions(),
                 ["Total params: u*(d + 1) + 2*u + 2 (a value needs d)",
                  "Non-trainable params: 0", "= 8"], id="partial-values"),
])
def test_text_options(source: str, options: SummaryOptions, expected: list[str]) -> None:
    model = symparams.parse(source)["m"]
    text = summary_text(model, model.values, options)
    for needle in expected:
        assert needle in text, text


def test_the_frozen_dense_says_so_in_every_format() -> None:
    model = symparams.parse(FROZEN)["m"]
    options = SummaryOptions(columns=("trainable",))
    text = summary_text(model, model.values, options)
    assert re.search(r"^dense_1 \(Dense\).*\bN$", text, re.M), text
    assert "| N |" in summary_markdown(model, model.values, options)


def test_every_value_that_can_be_computed_is_given() -> None:
    """A total that does not use the unset symbol has its value (JSON, Markdown, HTML)."""
    model = symparams.parse(PARTIAL)["m"]
    data = summary_dict([(model, model.values)])["models"][0]
    assert data["layers"][1]["value"] == {"output_shape": [2], "params": 8, "trainable": 8,
                                          "non_trainable": 0}
    assert data["layers"][0]["value"]["output_shape"] == [3]
    assert data["layers"][0]["value"]["params"] is None
    assert data["total"]["value"] == {"params": None, "trainable": None, "non_trainable": 0}
    assert data["total"]["needs"] == ["d"]
    markdown = summary_markdown(model, model.values)
    assert "| 8 |" in markdown and "needs a symbol that has no value (d)" in markdown
    html = model_html(model, model.values)
    assert ">8</td>" in html and ">?</td>" in html


def test_a_layer_invalid_at_the_known_values_is_an_error_even_if_some_are_unset() -> None:
    model = symparams.parse("model m(H=2, C):\n    Input(shape=(H, H, C))\n"
                            "    Conv2D(4, 3, 3)\n")["m"]
    with pytest.raises(symparams.InvalidValueError, match="conv2d"):
        summary_text(model, model.values)


@pytest.mark.parametrize("model_name", ["mlp", "cnn", "rnn"])
def test_a_table_is_as_wide_as_its_widest_line(model_name: str) -> None:
    model = symparams.parse_file(SEED)[model_name]
    lines = summary_text(model, model.values).splitlines()
    rule = next(line for line in lines if set(line) == {"_"})
    start = lines.index(rule)
    table = lines[start + 1: lines.index("=" * len(rule), start + 3)]  # header and rows
    assert len(rule) == max(len(line) for line in table) <= 100


def test_json_has_the_assumptions() -> None:
    model = symparams.parse("model m(H=64):\n    assume H % 2 == 0\n"
                            "    Input(shape=(H, H, 3))\n    MaxPool2D(2)\n")["m"]
    data = summary_dict([(model, model.values)])["models"][0]
    assert data["layers"][0]["output_shape"][0] == "H/2"
    assert data["assumptions"] == [{"text": "H % 2 == 0", "lhs": "Mod(H, 2)", "op": "==",
                                    "rhs": "0", "line": 2}]
    json.dumps(data)


@pytest.mark.parametrize(("source", "layer", "formula"), [
    ("model m(E=8, v=4, n=3):\n    Input(shape=(E,))\n    Dense(16)\n    Dense(v)\n"
     "    Dense(n)\n", "dense", "16*(E + 1)"),
    ("model m(E=8, v=4, n=3):\n    Input(shape=(E,))\n    Dense(16)\n    Dense(v)\n"
     "    Dense(n)\n", "dense_2", "n*(v + 1)"),
])
def test_a_number_of_units_is_written_as_a_symbol_is(source: str, layer: str,
                                                     formula: str) -> None:
    """16*E + 16 in one place and n*(v + 1) in another: now 16*(E + 1) like n*(v + 1)."""
    model = symparams.parse(source)["m"]
    with display_form("default"):
        assert formula in summary_text(model, model.values)
    assert f'"params": "{formula}"' in json.dumps(summary_dict([(model, model.values)]))
    del layer


FINETUNE_KERAS = r"""
import json, math, keras
L = keras.layers
out = {}
count = lambda ws: sum(math.prod(w.shape) for w in ws)
for u in (7, 128):
    model = keras.Sequential([keras.Input((32, 32, 3)), L.Conv2D(64, 3, trainable=False),
                              L.BatchNormalization(), L.GlobalAveragePooling2D(),
                              L.Dense(u, activation="relu"), L.Dense(10)])
    out[u] = {"non_trainable": count(model.non_trainable_weights),
              "trainable": count(model.trainable_weights),
              "marks": [("Y" if l.trainable else "N") if l.weights else "-"
                        for l in model.layers],
              "shapes": [str(tuple(l.output.shape)) for l in model.layers]}
print(json.dumps(out))
"""


@pytest.mark.oracle
def test_the_documented_finetune_example_matches_keras() -> None:
    """docs/examples/finetune.sp (docs/commands/summary.md): its marks, batch shapes and
    the non-trainable total it computes without a value for u are Keras's, at any u."""
    from .conftest import ROOT, require
    from .keras_subprocess import run_keras

    require("keras")
    keras = run_keras(FINETUNE_KERAS)
    model = symparams.parse_file(str(ROOT / "docs" / "examples" / "finetune.sp"))["finetune"]
    known = model.known({})
    assert "u" not in known
    for u, facts in keras.items():
        assert model.value_of(model.non_trainable, known) == facts["non_trainable"]
        ev = model.evaluate(u=int(u))
        assert (ev.trainable, ev.non_trainable) == (facts["trainable"], facts["non_trainable"])
        assert [trainable_flag(layer) for layer in model.layers] == facts["marks"]
        assert ["(" + ", ".join(map(str, with_batch(lv.output_shape, "None"))) + ")"
                for lv in ev.layers] == facts["shapes"]


@pytest.mark.parametrize(("argv", "code", "needle"), [
    (["--batch", "H"], 1, "'H' is a symbol of model 'cnn'"),
    (["--batch", "a b"], 2, "the batch dimension is written as a name"),
])
def test_a_batch_name_that_cannot_be_read_is_refused(argv, code, needle, capsys) -> None:
    from symparams.cli.main import main

    from .conftest import ROOT

    try:
        returned = main(["summary", str(ROOT / SEED), *argv])
    except SystemExit as exit_:  # argparse's usage error
        returned = exit_.code
    err = capsys.readouterr().err
    assert returned == code and needle in err and "Traceback" not in err
