"""Every registered layer type either has a cost rule or says why not (``no_cost``), so a
new layer declares one or the other; the reasons are listed in docs/compute.md."""

from __future__ import annotations

from pathlib import Path

from symparams.layers.registry import layer_types

DOCS = Path(__file__).resolve().parent.parent / "docs" / "compute.md"


def test_every_type_has_a_rule_or_a_reason():
    missing = [t.name for t in layer_types() if t.cost is None and not t.no_cost]
    assert not missing, f"layer types with neither a cost rule nor no_cost: {missing}"
    both = [t.name for t in layer_types() if t.cost is not None and t.no_cost]
    assert not both, f"a cost rule and a reason for having none: {both}"


def test_docs_list_the_types_without_a_rule():
    text = DOCS.read_text(encoding="utf-8")
    unlisted = [t.name for t in layer_types() if t.cost is None and f"`{t.name}`" not in text]
    assert not unlisted, f"docs/compute.md does not list {unlisted}"
