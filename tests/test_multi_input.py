"""Models of several inputs (``a = Input(...)``, ``b = Input(...)``, as Keras's functional API
takes ``Model([a, b], out)``): reports, errors, and random graphs against Keras."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams
from symparams.errors import SymparamsError
from symparams.render.jsonout import summary_dict

from .conftest import require
from .keras_subprocess import assert_model_matches, worker_fixture
from .random_graphs import WORKER, graph_to_dsl, join_leaves

TWO_TOWERS = textwrap.dedent("""\
    model towers(d=4, e=3):
        a = Input(shape=(d,))
        b = Input(shape=(e,))
        x = Dense(8)(a)
        y = Dense(8)(b)
        Concatenate()(x, y)
        Dense(1)
""")


def test_inputs_are_named_and_reported() -> None:
    model = symparams.parse(TWO_TOWERS)["towers"]
    d, e = model.symbols["d"], model.symbols["e"]
    assert model.inputs == (("a", (d,)), ("b", (e,)))
    assert model.input_shape == (d,)  # the first input's, as before
    assert model.params == 8 * d + 8 * e + 33
    ev = model.evaluate()
    assert ev.inputs == (("a", (4,)), ("b", (3,)))
    entry = summary_dict([(model, model.values)])["models"][0]
    assert entry["inputs"] == [{"name": "a", "shape": ["d"], "value": [4]},
                               {"name": "b", "shape": ["e"], "value": [3]}]
    assert [layer.get("inbound") for layer in entry["layers"]] == [
        ["a"], ["b"], ["dense", "dense_1"], None]


def test_a_model_of_one_input_has_no_inputs_field() -> None:
    model = symparams.parse("model m(d=2):\n    x = Input(shape=(d,))\n    Dense(3)(x)\n")["m"]
    assert model.inputs == ()
    assert "inputs" not in summary_dict([(model, model.values)])["models"][0]


@pytest.mark.parametrize("values", ["e = 2 * d", "e, f = (2 * d, 3)", "e = max(d, 4)\n    e += d"])
def test_named_values_may_come_before_the_inputs(values: str) -> None:
    """``e = 2 * d`` then ``Input(shape=(d, e))``: as a Keras script names its sizes first."""
    model = symparams.parse(f"model m(d=2):\n    {values}\n    a = Input(shape=(d, e))\n"
                            "    Dense(3)(a)\n")["m"]
    written = symparams.parse("model m(d=2):\n    a = Input(shape=(d, E))\n    Dense(3)(a)\n"
                              .replace("E", {"e = 2 * d": "2 * d", "e, f = (2 * d, 3)": "2 * d"}
                                       .get(values, "max(d, 4) + d")))["m"]
    assert (model.input_shape, model.params) == (written.input_shape, written.params)


def test_an_unused_input_is_a_warning() -> None:
    doc = symparams.parse(TWO_TOWERS.replace("y = Dense(8)(b)", "y = Dense(8)(a)"))
    assert ["the input b is never used" in w.message for w in doc.warnings] == [True]


@pytest.mark.parametrize(("source", "line", "needle"), [
    pytest.param("model m(d=2):\n    Input(shape=(d,))\n    Input(shape=(d,))\n    Dense(1)\n",
                 3, "two inputs are named 'input'", id="two-unnamed"),
    pytest.param("model m(d=2):\n    a = Input(shape=(d,))\n    a = Input(shape=(d,))\n"
                 "    Dense(1)\n", 3, "two inputs are named 'a'", id="same-name"),
    pytest.param("model m(d=2):\n    a = Input(shape=(d,))\n    Dense(1)\n"
                 "    b = Input(shape=(d,))\n", 4, "must come before the model's layers",
                 id="input-after-layers"),
    pytest.param("model m(d=2):\n    a = Input(shape=(d,))\n    b = Input(shape=(d,))\n"
                 "    Add()(a, c)\n", 4, "no tensor named 'c'", id="unknown-tensor"),
    pytest.param("model m(d=2):\n    a = Input(shape=(d,))\n    e = 2 * d\n"
                 "    b = Input(shape=(e,))\n    Dense(1)(b)\n", 4,
                 "must come before the model's layers", id="value-between-inputs"),
    pytest.param("model m(d=2):\n    e = 2 * k\n    a = Input(shape=(e,))\n    Dense(1)(a)\n",
                 2, "undeclared symbol 'k'", id="value-before-input-misspelt"),
])
def test_mistakes_name_the_line(source: str, line: int, needle: str) -> None:
    with pytest.raises(SymparamsError) as info:
        symparams.parse(source, "m.sp")
    assert needle in str(info.value)
    assert info.value.line == line


# -- random multi-input graphs against Keras ---------------------------------------------------

keras_worker = worker_fixture(WORKER)


@st.composite
def graphs(draw):
    """2 to 4 inputs of shape (T, d_i); a tensor's width is tracked as coefficients of the
    d_i plus a constant, so that merges only join provably equal widths."""
    k = draw(st.integers(2, 4))
    widths = [tuple(int(i == j) for j in range(k)) + (0,) for i in range(k)]
    ops = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["dense", "merge", "concat"]))
        src = draw(st.integers(0, len(widths) - 1))
        pairs = [(i, j) for i in range(len(widths)) for j in range(len(widths))
                 if i != j and widths[i] == widths[j]]
        if kind == "merge" and pairs:
            i, j = draw(st.sampled_from(pairs))
            ops.append({"op": draw(st.sampled_from(["add", "multiply", "maximum", "subtract"])),
                        "srcs": [i, j]})
            widths.append(widths[i])
        elif kind == "concat":
            other = draw(st.integers(0, len(widths) - 1))
            ops.append({"op": "concat", "srcs": [src, other]})
            widths.append(tuple(a + b for a, b in zip(widths[src], widths[other], strict=True)))
        else:
            units = draw(st.integers(1, 5))
            ops.append({"op": "dense", "src": src, "units": units, "bias": draw(st.booleans())})
            widths.append((0,) * k + (units,))
    join_leaves(ops, len(widths))
    return {"T": draw(st.integers(1, 3)),
            "widths": [draw(st.integers(1, 4)) for _ in range(k)], "ops": ops}


@pytest.mark.oracle
@settings(max_examples=25)
@given(graphs())
def test_random_multi_input_graphs_match_keras(keras_worker, spec):
    assert_model_matches(*graph_to_dsl(spec), keras_worker(spec))


EXAMPLE_KERAS = """
import json, keras
L = keras.layers
out = []
for V, E, T, m in {sizes}:
    text, meta = keras.Input((T,)), keras.Input((m,))
    h = L.Dense(16, activation="relu")(L.GlobalAveragePooling1D()(L.Embedding(V, E)(text)))
    side = L.Dense(16, activation="relu")(meta)
    model = keras.Model([text, meta], L.Dense(1, activation="sigmoid")(
        L.Concatenate()([h, side])))
    out.append([[layer.count_params() for layer in model.layers
                 if not isinstance(layer, keras.layers.InputLayer)], model.count_params()])
print(json.dumps(out))
"""


@pytest.mark.oracle
def test_the_two_inputs_example_matches_keras() -> None:
    require("keras")
    from .conftest import EXAMPLES
    from .keras_subprocess import run_keras

    model = symparams.parse_file(EXAMPLES / "blocks.sp")["two_inputs"]
    sizes = [(10000, 32, 100, 8), (50, 3, 7, 2)]
    expected = run_keras(EXAMPLE_KERAS.format(sizes=sizes))
    for (V, E, T, m), (per_layer, total) in zip(sizes, expected, strict=True):
        ev = model.evaluate(V=V, E=E, T=T, m=m)
        # Keras lists layers in graph order: the embedding branch, then the side Dense.
        ours = {layer.name: layer.params for layer in ev.layers}
        assert sorted(ours.values()) == sorted(per_layer)
        assert ev.params == total


def test_a_bad_input_dimension_points_at_its_input_line() -> None:
    source = ("model m(a=2, d=8):\n    x = Input(shape=(d,))\n    y = Input(shape=(a - 3,))\n"
              "    h = Dense(d)(y)\n    Add()(x, h)\n")
    model = symparams.parse(source, "m.sp")["m"]
    with pytest.raises(SymparamsError) as info:
        model.evaluate()
    assert info.value.line == 3 and "input y dimension >= 1, got -1" in str(info.value)


def test_the_unused_input_warning_points_at_the_input(tmp_path, capsys) -> None:
    from symparams.cli import main

    path = tmp_path / "m.sp"
    path.write_text(TWO_TOWERS.replace("y = Dense(8)(b)", "y = Dense(8)(a)"), encoding="utf-8")
    for command in (["summary"], ["sweep", "--vary", "d=1:2"]):  # every command says it
        assert main([command[0], str(path), *command[1:]]) == 0
        err = capsys.readouterr().err
        assert f"{path}:3:5: warning: the input b is never used" in err, err


def test_a_block_sees_only_its_own_tensors() -> None:
    source = ("block Mix(d)(p):\n    h = Dense(d)(p)\n    Concatenate()(h, y)\n"
              "model m(d=4):\n    x = Input(shape=(d,))\n    y = Input(shape=(d,))\n"
              "    Mix(d)(x)\n")
    with pytest.raises(SymparamsError) as info:
        symparams.parse(source, "m.sp")
    assert (info.value.line, info.value.column) == (3, 22)  # under the y
    assert "pass 'y' in as a tensor parameter" in info.value.hint


def test_repeat_as_an_existing_name_is_a_warning() -> None:
    doc = symparams.parse("model m(d=2, L=2):\n    x = Input(shape=(d,))\n"
                          "    y = Input(shape=(d,))\n    h = Add()(x, y)\n"
                          "    repeat L as y:\n        Dense(d)(y)\n", "m.sp")
    (warning,) = doc.warnings
    assert "hides the tensor y" in warning.message and warning.span.line == 5
