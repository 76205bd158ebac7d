"""``require`` and ``available`` (tests/conftest.py): a missing component skips a test on a
user's machine and fails it in CI, where ``.ci/run`` sets ``SYMPARAMS_REQUIRE_ALL=1``."""

from __future__ import annotations

import shutil

import pytest

from . import conftest


@pytest.fixture
def nothing_installed(monkeypatch):
    conftest._missing.cache_clear()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    yield monkeypatch
    conftest._missing.cache_clear()


@pytest.mark.parametrize("component", ["pdflatex", "pdftotext", "beamer"])
def test_a_missing_component_skips_on_a_users_machine(nothing_installed, component) -> None:
    nothing_installed.setattr(conftest, "STRICT", False)
    assert conftest.available(component) is False
    with pytest.raises(pytest.skip.Exception):
        conftest.require(component)


@pytest.mark.parametrize("component", ["pdflatex", "pdftotext", "beamer"])
def test_a_missing_component_fails_in_ci(nothing_installed, component) -> None:
    nothing_installed.setattr(conftest, "STRICT", True)
    with pytest.raises(pytest.fail.Exception, match="SYMPARAMS_REQUIRE_ALL=1"):
        conftest.available(component)
    with pytest.raises(pytest.fail.Exception, match="SYMPARAMS_REQUIRE_ALL=1"):
        conftest.require(component)
