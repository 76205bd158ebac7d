"""Golden error messages: every mistake names file, line, column (and layer), shows the line
with a caret, and hints where one fits. Regenerate a message by running the case and pasting
``str(err)`` after reviewing it."""

from __future__ import annotations

import pytest

import symparams

CASES = [
    pytest.param(
        "model m(n=3):\n    Dense(n\n",
        symparams.DSLSyntaxError,
        "m.sp:2:10: error: '(' was never closed\n    Dense(n\n         ^\nhint: add the missing ')'",
        id="syntax",
    ),
    pytest.param(
        "model m(n=3):\n    Dense(n\n    Dense(4)\n",
        symparams.DSLSyntaxError,
        "m.sp:2:10: error: '(' was never closed\n    Dense(n\n         ^\nhint: add the missing ')'",
        id="unclosed-before-a-line",
    ),
    pytest.param(
        "model m(n=3):\nInput(shape=(n,))\n",
        symparams.DSLSyntaxError,
        "m.sp:2:1: error: expected an indented block after line 1\nInput(shape=(n,))\n^\n"
        "hint: indent the lines of the body under line 1 (4 spaces)",
        id="unindented-body",
    ),
    pytest.param(
        "model m(n=3):\n    Dense(n))\n",
        symparams.DSLSyntaxError,
        "m.sp:2:13: error: unexpected ')'; expected end of line\n    Dense(n))\n            ^",
        id="syntax2",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dens(n)\n",
        symparams.UnknownLayerError,
        "m.sp:3:5: error: unknown layer 'Dens'\n    Dens(n)\n    ^~~~\nhint: did you mean 'Dense'?",
        id="unknown_layer",
    ),
    pytest.param(
        "model m(n=3):\n    x = Input(shape=(n,))\n    h = Dense(n)(x)\n    Model(x, h)\n",
        symparams.UnknownLayerError,
        "m.sp:4:5: error: unknown layer 'Model'\n    Model(x, h)\n    ^~~~~\nhint: no Model(...) "
        "line is needed: a model's output is the result of its last statement, and its inputs "
        "are its Input lines; delete this line",
        id="keras_model_line",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dense(n, unit=3)\n",
        symparams.ArgumentError,
        "m.sp:3:14: error: Dense (dense) has no argument 'unit'\n    Dense(n, unit=3)\n             ^~~~~~\nhint: did you mean 'units'?",
        id="unknown_arg",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dense(activation='relu')\n",
        symparams.ArgumentError,
        "m.sp:3:5: error: Dense (dense) is missing the required argument 'units'\n    Dense(activation='relu')\n    ^~~~~~~~~~~~~~~~~~~~~~~~",
        id="missing_arg",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dense('relu')\n",
        symparams.ArgumentError,
        "m.sp:3:11: error: Dense (dense): units must be a positive integer expression, got string 'relu'\n    Dense('relu')\n          ^~~~~~",
        id="wrong_type",
    ),
    pytest.param(
        "model m(units=3):\n    Input(shape=(units,))\n    Dense(unit)\n",
        symparams.UndeclaredSymbolError,
        "m.sp:3:11: error: undeclared symbol 'unit'\n    Dense(unit)\n          ^~~~\nhint: did you mean 'units'?",
        id="undeclared",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Conv2D(8, 3, 3)\n",
        symparams.ShapeError,
        "m.sp:3:5: error: in layer conv2d: Conv2D expects a 3-D input (height, width, channels), got the 1-D input (n,)\n    Conv2D(8, 3, 3)\n    ^~~~~~",
        id="shape",
    ),
    pytest.param(
        "model m(H=5, k=7):\n    Input(shape=(H, H, 1))\n    Conv2D(8, k, k)\n",
        symparams.InvalidValueError,
        "m.sp:3:5: error: conv2d needs input height >= 7, got 5\n    Conv2D(8, k, k)\n    ^~~~~~~~~~~~~~~\nhint: Conv2D requires H >= k",
        id="invalid_values",
    ),
    pytest.param(
        "model m():\n    Input(shape=(5, 5, 1))\n    Conv2D(8, 7, 7)\n",
        symparams.InvalidValueError,
        "m.sp:3:5: error: conv2d needs input height >= 7, got 5\n    Conv2D(8, 7, 7)\n    ^~~~~~~~~~~~~~~",
        id="invalid_const",
    ),
    pytest.param(
        "model m(n=3):\n    Dense(__import__('os').system('echo hi'))\n",
        symparams.DSLSyntaxError,
        "m.sp:2:34: error: unexpected '('; expected ')', '*', '+', ',', '-', '.', ...\n    Dense(__import__('os').system('echo hi'))\n                                 ^",
        id="import",
    ),
    pytest.param(
        "model m(lambda=3):\n    Dense(3)\n",
        symparams.DeclarationError,
        "m.sp:1:9: error: 'lambda' is a Python keyword, not a valid symbol name\nmodel m(lambda=3):\n        ^~~~~~~~",
        id="keyword",
    ),
    pytest.param(
        "model m(n=3):\n    Dense(n)\n",
        symparams.ShapeError,
        "m.sp:2:5: error: model 'm' does not say its input shape\n    Dense(n)\n    ^~~~~~~~\nhint: start the model with Input(shape=(...)), or give the first layer input_shape=(...)",
        id="noinput",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n, n, 1))\n    Conv2D(8, 3, 3, padding='sme')\n",
        symparams.ArgumentError,
        "m.sp:3:29: error: Conv2D (conv2d): padding must be 'valid' or 'same', got string 'sme'\n    Conv2D(8, 3, 3, padding='sme')\n                            ^~~~~\nhint: did you mean 'same'?",
        id="padding",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n      Dense(n)\n",
        symparams.DSLSyntaxError,
        "m.sp:3:7: error: unexpected indentation\n      Dense(n)\n      ^",
        id="indent",
    ),
    pytest.param(
        "model m(n=3):\n        Input(shape=(n,))\n    Dense(n)\n",
        symparams.DSLSyntaxError,
        "m.sp:3:1: error: indentation does not match any outer block\n    Dense(n)\n^",
        id="dedent",
    ),
    pytest.param(
        "model m(n=4):\n    Input(shape=(n,))\n    Dense(n/2)\n",
        symparams.ArgumentError,
        "m.sp:3:11: error: Dense (dense): units: n/2 is not an integer for every value of the symbols\n    Dense(n/2)\n          ^~~\nhint: sizes are whole numbers: use '//' for floor division, or round: int(...), round(...), ceil(...)",
        id="truediv",
    ),
    pytest.param(
        "model m(n=3):\n\tInput(shape=(n,))\n\tDens(n)\n",
        symparams.UnknownLayerError,
        "m.sp:3:2: error: unknown layer 'Dens'\n\tDens(n)\n\t^~~~\nhint: did you mean 'Dense'?",
        id="tab",
    ),
    pytest.param(
        "Dense(3)\n",
        symparams.DSLSyntaxError,
        "m.sp:1:1: error: unexpected 'Dense'; expected 'block', 'model', 'use', end of line\nDense(3)\n^\nhint: layers go inside a 'model NAME(symbols):' block",
        id="layer_outside",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dense(n, units=3)\n",
        symparams.ArgumentError,
        "m.sp:3:14: error: Dense (dense) got argument 'units' twice\n    Dense(n, units=3)\n             ^~~~~~~",
        id="twice",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dense(n, use_bias='yes')\n",
        symparams.ArgumentError,
        "m.sp:3:23: error: Dense (dense): use_bias must be True or False, got string 'yes'\n    Dense(n, use_bias='yes')\n                      ^~~~~",
        id="bool",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=n)\n    Dense(n)\n",
        symparams.ArgumentError,
        "m.sp:2:17: error: Input: shape must be a shape tuple such as (h, w) or (T,), got name 'n'\n    Input(shape=n)\n                ^\nhint: a one-dimensional shape needs a trailing comma: (T,)",
        id="input_shape_1d",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\nmodel m(n=3):\n    Input(shape=(n,))\n",
        symparams.DeclarationError,
        "m.sp:3:7: error: model 'm' is defined twice\nmodel m(n=3):\n      ^",
        id="dup_model",
    ),
    pytest.param(
        "model m(n=0):\n    Input(shape=(n,))\n",
        symparams.DeclarationError,
        "m.sp:1:9: error: symbols are positive integers; 'n' has example value 0\nmodel m(n=0):\n        ^~~",
        id="zero",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    SimpleRNN(4)\n",
        symparams.ShapeError,
        "m.sp:3:5: error: in layer simple_rnn: SimpleRNN expects a 2-D input (timesteps, features), got the 1-D input (n,)\n    SimpleRNN(4)\n    ^~~~~~~~~\nhint: recurrent layers take (timesteps, features); use an Embedding or Reshape first",
        id="rnn1d",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dense(0)\n",
        symparams.ArgumentError,
        "m.sp:3:11: error: Dense (dense): units must be a positive integer, got 0\n    Dense(0)\n          ^",
        id="dense0",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dense(2.5)\n",
        symparams.ArgumentError,
        "m.sp:3:11: error: Dense (dense): units must be a positive integer expression, got float 2.5\n    Dense(2.5)\n          ^~~",
        id="float",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape={n})\n",
        symparams.DSLSyntaxError,
        "m.sp:2:17: error: unexpected character '{'\n    Input(shape={n})\n                ^\nhint: dictionaries are not part of the language",
        id="dict",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dense(n, activation='relu)\n",
        symparams.DSLSyntaxError,
        "m.sp:3:25: error: unexpected character \"'\"\n    Dense(n, activation='relu)\n                        ^\nhint: this string is not closed on its line",
        id="string_unclosed",
    ),
    pytest.param(
        "model m(n=3):\n    Input(shape=(n,))\n    Dense(9**9**9)\n",
        symparams.LimitError,
        "m.sp:3:11: error: 9**387420489 is larger than 4096 bits\n    Dense(9**9**9)\n          ^~~~~~~",
        id="bigpow",
    ),
]


@pytest.mark.parametrize(("source", "error", "message"), CASES)
def test_golden_error(source, error, message):
    with pytest.raises(error) as info:
        for model in symparams.parse(source, "m.sp"):
            model.evaluate()
    assert isinstance(info.value, symparams.SymparamsError)
    assert str(info.value) == message
    assert info.value.line is not None and info.value.column is not None


def test_error_is_also_the_builtin_it_resembles():
    with pytest.raises(ValueError):
        symparams.parse("model m(n=3):\n    Dense(n\n")
    with pytest.raises(NameError):
        symparams.parse("model m():\n    Input(shape=(3,))\n    Dens(3)\n")
    with pytest.raises(TypeError):
        symparams.parse("model m():\n    Input(shape=(3,))\n    Dense('a')\n")


def test_nothing_is_executed(tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    source = f"model m(n=3):\n    Dense(__import__('os').system('touch {marker}'))\n"
    with pytest.raises(symparams.DSLSyntaxError):
        symparams.parse(source)
    assert not marker.exists()


def test_warning_for_keras_style_strides():
    doc = symparams.parse("model m():\n    Input(shape=(9, 9, 1))\n    Conv2D(4, 3, 2)\n", "w.sp")
    assert doc.models["m"].layers[0].args.kernel_size == (3, 2)
    (warning,) = doc.warnings
    assert "strides=2" in warning.render() and "w.sp:3:18" in warning.render()


def test_caret_and_table_count_wide_characters_as_two_columns():
    """The seed notebook is Chinese: a layer named in CJK takes two terminal columns per
    character, in the caret line of an error and in the summary's columns."""
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse('model m(n=3):\n    Input(shape=(n,))\n'
                        '    Dense(n, name="全连接层", activaton="relu")\n', "m.sp")
    source, marks = info.value.render().splitlines()[1:3]
    assert marks.index("^") == source.index("activaton") + 4  # 4 wide characters before
    from symparams.render.text import summary_text
    model = symparams.parse('model m(n=3):\n    Input(shape=(n,))\n'
                            '    Dense(n, name="全连接层")\n    Dense(2, name="é")\n')["m"]
    lines = summary_text(model, {}).splitlines()
    wide = next(line for line in lines if line.startswith("全连接层"))
    narrow = next(line for line in lines if line.startswith("é"))
    assert wide.index("(n,)") + 4 == narrow.index("(2,)")  # the same column on screen
