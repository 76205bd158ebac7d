"""Issue 12's language against real Keras: shapes read inside blocks, conditions, growing
repetition, counts of 0, exact fractions and helpers, each compared with a Keras model built
by Keras's own application code (``keras.src.applications``) where it exists."""

from __future__ import annotations

import pytest

import symparams

from .keras_subprocess import run_keras

MAKE_DIVISIBLE = """
def make_divisible(v, divisor=8, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v
"""

INVERTED_RESIDUAL = MAKE_DIVISIBLE + """
block InvertedResidual(filters, stride, expansion, alpha)(x):
    c_in = x.shape[-1]
    c_out = make_divisible(int(filters * alpha), 8)
    if expansion != 1:
        Conv2D(expansion * c_in, 1, padding="same", use_bias=False)(x)
        BatchNormalization(epsilon=1e-3, momentum=0.999)
        ReLU(6.0)
    if stride == 2:
        DepthwiseConv2D(3, strides=2, use_bias=False, padding="valid")
    else:
        DepthwiseConv2D(3, strides=1, use_bias=False, padding="same")
    BatchNormalization(epsilon=1e-3, momentum=0.999)
    ReLU(6.0)
    Conv2D(c_out, 1, padding="same", use_bias=False)
    y = BatchNormalization(epsilon=1e-3, momentum=0.999)
    if stride == 1 and c_in == c_out:
        Add()(x, y)

model ir(H=32, W=32):
    Input(shape=(H, W, 3))
    Conv2D(make_divisible(32 * ALPHA), 3, strides=2, padding="same", use_bias=False)
    InvertedResidual(16, 1, 1, ALPHA)
    InvertedResidual(24, 2, 6, ALPHA)
    InvertedResidual(24, 1, 6, ALPHA)
"""

KERAS_IR = """
import json, keras
from keras.src.applications.mobilenet_v2 import _inverted_res_block, _make_divisible
out = {}
for alpha in ALPHAS:
    x = inp = keras.Input((32, 32, 3))
    x = keras.layers.Conv2D(_make_divisible(32 * alpha, 8), 3, strides=2, padding="same",
                            use_bias=False)(x)
    x = _inverted_res_block(x, filters=16, alpha=alpha, stride=1, expansion=1, block_id=0)
    x = _inverted_res_block(x, filters=24, alpha=alpha, stride=2, expansion=6, block_id=1)
    x = _inverted_res_block(x, filters=24, alpha=alpha, stride=1, expansion=6, block_id=2)
    m = keras.Model(inp, x)
    out[str(alpha)] = [sum(int(__import__("math").prod(w.shape)) for w in m.trainable_weights),
                       sum(int(__import__("math").prod(w.shape)) for w in m.non_trainable_weights),
                       list(m.output.shape[1:])]
print(json.dumps(out))
"""

# Keras's stride-2 block pads with correct_pad before a 'valid' depthwise conv; at an even
# size that is ZeroPadding2D(((0, 1), (0, 1))). The DSL block above uses 'valid' without the
# padding, so the shapes differ: compare counts, which padding does not change.


def test_inverted_residual_with_shapes_conditions_and_alpha_against_keras():
    alphas = ["0.35", "0.5", "0.75", "1.0", "1.3", "1.4"]
    keras = run_keras(KERAS_IR.replace("ALPHAS", "[" + ", ".join(alphas) + "]"))
    for alpha in alphas:  # a literal alpha: the residual condition is decided per width
        got = symparams.parse(INVERTED_RESIDUAL.replace("ALPHA", alpha))["ir"].evaluate()
        trainable, non_trainable, _ = keras[str(float(alpha))]
        assert (got.trainable, got.non_trainable) == (trainable, non_trainable), alpha


def test_an_open_residual_condition_on_a_symbolic_width_is_a_located_error():
    """At alpha = 1/4 both widths are 8 and Keras adds the residual; at 3/4 it does not:
    with alpha a symbol the branch cannot be picked."""
    source = INVERTED_RESIDUAL.replace("model ir(H=32, W=32)", "model ir(H=32, W=32, alpha=3/4)"
                                       ).replace("ALPHA", "alpha")
    with pytest.raises(symparams.ShapeError) as info:
        symparams.parse(source)
    assert "cannot decide the condition 'stride == 1 and c_in == c_out'" in str(info.value)
    assert "alpha" in str(info.value) and "assume" in info.value.hint


DENSE = """
block ConvBlock(g)(x):
    BatchNormalization(epsilon=1.001e-5)(x)
    Activation("relu")
    Conv2D(4 * g, 1, use_bias=False)
    BatchNormalization(epsilon=1.001e-5)
    Activation("relu")
    y = Conv2D(g, 3, padding="same", use_bias=False)
    Concatenate()(x, y)

block DenseBlock(n, g=32)(x):
    repeat n as h, i:
        ConvBlock(g)(h)

model dense(H=16, W=16, C=64, n=6):
    assume n >= 0
    Input(shape=(H, W, C))
    DenseBlock(n)
"""

KERAS_DENSE = """
import json, math, keras
from keras.src.applications.densenet import dense_block
out = {}
for n in COUNTS:
    inp = keras.Input((16, 16, 64))
    x = dense_block(inp, n, name=f"d{n}") if n else inp
    m = keras.Model(inp, x)
    out[str(n)] = [sum(math.prod(w.shape) for w in m.trainable_weights),
                   sum(math.prod(w.shape) for w in m.non_trainable_weights),
                   list(x.shape[1:])]
print(json.dumps(out))
"""


def test_growing_dense_block_is_a_closed_form_that_keras_agrees_with():
    counts = [0, 1, 2, 6, 12]
    keras = run_keras(KERAS_DENSE.replace("COUNTS", str(counts)))
    model = symparams.parse(DENSE)["dense"]
    block = model.layers[0]
    assert block.output_shape[-1] == model.symbols["C"] + 32 * model.symbols["n"]
    for n in counts:
        got = model.evaluate(n=n)
        trainable, non_trainable, shape = keras[str(n)]
        assert (got.trainable, got.non_trainable, list(got.layers[-1].output_shape)) == (
            trainable, non_trainable, shape), n


RESNET_ONE = """
use stdlib.resnet
model m(H=32, W=32):
    Input(shape=(H, W, 64))
    ResNetStage(16, 1)
"""


def test_resnet_stage_of_one_block_against_keras():
    keras = run_keras("""
import json, math, keras
from keras.src.applications.resnet import stack_residual_blocks_v1
inp = keras.Input((32, 32, 64))
x = stack_residual_blocks_v1(inp, 16, 1, name="s")
m = keras.Model(inp, x)
print(json.dumps([sum(math.prod(w.shape) for w in m.trainable_weights),
                  sum(math.prod(w.shape) for w in m.non_trainable_weights)]))
""")
    got = symparams.parse(RESNET_ONE)["m"].evaluate()
    assert [got.trainable, got.non_trainable] == keras
