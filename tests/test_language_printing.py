"""Formulas of the language's functions print as a person writes them (issue 12, items 6 and
7): ``max``/``min``/``abs``/``round``, ``H % 2`` and case distinctions ``(a if c else b)``
in text; ``\\max``, ``\\lfloor``, ``cases`` in LaTeX; SymPy's names in JSON, which
``sympify`` reads back with the documented locals (docs/json.md) to the same formula.
Parity padding (Keras's ``correct_pad``) prints as ``ceil(H/2)``, its constraints as
``H >= 3``, and a shape error of a repeat in the textbook floor form."""

from __future__ import annotations

import json

import pytest
import sympy

import symparams
from symparams.render import expr_text, sympy_text
from symparams.render.jsonout import DOMAINS, domain, summary_json
from symparams.render.latex_printer import FormulaPrinter
from symparams.symbolic.forms import shortest
from symparams.symbolic.functions import RoundHalfEven
from symparams.symbolic.integers import symbol

HEADER = "model m(d=64, H=33, alpha=3/4, n=3):\n    assume n >= 0\n" \
         "    x = Input(shape=(H, H, d))\n    h, w, c = x.shape\n"

# (a layer line, a text fragment of its output width, a LaTeX fragment)
CASES = [
    ("Dense(max(d, 8))", "max(8, d)", r"\max\left(8, d\right)"),
    ("Dense(min(d, 2*n + 1))", "min(d, 2*n + 1)", r"\min\left(d, 2 n + 1\right)"),
    ("Dense(round(alpha * d))", "round(alpha*d)", r"\operatorname{round}\left(\alpha d\right)"),
    ("Dense(floor(alpha * d) + abs(n - 4))", "abs(n - 4)", r"\left|{n - 4}\right|"),
    ("Dense(d // 2 if alpha > 1 else d)", "(floor(d/2) if alpha > 1 else d)",
     r"\begin{cases}"),
    ("Dense(ceil(alpha * d / 3))", "ceil(alpha*d/3)", r"\left\lceil"),
    ("Dense(c + h % 2)", "d + H % 2", r"H \bmod 2"),
]


@pytest.mark.parametrize(("line", "text", "tex"), CASES)
def test_functions_print_readably(line, text, tex):
    model = symparams.parse(HEADER + f"    Flatten()\n    {line}\n")["m"]
    width = model.layers[-1].output_shape[-1]
    assert text in expr_text(width)
    assert tex in FormulaPrinter.for_model(model).doprint(width)


@pytest.mark.parametrize(("line", "text", "tex"), CASES)
def test_json_formulas_read_back_with_the_documented_locals(line, text, tex):
    doc = symparams.parse(HEADER + f"    Flatten()\n    {line}\n")
    data = json.loads(summary_json([(doc["m"], dict(doc["m"].values))]))["models"][0]
    names = {name: sympy.Symbol(name, **DOMAINS[kind]) for name, kind in data["domains"].items()}
    names["round"] = RoundHalfEven
    model = doc["m"]
    for entry, layer in zip(data["layers"], model.layers, strict=True):
        for key in ("params", "trainable", "non_trainable"):
            back = sympy.sympify(entry[key], locals=names)
            assert back == getattr(layer, key) or sympy.expand(back - getattr(layer, key)) == 0
        assert entry["value"]["params"] == model.evaluate().layers[-1].params or entry is not \
            data["layers"][-1]
    assert data["domains"] == {"d": "positive integer", "H": "positive integer",
                               "alpha": "positive rational", "n": "non-negative integer"}


def test_domains_name_sympy_assumptions():
    for kind, assumptions in DOMAINS.items():
        assert domain(sympy.Symbol("s", **assumptions)) == kind


CORRECT_PAD = """
model m(H=33, W=32):
    x = Input(shape=(H, W, 3))
    h, w, c = x.shape
    ZeroPadding2D(((h % 2, 1), (w % 2, 1)))
    Conv2D(8, 3, strides=2, padding="valid")
    MaxPooling2D(8)
"""


def test_parity_padding_prints_as_ceiling_and_its_constraint_without_mod():
    model = symparams.parse(CORRECT_PAD)["m"]
    conv, pool = model.layers[1], model.layers[2]
    assert [expr_text(d) for d in conv.output_shape[:2]] == ["ceil(H/2)", "ceil(W/2)"]
    assert [expr_text(d) for d in pool.output_shape[:2]] == ["floor((H + 1)/16)",
                                                             "floor((W + 1)/16)"]
    assert "Mod" not in sympy_text(pool.output_shape[0])
    conv5 = symparams.parse(CORRECT_PAD.replace('Conv2D(8, 3, strides=2, padding="valid")\n'
                                                "    MaxPooling2D(8)", "Conv2D(8, 5)"))["m"]
    assert [str(c) for c in conv5.constraints] == ["H >= 3", "W >= 3"]


def test_a_repeat_shape_error_prints_the_textbook_floor():
    source = ("model m(H=200, n=2):\n    Input(shape=(H, H, 3))\n    MaxPooling2D(8)\n"
              "    repeat n as h:\n        Conv2D(3, 3, strides=2)\n")
    with pytest.raises(symparams.ShapeError) as info:
        symparams.parse(source)
    assert "from floor(H/8) to floor((H - 8)/16)" in str(info.value)


def test_totals_are_collected_where_that_is_shorter():
    n2, t = symbol("n2"), symbol("t")
    built = (n2 - 1) * (96 * t + 48) + (n2 - 1) * (1464 * t + 48)
    shown = expr_text(built)
    assert shown == "(n2 - 1)*(1560*t + 96)"
    assert len(shown) < len(str(built))
    assert sympy.expand(shortest(built) - built) == 0
    assert expr_text(n2 * (t + 1)) == "n2*(t + 1)"  # already short: kept as built
    u, v = symbol("u"), symbol("v")
    per_layer = n2 * (v + 1) + u * (t + 1) + v * (u + 1)  # no shared factor: as built
    assert expr_text(per_layer) == str(per_layer)


def test_a_layer_hint_folds_parity_padding_as_the_constraints_do():
    """The hint of a failing layer reads ``H >= 3``, as the constraints say, not
    ``H + H % 2 + 1 >= 5``."""
    source = CORRECT_PAD.replace('Conv2D(8, 3, strides=2, padding="valid")\n'
                                 "    MaxPooling2D(8)", "Conv2D(8, 5)")
    model = symparams.parse(source)["m"]
    with pytest.raises(symparams.InvalidValueError) as info:
        model.evaluate(H=2)
    assert info.value.hint == "Conv2D requires H >= 3"
    assert [str(c) for c in model.constraints] == ["H >= 3", "W >= 3"]


STRIDED_HINTS = [  # (layers after the input, a failing H, the hint, the constraints)
    ("    Conv2D(8, kernel_size=3, strides=2)\n    Conv2D(8, kernel_size=5)\n", 9,
     "Conv2D requires H >= 11", ["H >= 11"]),
    ("    MaxPooling2D(2, padding=\"same\")\n    Conv2D(8, kernel_size=5)\n", 8,
     "Conv2D requires H >= 9", ["H >= 9"]),
]


@pytest.mark.parametrize(("layers", "h", "hint", "constraints"), STRIDED_HINTS)
def test_a_layer_hint_behind_a_stride_folds_its_floor(layers, h, hint, constraints):
    """Behind a stride the hint said ``ceil(H/2) >= 5`` where the constraints say
    ``H >= 9``: both now read the same."""
    model = symparams.parse(f"model m(H):\n    Input(shape=(H, H, 3))\n{layers}")["m"]
    with pytest.raises(symparams.InvalidValueError) as info:
        model.evaluate(H=h)
    assert info.value.hint == hint
    assert [str(c) for c in model.constraints] == constraints
