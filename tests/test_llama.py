"""examples/llama.sp: Llama 3 8B's published count from the formula, and Keras builds of the
same stack (RMSNormalization, GroupQueryAttention, SwiGLU, ReversibleEmbedding) at small
sizes, tied and untied."""

from __future__ import annotations

import json

import pytest
import sympy

import symparams
from symparams.symbolic.integers import symbol

from .conftest import EXAMPLES, require
from .keras_subprocess import run_keras

SYMBOLS = ("n_layer", "d_model", "n_heads", "n_kv_heads", "d_ff", "vocab", "n_ctx")
LLAMA3_8B = dict(n_layer=32, d_model=4096, n_heads=32, n_kv_heads=8, d_ff=14336,
                 vocab=128256, n_ctx=8192)
LLAMA32_1B = dict(n_layer=16, d_model=2048, n_heads=32, n_kv_heads=8, d_ff=8192,
                  vocab=128256, n_ctx=8192)
SIZES = [
    dict(n_layer=1, d_model=8, n_heads=2, n_kv_heads=1, d_ff=12, vocab=11, n_ctx=5),
    dict(n_layer=2, d_model=12, n_heads=4, n_kv_heads=2, d_ff=20, vocab=30, n_ctx=3),
    dict(n_layer=3, d_model=16, n_heads=4, n_kv_heads=4, d_ff=7, vocab=9, n_ctx=4),
]

SCRIPT = """
import json, math, sys, keras
L = keras.layers

def llama(n_layer, d_model, n_heads, n_kv_heads, d_ff, vocab, n_ctx, tie):
    tokens = keras.Input((n_ctx,), dtype="int32")
    emb = L.ReversibleEmbedding(vocab, d_model, tie_weights=tie)
    x = emb(tokens)
    for _ in range(n_layer):
        h = L.RMSNormalization(epsilon=1e-5)(x)
        a = L.GroupQueryAttention(d_model // n_heads, n_heads, n_kv_heads, use_bias=False)(
            h, h, use_causal_mask=True)
        x = L.Add()([x, a])
        h = L.RMSNormalization(epsilon=1e-5)(x)
        g = L.Dense(d_ff, activation="silu", use_bias=False)(h)
        u = L.Dense(d_ff, use_bias=False)(h)
        f = L.Dense(d_model, use_bias=False)(L.Multiply()([g, u]))
        x = L.Add()([x, f])
    x = L.RMSNormalization(epsilon=1e-5)(x)
    return keras.Model(tokens, emb(x, reverse=True))

out = []
for size in json.loads(SIZES):
    row = []
    for tie in (False, True):
        m = llama(**size, tie=tie)
        unique = {id(w): w for w in m.weights}.values()
        row.append([sum(math.prod(int(d) for d in w.shape) for w in unique),
                    list(m.output.shape[1:])])
    out.append(row)
print(json.dumps(out))
"""


def _doc():
    return symparams.parse_file(EXAMPLES / "llama.sp")


def test_symbols():
    doc = _doc()
    for name in ("llama", "llama_tied"):
        assert tuple(doc[name].symbols) == SYMBOLS


def test_total_is_the_closed_form():
    layers, d, heads, kv, ff, vocab, _ = (symbol(s) for s in SYMBOLS)
    block = 2 * d * d + 2 * d * (d // heads) * kv + 3 * d * ff + 2 * d
    doc = _doc()
    for name, embeddings in (("llama", 2), ("llama_tied", 1)):
        closed = embeddings * vocab * d + layers * block + d
        t = sympy.Dummy("t", integer=True, positive=True)  # d_model = n_heads * t
        difference = (doc[name].params - closed).xreplace({d: heads * t})
        assert sympy.expand(difference) == 0, name


def test_llama3_8b_published_count():
    doc = _doc()
    assert doc["llama"].values == LLAMA3_8B
    assert doc["llama"].evaluate().params == 8_030_261_248  # Meta's Llama 3 8B
    assert doc["llama"].params.subs(
        {symbol(k): v for k, v in LLAMA3_8B.items()}) == 8_030_261_248


def test_llama32_1b_tied_count():
    doc = _doc()
    assert doc["llama_tied"].values == LLAMA32_1B
    assert doc["llama_tied"].evaluate().params == 1_235_814_400  # Meta's Llama 3.2 1B


def test_untied_adds_one_vocabulary_matrix():
    doc = _doc()
    d, vocab = symbol("d_model"), symbol("vocab")
    assert sympy.expand(doc["llama"].params - doc["llama_tied"].params) == d * vocab


@pytest.mark.oracle
def test_llama_matches_keras_at_several_sizes():
    require("keras")
    facts = run_keras(SCRIPT.replace("json.loads(SIZES)",
                                     f"json.loads({json.dumps(json.dumps(SIZES))})"))
    doc = _doc()
    for size, (untied, tied) in zip(SIZES, facts, strict=True):
        for name, truth in (("llama", untied), ("llama_tied", tied)):
            ev = doc[name].evaluate(size)
            assert [ev.params, list(ev.output_shape)] == truth, (name, size)
