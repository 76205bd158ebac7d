"""Edge cases of issue 12's language: values named in a repeat body stay in it (as a block's
do); a name bound to a literal block argument and assigned again reads the new value after
the assignment; a copy's condition in a growing repeat holds for every copy or is refused,
checked against Keras for the copies' validity."""

from __future__ import annotations

import pytest
import sympy

import symparams

from .keras_subprocess import run_keras


def widths(source: str) -> list:
    model = symparams.parse(source)["m"]
    return [row.output_shape[-1] for top in model.layers for row in top.walk()
            if not row.layers]


@pytest.mark.parametrize(("body", "expected"), [
    ("    B(3)\n", [6, 7]),                       # k = k * 2, then k += 1
    ("    B(k=3)\n", [6, 7]),
])
def test_a_literal_argument_assigned_again_reads_the_new_value(body, expected):
    source = ("block B(k)(x):\n    k = k * 2\n    Dense(k)(x)\n    k += 1\n    Dense(k)\n"
              "model m(d=4):\n    Input(shape=(d,))\n" + body)
    assert widths(source) == expected


def test_a_literal_argument_assigned_in_a_branch_reads_the_branch_value():
    source = ("block B(k, wide)(x):\n    if wide:\n        k = 2 * k\n    Dense(k)(x)\n"
              "model m(d=4):\n    Input(shape=(d,))\n    B(3, True)\n    B(3, False)\n")
    assert widths(source) == [6, 3]


def test_a_value_named_in_a_repeat_body_does_not_leak():
    source = ("model m(d=4, n=2):\n    Input(shape=(d,))\n    repeat n as h:\n"
              "        w = 7\n        Dense(d)(h)\n    Dense(w)\n")
    with pytest.raises(symparams.UndeclaredSymbolError, match="undeclared symbol 'w'"):
        symparams.parse(source)


SHRINKING = """
model m(H=200, n=2):
    Input(shape=(H, H, 3))
    MaxPooling2D(8)
    repeat n as h, i:
        Conv2D(3, 5)
"""


@pytest.mark.oracle
def test_a_shrinking_repeat_is_valid_exactly_where_keras_builds_it():
    """Each copy shrinks the image by 4: the last copy's kernel bound decides."""
    keras = run_keras("""
import json, keras
out = {}
for H in (40, 41, 200, 199):
    for n in range(1, 8):
        x = inp = keras.Input((H, H, 3))
        x = keras.layers.MaxPooling2D(8)(x)
        try:
            for _ in range(n):
                x = keras.layers.Conv2D(3, 5)(x)
            out[f"{H},{n}"] = keras.Model(inp, x).count_params()
        except ValueError:
            out[f"{H},{n}"] = None
print(json.dumps(out))
""")
    model = symparams.parse(SHRINKING)["m"]
    assert [str(c) for c in model.constraints] == ["H >= 32*n + 8"]
    for key, params in keras.items():
        H, n = map(int, key.split(","))
        if params is None:
            with pytest.raises(symparams.InvalidValueError):
                model.evaluate(H=H, n=n)
        else:
            assert model.evaluate(H=H, n=n).params == params, key


GROUPED = """
model m(C=8, g=8, n=3):
    Input(shape=(8, 8, C))
    repeat n as h, i:
        y = Conv2D(g, 3, padding="same", groups=4)(h)
        Concatenate()(h, y)
"""


@pytest.mark.oracle
def test_a_divisibility_holds_for_every_copy_where_keras_builds_it():
    """Copy i reads C + i*g channels, which groups=4 must divide for every copy: C and g
    both (g only when there is a second copy)."""
    keras = run_keras("""
import json, keras
out = {}
for C in (4, 6, 8):
    for g in (4, 6, 8):
        for n in (0, 1, 2, 3):
            x = inp = keras.Input((8, 8, C))
            try:
                for _ in range(n):
                    y = keras.layers.Conv2D(g, 3, padding="same", groups=4)(x)
                    x = keras.layers.Concatenate()([x, y])
                out[f"{C},{g},{n}"] = keras.Model(inp, x).count_params()
            except ValueError:
                out[f"{C},{g},{n}"] = None
print(json.dumps(out))
""")
    model = symparams.parse(GROUPED.replace("n=3", "n=3").replace(
        "Input(", "assume n >= 0\n    Input("))["m"]
    for key, params in keras.items():
        C, g, n = map(int, key.split(","))
        if params is None:
            with pytest.raises(symparams.InvalidValueError):
                model.evaluate(C=C, g=g, n=n)
        else:
            assert model.evaluate(C=C, g=g, n=n).params == params, key


@pytest.mark.parametrize(("call", "expected"), [
    ("S(max(d, 3))", 4),
    ("S(max(d, 9))", 9),
    ("S(f=min(8, d))", 4),
    ("S(floor(d / 3))", 1),
    ("S(half(d))", 2),
    ("S(int(d * 1.5))", 6),
])
def test_a_function_call_passed_to_a_block_is_its_value(call, expected):
    """A call of a function or helper given as a block argument is evaluated, as Python
    would (it was once left out, and the block's body found its parameter undeclared)."""
    source = ("def half(v):\n    return v // 2\nblock S(f)(x):\n    Dense(f)(x)\n"
              f"model m(d=4):\n    Input(shape=(d,))\n    {call}\n")
    assert symparams.parse(source)["m"].evaluate().output_shape == (expected,)


@pytest.mark.parametrize(("test", "activations"), [
    ("act is not None", 2),
    ("act is None", 1),
    ('act == "relu"', 1),
    ('act != "relu"', 2),
    ("act", 2),
    ("not act", 1),
])
def test_a_condition_may_test_a_string_argument(test, activations):
    """Keras's ``activation=None`` convention in a block: ``if activation is not None:``
    (InceptionResNetV2's last block), ``==`` and ``!=`` against a string, a string's truth."""
    source = (f'block B(act="relu")(x):\n    Dense(4)(x)\n    if {test}:\n        Activation(act)\n'
              'model m(d=4):\n    Input(shape=(d,))\n    B()\n    B(None)\n    B("tanh")\n')
    model = symparams.parse(source)["m"]
    found = [row for top in model.layers for row in top.walk() if row.type == "Activation"]
    assert len(found) == activations


def test_strings_are_only_compared_for_equality():
    source = ('block B(act="relu")(x):\n    Dense(4)(x)\n    if act < "z":\n        ReLU()\n'
              'model m(d=4):\n    Input(shape=(d,))\n    B()\n')
    with pytest.raises(symparams.SymparamsError, match="strings can only be compared"):
        symparams.parse(source, "m.sp")


def assert_like_keras(source: str, keras_script: str, names: tuple[str, ...],
                      sizes: list[tuple[int, ...]]) -> None:
    """Model ``m`` of ``source`` at each of ``sizes`` (values of ``names``) has the parameter
    count and output shape that ``keras_script`` prints for it (its ``SIZES`` replaced)."""
    from .conftest import require
    require("keras")
    answers = run_keras(keras_script.replace("SIZES", repr(sizes)))
    model = symparams.parse(source)["m"]
    for values, (params, shape) in zip(sizes, answers, strict=True):
        got = model.evaluate(**dict(zip(names, values, strict=True)))
        assert (got.params, list(got.output_shape)) == (params, shape), values


ALIAS = """
block Down(f, stride)(x):
    if stride > 1:
        s = MaxPooling2D(1, strides=stride)(x)
    else:
        s = x
    Conv2D(f, 3, strides=stride, padding="same")(x)
    y = Conv2D(f, 1)
    Add()(s, y)

model m(H=32, f=8):
    Input(shape=(H, H, f))
    Down(f, 2)
    Down(f, 1)
"""

KERAS_ALIAS = """
import json, keras
from keras import layers as L
def down(x, f, stride):
    s = L.MaxPooling2D(1, strides=stride)(x) if stride > 1 else x
    y = L.Conv2D(f, 3, strides=stride, padding="same")(x)
    return L.Add()([s, L.Conv2D(f, 1)(y)])
out = []
for H, f in SIZES:
    i = keras.Input((H, H, f))
    m = keras.Model(i, down(down(i, f, 2), f, 1))
    out.append([m.count_params(), list(m.output.shape[1:])])
print(json.dumps(out))
"""


@pytest.mark.oracle
def test_a_tensor_may_take_another_name():
    """``s = x`` names the tensor ``x`` again (ResNetV2's shortcut, Keras's ``... else x``),
    against Keras at several sizes."""
    assert_like_keras(ALIAS, KERAS_ALIAS, ("H", "f"), [(32, 8), (7, 3), (9, 1)])


TUPLES = """
block ConvBlock(filters, kernel=(3, 3), strides=(1, 1))(x):
    Conv2D(filters, kernel, strides=strides, padding="same")(x)
    ZeroPadding2D(padding=((0, 1), (0, 1)))

model m(H=32, s=2):
    Input(shape=(H, H, 3))
    ConvBlock(8)
    ConvBlock(8, (2, 2), (2, 2))
    ConvBlock(8, kernel=(1, 3), strides=(s, s))
"""

KERAS_TUPLES = """
import json, keras
from keras import layers as L
def conv_block(x, filters, kernel=(3, 3), strides=(1, 1)):
    x = L.Conv2D(filters, kernel, strides=strides, padding="same")(x)
    return L.ZeroPadding2D(padding=((0, 1), (0, 1)))(x)
out = []
for H, s in SIZES:
    i = keras.Input((H, H, 3))
    x = conv_block(conv_block(conv_block(i, 8), 8, (2, 2), (2, 2)), 8, kernel=(1, 3),
                   strides=(s, s))
    m = keras.Model(i, x)
    out.append([m.count_params(), list(m.output.shape[1:])])
print(json.dumps(out))
"""


@pytest.mark.oracle
def test_a_tuple_may_be_a_block_argument():
    """Keras's own helpers take tuples (``_conv_block(..., kernel=(3, 3), strides=(1, 1))``):
    a tuple default or argument, with the caller's symbols inside, against Keras."""
    assert_like_keras(TUPLES, KERAS_TUPLES, ("H", "s"), [(32, 2), (9, 3), (5, 1)])


CORRECT_PAD = """
def correct_pad(size, kernel):
    adjust = (1 - size % 2, 1 - size % 2)
    correct = (kernel // 2, kernel // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))

block Down(f)(x):
    h, w, c = x.shape
    ZeroPadding2D(padding=correct_pad(h, 3))(x)
    Conv2D(f, 3, strides=2)
    p = ((1, 1), (0, 2))
    ZeroPadding2D(padding=p)

model m(H=32, f=8):
    Input(shape=(H, H, 3))
    Down(f)
"""

KERAS_CORRECT_PAD = """
import json, keras
from keras import layers as L
from keras.src.applications.imagenet_utils import correct_pad
out = []
for H, f in SIZES:
    i = keras.Input((H, H, 3))
    x = L.ZeroPadding2D(padding=correct_pad(i, 3))(i)
    x = L.Conv2D(f, 3, strides=2)(x)
    x = L.ZeroPadding2D(padding=((1, 1), (0, 2)))(x)
    m = keras.Model(i, x)
    out.append([m.count_params(), list(m.output.shape[1:])])
print(json.dumps(out))
"""


@pytest.mark.oracle
def test_a_name_or_a_helper_may_hold_a_tuple_argument():
    """Keras's ``correct_pad`` returns the padding tuple: written as a helper (and a tuple
    held in a name), it gives Keras's shapes at even and odd sizes."""
    assert_like_keras(CORRECT_PAD, KERAS_CORRECT_PAD, ("H", "f"), [(32, 8), (33, 4), (7, 2)])


@pytest.mark.parametrize(("written", "value"), [
    ("10 ** -3", sympy.Rational(1, 1000)), ("2 ** -2 * 3", sympy.Rational(3, 4)),
    ("(1/2) ** -1 / 4", sympy.Rational(1, 2)),
])
def test_a_number_may_have_a_negative_power(written, value):
    """Keras code writes ``epsilon=10 ** -3``: an exact fraction, as 1e-3 is."""
    model = symparams.parse("model m(d=4):\n    Input(shape=(d,))\n"
                            f"    BatchNormalization(epsilon={written})\n")["m"]
    assert model.layers[0].args["epsilon"] == value


@pytest.mark.parametrize(("written", "message"), [
    ("Dense(d ** -1)", "negative exponent: dimensions are integers"),
    ("Dense(2 ** -1)", "1/2 is not an integer"),
    ("BatchNormalization(epsilon=0 ** -1)", "negative exponent"),
])
def test_a_size_never_has_a_negative_power(written, message):
    with pytest.raises(symparams.SymparamsError, match=message):
        symparams.parse(f"model m(d=4):\n    Input(shape=(d,))\n    {written}\n")


IN_TESTS = [  # (condition, arguments of B, whether the branch is taken)
    ('act in ("relu", "gelu")', '"gelu"', True),
    ('act in ("relu", "gelu")', '"swish"', False),
    ('act not in ("relu", "gelu")', '"swish"', True),
    ("k in (3, 5)", "k=5", True),
    ("k in [3, 5]", "k=4", False),
    ('k not in (3, 5) and act in ("tanh", "relu")', 'k=4, act="tanh"', True),
    ("k in SIZES", "k=4", True),
    ("act in (None, \"relu\")", "act=None", True),
]


@pytest.mark.parametrize(("condition", "call", "taken"), IN_TESTS,
                         ids=[f"{c} ({a})" for c, a, _ in IN_TESTS])
def test_in_looks_through_a_tuple_as_python_does(condition, call, taken):
    source = (f'block B(act="relu", k=3):\n    SIZES = (2, 4)\n'
              f"    if {condition}:\n        Dense(7)\n    else:\n        Dense(2)\n"
              f"model m(d=4):\n    Input(shape=(d,))\n    B({call})\n")
    model = symparams.parse(source)["m"]
    assert model.evaluate().output_shape == ((7,) if taken else (2,))


def test_in_needs_a_tuple():
    with pytest.raises(symparams.SymparamsError, match="'in' looks through a tuple"):
        symparams.parse("model m(d=4):\n    Input(shape=(d,))\n    if d in 4:\n"
                        "        Dense(2)\n")
