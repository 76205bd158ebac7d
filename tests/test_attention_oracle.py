"""Layers of several inputs against real Keras: GroupQueryAttention as cross-attention,
Attention, AdditiveAttention and Dot, on random shapes (valid and not) and a fixed table.

Keras builds these layers without checking most sizes (only GroupQueryAttention's query and
value features, and Dot's contracted axes); its call is what fails. So Keras's side of a case
is the build (reported shape, weight counts) and, for the layers without projections, a real
call on zeros whose shape must be the reported one. A case Keras fails either way must be
rejected by symparams; every other case must match, with numbers and with symbols.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symparams
from symparams.layers.registry import layer_types

from .conftest import require
from .oracle import L, to_dsl, uninitialised_variables
from .test_catalog_oracle import Sym

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

PROJECTIONS = ("GroupQueryAttention", "MultiHeadAttention")


def _call(keras, layer, spec: L, inputs):
    if spec.cls in PROJECTIONS:
        return layer(*inputs)
    return layer(list(inputs))


def keras_truth(spec: L, shapes, run: bool = True):
    """``(output shape, trainable, non_trainable)`` or None if Keras fails (build or call)."""
    require("keras")
    import keras
    import numpy as np

    def make():
        return getattr(keras.layers, spec.cls)(**spec.kwargs)

    try:
        with uninitialised_variables():
            layer = make()
            y = _call(keras, layer, spec, [keras.Input(shape=s) for s in shapes])
        reported = tuple(int(d) for d in y.shape[1:])
        if run:
            out = _call(keras, make(), spec, [np.zeros((2, *s), "float32") for s in shapes])
            if tuple(out.shape[1:]) != reported:
                return None
    except Exception:  # noqa: BLE001 - Keras raises ValueError, TypeError, ...
        return None
    count = sum(int(np.prod(w.shape)) for w in layer.trainable_weights)
    frozen = sum(int(np.prod(w.shape)) for w in layer.non_trainable_weights)
    return reported, count, frozen


def graph_source(spec: L, shapes, symbols: dict[str, int] | None = None) -> str:
    lines = ["model g(" + ", ".join(f"{k}={v}" for k, v in sorted((symbols or {}).items()))
             + "):"]
    names = [f"i{n}" for n in range(len(shapes))]
    for name, shape in zip(names, shapes, strict=True):
        inner = ", ".join(repr(d) for d in shape)
        lines.append(f"    {name} = Input(shape=({inner}{',' if len(shape) == 1 else ''}))")
    lines.append(f"    {to_dsl(spec)}({', '.join(names)})")
    return "\n".join(lines) + "\n"


def _symbolic_shapes(shapes, seed: int):
    """Each distinct size written as a symbol or not (the same choice everywhere: these
    layers need sizes provably equal, as merges do)."""
    rnd = random.Random(seed)
    values = sorted({d for shape in shapes for d in shape})
    used = {f"s{d}": d for d in values if d > 1 and rnd.random() < 0.6}  # 1 broadcasts
    return [tuple(Sym(f"s{d}", d) if f"s{d}" in used else d for d in shape)
            for shape in shapes], used


def check(spec: L, shapes, seed: int = 0, run: bool = True) -> bool:
    truth = keras_truth(spec, shapes, run)
    source = graph_source(spec, shapes)
    if truth is None:
        with pytest.raises(symparams.SymparamsError):
            symparams.parse(source)["g"].evaluate()
        return False
    sym_shapes, used = _symbolic_shapes(shapes, seed)
    for text in (source, graph_source(spec, sym_shapes, used)):
        ev = symparams.parse(text)["g"].evaluate()
        (layer,) = ev.layers
        assert (layer.output_shape, layer.trainable, layer.non_trainable) == truth, text
    return True


# -- random cases --------------------------------------------------------------------------------


def _near(draw, n: int) -> int:
    """Usually ``n``, sometimes another size (to make invalid cases)."""
    return n if draw(st.integers(0, 5)) else draw(st.integers(1, 4))


@st.composite
def scoring_cases(draw):
    cls = draw(st.sampled_from(["Attention", "AdditiveAttention", "Dot"]))
    if cls == "Dot":
        rank1, rank2 = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        first = tuple(draw(st.integers(1, 4)) for _ in range(rank1))
        second = [draw(st.integers(1, 4)) for _ in range(rank2)]
        i, j = draw(st.integers(1, rank1)), draw(st.integers(1, rank2))
        second[j - 1] = _near(draw, first[i - 1])
        if draw(st.booleans()):
            i, j = i - rank1 - 1, j - rank2 - 1
        axes = i if i == j and draw(st.booleans()) else (i, j)
        if not draw(st.integers(0, 15)):
            axes = 0
        kwargs = {"axes": axes, **({"normalize": True} if draw(st.booleans()) else {})}
        return L(cls, kwargs), [first, tuple(second)]
    tq, tv, d = (draw(st.integers(1, 4)) for _ in range(3))
    query = (tq, d)  # other ranks: test_attention_takes_rank_2_only
    value = (tv, draw(st.integers(1, 4)))
    key = (_near(draw, tv), _near(draw, d) if draw(st.integers(0, 3)) else 1)
    shapes = [query, value] + ([key] if draw(st.booleans()) else [])
    if len(shapes) == 2:
        shapes[1] = (tv, _near(draw, d))
    kwargs: dict = {}
    if draw(st.booleans()):
        kwargs["use_scale"] = draw(st.booleans())
    if cls == "Attention" and draw(st.booleans()):
        kwargs["score_mode"] = draw(st.sampled_from(["dot", "concat"]))
    return L(cls, kwargs), shapes


_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                       HealthCheck.data_too_large])


@settings(max_examples=150, **_SETTINGS)
@given(scoring_cases(), st.integers(0, 1000))
def test_random_scoring_layers_match_keras(case, seed):
    spec, shapes = case
    check(spec, shapes, seed)


@st.composite
def gqa_cases(draw):
    groups = draw(st.integers(1, 3))
    kwargs = {"head_dim": draw(st.integers(1, 3)),
              "num_query_heads": groups * draw(st.integers(1, 3)),
              "num_key_value_heads": groups}
    for flag in ("use_bias", "use_gate"):
        if draw(st.booleans()):
            kwargs[flag] = draw(st.booleans())
    tq, tv, d = (draw(st.integers(1, 5)) for _ in range(3))
    shapes = [(tq, d), (tv, _near(draw, d))]
    if draw(st.booleans()):
        shapes.append((tv, draw(st.integers(1, 5))))
    return L("GroupQueryAttention", kwargs), shapes


@settings(max_examples=80, **_SETTINGS)
@given(gqa_cases(), st.integers(0, 1000))
def test_random_cross_attention_matches_keras(case, seed):
    spec, shapes = case
    check(spec, shapes, seed, run=False)  # Keras checks these sizes when it builds


# -- every layer and flag at least once ----------------------------------------------------------

GQA = {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2}
VALID = [
    (L("GroupQueryAttention", GQA), [(5, 6), (7, 6)]),
    (L("GroupQueryAttention", GQA), [(5, 6), (7, 6), (7, 3)]),
    (L("GroupQueryAttention", {**GQA, "use_bias": False, "use_gate": True}),
     [(5, 6), (7, 6), (7, 2)]),
    (L("GroupQueryAttention", {**GQA, "trainable": False}), [(5, 6), (7, 6)]),
    (L("MultiHeadAttention", {"num_heads": 2, "key_dim": 3}), [(5, 6), (7, 4), (7, 2)]),
    (L("Attention", {}), [(5, 6), (7, 6)]),
    (L("Attention", {}), [(5, 6), (7, 4), (7, 6)]),
    (L("Attention", {"use_scale": True, "score_mode": "concat"}), [(5, 6), (7, 6)]),
    (L("Attention", {"use_scale": True, "trainable": False}), [(5, 6), (7, 6)]),
    (L("AdditiveAttention", {}), [(5, 6), (7, 6)]),
    (L("AdditiveAttention", {}), [(5, 6), (7, 4), (7, 1)]),
    (L("AdditiveAttention", {"use_scale": False}), [(5, 6), (7, 6)]),
    (L("Dot", {"axes": -1}), [(5, 6), (7, 6)]),
    (L("Dot", {"axes": (1, 1), "normalize": True}), [(5, 6), (5, 3)]),
    (L("Dot", {"axes": 1}), [(6,), (6,)]),
    (L("Dot", {"axes": (2, 1)}), [(5, 6, 2), (6, 3)]),
    (L("Dot", {"axes": (1, 2)}), [(5, 6, 2), (6, 5, 3)]),
    (L("Dot", {"axes": (-1, 1)}), [(5, 6), (6,)]),
]
INVALID = [
    (L("GroupQueryAttention", GQA), [(5, 6), (7, 5)]),  # query and value features
    (L("GroupQueryAttention", GQA), [(5, 3, 6), (5, 3, 6)]),  # builds; the call fails
    (L("GroupQueryAttention", GQA), [(5, 6), (7, 6), (8, 6)]),  # key and value timesteps
    (L("Attention", {}), [(5, 6), (7, 4)]),  # dot scores: query and key features
    (L("Attention", {}), [(5, 6), (7, 4), (8, 6)]),
    (L("AdditiveAttention", {}), [(5, 6), (7, 4)]),
    (L("Dot", {"axes": 0}), [(5, 6), (5, 6)]),
    (L("Dot", {"axes": -1}), [(5, 6), (5, 3)]),
    (L("Dot", {"axes": (1, 3)}), [(5, 6), (5, 3)]),
]


def _ids(table):
    return [f"{spec.cls}-{n}" for n, (spec, _) in enumerate(table)]


@pytest.mark.parametrize(("spec", "shapes"), VALID, ids=_ids(VALID))
def test_valid(spec, shapes):
    assert check(spec, shapes, run=spec.cls not in PROJECTIONS)


@pytest.mark.parametrize(("spec", "shapes"), INVALID, ids=_ids(INVALID))
def test_invalid(spec, shapes):
    assert not check(spec, shapes)


def test_table_covers_every_layer_of_several_inputs():
    covered = {spec.cls for spec, _ in VALID} | {"Add", "Subtract", "Multiply", "Average",
                                                 "Maximum", "Minimum", "Concatenate"}
    covered.add("HashedCrossing")  # needs TensorFlow: tests/test_catalog_lookup_oracle.py
    covered.add("CustomScaleLayer")  # InceptionResNetV2's: tests/test_import.py
    several = {t.name for t in layer_types() if "inputs" in t.extra or "cross" in t.extra}
    assert several - covered == set()


def test_gqa_needs_heads_a_multiple_of_groups():
    source = "model m(h=3, g=2):\n    Input(shape=(5, 6))\n    GroupQueryAttention(2, h, g)\n"
    with pytest.raises(symparams.SymparamsError, match="multiple"):
        symparams.parse(source)["m"].evaluate()
    with pytest.raises(Exception):  # noqa: B017 - Keras's ValueError
        keras_truth_or_raise = L("GroupQueryAttention", {"head_dim": 2, "num_query_heads": 3,
                                                         "num_key_value_heads": 2})
        require("keras")
        import keras

        keras.layers.GroupQueryAttention(**keras_truth_or_raise.kwargs)


@pytest.mark.parametrize("shapes", [[(6,), (6,)], [(3, 5, 6), (3, 7, 6)], [(2, 1, 1), (1, 1)]])
def test_attention_takes_rank_2_only(shapes):
    """A deliberate limit: Keras documents (batch, timesteps, features) inputs and computes
    something for other ranks too (matmul broadcasting); symparams takes the documented
    form only and says so."""
    assert keras_truth(L("Attention", {}), shapes) is not None
    with pytest.raises(symparams.SymparamsError, match="timesteps, features"):
        symparams.parse(graph_source(L("Attention", {}), shapes))
