"""EinsumDense against real Keras: random equations (valid and not), fixed cases, symbols.

Keras's side of each case is three facts: whether ``EinsumDense`` builds on a symbolic input,
the shape it reports and its weight counts, and the shape ``np.einsum`` really computes with
that equation and kernel. A case is valid when Keras builds it, einsum runs, and the
reported shape (its ``None`` entries aside) is the computed one; symparams must then give the
computed shape and Keras's counts, and must reject every other case.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symparams

from .conftest import require
from .oracle import L, model_source, uninitialised_variables
from .test_catalog_oracle import Sym

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]


BATCH = 11
"""A batch size no axis of the cases has: an output without it first lost the batch."""


def keras_einsum(shape: tuple[int, ...], kwargs: dict):
    """``(output shape, trainable, non_trainable)`` if Keras builds it and reports the shape
    einsum computes, else None."""
    require("keras")
    import keras
    import numpy as np

    try:
        with uninitialised_variables():
            layer = keras.layers.EinsumDense(**kwargs)
            y = layer(keras.Input(shape=shape))
        kernel = tuple(int(d) for d in layer.kernel.shape)
        actual = np.einsum(kwargs["equation"], np.zeros((BATCH, *shape)),
                           np.zeros(kernel)).shape
    except Exception:  # noqa: BLE001 - Keras and numpy raise ValueError, IndexError, ...
        return None
    reported = tuple(y.shape)
    if actual[:1] != (BATCH,) or len(reported) != len(actual) or any(
            r is not None and r != a for r, a in zip(reported, actual, strict=True)):
        return None
    count = sum(int(np.prod(w.shape)) for w in layer.trainable_weights)
    frozen = sum(int(np.prod(w.shape)) for w in layer.non_trainable_weights)
    return tuple(actual[1:]), count, frozen


def _symbolic(shape, spec: L, seed: int) -> str:
    """The model with some numbers written as declared symbols."""
    rnd, used = random.Random(seed), {}

    def sym(v):
        if isinstance(v, int) and rnd.random() < 0.6:
            used[f"s{v}"] = v
            return Sym(f"s{v}", v)
        return v

    out = spec.kwargs.get("output_shape")
    kwargs = dict(spec.kwargs)
    kwargs["output_shape"] = tuple(sym(v) for v in out) if isinstance(out, tuple) else sym(out)
    source = model_source("m", tuple(sym(v) for v in shape), [L("EinsumDense", kwargs)])
    header = ", ".join(f"{k}={v}" for k, v in sorted(used.items()))
    return source.replace("model m():", f"model m({header}):", 1)


def check(shape: tuple[int, ...], kwargs: dict, seed: int = 0) -> bool:
    """symparams agrees with Keras on this layer (both values and symbols); True if valid."""
    spec = L("EinsumDense", kwargs)
    source = model_source("m", shape, [spec])
    truth = keras_einsum(shape, kwargs)
    if truth is None:
        with pytest.raises(symparams.SymparamsError):
            symparams.parse(source).models["m"].evaluate()
        return False
    for text in (source, _symbolic(shape, spec, seed)):
        (layer,) = symparams.parse(text).models["m"].evaluate().layers
        assert (layer.output_shape, layer.trainable, layer.non_trainable) == truth, text
    return True


# -- random equations ---------------------------------------------------------------------------

LETTERS = "abcdefgh"


@st.composite
def einsum_cases(draw):
    rank = draw(st.integers(1, 3), label="rank")
    shape = tuple(draw(st.integers(1, 4)) for _ in range(rank))
    mode = draw(st.sampled_from(["none", "none", "left", "right"]))
    full = rank + 1
    if mode == "none":
        n = full if draw(st.integers(0, 5)) else draw(st.integers(1, full + 1))
    elif mode == "left":
        n = draw(st.integers(1, full))
    else:
        n = draw(st.integers(1, full))
    letters = list(draw(st.permutations(LETTERS)))
    inputs = letters[:n]
    fresh = letters[n:n + draw(st.integers(0, 2))]
    elided = full - n
    left = mode == "left" and elided > 0
    batch = None if left else inputs[0]
    others = [c for c in inputs if c != batch]
    kept = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
    out = ([] if batch is None else [batch]) + draw(st.permutations(kept + fresh))
    if not out or (batch is None and not draw(st.integers(0, 9))):
        out = out + letters[n + 2:n + 3]  # sometimes a letter of neither part
    contracted = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
    kernel = draw(st.permutations(sorted(set(contracted) | set(fresh)))) or [letters[-1]]
    if not draw(st.integers(0, 9)):
        kernel = [*kernel, kernel[0]]  # a repeated kernel letter
    dots = "..."
    if mode == "left":
        equation = f"{dots}{''.join(inputs)},{''.join(kernel)}->{dots}{''.join(out)}"
    elif mode == "right":
        equation = f"{''.join(inputs)}{dots},{''.join(kernel)}->{''.join(out)}{dots}"
    else:
        equation = f"{''.join(inputs)},{''.join(kernel)}->{''.join(out)}"
    sizes = {c: shape[i - 1] if i > 0 else None for i, c in enumerate(inputs)
             if i < full} if mode != "left" else {
        c: ((None,) + shape)[elided + i] for i, c in enumerate(inputs)}
    partial = []
    for c in (out if left else out[1:]):
        if c in sizes and sizes[c] is not None:
            choice = draw(st.integers(0, 7))
            partial.append(None if choice < 3 else sizes[c] + 1 if choice == 7 else sizes[c])
        else:
            partial.append(draw(st.integers(1, 4)))
    if not draw(st.integers(0, 7)) and partial:
        partial = partial[:-1] if draw(st.booleans()) else [*partial, 2]
    kwargs: dict = {"equation": equation}
    kwargs["output_shape"] = partial[0] if len(partial) == 1 and partial[0] is not None \
        and draw(st.booleans()) else tuple(partial)
    if draw(st.booleans()) and out:
        kwargs["bias_axes"] = "".join(draw(st.lists(st.sampled_from(out), min_size=1,
                                                    max_size=3)))
    return shape, kwargs


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(einsum_cases(), st.integers(0, 1000))
def test_random_equations_match_keras(case, seed):
    shape, kwargs = case
    check(shape, kwargs, seed)


# -- every rule at least once -------------------------------------------------------------------

VALID = [
    ((5,), {"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "c"}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": (None, 4), "bias_axes": "d"}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": (5, 4), "bias_axes": "b"}),
    ((5, 3), {"equation": "abc,cde->abde", "output_shape": (5, 4, 2), "bias_axes": "eb"}),
    ((5, 3), {"equation": "abc,cde->abde", "output_shape": (None, 4, 2), "bias_axes": "dde"}),
    ((5, 3, 2), {"equation": "abc...,cd->abd...", "output_shape": (5, 4), "bias_axes": "d"}),
    ((5, 3), {"equation": "abc,cd->acd", "output_shape": (3, 4)}),
    ((5, 3), {"equation": "abc,cdd->abd", "output_shape": (5, 4)}),
    ((5, 3), {"equation": "abc,bcd->ad", "output_shape": (4,)}),
    ((5, 3), {"equation": "ABc,cd->ABd", "output_shape": (5, 4)}),
    ((5, 3), {"equation": "...b,bc->...c", "output_shape": 4, "bias_axes": "c"}),
    ((3,), {"equation": "...ab,bc->...ac", "output_shape": (4,)}),
    ((7, 7, 3), {"equation": "...b,bc->...c", "output_shape": 4}),
    ((4, 6), {"equation": "bqm,muh->bquh", "output_shape": (None, 2, 3),
              "bias_axes": "uh"}),
    ((4, 2, 3), {"equation": "bquh,uhm->bqm", "output_shape": (None, 6), "bias_axes": "m"}),
]

INVALID = [
    ((5, 7, 3), {"equation": "...b,bc->...c", "output_shape": 4}),  # reversed by Keras
    ((5, 3), {"equation": "ab,bc->ac", "output_shape": 4}),  # too few letters
    ((5, 3), {"equation": "abc,cd->abd,", "output_shape": (5, 4)}),  # trailing text
    ((5, 3), {"equation": "abc,cd->abdXX", "output_shape": (5, 4)}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": (6, 4)}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": (4,)}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": (5, 4, 3)}),  # reported too long
    ((5, 3), {"equation": "abc,ce->abd", "output_shape": (5, 4)}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": (5, 4), "bias_axes": "a"}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": (5, 4), "bias_axes": "x"}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": (None, 4), "bias_axes": "b"}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": 5}),
    ((5, 3), {"equation": "abc,cd->bd", "output_shape": (4,)}),
    ((5, 3), {"equation": "abc,cd->abd", "output_shape": (5, None)}),
    ((5, 3), {"equation": "aab,bd->ad", "output_shape": (4,)}),
    ((5, 3), {"equation": "abc,cd->abdd", "output_shape": (5, 4, 4)}),
    ((5, 3), {"equation": "abc,cd...->abd", "output_shape": (5, 4)}),
    ((5, 3), {"equation": "a...,ab->b...", "output_shape": (4,)}),
    ((5, 3), {"equation": "ab c,cd->abd", "output_shape": (5, 4)}),
]


@pytest.mark.parametrize(("shape", "kwargs"), VALID, ids=[k["equation"] for _, k in VALID])
def test_valid_equations(shape, kwargs):
    assert check(shape, kwargs)


@pytest.mark.parametrize(("shape", "kwargs"), INVALID,
                         ids=[k["equation"] for _, k in INVALID])
def test_invalid_equations(shape, kwargs):
    assert not check(shape, kwargs)


def test_equation_error_points_at_the_character():
    source = 'model m():\n    Input(shape=(5, 3))\n    EinsumDense("abc,cd->abd,", (5, 4))\n'
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse(source)
    assert "unexpected ','" in str(info.value)
    assert info.value.span.column == source.splitlines()[2].index(",\"") + 1


def test_symbolic_formula():
    source = ('model m(T=5, d=3, h=2, k=4):\n    Input(shape=(T, d))\n'
              '    EinsumDense("abc,cde->abde", (None, h, k), bias_axes="de")\n')
    layer = symparams.parse(source).models["m"].layers[0]
    t, d, h, k = (symparams.symbolic.integers.symbol(s) for s in "Tdhk")
    assert layer.output_shape == (t, h, k)
    assert (layer.trainable - (d * h * k + h * k)).expand() == 0
