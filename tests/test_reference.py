"""docs/layers.md is generated from the registry and must be current."""

from __future__ import annotations

import pytest

from symparams import reference
from symparams.layers.registry import _BUILTIN_FAMILIES, layer_types

from .conftest import ROOT

PAGE = ROOT / "docs" / "layers.md"


def test_checked_in_reference_is_current():
    assert PAGE.read_text(encoding="utf-8") == reference.render(), (
        "docs/layers.md is out of date: run python -m symparams.reference -o docs/layers.md")


@pytest.mark.parametrize(
    "layer", [t for t in layer_types() if t.family in _BUILTIN_FAMILIES], ids=lambda t: t.name
)
def test_every_layer_has_a_section_with_formulas(layer):
    page = reference.render()
    section = page.split(f"### {layer.name}\n", 1)[1].split("\n### ", 1)[0]
    assert f"`{layer.name}(" in section
    if layer.extra.get("cell"):  # only inside RNN(...), whose section has the formulas
        assert "- Rejected: a recurrent cell is not a layer of its own" in section
        assert "- Derivation: " in section
        return
    assert "- Output shape: `(" in section
    assert "- Trainable parameters: `" in section
    assert "- Derivation: " in section


def test_check_mode(tmp_path, capsys):
    stale = tmp_path / "layers.md"
    stale.write_text("old\n", encoding="utf-8")
    assert reference.main(["--check", str(stale)]) == 1
    assert reference.main(["--check", str(PAGE)]) == 0
    out = tmp_path / "new.md"
    assert reference.main(["-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == reference.render()
