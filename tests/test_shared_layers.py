"""Shared layers (``s = Dense(n)``, then ``s(a)``, ``s(b)``) against real Keras: the same
network written with Keras's functional API, one layer object called several times, at
several values of the symbols. Keras lists a shared layer once with its weights; symparams
has a row per call, the later ones with no parameters (``dense[1]``), so the rows compared
with Keras's layers are the first calls and the unshared layers, and the totals must agree."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symparams
from symparams.keras_import.importer import import_text

from .conftest import assert_error_at, require
from .keras_subprocess import assert_model_matches, run_keras, worker_fixture

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

#: name: (the DSL model `m`, the same network in Keras building `m`, values to check at).
CASES = {
    "siamese_dense": (
        """
model m(d=16, n=8):
    a = Input(shape=(d,))
    b = Input(shape=(d,))
    shared = Dense(n, activation="relu")
    x = shared(a)
    y = shared(b)
    Concatenate()(x, y)
    Dense(1)
""", """
a = keras.Input((d,)); b = keras.Input((d,))
shared = KL.Dense(n, activation="relu")
z = KL.Concatenate()([shared(a), shared(b)])
m = keras.Model([a, b], KL.Dense(1)(z))
""", [{"d": 16, "n": 8}, {"d": 3, "n": 11}]),
    "conv_on_two_sizes": (
        """
model m(H=32, W=30, f=8, k=3):
    a = Input(shape=(H, W, 3))
    b = Input(shape=(H + 5, W, 3))
    conv = Conv2D(f, k, strides=2)
    u = conv(a)
    v = conv(b)
    p = GlobalAveragePooling2D()(u)
    q = GlobalMaxPooling2D()(v)
    Subtract()(p, q)
""", """
a = keras.Input((H, W, 3)); b = keras.Input((H + 5, W, 3))
conv = KL.Conv2D(f, k, strides=2)
p = KL.GlobalAveragePooling2D()(conv(a)); q = KL.GlobalMaxPooling2D()(conv(b))
m = keras.Model([a, b], KL.Subtract()([p, q]))
""", [{"H": 32, "W": 30, "f": 8, "k": 3}, {"H": 9, "W": 7, "f": 5, "k": 2}]),
    "text_siamese": (
        """
model m(T=20, U=25, V=1000, E=16, h=12):
    a = Input(shape=(T,))
    b = Input(shape=(U,))
    embed = Embedding(V, E)
    encode = LSTM(h)
    u = embed(a)
    v = embed(b)
    x = encode(u)
    y = encode(v)
    Dot(axes=1, normalize=True)(x, y)
""", """
a = keras.Input((T,)); b = keras.Input((U,))
embed = KL.Embedding(V, E); encode = KL.LSTM(h)
m = keras.Model([a, b], KL.Dot(axes=1, normalize=True)([encode(embed(a)), encode(embed(b))]))
""", [{"T": 20, "U": 25, "V": 1000, "E": 16, "h": 12}, {"T": 3, "U": 1, "V": 7, "E": 5,
                                                       "h": 2}]),
    "norm_and_attention": (
        """
model m(S=10, Q=6, d=16, heads=2, k=4):
    seq = Input(shape=(S, d))
    query = Input(shape=(Q, d))
    norm = BatchNormalization()
    attend = MultiHeadAttention(heads, k)
    s = norm(seq)
    q = norm(query)
    x = attend(q, s)
    y = attend(x, s)
    Add()(x, y)
""", """
seq = keras.Input((S, d)); query = keras.Input((Q, d))
norm = KL.BatchNormalization(); attend = KL.MultiHeadAttention(heads, k)
s = norm(seq); q = norm(query)
x = attend(q, s); y = attend(x, s)
m = keras.Model([seq, query], KL.Add()([x, y]))
""", [{"S": 10, "Q": 6, "d": 16, "heads": 2, "k": 4}, {"S": 3, "Q": 5, "d": 7, "heads": 3,
                                                       "k": 2}]),
    "tied_steps_in_a_repeat": (
        """
model m(d=8, L=3):
    assume L >= 0
    x = Input(shape=(d,))
    step = Dense(d, activation="tanh")
    h = step(x)
    repeat L as h:
        step(h)
    Dense(2)
""", """
x = keras.Input((d,)); step = KL.Dense(d, activation="tanh")
h = step(x)
for _ in range(L):
    h = step(h)
m = keras.Model(x, KL.Dense(2)(h))
""", [{"d": 8, "L": 3}, {"d": 2, "L": 0}, {"d": 5, "L": 1}]),
    "own_weights_per_block_call": (
        """
block Pair(n)(a, b):
    s = Dense(n)
    x = s(a)
    y = s(b)
    Add()(x, y)

model m(d=6, n=4):
    a = Input(shape=(d,))
    b = Input(shape=(d,))
    u = Pair(n)(a, b)
    v = Pair(n)(b, a)
    Concatenate()(u, v)
""", """
a = keras.Input((d,)); b = keras.Input((d,))
def pair(a, b):
    s = KL.Dense(n)
    return KL.Add()([s(a), s(b)])
m = keras.Model([a, b], KL.Concatenate()([pair(a, b), pair(b, a)]))
""", [{"d": 6, "n": 4}, {"d": 1, "n": 9}]),
}

KERAS = """
import json, math, keras
from keras import layers as KL
def count(weights):
    return sum(math.prod(int(s) for s in w.shape) for w in weights)
out = {}
for key, code, values in CASES:
    scope = {"keras": keras, "KL": KL, **values}
    exec(code, scope)
    m = scope["m"]
    out[key] = [count(m.trainable_weights), count(m.non_trainable_weights),
                list(m.output.shape[1:]),
                [[type(l).__name__, count(l.trainable_weights), count(l.non_trainable_weights)]
                 for l in m.layers if type(l).__name__ != "InputLayer"]]
print(json.dumps(out))
"""

_LATER_CALL = re.compile(r"\[\d+\]$")


def _leaves(rows):
    """The plain layers, blocks and repetitions opened (every body in these cases that
    holds a first call runs once)."""
    for row in rows:
        if row.layers:
            yield from _leaves(row.layers)
        else:
            yield row


def keras_answers_for(cases: dict) -> dict:
    """Each case's Keras answer at each of its values, by ``name/index``."""
    require("keras")
    specs = [(f"{name}/{i}", code, values) for name, (_, code, points) in cases.items()
             for i, values in enumerate(points)]
    return run_keras(KERAS.replace("CASES", repr(specs)))


@pytest.fixture(scope="module")
def keras_answers():
    return keras_answers_for(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_shared_layers_against_keras(name, keras_answers):
    source, _, points = CASES[name]
    model = symparams.parse(source)["m"]
    for i, values in enumerate(points):
        trainable, non_trainable, shape, layers = keras_answers[f"{name}/{i}"]
        got = model.evaluate(**values)
        assert (got.trainable, got.non_trainable) == (trainable, non_trainable), values
        assert list(got.output_shape) == shape, values
        rows = Counter((row.type, row.trainable, row.non_trainable)
                       for row in _leaves(got.layers) if not _LATER_CALL.search(row.name))
        assert rows == Counter(tuple(layer) for layer in layers), values


#: The cases whose Keras code has no Python loop or function: `symparams import` reads them.
IMPORTABLE = ["siamese_dense", "conv_on_two_sizes", "text_siamese", "norm_and_attention"]


@pytest.mark.parametrize("name", IMPORTABLE)
def test_import_writes_shared_layers_that_count_as_keras(name, keras_answers):
    """The Keras code of a case, with its values, imported: each layer object called more
    than once becomes a definition and calls, and the model text counts what Keras counts."""
    _, code, points = CASES[name]
    for i, values in enumerate(points):
        script = "import keras\nfrom keras import layers as KL\n" + "".join(
            f"{key} = {value}\n" for key, value in values.items()) + code
        result = import_text(script, "python", f"{name}.py")
        assert not result.problems, result.problems
        model = next(iter(symparams.parse(result.text).models.values()))
        trainable, non_trainable, shape, _ = keras_answers[f"{name}/{i}"]
        got = model.evaluate()
        assert (got.trainable, got.non_trainable, list(got.output_shape)) == \
            (trainable, non_trainable, shape), result.text


# -- random graphs with shared layers -------------------------------------------------------
# A spec: widths w0..w2 (values), inputs (a width index each), Dense layer objects (input
# and output width indices), and ops: ("call", layer, tensor), ("add", tensor, tensor) on
# tensors of one width, ending in a concatenation of what nothing reads.

RANDOM_WORKER = r"""
import json, math, sys, keras
L = keras.layers
count = lambda ws: sum(math.prod(int(x) for x in w.shape) for w in ws)
for line in sys.stdin:
    spec = json.loads(line)
    w = spec["widths"]
    inputs = [keras.Input((w[i],)) for i in spec["inputs"]]
    layers = [L.Dense(w[out], use_bias=bias) for _, out, bias in spec["layers"]]
    tensors = list(inputs)
    for op in spec["ops"]:
        if op[0] == "call":
            tensors.append(layers[op[1]](tensors[op[2]]))
        elif op[0] == "add":
            tensors.append(L.Add()([tensors[op[1]], tensors[op[2]]]))
        else:
            tensors.append(L.Concatenate()([tensors[i] for i in op[1]]))
    m = keras.Model(inputs, tensors[-1])
    print(json.dumps([count(m.trainable_weights), count(m.non_trainable_weights),
                      list(tensors[-1].shape[1:])]), flush=True)
"""

random_keras = worker_fixture(RANDOM_WORKER)


@st.composite
def shared_graphs(draw) -> dict:
    widths = draw(st.lists(st.integers(1, 6), min_size=3, max_size=3))
    inputs = draw(st.lists(st.integers(0, 2), min_size=1, max_size=3))
    layers = draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.booleans()),
                           min_size=1, max_size=3))
    kinds = list(inputs)  # each tensor's width index
    ops = []
    for _ in range(draw(st.integers(1, 8))):
        callable_ = [(k, t) for k, (src, _, _) in enumerate(layers)
                     for t, kind in enumerate(kinds) if kind == src]
        pairs = [(a, b) for a in range(len(kinds)) for b in range(a + 1, len(kinds))
                 if kinds[a] == kinds[b]]
        if pairs and draw(st.integers(0, 3)) == 0:
            a, b = draw(st.sampled_from(pairs))
            ops.append(("add", a, b))
            kinds.append(kinds[a])
        elif callable_:
            k, t = draw(st.sampled_from(callable_))
            ops.append(("call", k, t))
            kinds.append(layers[k][1])
    read = {i for op in ops for i in ((op[2],) if op[0] == "call" else op[1:])}
    leaves = [i for i in range(len(kinds)) if i not in read]
    if len(leaves) > 1:
        ops.append(("concat", leaves))
    return {"widths": widths, "inputs": inputs, "layers": layers, "ops": ops}


def shared_graph_to_dsl(spec: dict) -> tuple[str, dict]:
    """The spec as model ``g``: symbols ``w0, w1, w2``, each called layer defined once
    (``s0 = Dense(w1, use_bias=True)``) before the first op."""
    lines = [f"    t{i} = Input(shape=(w{kind},))" for i, kind in enumerate(spec["inputs"])]
    called = sorted({op[1] for op in spec["ops"] if op[0] == "call"})
    for k in called:
        _, out, bias = spec["layers"][k]
        lines.append(f"    s{k} = Dense(w{out}, use_bias={bias})")
    n = len(spec["inputs"])
    for op in spec["ops"]:
        if op[0] == "call":
            text = f"s{op[1]}(t{op[2]})"
        elif op[0] == "add":
            text = f"Add()(t{op[1]}, t{op[2]})"
        else:
            text = f"Concatenate()({', '.join(f't{i}' for i in op[1])})"
        lines.append(f"    t{n} = {text}")
        n += 1
    values = {f"w{i}": v for i, v in enumerate(spec["widths"])}
    return "model g(w0, w1, w2):\n" + "\n".join(lines) + "\n", values


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shared_graphs())
def test_random_graphs_with_shared_layers_match_keras(random_keras, spec):
    """Random graphs calling a few Dense layer objects on tensors of the width each was
    made for: totals and output shape as Keras's, the formulas evaluated at the widths."""
    if not any(op[0] in ("call", "add") for op in spec["ops"]):
        return
    assert_model_matches(*shared_graph_to_dsl(spec), random_keras(spec))


SHARED_HEADER = ("model m(n=4, e=5):\n    a = Input(shape=(7, n))\n    b = Input(shape=(3, 5, n))\n"
                 "    c = Input(shape=(7, e))\n    s = Conv1D(n, 3)\n    x = s(a)\n")

SHARED_MISTAKES = [  # (lines after the header, message, (line, column) of the caret)
    ("    y = s(b)\n", "Conv1D expects a 2-D input (length, channels), got the 3-D input",
     (7, 9)),
    ("    y = s(c)\n", "the shared layer conv1d was built on (7, n) and cannot take (7, e)",
     (7, 9)),
    ("    y = s(x, trainng=False)\n", "takes no call argument 'trainng'", (7, 14)),
    ("    y = Add()(s, x)\n", "'s' is a layer, not a tensor", (7, 15)),
    ("    z = (s + 1) * 2\n", "'s' is a layer, not a tensor", (7, 10)),
    ("    t = Conv1D(n, 3)\n    repeat 2 as h:\n        t(h)\n",
     "the shared layer conv1d_1 is first called inside a repeat body", (9, 9)),
]


@pytest.mark.parametrize(("lines", "message", "where"), SHARED_MISTAKES,
                         ids=[m[1][:40] for m in SHARED_MISTAKES])
def test_mistakes_point_at_the_call(lines, message, where):
    assert_error_at(SHARED_HEADER + lines, message, *where)
