"""The gallery (``docs/gallery/``) is not stale: the LaTeX its script generates today is
the LaTeX its PNGs were made from (``manifest.txt``, SHA-256 of each ``.tex``). After an
intended change of output: ``python docs/gallery/make.py`` and commit the new pictures."""

from __future__ import annotations

import functools
import importlib.util

from .conftest import ROOT

GALLERY = ROOT / "docs" / "gallery"


@functools.cache
def _make():
    spec = importlib.util.spec_from_file_location("gallery_make", GALLERY / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def committed_manifest() -> set[str]:
    return set((GALLERY / "manifest.txt").read_text(encoding="utf-8").splitlines())


def assert_gallery_current(example: str, rendered: dict[str, str]) -> None:
    """``example``'s LaTeX in every mode (``rendered``, as the gallery's script renders it)
    is what its gallery pictures were made from. test_latex_compile.py renders every
    example once, for this and for its compile."""
    make = _make()
    lines = make.manifest_lines(make.shelled(example, rendered))
    assert set(lines) <= committed_manifest(), (
        f"docs/gallery is stale for {example}: run python docs/gallery/make.py and commit "
        "the PNGs")


def test_gallery_lists_every_example_in_every_mode() -> None:
    make = _make()
    names = {line.split()[1] for line in committed_manifest()}
    expected = {name for example in make.EXAMPLES for name in make.shelled(
        example, dict.fromkeys(make.MODES, "")).keys()}
    assert names == expected


def test_gallery_pictures_every_example_it_lists() -> None:
    make = _make()
    for example in make.EXAMPLES:
        for mode in make.PICTURED:
            assert list(GALLERY.glob(f"{example}-{mode}-*.png")), (example, mode)
