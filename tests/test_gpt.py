"""examples/gpt.sp: Kaplan et al.'s closed form, and real Keras builds at several sizes."""

from __future__ import annotations

import json

import pytest
import sympy

import symparams
from symparams.symbolic.integers import symbol

from .conftest import EXAMPLES, require
from .keras_subprocess import run_keras

SYMBOLS = ("n_layer", "d_model", "n_heads", "d_ff", "n_vocab", "n_ctx")
SIZES = [
    dict(n_layer=1, d_model=8, n_heads=2, d_ff=16, n_vocab=11, n_ctx=5),
    dict(n_layer=2, d_model=12, n_heads=3, d_ff=20, n_vocab=50, n_ctx=7),
    dict(n_layer=3, d_model=16, n_heads=4, d_ff=64, n_vocab=97, n_ctx=9),
    dict(n_layer=2, d_model=15, n_heads=5, d_ff=7, n_vocab=13, n_ctx=3),
]

# The same stack written in Keras's functional API: a position table and an output
# projection that reuses the token embedding's matrix are small custom layers.
SCRIPT = """
import json, math, sys, keras
from keras import ops

class PositionEmbedding(keras.layers.Layer):
    def __init__(self, length, width, **kw):
        super().__init__(**kw)
        self.length, self.width = length, width
    def build(self, shape):
        self.table = self.add_weight(shape=(self.length, self.width), name="positions")
    def call(self, tokens):
        return ops.broadcast_to(self.table, (ops.shape(tokens)[0], self.length, self.width))
    def compute_output_shape(self, shape):
        return (shape[0], self.length, self.width)

class TiedOutput(keras.layers.Layer):
    def __init__(self, embedding, **kw):
        super().__init__(**kw)
        self.embedding = embedding
    def call(self, x):
        return ops.matmul(x, ops.transpose(self.embedding.embeddings))
    def compute_output_shape(self, shape):
        return (*shape[:-1], self.embedding.input_dim)

def gpt(n_layer, d_model, n_heads, d_ff, n_vocab, n_ctx, kaplan=False):
    bias = not kaplan
    tokens = keras.Input((n_ctx,), dtype="int32")
    emb = keras.layers.Embedding(n_vocab, d_model)
    x = keras.layers.Add()([emb(tokens), PositionEmbedding(n_ctx, d_model)(tokens)])
    for _ in range(n_layer):
        h = x if kaplan else keras.layers.LayerNormalization(epsilon=1e-5)(x)
        a = keras.layers.MultiHeadAttention(n_heads, d_model // n_heads, use_bias=bias)(
            h, h, use_causal_mask=True)
        x = keras.layers.Add()([x, a])
        h = x if kaplan else keras.layers.LayerNormalization(epsilon=1e-5)(x)
        h = keras.layers.Dense(d_ff, activation="gelu", use_bias=bias)(h)
        h = keras.layers.Dense(d_model, use_bias=bias)(h)
        x = keras.layers.Add()([x, h])
    if not kaplan:
        x = keras.layers.LayerNormalization(epsilon=1e-5)(x)
    return keras.Model(tokens, TiedOutput(emb)(x))

out = []
for size in json.loads(sys.argv[1] if len(sys.argv) > 1 else SIZES):
    row = {}
    for kaplan in (False, True):
        m = gpt(**size, kaplan=kaplan)
        unique = {id(w): w for w in m.weights}.values()
        row["kaplan" if kaplan else "gpt"] = [
            sum(math.prod(int(d) for d in w.shape) for w in unique),
            list(m.output.shape[1:])]
    out.append(row)
print(json.dumps(out))
"""


def _doc():
    return symparams.parse_file(EXAMPLES / "gpt.sp")


def test_symbols_are_exactly_the_issue_s():
    doc = _doc()
    for name in ("gpt", "gpt_kaplan", "gpt_stdlib"):
        assert tuple(doc[name].symbols) == SYMBOLS


def test_kaplan_total_is_the_paper_s_formula():
    n_layer, d_model, n_heads, d_ff, n_vocab, n_ctx = (symbol(s) for s in SYMBOLS)
    d_attn = d_model
    kaplan = 2 * d_model * n_layer * (2 * d_attn + d_ff) + (n_vocab + n_ctx) * d_model
    total = _doc()["gpt_kaplan"].params
    assert sympy.expand(total - kaplan) == 0  # `assume d_model % n_heads == 0` in the model
    # and directly: key_dim = d_model // n_heads with d_model = n_heads*t
    t = sympy.Dummy("t", integer=True, positive=True)
    assert sympy.expand((total - kaplan).xreplace({d_model: n_heads * t})) == 0


def test_gpt2_small_count_and_stdlib_block_agree():
    doc = _doc()
    assert doc["gpt"].evaluate().params == doc["gpt_stdlib"].evaluate().params
    assert doc["gpt"].params == doc["gpt_stdlib"].params


def test_tied_projection_adds_no_parameters():
    doc = _doc()
    tied = doc["gpt"].layers[-1]
    assert tied.type == "Dense" and tied.params == 0
    assert "tied to token_embedding" in tied.derivation


@pytest.mark.oracle
def test_gpt_matches_keras_at_several_sizes():
    require("keras")
    facts = run_keras(SCRIPT.replace("SIZES)", json.dumps(json.dumps(SIZES)) + ")"))
    doc = _doc()
    for size, row in zip(SIZES, facts, strict=True):
        for name, key in (("gpt", "gpt"), ("gpt_stdlib", "gpt"), ("gpt_kaplan", "kaplan")):
            ev = doc[name].evaluate(size)
            assert [ev.params, list(ev.output_shape)] == row[key], (name, size)
