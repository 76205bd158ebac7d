"""What one elaboration run remembers (helper results, block bodies, layers worked out once
per distinct arguments and input shape: :mod:`symparams.engine.memo`) never leaks between
models with other assumptions, nor between two parses (a notebook parsing again)."""

from __future__ import annotations

import pytest

import symparams
from symparams.engine.memo import MISSING, recall, remember, run_memo

# A block whose Reshape is valid by `assume d == 2*e` alone: without it, the sizes' equality
# is two constraints.
RESHAPE_BLOCK = "block R(e):\n    Reshape((2, e))\n"
WITH_ASSUME = "model {name}(d=4, e=2):\n    assume d == 2*e\n    Input(shape=(d,))\n    R(e)\n"
WITHOUT = "model {name}(d=4, e=2):\n    Input(shape=(d,))\n    R(e)\n"
RESHAPE_NEEDS = ["d >= 2*e", "2*e >= d"]

# A helper whose branch `assume H >= 4` decides; without it both branches are kept.
HELPER = "def width(h):\n    u = 1\n    if h >= 4:\n        u = 3\n    return u\n"
HELPER_WITH = "model {name}(H=8):\n    assume H >= 4\n    Input(shape=(H,))\n    Dense(width(H))\n"
HELPER_WITHOUT = "model {name}(H=8):\n    Input(shape=(H,))\n    Dense(width(H))\n"

# (the models of one file in order, as (template, expected text)): each model's constraints
# (Reshape) or last output shape (helper) must be what it is when it is alone in its file.
ORDERS = [
    pytest.param(RESHAPE_BLOCK, [(WITH_ASSUME, []), (WITHOUT, RESHAPE_NEEDS)], "constraints",
                 id="reshape-assumed-first"),
    pytest.param(RESHAPE_BLOCK, [(WITHOUT, RESHAPE_NEEDS), (WITH_ASSUME, [])], "constraints",
                 id="reshape-assumed-second"),
    pytest.param(HELPER, [(HELPER_WITH, "(3,)"), (HELPER_WITHOUT, "((3 if H >= 4 else 1),)")],
                 "shape", id="helper-assumed-first"),
    pytest.param(HELPER, [(HELPER_WITHOUT, "((3 if H >= 4 else 1),)"), (HELPER_WITH, "(3,)")],
                 "shape", id="helper-assumed-second"),
]


def _seen(model, what: str):
    if what == "constraints":
        return [str(c) for c in model.constraints]
    from symparams.symbolic.forms import readable_text

    shape = model.layers[-1].output_shape
    return "(" + ", ".join(readable_text(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


@pytest.mark.parametrize(("prelude", "models", "what"), ORDERS)
def test_models_of_one_file_do_not_share_what_their_assumptions_decide(prelude, models, what):
    names = [f"m{i}" for i in range(len(models))]
    source = prelude + "".join(t.format(name=n) for n, (t, _) in zip(names, models, strict=True))
    doc = symparams.parse(source)
    for name, (template, expected) in zip(names, models, strict=True):
        alone = symparams.parse(prelude + template.format(name=name))[name]
        assert _seen(doc[name], what) == _seen(alone, what) == expected


def test_a_second_parse_starts_from_nothing() -> None:
    """The notebook parses again: the same block at the same place, now without the assume."""
    first = symparams.parse(RESHAPE_BLOCK + WITH_ASSUME.format(name="m"))["m"]
    second = symparams.parse(RESHAPE_BLOCK + WITHOUT.format(name="m"))["m"]
    assert [str(c) for c in first.constraints] == []
    assert [str(c) for c in second.constraints] == RESHAPE_NEEDS


def test_nothing_is_remembered_outside_a_run() -> None:
    remember("t", (1,), None, "kept")
    assert recall("t", (1,), None) is MISSING
    with run_memo():
        remember("t", (1,), None, "kept")
        assert recall("t", (1,), None) == "kept"
        assert recall("t", (1,), object()) is MISSING  # another owner under the same key
        assert recall("t", None, None) is MISSING
    assert recall("t", (1,), None) is MISSING
