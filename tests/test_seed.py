"""The seed notebook's three models, exactly, layer by layer (../shared/seed/...).

The notebook's ``model.summary()`` tables are Keras's own output; the oracle test in
``test_seed_oracle.py`` asks a real Keras as well.
"""

from __future__ import annotations

import pytest
import sympy

import symparams
from symparams.symbolic.integers import symbol

from .conftest import EXAMPLES

# What the notebook's model.summary() printed: (layer, type, output shape, params).
SEED_SUMMARIES = {
    "mlp": [
        ("flatten", "Flatten", (784,), 0),
        ("dense", "Dense", (30,), 23550),
        ("dense_1", "Dense", (10,), 310),
        ("dense_2", "Dense", (3,), 33),
    ],
    "cnn": [
        ("conv2d", "Conv2D", (49, 49, 99), 4950),
        ("max_pooling2d", "MaxPooling2D", (24, 24, 99), 0),
        ("flatten", "Flatten", (57024,), 0),
        ("dense", "Dense", (3,), 171075),
    ],
    "rnn": [
        ("embedding", "Embedding", (600, 32), 320000),
        ("simple_rnn", "SimpleRNN", (600, 15), 720),
        ("dense", "Dense", (600, 1), 16),
    ],
}
SEED_TOTALS = {"mlp": 23893, "cnn": 176025, "rnn": 320736}

# The notebook's calls, pasted verbatim (model.add lines and all).
VERBATIM = """
model mlp():
    model.add(Flatten(input_shape = (28,28)))
    model.add(Dense(30,activation = 'relu'))
    model.add(Dense(10,activation = 'relu'))
    model.add(Dense(3, activation = 'softmax'))

model cnn():
    model.add(Conv2D(filters=99, kernel_size=(7, 7), strides = 1 ,
                     input_shape = (55,55,1),activation = 'relu'))
    model.add(MaxPool2D(pool_size = (2,2)))
    model.add(Flatten())
    model.add(Dense(3, activation = 'softmax'))

model rnn():
    model.add(Embedding(input_dim = 10000,    # 词汇表大小
                        output_dim = 32,    # 词向量维度
                        input_length = 600    # 输入序列的长度（pad_sequense之后）
                       ))
    model.add(SimpleRNN(15, activation = 'tanh', return_sequences=True))
    model.add(Dense(1, activation='sigmoid'))
"""


@pytest.fixture(scope="module")
def seed():
    return symparams.parse_file(EXAMPLES / "seed.sp")


@pytest.fixture(scope="module")
def verbatim():
    return symparams.parse(VERBATIM, "verbatim.sp")


@pytest.mark.parametrize("name", list(SEED_SUMMARIES))
@pytest.mark.parametrize("source", ["seed", "verbatim"])
def test_layer_by_layer(name, source, request):
    model = request.getfixturevalue(source).models[name]
    evaluation = model.evaluate()
    got = [(item.name, item.type, item.output_shape, item.params) for item in evaluation.layers]
    assert got == SEED_SUMMARIES[name]
    assert evaluation.params == evaluation.trainable == SEED_TOTALS[name]
    assert evaluation.non_trainable == 0


def _symbols(*names):
    return [symbol(n) for n in names]


def test_closed_forms(seed):
    h, w, u, v, n = _symbols("h", "w", "u", "v", "n")
    mlp = seed.models["mlp"]
    assert [item.params for item in mlp.layers] == [0, u * (h * w + 1), v * (u + 1), n * (v + 1)]
    H, W, C, f, k = _symbols("H", "W", "C", "f", "k")
    conv = seed.models["cnn"].layers[0]
    assert conv.output_shape == (H - k + 1, W - k + 1, f)
    assert sympy.expand(conv.params - f * (k * k * C + 1)) == 0


def test_simple_rnn_closed_form_and_the_notebooks_mistake(seed):
    V, E, T, h = _symbols("V", "E", "T", "h")
    rnn = seed.models["rnn"]
    embedding, simple_rnn, dense = rnn.layers
    assert embedding.params == V * E
    assert sympy.expand(simple_rnn.params - (h * (h + E) + h)) == 0
    assert sympy.expand(dense.params - (h + 1)) == 0
    # The notes explain 30 units: 30*(30+32)+30 = 1890 and a Dense of 31. With h=30, that is
    # what symparams says; the code builds h=15 (720 and 16), as Keras reported.
    at_30 = rnn.evaluate(h=30)
    assert [item.params for item in at_30.layers] == [320000, 1890, 31]
    assert [item.params for item in rnn.evaluate().layers] == [320000, 720, 16]


def test_values_are_exact_python_ints(seed):
    big = seed.models["mlp"].evaluate(h=2**40, w=2**40, u=2**40)
    assert type(big.params) is int
    assert big.layers[1].params == 2**40 * (2**80 + 1)
