"""Every layer-argument error names the layer as Keras will name it (its type, and the name
it gets: ``Conv2D (conv2d_3)``) and the argument, across the registry's argument kinds, with
the file, line and column of the argument."""

from __future__ import annotations

import pytest

import symparams

IMG = "Input(shape=(8, 8, 3))"
SEQ = "Input(shape=(6, 4))"

#: (input, layers before, the bad line, the start of the message, the column).
CASES = [
    (IMG, 3, 'Conv2D(8, "a")', "Conv2D (conv2d_3): kernel_size must be an integer or a tuple "
     "of 2 integers", 15),
    (IMG, 0, "Conv2D(8, (3, 3, 3))", "Conv2D (conv2d): kernel_size must be", 15),
    (IMG, 0, "Dense(0)", "Dense (dense): units must be a positive integer, got 0", 11),
    (IMG, 1, "Dense(2.5)", "Dense (dense_1): units must be a positive integer expression", 11),
    (IMG, 0, 'Conv2D(8, 3, padding="sme")', "Conv2D (conv2d): padding must be 'valid' or "
     "'same'", 26),
    (IMG, 0, 'Dense(3, use_bias="yes")', "Dense (dense): use_bias must be True or False", 23),
    (IMG, 0, 'Dense(3, activation="rleu")', "Dense (dense): activation: unknown activation "
     "'rleu'", 25),
    (IMG, 0, "Dense(3, activation=3)", "Dense (dense): activation must be an activation", 25),
    (IMG, 0, 'Dense(3, name="head", units=2)', "Dense (head) got argument 'units' twice", 27),
    (IMG, 0, "Dense(3, unit=3)", "Dense (dense) has no argument 'unit'", 14),
    (IMG, 0, "Dense()", "Dense (dense) is missing the required argument 'units'", 5),
    (IMG, 0, "Dropout(0.1, 1, 2, 3, 4)", "Dropout (dropout) takes at most", 24),
    (IMG, 0, 'Reshape("a")', "Reshape (reshape): target_shape must be", 13),
    (IMG, 0, "Permute((1, 1, 2))", "Permute (permute): dims must be a permutation", 13),
    (IMG, 0, "ZeroPadding2D(((1, 2, 3), 1))", "ZeroPadding2D (zero_padding2d): padding must "
     "be", 20),
    (IMG, 0, 'BatchNormalization(axis="x")', "BatchNormalization (batch_normalization): "
     "axis must be", 29),
    (SEQ, 0, 'Bidirectional(LSTM("x"))', "Bidirectional (bidirectional): LSTM: units must "
     "be a positive integer expression", 24),
    (SEQ, 0, "Bidirectional(3)", "Bidirectional (bidirectional): layer must be a layer "
     "call", 19),
    (IMG, 0, "Dense(3, name=4)", "Dense: name must be a string", 19),
]


@pytest.mark.parametrize(("inputs", "before", "line", "message", "column"), CASES,
                         ids=[c[2] for c in CASES])
def test_argument_errors_name_the_layer_and_the_argument(inputs, before, line, message,
                                                         column):
    body = "".join("    Conv2D(8, 1)\n" if "Conv2D" in line else "    Dense(3)\n"
                   for _ in range(before))
    source = f"model m():\n    {inputs}\n{body}    {line}\n"
    with pytest.raises(symparams.ArgumentError) as info:
        symparams.parse(source, "m.sp")
    err = info.value
    assert err.message.startswith(message), err.message
    assert (err.filename, err.line, err.column) == ("m.sp", 3 + before, column), str(err)


def test_a_name_used_twice_names_the_layer():
    source = 'model m():\n    Input(shape=(3,))\n    Dense(3, name="a")\n    Dense(3, name="a")\n'
    with pytest.raises(symparams.ArgumentError, match=r"Dense \(a\): layer name 'a' is used "
                                                      "twice"):
        symparams.parse(source)


def test_an_input_argument_error_names_input():
    with pytest.raises(symparams.ArgumentError, match="^.*Input: shape must be a shape tuple"):
        symparams.parse('model m():\n    Input(shape="a")\n    Dense(3)\n')


def test_the_layer_of_the_error_is_its_name():
    source = "model m():\n    Input(shape=(3,))\n    Dense(3)\n    Dense(-1)\n"
    with pytest.raises(symparams.ArgumentError) as info:
        symparams.parse(source)
    assert info.value.layer == "dense_1"
    assert "in layer" not in str(info.value)  # the message names it already
