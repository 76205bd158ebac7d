"""Hypothesis: random models over the foundation's layers, written with symbols.

For each generated stack, every formula evaluated at the drawn values must equal (1) the
same numbers computed directly with Python integers from Keras's documented rules, and (2)
where the ``oracle`` extra is installed, what a real Keras reports for the same model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

import symparams

from .conftest import require
from .oracle import L, keras_facts


@dataclass
class Draft:
    """A model being drawn: DSL lines, Keras specs, symbol values, and a direct computation."""

    symbols: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    specs: list[L] = field(default_factory=list)
    expected: list[tuple[tuple[int, ...], int]] = field(default_factory=list)

    def sym(self, value: int) -> str:
        name = f"s{len(self.symbols)}"
        self.symbols[name] = value
        return name

    def source(self, input_shape: tuple[int, ...]) -> str:
        names = [self.sym(d) for d in input_shape]
        header = ", ".join(f"{k}={v}" for k, v in self.symbols.items())
        shape = "(" + ", ".join(names) + ("," if len(names) == 1 else "") + ")"
        body = [f"    Input(shape={shape})"] + [f"    {line}" for line in self.lines]
        return f"model m({header}):\n" + "\n".join(body) + "\n"


def conv_len(n, k, s, d, padding):
    return -(-n // s) if padding == "same" else (n - d * (k - 1) - 1) // s + 1


def pool_len(n, p, s, padding):
    return -(-n // s) if padding == "same" else (n - p) // s + 1


@st.composite
def image_stack(draw):
    """Conv2D / pooling / Dropout / Activation on an image, then Flatten and Dense."""
    d = Draft()
    h, w, c = draw(st.integers(8, 40)), draw(st.integers(8, 40)), draw(st.integers(1, 4))
    shape = (h, w, c)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["conv", "conv", "maxpool", "avgpool", "dropout", "act"]))
        H, W, C = shape
        if kind == "conv":
            f = draw(st.integers(1, 8))
            kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
            padding = draw(st.sampled_from(["valid", "same"]))
            stride = draw(st.integers(1, 3))
            dil = 1 if stride > 1 else draw(st.integers(1, 2))
            bias = draw(st.booleans())
            out = (conv_len(H, kh, stride, dil, padding), conv_len(W, kw, stride, dil, padding))
            if min(out) < 1:
                continue
            fs, khs, kws = d.sym(f), d.sym(kh), d.sym(kw)
            d.lines.append(
                f'Conv2D({fs}, {khs}, {kws}, strides={stride}, padding="{padding}", '
                f"dilation_rate={dil}, use_bias={bias})"
            )
            d.specs.append(L("Conv2D", dict(filters=f, kernel_size=(kh, kw), strides=stride,
                                            padding=padding, dilation_rate=dil, use_bias=bias)))
            shape = (*out, f)
            d.expected.append((shape, f * (kh * kw * C + int(bias))))
        elif kind in ("maxpool", "avgpool"):
            p = draw(st.integers(1, 3))
            strides = draw(st.sampled_from([None, 1, 2]))
            padding = draw(st.sampled_from(["valid", "same"]))
            s = strides or p
            out = (pool_len(H, p, s, padding), pool_len(W, p, s, padding))
            if min(out) < 1:
                continue
            cls = "MaxPooling2D" if kind == "maxpool" else "AveragePooling2D"
            d.lines.append(f'{cls}(pool_size={d.sym(p)}, strides={strides}, padding="{padding}")')
            d.specs.append(L(cls, dict(pool_size=p, strides=strides, padding=padding)))
            shape = (*out, C)
            d.expected.append((shape, 0))
        elif kind == "dropout":
            d.lines.append("Dropout(0.25)")
            d.specs.append(L("Dropout", dict(rate=0.25)))
            d.expected.append((shape, 0))
        else:
            d.lines.append('Activation("relu")')
            d.specs.append(L("Activation", dict(activation="relu")))
            d.expected.append((shape, 0))
    d.lines.append("Flatten()")
    d.specs.append(L("Flatten"))
    size = shape[0] * shape[1] * shape[2]
    d.expected.append(((size,), 0))
    units = draw(st.integers(1, 16))
    d.lines.append(f"Dense({d.sym(units)})")
    d.specs.append(L("Dense", dict(units=units)))
    d.expected.append(((units,), units * (size + 1)))
    return d, (h, w, c)


@st.composite
def sequence_stack(draw):
    """Embedding, SimpleRNN (maybe returning sequences), Dense on N-D input."""
    d = Draft()
    t, v, e, u = (draw(st.integers(1, 30)), draw(st.integers(2, 500)),
                  draw(st.integers(1, 16)), draw(st.integers(1, 16)))
    seqs, bias = draw(st.booleans()), draw(st.booleans())
    d.lines.append(f"Embedding({d.sym(v)}, {d.sym(e)})")
    d.specs.append(L("Embedding", dict(input_dim=v, output_dim=e)))
    d.expected.append(((t, e), v * e))
    d.lines.append(f"SimpleRNN({d.sym(u)}, use_bias={bias}, return_sequences={seqs})")
    d.specs.append(L("SimpleRNN", dict(units=u, use_bias=bias, return_sequences=seqs)))
    shape = (t, u) if seqs else (u,)
    d.expected.append((shape, u * (e + u) + u * int(bias)))
    n = draw(st.integers(1, 8))
    d.lines.append(f"Dense({d.sym(n)}, use_bias={bias})")
    d.specs.append(L("Dense", dict(units=n, use_bias=bias)))
    d.expected.append(((*shape[:-1], n), n * (u + int(bias))))
    return d, (t,)


stacks = st.one_of(image_stack(), sequence_stack())


def _check_direct(draft: Draft, input_shape) -> symparams.Model:
    source = draft.source(input_shape)
    model = symparams.parse(source).models["m"]
    evaluation = model.evaluate()
    got = [(item.output_shape, item.params) for item in evaluation.layers]
    assert got == draft.expected, source
    assert evaluation.params == sum(p for _, p in draft.expected)
    return model


@given(stacks)
def test_formulas_equal_direct_integer_computation(drawn):
    _check_direct(*drawn)


@pytest.mark.oracle
@given(stacks)
def test_formulas_equal_real_keras(drawn):
    require("keras")
    draft, input_shape = drawn
    model = _check_direct(draft, input_shape)
    facts = keras_facts(input_shape, draft.specs)
    evaluation = model.evaluate()
    for ours, theirs in zip(evaluation.layers, facts, strict=True):
        assert ours.output_shape == theirs.output_shape
        assert (ours.trainable, ours.non_trainable) == (theirs.trainable, theirs.non_trainable)
