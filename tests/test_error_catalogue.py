"""docs/errors.md stays true: it is exactly what symparams.cli.errors_catalogue generates now,
every error class has an entry, and each entry raises its class with the shown message."""

from __future__ import annotations

from pathlib import Path

import pytest

from symparams import errors
from symparams.cli.errors_catalogue import ENTRIES, error_classes, render_catalogue

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "errors.md"


def test_docs_match_the_generated_catalogue():
    assert DOC.read_text(encoding="utf-8") == render_catalogue(), (
        "docs/errors.md is stale: run `python -m symparams.cli.errors_catalogue --write`")


def test_every_error_class_has_an_entry():
    names = {entry.cls for entry in ENTRIES}
    public = {name for name in errors.__all__
              if isinstance(getattr(errors, name), type)
              and issubclass(getattr(errors, name), errors.SymparamsError)
              and name != "SymparamsError"}
    assert public <= names
    missing = {cls.__name__ for cls in error_classes()} - names
    assert not missing, (f"add an entry for {sorted(missing)} to symparams/errors_catalogue.py "
                         "and regenerate docs/errors.md")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.cls for e in ENTRIES])
def test_entry_raises_its_class_at_a_place(entry):
    err = entry.error()
    assert type(err).__name__ == entry.cls
    assert isinstance(err, errors.SymparamsError)
    if entry.action != "cli":
        assert err.line is not None and err.column is not None
        assert "^" in entry.message()
    assert entry.message() in DOC.read_text(encoding="utf-8")
