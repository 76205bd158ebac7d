"""Whole-network MACs against the figures published for them (fvcore's convention: one
multiply-accumulate of a convolution or a dense layer counts once, nothing else counts)."""

from __future__ import annotations

from pathlib import Path

import pytest

import symparams

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("file, model, published, exact", [
    # LeNet-5 (LeCun et al. 1998) on 32x32x1: 117,600 + 240,000 + 48,000 + 10,080 + 840, the
    # 416,520 MACs the issue quotes for fvcore's convention.
    ("lenet5.sp", "lenet5", 416_520, 416_520),
    # VGG16 at 224x224 (Simonyan & Zisserman 2015): "15.5 GMACs" in the usual tables
    # (torchvision / ptflops list 15.47 GMac); exact: 15,470,264,320.
    ("vgg16.sp", "vgg16", 15.5e9, 15_470_264_320),
    # Keras's ResNet50 (stride on the first 1x1 convolution of a block): about 3.9 GMACs
    # (torchvision's stride-on-3x3 variant is the 4.1 often quoted); exact: 3,857,973,248.
    ("resnet50.sp", "resnet50", 3.9e9, 3_857_973_248),
])
def test_published_macs(file, model, published, exact):
    costs = symparams.parse_file(EXAMPLES / file)[model].evaluate().costs
    assert costs["macs"] == costs["fvcore"] == exact
    assert abs(costs["macs"] - published) / published < 0.02


def test_kaplan_forward_flops():
    """Kaplan et al. (2020), "Scaling Laws for Neural Language Models", Table 1: a forward
    pass costs C_forward = 2N + 2 n_layer n_ctx d_attn FLOPs per token, N = 2 d_model n_layer
    (2 d_attn + d_ff) the non-embedding parameters without biases and norms (a multiply-add
    counted as 2 FLOPs). symparams's FLOPs of examples/gpt.sp, one sequence of n_ctx tokens,
    are n_ctx C_forward plus exactly the terms Kaplan drops, named in docs/compute.md."""
    import sympy

    model = symparams.parse_file(EXAMPLES / "gpt.sp")["gpt"]
    s = model.symbols
    n_layer, d, heads, d_ff, vocab, ctx = (s[n] for n in (
        "n_layer", "d_model", "n_heads", "d_ff", "n_vocab", "n_ctx"))
    k = sympy.Symbol("k", positive=True, integer=True)  # key_dim: d_model = n_heads k
    d_attn = heads * k
    n = 2 * d_attn * n_layer * (2 * d_attn + d_ff)
    kaplan = ctx * (2 * n + 2 * n_layer * ctx * d_attn)
    dropped = {
        # Kaplan counts one n_ctx d_attn product per token and layer; Q K^T and A V are two
        "second context product (A V)": 2 * n_layer * ctx**2 * d_attn,
        "de-embedding (output projection)": 2 * ctx * d_attn * vocab,
        "embedding lookups and their sum": 2 * ctx * (d_attn + 7) + ctx * d_attn,
        "biases": n_layer * ctx * (4 * d_attn + d_ff + d_attn),
        "layer normalization": (2 * n_layer + 1) * ctx * (9 * d_attn + 4),
        "softmax and score scaling": n_layer * heads * (7 * ctx**2 - ctx),
        "GELU": 65 * n_layer * ctx * d_ff,
        "residual adds": 2 * n_layer * ctx * d_attn,
    }
    flops = model.count("flops").xreplace({d: d_attn})
    assert sympy.expand(flops - kaplan - sum(dropped.values())) == 0
    # the matrix products alone: Kaplan's count, the second context product, the de-embedding
    macs = model.count("macs").xreplace({d: d_attn})
    assert sympy.expand(2 * macs - kaplan - 2 * n_layer * ctx**2 * d_attn
                        - 2 * ctx * d_attn * vocab) == 0
