"""The gallery (``docs/gallery/``) is not stale: the LaTeX its script generates today is
the LaTeX its PNGs were made from (``manifest.txt``, SHA-256 of each ``.tex``). After an
intended change of output: ``python docs/gallery/make.py`` and commit the new pictures."""

from __future__ import annotations

import importlib.util

from .conftest import ROOT

GALLERY = ROOT / "docs" / "gallery"


def _make():
    spec = importlib.util.spec_from_file_location("gallery_make", GALLERY / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gallery_is_current() -> None:
    make = _make()
    committed = (GALLERY / "manifest.txt").read_text(encoding="utf-8")
    assert make.manifest() == committed, (
        "docs/gallery is stale: run python docs/gallery/make.py and commit the PNGs")


def test_gallery_pictures_every_example_it_lists() -> None:
    make = _make()
    for example in make.EXAMPLES:
        for mode in make.PICTURED:
            assert list(GALLERY.glob(f"{example}-{mode}-*.png")), (example, mode)
