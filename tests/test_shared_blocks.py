"""Shared blocks (``enc = Encoder(d)``, then ``enc(x)`` again and again: ALBERT's one layer
for all L) against real Keras: the same network with one Keras model object (the block)
called several times, at several values. Keras counts the shared model's weights once;
symparams has a row per call, the later ones with no parameters (``encoder[1]``)."""

from __future__ import annotations

import pytest

import symparams

from .test_shared_layers import keras_answers_for

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

#: name: (the DSL model `m`, the same network in Keras building `m`, values to check at).
CASES = {
    "albert_mlp": ("""
block Mlp(d):
    Dense(4 * d, activation="gelu")
    Dense(d)
    LayerNormalization()

model m(d=8, L=12, V=100, c=3):
    x = Input(shape=(16,), dtype="int32")
    e = Embedding(V, d)(x)
    mlp = Mlp(d)
    h = mlp(e)
    repeat (L - 1) as t:
        mlp(t)
    GlobalAveragePooling1D()
    Dense(c)
""", """
x = keras.Input((16,), dtype="int32")
mlp = keras.Sequential([KL.Dense(4 * d, activation="gelu"), KL.Dense(d),
                        KL.LayerNormalization()])
h = mlp(KL.Embedding(V, d)(x))
for _ in range(L - 1):
    h = mlp(h)
m = keras.Model(x, KL.Dense(c)(KL.GlobalAveragePooling1D()(h)))
""", [{"d": 8, "L": 12, "V": 100, "c": 3}, {"d": 3, "L": 1, "V": 7, "c": 2},
      {"d": 5, "L": 2, "V": 11, "c": 4}]),
    "siamese_cnn": ("""
block Tower(f):
    Conv2D(f, 3, activation="relu")
    MaxPooling2D()
    Conv2D(2 * f, 3)
    GlobalMaxPooling2D()

model m(H=28, W=28, f=8):
    a = Input(shape=(H, W, 1))
    b = Input(shape=(H, W, 1))
    tower = Tower(f)
    u = tower(a)
    v = tower(b)
    s = Subtract()(u, v)
    Dense(1, activation="sigmoid")(s)
""", """
a = keras.Input((H, W, 1)); b = keras.Input((H, W, 1))
tower = keras.Sequential([KL.Conv2D(f, 3, activation="relu"), KL.MaxPooling2D(),
                          KL.Conv2D(2 * f, 3), KL.GlobalMaxPooling2D()])
s = KL.Subtract()([tower(a), tower(b)])
m = keras.Model([a, b], KL.Dense(1, activation="sigmoid")(s))
""", [{"H": 28, "W": 28, "f": 8}, {"H": 9, "W": 13, "f": 3}]),
    "two_input_block": ("""
block Gate(n)(x, y):
    p = Dense(n)(x)
    q = Dense(n)(y)
    Multiply()(p, q)

model m(d=6, n=4):
    a = Input(shape=(d,))
    b = Input(shape=(d,))
    gate = Gate(n)
    u = gate(a, b)
    v = gate(b, a)
    Concatenate()(u, v)
""", """
a = keras.Input((d,)); b = keras.Input((d,))
x_in = keras.Input((d,)); y_in = keras.Input((d,))
gate = keras.Model([x_in, y_in], KL.Multiply()([KL.Dense(n)(x_in), KL.Dense(n)(y_in)]))
m = keras.Model([a, b], KL.Concatenate()([gate([a, b]), gate([b, a])]))
""", [{"d": 6, "n": 4}, {"d": 2, "n": 9}]),
}


@pytest.fixture(scope="module")
def keras_answers():
    return keras_answers_for(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_shared_blocks_against_keras(name, keras_answers):
    source, _, points = CASES[name]
    model = symparams.parse(source)["m"]
    for i, values in enumerate(points):
        trainable, non_trainable, shape, _ = keras_answers[f"{name}/{i}"]
        got = model.evaluate(**values)
        assert (got.trainable, got.non_trainable, list(got.output_shape)) == \
            (trainable, non_trainable, shape), values


def test_later_calls_are_named_as_keras_connects_them():
    source, _, _ = CASES["siamese_cnn"]
    rows = symparams.parse(source)["m"].layers
    assert [row.name for row in rows] == ["tower", "tower[1]", "subtract", "dense"]
    assert [row.name for row in rows[1].layers] == [
        "conv2d[1]", "max_pooling2d[1]", "conv2d_1[1]", "global_max_pooling2d[1]"]
    assert rows[1].params == 0 and all(row.params == 0 for row in rows[1].walk())
    assert rows[1].layers[1].inbound == ("conv2d[1]",)
    assert rows[1].inbound == ("b",)


MISTAKES = [  # (body after the header, message)
    ("    blk = B(n)\n    u = blk(a)\n    v = blk(c)\n",
     "the shared block b was built on (d,) and cannot take (e,)"),
    ("    blk = B(n)\n    repeat 2 as t:\n        blk(t)\n",
     "the shared block blk is first called inside a repeat body"),
]


@pytest.mark.parametrize(("body", "message"), MISTAKES, ids=["other-width", "first-in-repeat"])
def test_mistakes(body, message):
    source = ("block B(n):\n    Dense(n)\n\nmodel m(d=4, e=5, n=3):\n    a = Input(shape=(d,))\n"
              "    c = Input(shape=(e,))\n" + body)
    with pytest.raises(symparams.SymparamsError, match=message.replace("(", r"\(")
                       .replace(")", r"\)")):
        symparams.parse(source)
