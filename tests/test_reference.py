"""docs/layers.md is generated from the registry and must be current."""

from __future__ import annotations

import pytest

from symparams.layers.registry import builtin_families, layer_types
from symparams.report import layer_reference as reference

from .conftest import ROOT

PAGE = ROOT / "docs" / "layers.md"


def test_checked_in_reference_is_current():
    assert PAGE.read_text(encoding="utf-8") == reference.render(), (
        "docs/layers.md is out of date: "
        "run python -m symparams.report.layer_reference -o docs/layers.md")


@pytest.mark.parametrize(
    "layer", [t for t in layer_types() if t.family in builtin_families()
              and not t.extra.get("runs_user_code")], ids=lambda t: t.name
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


@pytest.mark.parametrize(
    "layer", [t for t in layer_types() if t.extra.get("runs_user_code")], ids=lambda t: t.name
)
def test_layers_that_run_user_code_say_why_they_are_rejected(layer):
    section = reference.render().split(f"### {layer.name}\n", 1)[1].split("\n### ", 1)[0]
    assert f"- Rejected: {layer.name} cannot be counted" in section
