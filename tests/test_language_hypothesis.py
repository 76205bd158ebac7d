"""Random block programs with conditions and growing repeats against Keras functional models
built the same way (issue 12): DenseNet-like growing blocks (random depth n, including 0,
growth g, kernel size, with or without bottleneck), transitions that halve or quarter the
channels with ``int(c * reduction)``, and MobileNet-like conditional blocks whose literal
arguments pick the branches (expansion or not, stride 1 or 2, a residual when the shapes
match). Counts and output shapes must equal what Keras builds, at random values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .keras_subprocess import assert_model_matches, worker_fixture

pytestmark = pytest.mark.oracle

BLOCKS = """
block DenseLayer(g, k, bottleneck)(h):
    if bottleneck:
        BatchNormalization(epsilon=1.001e-5)(h)
        Activation("relu")
        Conv2D(4 * g, 1, use_bias=False)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    y = Conv2D(g, k, padding="same", use_bias=False)
    Concatenate()(h, y)

block DenseBlock(n, g, k, bottleneck)(x):
    repeat n as h, i:
        DenseLayer(g, k, bottleneck)(h)

block Transition(reduction)(x):
    c = x.shape[-1]
    BatchNormalization(epsilon=1.001e-5)(x)
    Activation("relu")
    Conv2D(int(c * reduction), 1, use_bias=False)
    AveragePooling2D(2, strides=2)

block Inverted(filters, stride, expansion, k)(x):
    c_in = x.shape[-1]
    if expansion != 1:
        Conv2D(expansion * c_in, 1, use_bias=False)(x)
        BatchNormalization()
        ReLU(6.0)
    if stride == 2:
        DepthwiseConv2D(k, strides=2, padding="same", use_bias=False)
    else:
        DepthwiseConv2D(k, padding="same", use_bias=False)
    BatchNormalization()
    Conv2D(filters, 1, use_bias=False)
    y = BatchNormalization()
    if stride == 1 and c_in == filters:
        Add()(x, y)
"""

WORKER = r"""
import json, math, sys, keras
L = keras.layers
count = lambda ws: sum(math.prod(int(x) for x in w.shape) for w in ws)

def dense_layer(h, g, k, bottleneck):
    x = h
    if bottleneck:
        x = L.BatchNormalization(epsilon=1.001e-5)(x)
        x = L.Activation("relu")(x)
        x = L.Conv2D(4 * g, 1, use_bias=False)(x)
    x = L.BatchNormalization(epsilon=1.001e-5)(x)
    x = L.Activation("relu")(x)
    y = L.Conv2D(g, k, padding="same", use_bias=False)(x)
    return L.Concatenate()([h, y])

def transition(x, reduction):
    c = x.shape[-1]
    x = L.BatchNormalization(epsilon=1.001e-5)(x)
    x = L.Activation("relu")(x)
    x = L.Conv2D(int(c * reduction), 1, use_bias=False)(x)
    return L.AveragePooling2D(2, strides=2)(x)

def inverted(inputs, filters, stride, expansion, k):
    c_in = inputs.shape[-1]
    x = inputs
    if expansion != 1:
        x = L.Conv2D(expansion * c_in, 1, use_bias=False)(x)
        x = L.BatchNormalization()(x)
        x = L.ReLU(6.0)(x)
    x = L.DepthwiseConv2D(k, strides=stride, padding="same", use_bias=False)(x)
    x = L.BatchNormalization()(x)
    x = L.Conv2D(filters, 1, use_bias=False)(x)
    x = L.BatchNormalization()(x)
    if stride == 1 and c_in == filters:
        x = L.Add()([inputs, x])
    return x

for line in sys.stdin:
    spec = json.loads(line)
    v = spec["values"]
    x = inp = keras.Input((v["H"], v["W"], v["C"]))
    for step in spec["steps"]:
        if step["op"] == "dense":
            for _ in range(v[step["n"]] if isinstance(step["n"], str) else step["n"]):
                x = dense_layer(x, v[step["g"]] if isinstance(step["g"], str) else step["g"],
                                step["k"], step["bottleneck"])
        elif step["op"] == "transition":
            x = transition(x, step["reduction"])
        else:
            x = inverted(x, step["filters"], step["stride"], step["expansion"], step["k"])
    m = keras.Model(inp, x)
    print(json.dumps([count(m.trainable_weights), count(m.non_trainable_weights),
                      list(x.shape[1:])]), flush=True)
"""

keras_worker = worker_fixture(WORKER)

REDUCTIONS = {0.5: "0.5", 0.25: "1/4", 0.75: "0.75"}


@st.composite
def programs(draw, symbolic: bool):
    """Steps on an (H, W, C) image. With ``symbolic``, dense blocks' depths (which may be 0)
    and growth rates are model symbols and conditional blocks use stride 2 (their residual
    condition then needs no channel count); else every argument is a literal."""
    values = {"H": draw(st.integers(8, 16)), "W": draw(st.integers(8, 16)),
              "C": draw(st.integers(4, 12))}  # >= 4: int(c / 4) >= 1
    steps, halvings, least = [], 0, values["C"]  # least: the fewest channels there can be
    channels = values["C"]  # exact when every argument is a literal
    for number in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["dense", "transition", "inverted"]))
        reduction = draw(st.sampled_from(sorted(REDUCTIONS)))
        if kind != "dense" and halvings == 2 or kind == "transition" and least * reduction < 1:
            kind = "dense"  # keep H, W >= 1 and every transition's int(c * r) >= 1
        if kind == "dense":
            n, g = draw(st.integers(0, 4)), draw(st.integers(1, 6))
            if symbolic:
                values[f"n{number}"], values[f"g{number}"] = n, g
                n, g = f"n{number}", f"g{number}"
            channels += n * g if not symbolic else 0
            steps.append({"op": "dense", "n": n, "g": g, "k": draw(st.sampled_from([1, 3])),
                          "bottleneck": draw(st.booleans())})
        elif kind == "transition":
            halvings += 1
            least, channels = int(least * reduction), int(channels * reduction)
            steps.append({"op": "transition", "reduction": reduction})
        else:
            stride = 2 if symbolic else draw(st.sampled_from([1, 2]))
            halvings += stride == 2
            # as often as not the input's channels: the residual branch is taken at stride 1
            least = channels = draw(st.sampled_from([channels, draw(st.integers(4, 12))])) \
                if not symbolic and channels >= 4 else draw(st.integers(4, 12))
            steps.append({"op": "inverted", "filters": least,
                          "stride": stride, "expansion": draw(st.sampled_from([1, 2, 6])),
                          "k": draw(st.sampled_from([1, 3, 5]))})
    return {"values": values, "steps": steps, "symbolic": symbolic}


def to_dsl(spec: dict) -> tuple[str, dict]:
    """The program as model ``g``: symbols H, W (and C, the depths and growth rates when
    symbolic; else the channels are a literal, so that the residual condition is decided)."""
    values = dict(spec["values"])
    if not spec["symbolic"]:
        channels = str(values.pop("C"))
    else:
        channels = "C"
    counts = [step["n"] for step in spec["steps"]
              if step["op"] == "dense" and isinstance(step["n"], str)]
    body = [f"    Input(shape=(H, W, {channels}))"] + [f"    assume {n} >= 0" for n in counts]
    for step in spec["steps"]:
        if step["op"] == "dense":
            call = f"DenseBlock({step['n']}, {step['g']}, {step['k']}, {step['bottleneck']})"
        elif step["op"] == "transition":
            call = f"Transition({REDUCTIONS[step['reduction']]})"
        else:
            call = (f"Inverted({step['filters']}, {step['stride']}, {step['expansion']}, "
                    f"{step['k']})")
        body.append("    " + call)
    header = ", ".join(values)
    return BLOCKS + f"\nmodel g({header}):\n" + "\n".join(body) + "\n", values


@settings(max_examples=30, deadline=None)
@given(programs(symbolic=False))
def test_random_conditional_programs_match_keras(keras_worker, spec):
    assert_model_matches(*to_dsl(spec), keras_worker(spec))


@settings(max_examples=30, deadline=None)
@given(programs(symbolic=True))
def test_random_growing_programs_with_symbolic_depths_match_keras(keras_worker, spec):
    """One analysis with symbolic depths and growth rates, evaluated at the drawn values."""
    assert_model_matches(*to_dsl(spec), keras_worker(spec))
