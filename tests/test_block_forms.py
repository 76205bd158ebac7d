"""A block's count derived once in its own parameters (engine.block_form), checked against
every use in the examples: the form at the use's values is the use's count, as a formula
and at the model's values (the counts Keras builds, see test_examples_oracle.py)."""

from __future__ import annotations

import pytest
import sympy

import symparams
from symparams.engine.block_form import BlockUse, block_use

EXAMPLES = [
    # file, model, block type -> the symbols of its form (None: no form, a reason instead)
    ("examples/resnet50.sp", "resnet50", {"Bottleneck": ("filters", "c"),
                                          "BottleneckIdentity": ("filters",),
                                          "ResNetStage": ("filters", "blocks", "c"),
                                          "ResNetStem": ("filters", "c")}),
    ("examples/resnet50.sp", "resnet", {"ResNetStage": ("filters", "blocks", "c")}),
    ("examples/densenet.sp", "densenet", {"DenseBlock": ("n", "g", "c"),
                                          "Transition": ("reduction", "c")}),
    ("examples/blocks.sp", "residual_mlp", {"ResidualMLP": ("d",)}),
    ("examples/mobilenetv2.sp", "mobilenetv2_100", {"InvertedResidual": None}),
    ("examples/mobilenetv2.sp", "mobilenetv2_035", {"InvertedResidual": None,
                                                    "MobileNetV2": None}),
]


def _pairs(layers, values):
    for layer, value in zip(layers, values, strict=True):
        yield layer, value
        yield from _pairs(layer.layers, value.layers)


@pytest.mark.parametrize(("path", "name", "expected"), EXAMPLES,
                         ids=[f"{p.split('/')[-1]}:{m}" for p, m, _ in EXAMPLES])
def test_every_use_is_its_form_at_its_values(path, name, expected):
    model = symparams.parse_file(path).models[name]
    evaluation = model.evaluate()
    subs = {model.symbols[k]: sympy.Integer(v) for k, v in evaluation.values.items()}
    found: dict[str, set] = {}
    for layer, value in _pairs(model.layers, evaluation.layers):
        if not layer.layers or layer.repeat is not None:
            continue
        use = block_use(layer)
        if isinstance(use, BlockUse):
            found.setdefault(layer.type, set()).add(tuple(map(str, use.form.shown)))
            at = {k: v.xreplace(subs) for k, v in use.values.items()}
            assert use.form.count.xreplace(at) == value.params, layer.name
        else:
            found.setdefault(layer.type, set()).add(use)
    for kind, symbols in expected.items():
        if symbols is None:
            assert all(isinstance(u, str) and u.startswith("its layers depend on whether")
                       for u in found[kind]), (kind, found[kind])
        else:
            assert found[kind] == {symbols}, (kind, found[kind])


def test_a_form_is_elaborated_once_per_kind():
    model = symparams.parse_file("examples/resnet50.sp").models["resnet50"]
    forms = {id(block_use(layer).form) for top in model.layers for layer in top.walk()
             if layer.type == "Bottleneck"}
    assert len(forms) == 1


@pytest.mark.parametrize(("source", "reason"), [
    ("block B(k)(x):\n    if k == 2:\n        Dense(4)(x)\n    else:\n        Dense(k)(x)\n"
     "model m(d=4):\n    Input(shape=(d,))\n    B(2)\n    B(3)\n",
     "its layers depend on whether k == 2"),
])
def test_a_block_whose_layers_depend_on_its_parameters_says_why(source, reason):
    model = symparams.parse(source).models["m"]
    assert block_use(model.layers[0]) == reason


EXPLAIN = [
    # example, model, lines that must appear in `symparams explain`
    ("examples/resnet50.sp", "resnet50", [
        "Bottleneck(f) on an input (h, w, c), f = filters: used 4 times, derived once",
        "    Conv2D: 4·f·(c·1·1 + 1)",
        "        = 5·c·f + 13·f² + 50·f",
        "    Repeat × (b − 1): (b − 1)·(17·f² + 30·f)",
        "res_net_stage_1 (ResNetStage(128, 4), c = 256): 17·4·128² + 30·4·128 + 5·256·128"
        " − 4·128² + 20·128",
        "    = 1,230,336 parameters",
    ]),
    ("examples/densenet.sp", "densenet", [
        "Transition(r) on an input (h, w, c), r = reduction: used 3 times, derived once",
        "transition_1 (Transition(1/2), c = 512): 512·⌊512·1/2⌋ + 4·512 = 133,120 parameters",
    ]),
    ("examples/mobilenetv2.sp", "mobilenetv2_100", [
        "        sum of its 5 layers; worked out per use: its layers depend on whether "
        "expansion ≠ 1",
    ]),
]


@pytest.mark.parametrize(("path", "name", "lines"), EXPLAIN,
                         ids=[f"{p.split('/')[-1]}:{m}" for p, m, _ in EXPLAIN])
def test_explain_derives_a_kind_once_then_its_uses(path, name, lines):
    from symparams.render.explain import explain_text
    from symparams.report.derivation import derive

    text = explain_text(derive(symparams.parse_file(path).models[name]))
    for line in lines:
        assert line in text.splitlines(), (line, text[:3000])
    assert "like the first's" not in text
