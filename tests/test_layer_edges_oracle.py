"""Layer arguments at the edge of what Keras takes, found by a differential fuzz against
Keras: a symbolic output padding may be 0, and an STFT whose default frame_step would be 0
is refused with a message, not a ZeroDivisionError."""

from __future__ import annotations

from fractions import Fraction

import pytest

import symparams

from .conftest import require
from .keras_subprocess import run_keras
from .test_lora_oracle import KERAS  # one layer on one input: counts and shape

#: (input shape, layer, values): a transposed convolution's output padding as an expression
#: that is 0 at some of the values (Keras allows 0 <= output_padding < strides).
TRANSPOSED = [
    ("(n, c)", "Conv1DTranspose(2, 3, strides=s, output_padding=p)",
     [{"n": 5, "c": 3, "s": 2, "p": 0}, {"n": 4, "c": 1, "s": 3, "p": 2}]),
    ("(n, n, c)", "Conv2DTranspose(2, 3, strides=s, output_padding=s - 1)",
     [{"n": 5, "c": 3, "s": 1, "p": 0}, {"n": 3, "c": 2, "s": 2, "p": 0}]),
    ("(n, n, n, c)", "Conv3DTranspose(2, 2, strides=s, output_padding=(p, s - 1, 0), "
     "padding='same')", [{"n": 3, "c": 1, "s": 1, "p": 0}, {"n": 2, "c": 2, "s": 2, "p": 1}]),
]



#: Layers whose rate (or stddev) Keras requires in [0, 1], written with a symbol; the
#: values tried, inside and outside.
UNIT_INTERVAL = [("Dropout(p)", "Dropout", "rate"), ("SpatialDropout1D(p)", "SpatialDropout1D",
                                                    "rate"),
                 ("GaussianDropout(p)", "GaussianDropout", "rate"),
                 ("AlphaDropout(rate=p)", "AlphaDropout", "rate"),
                 ("GaussianNoise(p)", "GaussianNoise", "stddev")]
VALUES = ["1/2", "1", "3/2", "5"]

#: After KERAS's layers (``transposed``): whether Keras's constructor refuses each rate.
KERAS_UNIT = """
from fractions import Fraction
refused = []
for cls, arg, value in CASES:
    try:
        getattr(keras.layers, cls)(**{arg: float(Fraction(value))})
        refused.append(None)
    except ValueError as e:
        refused.append(str(e))
print(json.dumps({"transposed": transposed, "refused": refused}))
"""


@pytest.fixture(scope="module")
def keras_edges():
    """One Keras child for the file: the transposed convolutions, then the rates."""
    require("keras")
    specs = [(shape, layer, values) for shape, layer, points in TRANSPOSED
             for values in points]
    cases = [(cls, arg, value) for _, cls, arg in UNIT_INTERVAL for value in VALUES]
    script = KERAS.replace("SPECS", repr(specs)).replace("print(json.dumps(out))",
                                                         "transposed = out")
    return run_keras(script + KERAS_UNIT.replace("CASES", repr(cases)))


@pytest.mark.oracle
def test_symbolic_output_padding_may_be_zero(keras_edges):
    answers = iter(keras_edges["transposed"])
    for shape, layer, points in TRANSPOSED:
        model = symparams.parse(f"model m(n=1, c=1, s=1, p=0):\n    assume p >= 0\n"
                                f"    Input(shape={shape})\n    {layer}\n")["m"]
        for values in points:
            trainable, _, out = next(answers)
            got = model.evaluate(**values)
            assert (got.trainable, list(got.output_shape)) == (trainable, out), (layer, values)


@pytest.mark.parametrize(("header", "frame_length", "values", "words"), [
    ("m()", "1", {}, "frame_step defaults to frame_length // 2, which is 0"),
    ("m(fl=2)", "fl", {"fl": 1}, "needs frame_length (frame_step defaults to frame_length "
                                  "// 2) >= 2, got 1"),
])
def test_stft_without_a_frame_step_needs_frame_length_two(header, frame_length, values,
                                                          words):
    """Keras fails too (frame_step 0); symparams says why, with the line."""
    source = (f"model {header}:\n    Input(shape=(20, 1))\n"
              f"    STFTSpectrogram(frame_length={frame_length})\n")
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse(source, "m.sp")["m"].evaluate(**values)
    assert words in str(info.value) and "m.sp:3:5" in info.value.render()


@pytest.mark.parametrize(("layer", "error"), [
    ("Dropout(1 / 4)", None),
    ("Dropout(r * b / (2 * n))", None),  # Keras's drop-connect schedule, in symbols
    ("SpatialDropout1D(rate=1 - 3 / 4)", None),
    ("GaussianNoise(b / 8)", None),
    ("BatchNormalization(epsilon=1e-3 / 2)", None),
    ("Dropout(3 / 2)", "rate must be between 0 and 1, got 3/2"),
    ("Dropout('half')", "rate must be a number, got string 'half'"),
    ("Dropout(Dense(3))", "rate must be a number, got a layer Dense(...)"),
])
def test_a_rate_may_be_an_expression(layer, error):
    """Rates, epsilons and momenta change no count; Keras takes any number, so an
    expression of numbers and symbols is read exactly (EfficientNet's drop-connect rate
    ``drop_connect_rate * b / blocks``)."""
    source = f"model m(r=1, b=2, n=4):\n    Input(shape=(n, 3))\n    {layer}\n"
    if error is None:
        assert symparams.parse(source, "m.sp")["m"].evaluate().params == \
            (12 if "Batch" in layer else 0)
    else:
        with pytest.raises(symparams.SymparamsError, match=error.replace("(", r"\(")
                           .replace(")", r"\)").replace(".", r"\.")):
            symparams.parse(source, "m.sp")


def test_a_multiple_whatever_the_values_is_no_constraint():
    """ConvNeXt's depthwise convolution, ``Conv2D(f, 7, groups=f)`` on ``f`` channels: the
    channels are a multiple of the groups for every ``f``, so no constraint is shown."""
    model = symparams.parse("model m(H=8, f=4):\n    Input(shape=(H, H, f))\n"
                            "    Conv2D(f, 7, padding='same', groups=f)\n"
                            "    Conv2D(4 * f, 1, groups=f)\n    Conv2D(2 * f, 1, groups=2)\n",
                            "m.sp")["m"]
    assert model.constraints == ()


@pytest.mark.oracle
def test_a_symbolic_rate_is_checked_at_its_values(keras_edges):
    """``Dropout(p)`` at ``p = 3/2`` is refused where Keras refuses it (when the layer is
    made), naming the layer and the requirement; at values Keras takes, it counts."""
    keras_errors = iter(keras_edges["refused"])
    for layer, _, arg in UNIT_INTERVAL:
        model = symparams.parse(f"model m(p=1/2):\n    Input(shape=(4, 3))\n    {layer}\n",
                                "m.sp")["m"]
        for value in VALUES:
            refused = next(keras_errors) is not None
            exact = Fraction(value)
            if not refused:
                assert model.evaluate(p=exact).params == 0, (layer, value)
                continue
            with pytest.raises(symparams.SymparamsError) as info:
                model.evaluate(p=exact)
            assert f"needs {arg} <= 1, got {value}" in str(info.value), (layer, value)
            assert "m.sp:3:5" in info.value.render()
        assert [str(c) for c in model.constraints] == ["p <= 1"]
