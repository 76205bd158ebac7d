"""Keras's call arguments after a layer's tensors (``training=False``, masks): accepted
where Keras takes them, not read by the counts; mistakes named where they are."""

from __future__ import annotations

import pytest

import symparams

from .conftest import assert_error_at

HEADER = ("model m(d=4):\n    x = Input(shape=(3, d))\n    y = Input(shape=(5, d))\n"
          "    s = Dense(d)\n")

ACCEPTED = [  # (line, the same model without the call arguments)
    ("h = Dense(d)(x, training=False)", "h = Dense(d)(x)"),
    ("h = BatchNormalization()(x, training=False)", "h = BatchNormalization()(x)"),
    ("h = MultiHeadAttention(2, 8)(x, y, use_causal_mask=True)",
     "h = MultiHeadAttention(2, 8)(x, y)"),
    ("h = MultiHeadAttention(2, 8)(x, y, return_attention_scores=False, training=True)",
     "h = MultiHeadAttention(2, 8)(x, y)"),
    ("h = LSTM(d, return_sequences=True)(x, mask=None)",
     "h = LSTM(d, return_sequences=True)(x)"),
    ("h = s(x, training=False)", "h = s(x)"),
    ("h = Dense(d)(x, training=False) + x", "h = Dense(d)(x) + x"),
]


def rows(line: str) -> list:
    model = symparams.parse(HEADER + f"    {line}\n    Add()(h, h)\n")["m"]
    return [(row.name, row.type, row.output_shape, row.params) for row in model.layers]


@pytest.mark.parametrize(("line", "plain"), ACCEPTED, ids=[a for a, _ in ACCEPTED])
def test_call_arguments_change_no_count(line, plain):
    assert rows(line) == rows(plain)


MISTAKES = [  # (line, message, column of the caret)
    ("h = Dense(d)(x, trainng=False)", "takes no call argument 'trainng'", 21),
    ("h = Dense(d)(x, training=False, y)", "a tensor after a keyword argument", 37),
    ("h = Dense(d)(x, training=False, training=True)", "'training' is given twice", 37),
    ("h = MultiHeadAttention(2, 8)(x, y, return_attention_scores=True)",
     "return_attention_scores=True makes the call return two tensors", 40),
    ("h = s(x, mask_=None)", "takes no call argument 'mask_'", 14),
]


@pytest.mark.parametrize(("line", "message", "column"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_mistakes_are_named_where_they_are(line, message, column):
    assert_error_at(HEADER + f"    {line}\n", message, 5, column)
