"""The language's documented messages are real: each error shown in docs/composition.md and
docs/dsl.md for the inputs the text gives is exactly what symparams prints for them."""

from __future__ import annotations

import re

import pytest

import symparams

from .conftest import ROOT

# (page, source of m.sp): the page shows the error this source gives
SHOWN = [
    ("composition.md", "model m(d=8, L=3):\n    Input(shape=(d,))\n    Dense(d)\n"
                       "    Dense(2*d) * L\n"),
    ("dsl.md", "model m(units=8):\n    Input(shape=(4,))\n    Dense(unit)\n"),
]


@pytest.mark.parametrize(("page", "source"), SHOWN, ids=[p for p, _ in SHOWN])
def test_documented_error_is_the_real_one(page, source):
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse(source, "m.sp")
    message = info.value.render()
    blocks = re.findall(r"^```\n(m\.sp:.*?)^```$", (ROOT / "docs" / page).read_text(
        encoding="utf-8"), re.M | re.S)
    assert message.rstrip("\n") in [b.rstrip("\n") for b in blocks], message
