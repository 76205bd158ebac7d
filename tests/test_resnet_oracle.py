"""examples/resnet50.sp against keras.applications.ResNet50(weights=None): totals exactly,
and the closed-form spatial sizes at an odd input size."""

from __future__ import annotations

import pytest
import sympy

import symparams
from symparams.symbolic.integers import symbol

from .conftest import EXAMPLES, require
from .keras_subprocess import run_keras

# Keras's names for the end of the stem and of each stage.
STAGE_ENDS = ("pool1_pool", "conv2_block3_out", "conv3_block4_out", "conv4_block6_out",
              "conv5_block3_out", "avg_pool", "predictions")

SCRIPT = f"STAGE_ENDS = {STAGE_ENDS!r}\n" + """
import json, math, keras
facts = {}
for shape in (None, (197, 230, 3)):
    kwargs = {} if shape is None else {"input_shape": shape}
    m = keras.applications.ResNet50(weights=None, include_top=True, **kwargs)
    count = lambda ws: sum(math.prod(int(d) for d in w.shape) for w in ws)
    facts[str(shape)] = {
        "total": m.count_params(), "trainable": count(m.trainable_weights),
        "non_trainable": count(m.non_trainable_weights),
        "shapes": {l.name: list(l.output.shape[1:]) for l in m.layers if l.name in STAGE_ENDS},
    }
for name in ("ResNet101", "ResNet152"):
    facts[name] = getattr(keras.applications, name)(weights=None).count_params()
print(json.dumps(facts))
"""


@pytest.fixture(scope="module")
def keras_resnet():
    require("keras")
    return run_keras(SCRIPT)


def _resnet50():
    return symparams.parse_file(EXAMPLES / "resnet50.sp")["resnet50"]


@pytest.mark.oracle
@pytest.mark.parametrize("size", [None, (197, 230, 3)], ids=["224", "197x230"])
def test_resnet50_counts_and_shapes_match_keras(keras_resnet, size):
    facts = keras_resnet[str(size)]
    values = {} if size is None else {"H": size[0], "W": size[1]}
    model = _resnet50()
    ev = model.evaluate(values)
    assert (ev.params, ev.trainable, ev.non_trainable) == \
        (facts["total"], facts["trainable"], facts["non_trainable"])
    ours = [list(row.output_shape) for row in ev.layers]  # stem, 4 stages, pooling, dense
    assert ours == [facts["shapes"][name] for name in STAGE_ENDS]


def test_resnet50_symbolic_sizes_are_closed_form():
    model = _resnet50()
    H, W = symbol("H"), symbol("W")
    stem, *stages = (row.output_shape for row in model.layers[:5])
    assert stem[:2] == (sympy.floor((H + 3) / 4), sympy.floor((W + 3) / 4))
    assert stages[-1] == (sympy.floor((H + 31) / 32), sympy.floor((W + 31) / 32), 2048)
    assert not (model.params.free_symbols & {H, W})  # global pooling: counts do not depend


@pytest.mark.oracle
def test_symbolic_stage_sizes_give_resnet101_and_152(keras_resnet):
    model = symparams.parse_file(EXAMPLES / "resnet50.sp")["resnet"]
    assert model.evaluate().params == _resnet50().evaluate().params
    assert model.evaluate(b4=23).params == keras_resnet["ResNet101"]
    assert model.evaluate(b3=8, b4=36).params == keras_resnet["ResNet152"]
