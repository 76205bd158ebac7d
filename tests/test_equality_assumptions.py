"""``assume d == e``: sizes equal under the model's equality assumptions are equal wherever
shapes are compared (merges, Concatenate, Reshape, a repeated body, attention's key and
value), and the
validity conditions they imply are not listed as constraints. Random graphs whose merges
are valid only through an assumption are checked against Keras built at values that satisfy
it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams
from symparams.errors import SymparamsError

from .keras_subprocess import assert_model_matches, worker_fixture
from .random_graphs import WORKER, graph_to_dsl, join_leaves

keras_worker = worker_fixture(WORKER)

# (source, its last layer's output shape as text, its constraints); without its assume line
# each is an error or needs more (Reshape: a*b >= c and c >= a*b). A constraint is written in
# the symbols the equalities keep (the last by name is replaced: W by H).
VALID_BY_ASSUMPTION = [
    pytest.param("model m(d=8, e=8):\n    assume d == e\n    x = Input(shape=(d,))\n"
                 "    y = Input(shape=(e,))\n    Add()(x, y)\n", "(d,)", [], id="add"),
    pytest.param("model m(d=8, e=8, T=3):\n    assume e == d\n    x = Input(shape=(T, d))\n"
                 "    y = Input(shape=(T, e))\n    Subtract()(x, y)\n", "(T, d)", [],
                 id="reversed"),
    pytest.param("model m(d=8, n=4):\n    assume d == 2*n\n    x = Input(shape=(d,))\n"
                 "    h = Dense(n)(x)\n    c = Concatenate()(h, h)\n    Add()(x, c)\n", "(d,)",
                 [], id="linear"),
    pytest.param("model m(H=8, W=8, C=3):\n    assume H == W\n    x = Input(shape=(H, W, C))\n"
                 "    p = MaxPool2D(2)(x)\n    t = Permute((2, 1, 3))(p)\n    Add()(p, t)\n",
                 "(floor(H/2), floor(W/2), C)", ["H >= 2"], id="through-floors"),
    pytest.param("model m(a=2, b=3, c=6):\n    assume c == a*b\n    x = Input(shape=(a, b))\n"
                 "    Reshape((c,))(x)\n", "(c,)", [], id="reshape"),
    pytest.param("model m(T=4, d=8, e=8):\n    assume d == e\n    x = Input(shape=(T, d))\n"
                 "    y = Input(shape=(T, e))\n    Concatenate(axis=1)(x, y)\n", "(2*T, d)",
                 [], id="concatenate"),
    pytest.param("model m(d=8, e=8, L=3):\n    assume d == e\n    Input(shape=(d,))\n"
                 "    Dense(e) * L\n", "(d,)", [], id="repeat-body"),
    pytest.param("model m(T=4, S=4, d=8):\n    assume S == T\n    q = Input(shape=(T, d))\n"
                 "    v = Input(shape=(S, d))\n    k = Input(shape=(T, d))\n"
                 "    MultiHeadAttention(2, 4)(q, v, k)\n", "(T, d)", [],
                 id="attention-key-value"),
]


@pytest.mark.parametrize(("source", "shape", "needs"), VALID_BY_ASSUMPTION)
def test_an_equality_assumption_makes_shapes_equal(source: str, shape: str,
                                                    needs: list[str]) -> None:
    model = symparams.parse(source)["m"]
    last = model.layers[-1]
    assert "(" + ", ".join(map(str, last.output_shape)) + \
        ("," if len(last.output_shape) == 1 else "") + ")" == shape
    assert [str(c) for c in model.constraints] == needs
    model.evaluate()
    without = "\n".join(line for line in source.splitlines() if "assume" not in line) + "\n"
    try:
        unassumed = symparams.parse(without)["m"]
    except SymparamsError:
        return
    assert len(unassumed.constraints) > len(needs)


def test_values_that_break_the_equality_are_refused() -> None:
    model = symparams.parse(VALID_BY_ASSUMPTION[0].values[0])["m"]
    with pytest.raises(symparams.InvalidValueError, match="assumption 'd == e'"):
        model.evaluate(e=9)


@st.composite
def assumed_graphs(draw):
    """2 to 4 inputs of shape (T, d_i) whose widths fall into classes assumed equal
    (``assume d0 == d2``); merges join tensors whose widths are equal under the assumptions
    (not as written), and Keras is built at the classes' values."""
    k = draw(st.integers(2, 4))
    classes: list[int] = []  # input i's class: the first input of it
    for i in range(k):
        classes.append(draw(st.sampled_from([j for j in range(i) if classes[j] == j] + [i])))
    sizes = {c: draw(st.integers(1, 4)) for c in set(classes)}
    widths = [tuple(int(classes[i] == c) for c in range(k)) + (0,) for i in range(k)]
    ops = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["dense", "merge", "merge", "concat"]))
        pairs = [(i, j) for i in range(len(widths)) for j in range(len(widths))
                 if i != j and widths[i] == widths[j]]
        if kind == "merge" and pairs:
            i, j = draw(st.sampled_from(pairs))
            ops.append({"op": draw(st.sampled_from(["add", "multiply", "maximum", "subtract"])),
                        "srcs": [i, j]})
            widths.append(widths[i])
        elif kind == "concat":
            i, j = draw(st.integers(0, len(widths) - 1)), draw(st.integers(0, len(widths) - 1))
            ops.append({"op": "concat", "srcs": [i, j]})
            widths.append(tuple(a + b for a, b in zip(widths[i], widths[j], strict=True)))
        else:
            units = draw(st.integers(1, 5))
            src = draw(st.integers(0, len(widths) - 1))
            ops.append({"op": "dense", "src": src, "units": units, "bias": draw(st.booleans())})
            widths.append((0,) * k + (units,))
    join_leaves(ops, len(widths))
    return {"T": draw(st.integers(1, 3)), "classes": classes,
            "widths": [sizes[c] for c in classes], "ops": ops}


def to_dsl(spec: dict) -> tuple[str, dict]:
    """The graph with an ``assume`` line equating each input width with its class's."""
    k = len(spec["widths"])
    same = [f"d{spec['classes'][i]} == d{i}" for i in range(k) if spec["classes"][i] != i]
    return graph_to_dsl(spec, same)


@pytest.mark.oracle
@settings(max_examples=25)
@given(assumed_graphs())
def test_random_graphs_merging_assumed_equal_widths_match_keras(keras_worker, spec):
    assert_model_matches(*to_dsl(spec), keras_worker(spec))


def test_the_documented_example_merges_once_the_assume_line_is_in() -> None:
    """docs/examples/unequal_widths.sp (docs/composition.md) fails as shown; its hint's
    assume line makes it valid."""
    from .conftest import ROOT

    text = (ROOT / "docs" / "examples" / "unequal_widths.sp").read_text(encoding="utf-8")
    with pytest.raises(symparams.ShapeError, match="say so: assume d == e"):
        symparams.parse(text)
    model = symparams.parse(text.replace("# assume d == e", "assume d == e"))["m"]
    assert model.evaluate().output_shape == (4,)
