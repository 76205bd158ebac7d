"""Merge layers and graph shapes: symbolic checks, and random residual graphs with repeated
blocks against Keras functional models."""

from __future__ import annotations

import textwrap

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams
from symparams.engine.graph_layers import shape_change
from symparams.layers.merging import provably_equal
from symparams.layers.registry import Args, Reject, lookup
from symparams.symbolic.integers import symbol

from .conftest import require
from .keras_subprocess import assert_model_matches, worker_fixture

d, e, n = symbol("d"), symbol("e"), symbol("n")


@pytest.mark.parametrize(
    ("layer", "args", "shapes", "out"),
    [
        pytest.param("Add", {}, ((d, e), (d, e)), (d, e), id="add"),
        pytest.param("Add", {}, ((d, 1), (1, e)), (d, e), id="broadcast"),
        pytest.param("Multiply", {}, ((n, n, d), (1, 1, d)), (n, n, d), id="se_scale"),
        pytest.param("Maximum", {}, ((d, e), (e,)), (d, e), id="rank_align"),
        pytest.param("Average", {}, ((2 * (d + 1),), (2 * d + 2,)), (2 * (d + 1),),
                     id="expanded_equal"),
        pytest.param("Concatenate", {"axis": -1}, ((n, d), (n, e), (n, 3)), (n, d + e + 3),
                     id="concat_last"),
        pytest.param("Concatenate", {"axis": 1}, ((d, n), (e, n)), (d + e, n), id="concat_1"),
    ],
)
def test_merge_shapes(layer, args, shapes, out):
    assert lookup(layer).shape(Args(args), shapes) == out


@pytest.mark.parametrize(
    ("layer", "args", "shapes", "needle"),
    [
        pytest.param("Add", {}, ((d,), (e,)), "d vs e", id="symbols"),
        pytest.param("Subtract", {}, ((d, 2), (d, 3)), "2 vs 3", id="literals"),
        pytest.param("Concatenate", {"axis": -1}, ((d, n), (e, n)), "dimension 1", id="concat"),
        pytest.param("Concatenate", {"axis": 3}, ((d, n), (d, n)), "out of range", id="axis"),
        pytest.param("Concatenate", {"axis": -1}, ((d, n), (n,)), "rank", id="rank"),
    ],
)
def test_merge_rejects(layer, args, shapes, needle):
    with pytest.raises(Reject, match=needle):
        lookup(layer).shape(Args(args), shapes)


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        pytest.param((d, e), (d, e), None, id="same"),
        pytest.param((d, e), (d, 2 * e), "dimension 2 changes from e to 2*e", id="dim"),
        pytest.param((d,), (d, 1), "the rank changes from 1 to 2", id="rank"),
        pytest.param((sympy.floor((d + 1) / 2) * 2,), (sympy.floor((d + 1) / 2) * 2,), None,
                     id="floor"),
    ],
)
def test_shape_change(before, after, change):
    assert shape_change(before, after) == change


def test_provably_equal_is_not_fooled_by_values():
    assert not provably_equal(d, 2 * d - d + 1)
    assert provably_equal((d + 1) ** 2, d**2 + 2 * d + 1)


def test_merge_error_points_at_layer():
    with pytest.raises(symparams.ShapeError) as info:
        symparams.parse(textwrap.dedent("""
            model m(d=4, e=4):
                x = Input(shape=(d,))
                y = Dense(e)
                Add()(x, y)
        """), "m.sp")
    assert info.value.line == 5 and info.value.layer == "add"
    assert "assume" in info.value.hint


# -- random residual graphs against Keras -----------------------------------------------------

WORKER = r"""
import json, math, sys, keras
L = keras.layers
MERGES = {"add": L.Add, "multiply": L.Multiply, "average": L.Average, "maximum": L.Maximum,
          "minimum": L.Minimum, "subtract": L.Subtract, "concat": L.Concatenate}
count = lambda ws: sum(math.prod(int(x) for x in w.shape) for w in ws)
for line in sys.stdin:
    spec = json.loads(line)
    x = keras.Input((spec["T"], spec["d"]))
    tensors = [x]
    for op in spec["ops"]:
        if op["op"] == "dense":
            t = L.Dense(op["units"], use_bias=op["bias"])(tensors[op["src"]])
        elif op["op"] == "repeat":
            t = tensors[op["src"]]
            for _ in range(op["count"]):
                y = L.Dense(op["hidden"], activation="relu")(t)
                z = L.Dense(int(t.shape[-1]))(y)
                t = L.Add()([t, z])
        else:
            t = MERGES[op["op"]]()([tensors[i] for i in op["srcs"]])
        tensors.append(t)
    used = {i for op in spec["ops"] for i in op.get("srcs", [op.get("src")])}
    leaves = [t for i, t in enumerate(tensors) if i not in used]
    out = leaves[0] if len(leaves) == 1 else L.Concatenate()(leaves)
    m = keras.Model(x, out)
    print(json.dumps([count(m.trainable_weights), count(m.non_trainable_weights),
                      list(out.shape[1:])]), flush=True)
"""


keras_worker = worker_fixture(WORKER)


@st.composite
def graphs(draw):
    """A random graph on (T, d): widths tracked as a*d + b so merges stay provably valid."""
    widths = [(1, 0)]
    ops = []
    for _ in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(["dense", "merge", "concat", "repeat"]))
        src = draw(st.integers(0, len(widths) - 1))
        if kind == "merge":
            pairs = [(i, j) for i in range(len(widths)) for j in range(len(widths))
                     if i != j and widths[i] == widths[j]]
            if not pairs:
                kind = "dense"
            else:
                i, j = draw(st.sampled_from(pairs))
                name = draw(st.sampled_from(["add", "multiply", "average", "maximum",
                                             "minimum", "subtract"]))
                ops.append({"op": name, "srcs": [i, j]})
                widths.append(widths[i])
                continue
        if kind == "dense":
            units = draw(st.integers(1, 6))
            ops.append({"op": "dense", "src": src, "units": units, "bias": draw(st.booleans())})
            widths.append((0, units))
        elif kind == "concat":
            other = draw(st.integers(0, len(widths) - 1))
            ops.append({"op": "concat", "srcs": [src, other]})
            a, b = widths[src]
            c, f = widths[other]
            widths.append((a + c, b + f))
        else:
            ops.append({"op": "repeat", "src": src, "count": draw(st.integers(1, 3)),
                        "hidden": draw(st.integers(1, 5))})
            widths.append(widths[src])
    return {"T": draw(st.integers(1, 4)), "d": draw(st.integers(1, 5)), "ops": ops}


def _widths(spec: dict) -> list[str]:
    """Each tensor's last dimension as DSL text (``2*d + 3``)."""
    widths = [(1, 0)]
    for op in spec["ops"]:
        if op["op"] == "dense":
            widths.append((0, op["units"]))
        elif op["op"] == "concat":
            (a, b), (c, f) = (widths[i] for i in op["srcs"])
            widths.append((a + c, b + f))
        elif op["op"] == "repeat":
            widths.append(widths[op["src"]])
        else:
            widths.append(widths[op["srcs"][0]])
    return [" + ".join(p for p in (f"{a}*d" if a else "", str(b) if b else "") if p)
            for a, b in widths]


MERGE_NAMES = {"add": "Add", "multiply": "Multiply", "average": "Average",
               "maximum": "Maximum", "minimum": "Minimum", "subtract": "Subtract",
               "concat": "Concatenate"}

RESIDUAL = """block Residual(hidden, width)(x):
    Dense(hidden, activation="relu")(x)
    z = Dense(width)
    Add()(x, z)
"""


def _leaves(spec: dict) -> list[int]:
    """Tensors no later operation reads (the last one included)."""
    used = set()
    for op in spec["ops"]:
        used.update(op.get("srcs", [op.get("src")]))
    return [i for i in range(len(spec["ops"]) + 1) if i not in used]


def to_dsl(spec: dict) -> tuple[str, dict]:
    """The graph as a model with symbols T, d and one repetition count per repeat."""
    header, values = ["T", "d"], {"T": spec["T"], "d": spec["d"]}
    widths = _widths(spec)
    body = ["    t0 = Input(shape=(T, d))"]
    for k, op in enumerate(spec["ops"], start=1):
        if op["op"] == "dense":
            call = f"Dense({op['units']}, use_bias={op['bias']})(t{op['src']})"
        elif op["op"] == "repeat":
            header.append(f"L{k}")
            values[f"L{k}"] = op["count"]
            call = f"Residual({op['hidden']}, {widths[op['src']]})(t{op['src']}) * L{k}"
        else:
            call = f"{MERGE_NAMES[op['op']]}()({', '.join(f't{i}' for i in op['srcs'])})"
        body.append(f"    t{k} = {call}")
    leaves = _leaves(spec)
    if len(leaves) > 1:  # Keras keeps only layers that reach the output: join the ends
        body.append(f"    Concatenate()({', '.join(f't{i}' for i in leaves)})")
    return RESIDUAL + f"model g({', '.join(header)}):\n" + "\n".join(body) + "\n", values


@pytest.mark.oracle
@settings(max_examples=25)
@given(graphs())
def test_random_graphs_match_keras(keras_worker, spec):
    assert_model_matches(*to_dsl(spec), keras_worker(spec))


ASSUMED = """
model m(H=8, c=3):
    {assume}
    x = Input(shape=(H, c))
    MaxPooling1D(2)
    u = UpSampling1D(2)
    Add()(x, u)
"""


def test_an_assumption_makes_shapes_equal():
    with pytest.raises(symparams.ShapeError, match=r"H vs 2\*floor\(H/2\)"):
        symparams.parse(ASSUMED.format(assume=""), "m.sp")
    model = symparams.parse(ASSUMED.format(assume="assume H % 2 == 0"), "m.sp")["m"]
    assert model.output_shape == (symbol("H"), symbol("c"))
    with pytest.raises(symparams.InvalidValueError):
        model.evaluate(H=7)


CROSS = """
import json, math, keras
L = keras.layers
q, v, k = keras.Input((4, 6)), keras.Input((7, 10)), keras.Input((7, 8))
facts = []
for kwargs in ({"num_heads": 2, "key_dim": 3}, {"num_heads": 2, "key_dim": 3, "value_dim": 5},
               {"num_heads": 3, "key_dim": 2, "use_bias": False, "output_shape": 9}):
    layer = L.MultiHeadAttention(**kwargs)
    out = layer(q, v, k)
    facts.append([layer.count_params(), list(out.shape[1:])])
x, ctx = keras.Input((5, 8)), keras.Input((3, 8))
a = L.MultiHeadAttention(num_heads=2, key_dim=4)(x, x)
y = L.LayerNormalization(epsilon=1e-5)(L.Add()([x, a]))
c = L.MultiHeadAttention(num_heads=2, key_dim=4)(y, ctx)
z = L.LayerNormalization(epsilon=1e-5)(L.Add()([y, c]))
f = L.Dense(8)(L.Dense(12, activation="relu")(z))
out = L.LayerNormalization(epsilon=1e-5)(L.Add()([z, f]))
facts.append([keras.Model([x, ctx], out).count_params(), list(out.shape[1:])])
print(json.dumps(facts))
"""


@pytest.mark.oracle
def test_cross_attention_and_decoder_block_match_keras():
    require("keras")
    from .keras_subprocess import run_keras

    facts = run_keras(CROSS)
    calls = ["num_heads=2, key_dim=3", "num_heads=2, key_dim=3, value_dim=5",
             "num_heads=3, key_dim=2, use_bias=False, output_shape=9"]
    # Models have one input: reshaping it gives key and value tensors of another length
    # (which changes no count) and other widths (which does).
    for call, (params, shape) in zip(calls, facts, strict=False):
        doc = symparams.parse(textwrap.dedent(f"""
            model m():
                x = Input(shape=(4, 6))
                r = Reshape((6, 4))(x)
                v = Dense(10)(r)
                k = Dense(8)(r)
                MultiHeadAttention({call})(x, v, k)
        """), "m.sp")
        row = doc["m"].layers[-1]
        assert [row.evaluate_at({}).params, list(row.evaluate_at({}).output_shape)] == \
            [params, shape], call
    decoder = symparams.parse(textwrap.dedent("""
        use stdlib.transformer
        model m():
            x = Input(shape=(5, 8))
            c = Reshape((8, 5))(x)
            ctx = Dense(8)(c)
            TransformerDecoder(8, 2, 12)(x, ctx)
    """), "m.sp")["m"].layers[-1]
    value = decoder.evaluate_at({})
    assert [value.params, list(value.output_shape)] == facts[-1]
