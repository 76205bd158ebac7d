"""Blocks, named tensors, repetition and ``use``: syntax, reports and errors."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import sympy

import symparams
from symparams.render.jsonout import summary_dict
from symparams.render.text import summary_text
from symparams.symbolic.integers import symbol

from .conftest import EXAMPLES, ROOT

RESIDUAL = """
block Residual(d, act="relu"):
    h = Dense(4*d, activation=act)
    h = Dense(d)(h)
    Add()(input, h)

model m(d=8, L=3, T=5):
    Input(shape=(T, d))
    Residual(d) * L
"""


def parse(text: str):
    return symparams.parse(textwrap.dedent(text), "m.sp")


def test_block_rows_and_repetition_multiply():
    m = parse(RESIDUAL)["m"]
    d, L = symbol("d"), symbol("L")
    per_block = 4 * d * (d + 1) + d * (4 * d + 1)
    assert sympy.expand(m.params - L * per_block) == 0
    repeat = m.layers[0]
    assert (repeat.type, repeat.repeat) == ("Repeat", L)
    block = repeat.layers[0]
    assert block.type == "Residual" and block.is_block
    assert [row.type for row in block.layers] == ["Dense", "Dense", "Add"]
    ev = m.evaluate()
    assert ev.params == 3 * (32 * 9 + 8 * 33)
    assert ev.layers[0].layers[0].layers[0].params == 32 * 9
    assert m.layer("dense_1").output_shape == (symbol("T"), d)


def test_plain_chain_is_unchanged():
    doc = symparams.parse_file(EXAMPLES / "seed.sp")
    assert [m.evaluate().params for m in doc] == [23893, 176025, 320736]
    assert all(not layer.layers and layer.repeat is None for m in doc for layer in m.layers)


def test_named_input_branches_and_concatenate():
    m = parse("""
        model m(d=4):
            x = Input(shape=(d,))
            a = Dense(2*d)
            b = Dense(3)(x)
            Concatenate()(a, b, x)
    """)["m"]
    d = symbol("d")
    assert m.output_shape == (3 * d + 3,)
    assert m.layers[1].inbound == ("input",)
    assert m.layers[2].inbound == ("dense", "dense_1", "input")


def test_repeat_statement_with_outer_tensor():
    m = parse("""
        model m(d=4, L=2):
            x = Input(shape=(d,))
            repeat L as h:
                y = Dense(d)(h)
                z = Dense(d)(x)
                Add()(h, y, z)
    """)["m"]
    d, L = symbol("d"), symbol("L")
    assert sympy.expand(m.params - 2 * L * d * (d + 1)) == 0


def test_block_with_two_inputs_and_cross_attention():
    m = parse("""
        use stdlib.transformer
        model m(d=16, h=4, T=7, S=5, e=8):
            src = Input(shape=(S, e))
            ctx = Dense(d)
            Dense(d)(src)
            TransformerDecoder(d, h, 4*d)(ctx, ctx)
    """)["m"]
    assert m.output_shape == (symbol("S"), symbol("d"))


@pytest.mark.parametrize(
    ("source", "error", "needle"),
    [
        pytest.param("""
            model m(d=4):
                Input(shape=(d,))
                Dense(d) * 3
                Repeat2(d)
            """, symparams.UnknownLayerError, "unknown layer 'Repeat2'", id="unknown"),
        pytest.param("""
            model m(d=4, L=2):
                Input(shape=(d,))
                Dense(2*d) * L
            """, symparams.ShapeError, "dimension 1 changes from d to 2*d", id="repeat_shape"),
        pytest.param("""
            model m(d=4, e=5):
                x = Input(shape=(d,))
                y = Dense(e)
                Add()(x, y)
            """, symparams.ShapeError, "differ in dimension 1: d vs e", id="add_mismatch"),
        pytest.param("""
            model m(d=4):
                x = Input(shape=(d,))
                Add()(x, q)
            """, symparams.ShapeError, "no tensor named 'q'", id="no_tensor"),
        pytest.param("""
            model m(d=4):
                x = Input(shape=(d,))
                Add()(x)
            """, symparams.ShapeError, "at least 2 inputs", id="one_input_merge"),
        pytest.param("""
            model m(d=4):
                x = Input(shape=(d,))
                Subtract()(x, x, x)
            """, symparams.ShapeError, "exactly 2 inputs", id="subtract_three"),
        pytest.param("""
            model m(d=4):
                x = Input(shape=(d,))
                Dense(3)(x, x)
            """, symparams.ShapeError, "takes one input, got 2", id="dense_two"),
        pytest.param("""
            block A(d):
                B(d)
            block B(d):
                A(d)
            model m(d=4):
                Input(shape=(d,))
                A(d)
            """, symparams.DeclarationError, "uses itself (A -> B -> A)", id="recursion"),
        pytest.param("""
            block A(d):
                Dense(d)
            model m(d=4):
                Input(shape=(d,))
                A()
            """, symparams.ArgumentError, "missing the argument 'd'", id="block_missing"),
        pytest.param("""
            block A(d):
                Dense(d)
            model m(d=4):
                Input(shape=(d,))
                A(d, e=3)
            """, symparams.ArgumentError, "has no parameter 'e'", id="block_kw"),
        pytest.param("""
            block Dense(d):
                Dense(d)
            model m(d=4):
                Input(shape=(d,))
            """, symparams.DeclarationError, "has the name of a layer", id="block_is_layer"),
        pytest.param("""
            block A(d):
                assume d > 2
                Dense(d)
            model m(d=4):
                Input(shape=(d,))
                A(d)
            """, symparams.DeclarationError, "belongs in a model", id="assume_in_block"),
        pytest.param("""
            model m(d=4):
                Input(shape=(d,))
                Dense(d) * (0 - 1)
            """, symparams.ArgumentError, "at least 0, got -1", id="repeat_negative"),
        pytest.param("""
            model m(d=4):
                x = Input(shape=(d,))
                Concatenate(axis=1)(x, x)
                Dense(3)
                Input(shape=(d,))
            """, symparams.ShapeError, "Input must come before the model's layers",
            id="late_input"),
        pytest.param("""
            model m(d=4, V=9):
                x = Input(shape=(d,))
                Dense(V, tied_to="emb")
            """, symparams.ArgumentError, "no Embedding layer named 'emb'", id="tied_missing"),
        pytest.param("""
            use stdlib.nothing
            model m(d=4):
                Input(shape=(d,))
            """, symparams.DeclarationError, "no module 'nothing'", id="stdlib_missing"),
        pytest.param("""
            use os.path
            model m(d=4):
                Input(shape=(d,))
            """, symparams.DeclarationError, "unknown module 'os.path'", id="not_stdlib"),
    ],
)
def test_errors(source, error, needle):
    with pytest.raises(error) as info:
        for model in parse(source):
            model.evaluate()
    assert needle in str(info.value)
    assert info.value.span is not None and info.value.line >= 1


def test_repeat_count_condition_and_symbolic_stage():
    m = parse("""
        model m(d=4, n=3):
            Input(shape=(d,))
            Dense(d) * (n - 2)
    """)["m"]
    assert m.evaluate(n=4).params == 2 * 20
    assert m.evaluate(n=2).params == 0  # zero copies: the identity
    with pytest.raises(symparams.InvalidValueError, match="repetition count"):
        m.evaluate(n=1)


def test_literal_block_arguments_reach_non_dimension_parameters():
    m = parse("""
        block D(units, bias=True, act="relu"):
            Dense(units, use_bias=bias, activation=act)
        model m(d=4):
            Input(shape=(d,))
            D(3, False, "tanh")
            D(d)
    """)["m"]
    assert m.evaluate().params == 12 + 16


#: (named values and the lines using them, the same lines with the text written in)
TEXT_VALUES = [
    ('act = "tanh"\n    Dense(3, activation=act)', 'Dense(3, activation="tanh")'),
    ('ACTS = ("relu", "gelu")\n    Dense(3, activation=ACTS[1])', 'Dense(3, activation="gelu")'),
    ('act = "tanh"\n    D(3, False, act)', 'D(3, False, "tanh")'),
    ('ACTS = ("relu", "tanh")\n    D(3, act=ACTS[-1])', 'D(3, act="tanh")'),
    ('p = "same"\n    Reshape((d, 1))\n    Conv1D(2, 3, padding=p)',
     'Reshape((d, 1))\n    Conv1D(2, 3, padding="same")'),
    ('act = "gelu"\n    if act in ("relu", "gelu"):\n        Dense(5)\n    else:\n        Dense(6)',
     'Dense(5)'),
]


@pytest.mark.parametrize(("named", "written"), TEXT_VALUES)
def test_a_named_value_may_be_a_text(named, written):
    """``act = "gelu"`` and ``ACTS = ("relu", "gelu")``: a text or tuple of texts is a
    value a layer argument, a block argument or a condition reads, as if written there."""
    block = ('block D(units, bias=True, act="relu"):\n'
             "    Dense(units, use_bias=bias, activation=act)\n")
    models = [parse(f"{block}model m(d=4):\n    Input(shape=(d,))\n    {body}\n")["m"]
              for body in (named, written)]
    def text(arg):  # an activation is kept as written (its node)
        return getattr(arg, "value", arg)

    rows = [[(r.type, r.output_shape, r.params, text(r.args.get("activation")),
              text(r.args.get("padding"))) for top in m.layers for r in top.walk()]
            for m in models]
    assert rows[0] == rows[1]


def test_block_default_uses_earlier_parameter():
    m = parse("""
        block FF(d, ff=4*d):
            Dense(ff)
            Dense(d)
        model m(d=4):
            Input(shape=(d,))
            FF(d)
    """)["m"]
    assert m.evaluate().params == 16 * 5 + 4 * 17


def test_errors_inside_imported_block_name_the_block_file(tmp_path):
    (tmp_path / "blocks.sp").write_text("block Wide(d):\n    Dense(d)\n    Add()(input, input)\n"
                                        "    Dense(d) * 2\n    Dense(2*d) * 2\n")
    main = tmp_path / "main.sp"
    main.write_text('use "blocks.sp"\nmodel m(d=4):\n    Input(shape=(d,))\n    Wide(d)\n')
    with pytest.raises(symparams.ShapeError) as info:
        symparams.parse_file(main)
    assert info.value.filename.endswith("blocks.sp") and info.value.line == 5


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/etc/passwd.sp", id="absolute"),
        pytest.param("../outside.sp", id="dotdot"),
        pytest.param("sub/../../outside.sp", id="dotdot_inner"),
        pytest.param("sub\\\\x.sp", id="backslash"),
        pytest.param("~/x.sp", id="home"),
        pytest.param("blocks.txt", id="not_sp"),
        pytest.param("link.sp", id="symlink_out"),
        pytest.param("missing.sp", id="missing"),
    ],
)
def test_use_paths_are_confined(tmp_path, path):
    inner = tmp_path / "project"
    inner.mkdir()
    (tmp_path / "outside.sp").write_text("block X(d):\n    Dense(d)\n")
    (inner / "link.sp").symlink_to(tmp_path / "outside.sp")
    main = inner / "main.sp"
    main.write_text(f'use "{path}"\nmodel m(d=4):\n    Input(shape=(d,))\n')
    with pytest.raises(symparams.DeclarationError):
        symparams.parse_file(main)


def test_use_relative_file_and_cycles(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.sp").write_text('use "b.sp"\nblock A(d):\n    B(d)\n')
    (tmp_path / "sub" / "b.sp").write_text("block B(d):\n    Dense(d)\n")
    main = tmp_path / "main.sp"
    main.write_text('use "sub/a.sp"\nmodel m(d=4):\n    Input(shape=(d,))\n    A(d)\n')
    assert symparams.parse_file(main)["m"].evaluate().params == 20
    (tmp_path / "sub" / "b.sp").write_text('use "a.sp"\nblock B(d):\n    Dense(d)\n')
    with pytest.raises(symparams.DeclarationError, match="uses itself"):
        symparams.parse_file(main)


def test_text_report_indents_inner_rows():
    m = parse(RESIDUAL)["m"]
    text = summary_text(m, m.values)
    assert "repeat (Repeat × L)" in text
    assert "\n  residual (Residual)" in text
    assert "\n    dense (Dense)" in text


def test_json_nests_layers_and_keeps_fields():
    m = parse(RESIDUAL)["m"]
    data = summary_dict([(m, m.values)])
    (top,) = data["models"][0]["layers"]
    assert set(top) >= {"name", "type", "line", "output_shape", "params", "trainable",
                        "non_trainable", "value"}
    assert top["repeat"] == "L"
    block = top["layers"][0]
    assert [row["type"] for row in block["layers"]] == ["Dense", "Dense", "Add"]
    assert block["layers"][2]["inbound"] == ["input", "dense_1"]
    assert block["layers"][0]["value"]["params"] == 32 * 9
    json.dumps(data)


def test_every_example_parses_and_evaluates():
    for path in sorted(EXAMPLES.glob("*.sp")):
        for model in symparams.parse_file(path):
            if model.has_values():
                model.evaluate()


def test_every_stdlib_block_is_usable():
    from symparams.engine.imports import load_module_blocks, stdlib_modules

    assert set(stdlib_modules()) >= {"resnet", "transformer", "gpt", "inception",
                                     "squeeze_excite"}
    for module in stdlib_modules():
        assert load_module_blocks(f"stdlib.{module}")


def test_cli_summary_of_a_file_with_use(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "symparams", "summary", str(EXAMPLES / "resnet50.sp"),
         "--model", "resnet50", "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, check=True)
    total = json.loads(out.stdout)["models"][0]["total"]["value"]
    assert total["params"] == total["trainable"] + total["non_trainable"]


def test_unused_result_is_warned_about():
    doc = parse("""
        model m(d=4):
            x = Input(shape=(d,))
            a = Dense(3)
            Dense(5)(x)
    """)
    (warning,) = doc.warnings
    assert "dense is never used" in warning.message and warning.span.line == 4
    assert doc["m"].evaluate().params == 15 + 25  # counted, as written
    assert not symparams.parse_file(EXAMPLES / "gpt.sp").warnings
