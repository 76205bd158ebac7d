"""XLA's fused copies of an element-wise chain (``symparams.engine.fusion_copies``) against
XLA itself: small graphs (a table: each row is built both as a DSL model and as a Keras
functional model), the ResNet stage of ``stdlib.resnet``, and keras.applications' ResNet50
and MobileNetV2 against ``examples/resnet50.sp`` and ``benchmarks/mobilenet_v2.sp``. No count
is typed in by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import symparams

from .conftest import require
from .oracle import L, to_dsl
from .test_compute_xla import xla_cost

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

ROOT = Path(__file__).resolve().parent.parent


def conv(filters, **kwargs) -> L:
    return L("Conv2D", {"filters": filters, "kernel_size": 1, **kwargs})


BN = L("BatchNormalization", {"epsilon": 1.001e-5})
RELU = L("Activation", {"activation": "relu"})
ADD = L("Add", {})


def residual(blocks: int, c: int, relu: bool = True, bias: bool = True) -> list:
    """``blocks`` residual steps ``b = relu(b + bn(conv(b)))`` after ``b = relu(bn(conv(x)))``
    (without the ReLUs: MobileNetV2's adds)."""
    steps = [("c", conv(c, use_bias=bias), ("x",)), ("b", BN, ("c",))]
    if relu:
        steps.append(("b", RELU, ("b",)))
    for _ in range(blocks):
        steps += [("c", conv(c, use_bias=bias), ("b",)), ("h", BN, ("c",)),
                  ("b", ADD, ("b", "h"))]
        if relu:
            steps.append(("b", RELU, ("b",)))
    return steps


#: (input shape, statements ``(target, layer, inputs)``, whether XLA's count is derived)
GRAPHS = [
    # MobileNetV2: a BatchNormalization read by a convolution and an Add, copied once
    ((4, 4, 4), residual(1, 4, relu=False, bias=False), True),
    ((3, 5, 8), residual(1, 8, relu=False, bias=False), True),
    # an Add read by a convolution and the next Add is computed once
    ((4, 4, 4), residual(3, 4, relu=False, bias=False), True),
    # ResNet: the ReLU brings its Add, BatchNormalization and bias add; the copies nest
    *[((3, 3, 8), residual(n, 8), True) for n in (1, 2, 3)],
    ((4, 2, 4), residual(2, 4, bias=False), True),
    # ReLU6 in the chain; a copied ReLU read by a convolution and another ReLU
    ((4, 4, 4), [("c", conv(4), ("x",)), ("b", L("ReLU", {"max_value": 6.0}), ("c",)),
                 ("d", conv(4), ("b",)), ("e", ADD, ("b", "d"))], True),
    ((4, 4, 4), [("c", conv(4), ("x",)), ("b", BN, ("c",)), ("d", conv(4), ("b",)),
                 ("r", RELU, ("b",)), ("e", ADD, ("r", "d"))], True),
    # a biased Dense read by a Dense and an Add
    ((6,), [("d", L("Dense", {"units": 8}), ("x",)), ("e", L("Dense", {"units": 8}), ("d",)),
            ("f", ADD, ("d", "e"))], True),
    # a global average pooling reads the copied chain: derived under 4,096 elements
    ((3, 3, 8), [*residual(2, 8), ("p", L("GlobalAveragePooling2D", {}), ("b",))], True),
    ((8, 8, 64), [*residual(2, 64), ("p", L("GlobalAveragePooling2D", {}), ("b",))], False),
    # the fusion copying the chain also reads another layer (EfficientNet's Dropout): not derived
    ((4, 4, 4), [("c", conv(4, use_bias=False), ("x",)), ("b", BN, ("c",)),
                 ("d", conv(4, use_bias=False), ("b",)), ("h", BN, ("d",)),
                 ("y", L("Dropout", {"rate": 0.2}), ("h",)), ("e", ADD, ("y", "b"))], False),
    # one position (every axis but the channels 1: MobileNetV2 at 32 x 32): a chain ending
    # in a BatchNormalization or a bias add is computed once, one ending in a ReLU copied
    ((1, 1, 4), residual(1, 4, relu=False), True),
    ((1, 1, 4), residual(1, 4, relu=False, bias=False), True),
    ((1, 1, 4), residual(2, 4), True),
    ((1, 1, 1), residual(1, 1, relu=False), True),
    # ... except for one channel or a 1x1 depthwise reader: not derived
    ((1, 1, 1), residual(1, 1), False),
    ((1, 1, 4), [("c", conv(4), ("x",)), ("b", RELU, ("c",)),
                 ("d", L("DepthwiseConv2D", {"kernel_size": 1, "use_bias": False}), ("b",)),
                 ("e", ADD, ("b", "d"))], False),
    # a row reduction reading a layer's element-wise end (a bias add, a merge): XLA computes
    # that end again in each reduction (not derived); without one, as counted
    ((4, 2), [("d", L("Dense", {"units": 2}), ("x",)), ("n", L("LayerNormalization", {}),
                                                       ("d",))], False),
    ((4, 4), [("d", L("Dense", {"units": 4, "use_bias": False}), ("x",)),
              ("n", L("LayerNormalization", {}), ("d",))], True),
    ((4, 4), [("d", L("Dense", {"units": 4, "use_bias": False}), ("x",)),
              ("e", ADD, ("x", "d")), ("n", L("Softmax", {}), ("e",))], False),
    ((4, 1), [("d", L("Dense", {"units": 1}), ("x",)), ("n", L("LayerNormalization", {}),
                                                       ("d",))], True),
    # another layer reading a chain that is read twice: not derived
    ((4, 4, 4), [*residual(1, 4), ("p", L("Multiply", {}), ("b", "b"))], False),
]


def graph_source(shape, steps) -> str:
    lines = ["model m():", f"    x = Input(shape={tuple(shape)})"]
    lines += [f"    {target} = {to_dsl(layer)}({', '.join(inputs)})"
              for target, layer, inputs in steps]
    return "\n".join(lines) + "\n"


def graph_keras(shape, steps):
    require("keras")
    import keras

    tensors = {"x": keras.Input(shape=tuple(shape))}
    start = tensors["x"]
    for target, layer, inputs in steps:
        made = getattr(keras.layers, layer.cls)(**layer.kwargs)
        args = [tensors[name] for name in inputs]
        tensors[target] = made(args if layer.cls in ("Add", "Multiply") else args[0])
    return start, tensors[target]


@pytest.mark.parametrize("shape, steps, derived", GRAPHS,
                         ids=[f"graph{i}" for i in range(len(GRAPHS))])
def test_graph_against_xla(shape, steps, derived):
    costs = symparams.parse(graph_source(shape, steps)).models["m"].evaluate().costs
    if not derived:
        assert costs["xla"] is None
        return
    measured = xla_cost(*graph_keras(shape, steps))
    assert costs["xla"] == measured["flops"]
    assert costs["transcendentals"] == measured["transcendentals"]


STAGES = [  # stdlib.resnet's blocks, the identity blocks as a repetition (the copies nest)
    ("    Bottleneck(4, stride=1)\n    BottleneckIdentity(4) * 3\n", (4, 5, 16)),
    ("    BottleneckIdentity(4) * 2\n", (3, 3, 16)),
]


def _keras_stage(shape, identities: int, projection: bool):
    require("keras")
    import keras

    k = keras.layers

    def conv_bn(x, filters, size, relu=True, padding="valid"):
        x = k.BatchNormalization(epsilon=1.001e-5)(k.Conv2D(filters, size, padding=padding)(x))
        return k.Activation("relu")(x) if relu else x

    def block(x, f, shortcut):
        s = conv_bn(x, 4 * f, 1, relu=False) if shortcut else x
        h = conv_bn(conv_bn(conv_bn(x, f, 1), f, 3, padding="same"), 4 * f, 1, relu=False)
        return k.Activation("relu")(k.Add()([s, h]))

    x = start = keras.Input(shape=shape)
    if projection:
        x = block(x, 4, True)
    for _ in range(identities):
        x = block(x, 4, False)
    return start, x


@pytest.mark.parametrize("body, shape", STAGES)
def test_resnet_stage_against_xla(body, shape):
    source = f"use stdlib.resnet\nmodel m():\n    Input(shape={shape})\n{body}"
    costs = symparams.parse(source).models["m"].evaluate().costs
    identities = int(body.rsplit("* ", 1)[1])
    assert costs["xla"] == xla_cost(*_keras_stage(shape, identities, "Bottleneck(" in body))[
        "flops"]


def test_symbolic_repetition_is_unknown():
    source = ("use stdlib.resnet\nmodel m(n=2):\n    Input(shape=(3, 3, 16))\n"
              "    BottleneckIdentity(4) * n\n")
    assert symparams.parse(source).models["m"].evaluate().costs["xla"] is None


NETWORKS = [  # (file, model, keras.applications class, H, W)
    ("examples/resnet50.sp", "resnet50", "ResNet50", 32, 32),
    ("benchmarks/mobilenet_v2.sp", "mobilenet_v2", "MobileNetV2", 64, 96),
    ("benchmarks/mobilenet_v2.sp", "mobilenet_v2", "MobileNetV2", 32, 32),
]


def network(path: str, name: str, h: int, w: int):
    """The example's model at H × W, the input shape written in numbers: where a copied chain
    reaches a global average pooling, its ``xla`` count is known only for sizes that are
    numbers (below :data:`~symparams.engine.fusion_copies.REDUCE_FUSION_FROM` elements)."""
    text = (ROOT / path).read_text().replace("Input(shape=(H, W, 3))",
                                             f"Input(shape=({h}, {w}, 3))")
    return symparams.parse(text).models[name].evaluate({"H": h, "W": w})


@pytest.mark.parametrize("path, name, cls, h, w", NETWORKS, ids=[n[1] for n in NETWORKS])
def test_network_against_xla(path, name, cls, h, w):
    """The whole network up to its classifier: XLA counts the classifier after a pooling of
    1,280 or 2,048 channels one or two flops apart, not derived yet."""
    require("keras")
    import keras

    from .oracle import uninitialised_variables

    with uninitialised_variables():
        net = getattr(keras.applications, cls)(weights=None, input_shape=(h, w, 3))
    measured = xla_cost(net.input, net.get_layer("predictions").input)
    ev = network(path, name, h, w)
    assert ev.layers[-1].type == "Dense"
    assert ev.costs["xla"] - ev.layers[-1].costs["xla"] == measured["flops"]


@pytest.mark.parametrize("h, w", [(64, 64), (32, 40)])
def test_large_pooling_is_unknown(h, w):
    ev = network("examples/resnet50.sp", "resnet50", h, w)
    assert ev.costs["xla"] is None and ev.costs["flops"] is not None
    symbolic = symparams.parse_file(str(ROOT / "examples/resnet50.sp")).models["resnet50"]
    assert symbolic.count("xla") is None


def test_graph_is_analysed_only_for_the_xla_count(monkeypatch):
    """A summary, MACs or FLOPs never walk the graph for XLA's copies; the ``xla`` count
    walks it once for the whole model."""
    from symparams.engine import fusion_copies

    calls = []
    analyse = fusion_copies._extras
    monkeypatch.setattr(fusion_copies, "_extras", lambda layers: calls.append(1) or
                        analyse(layers))
    model = network("benchmarks/mobilenet_v2.sp", "mobilenet_v2", 64, 64)
    assert model.costs["flops"] is not None and model.costs["macs"] is not None
    symbolic = symparams.parse_file(str(ROOT / "benchmarks/mobilenet_v2.sp"))
    symbolic.models["mobilenet_v2"].count("flops")
    assert calls == []
    assert model.costs["xla"] is not None
    assert calls == [1]


@pytest.mark.parametrize("h, w", [(32, 32), (32, 64), (96, 64)])
def test_symbolic_network_at_values(h, w):
    """MobileNetV2 with symbols H and W, at values, counts what it counts with the values
    written in: the copies through a tensor of one position are conditions on H and W."""
    symbolic = symparams.parse_file(str(ROOT / "benchmarks/mobilenet_v2.sp"))
    at_values = symbolic.models["mobilenet_v2"].evaluate({"H": h, "W": w}).costs["xla"]
    assert at_values is not None
    assert at_values == network("benchmarks/mobilenet_v2.sp", "mobilenet_v2", h, w).costs["xla"]
