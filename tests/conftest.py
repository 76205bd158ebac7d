"""Shared fixtures. Tests that need a real component (Keras, pdflatex, a Jupyter kernel) call
:func:`require`: on a user's machine a missing component skips the test; with
``SYMPARAMS_REQUIRE_ALL=1`` (set by ``.ci/run``) it fails it, so a green CI really ran them."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
STRICT = os.environ.get("SYMPARAMS_REQUIRE_ALL") == "1"

settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def assert_error_at(source: str, message: str, line: int, column: int) -> None:
    """Parsing ``source`` fails with a SymparamsError whose message holds ``message`` and
    whose caret is at ``line``, ``column``."""
    import symparams

    with pytest.raises(symparams.SymparamsError) as caught:
        symparams.parse(source)
    error = caught.value
    assert message in error.message, str(error)
    assert (error.span.line, error.span.column) == (line, column), str(error)


def require(component: str) -> None:
    """Skip (or, in CI, fail) unless ``component`` is available: keras, pdflatex, pdftotext,
    beamer, jupyter, matplotlib."""
    if not available(component):
        pytest.skip(_missing(component))


def available(component: str) -> bool:
    """Whether ``component`` is available, for a check that is one part of a test; in CI
    (``SYMPARAMS_REQUIRE_ALL=1``) a missing one fails the test instead."""
    missing = _missing(component)
    if missing and STRICT:
        pytest.fail(f"SYMPARAMS_REQUIRE_ALL=1 but {missing}")
    return missing is None


@functools.cache  # kpsewhich and the imports: once per process
def _missing(component: str) -> str | None:
    """Why ``component`` cannot be used, or None."""
    missing = None
    if component == "keras":
        os.environ.setdefault("KERAS_BACKEND", "jax")
        try:
            import keras  # noqa: F401
        except Exception as err:  # ImportError, or a backend that fails to load
            missing = f"keras is not importable ({err})"
    elif component in ("pdflatex", "pdftotext"):
        if shutil.which(component) is None:
            missing = f"{component} is not installed (TeX Live, poppler-utils)"
    elif component == "beamer":  # its class, and pgf (TikZ) that comes with it
        found = subprocess.run(["kpsewhich", "beamer.cls", "pgfcore.sty"], capture_output=True,
                               text=True).stdout.split() if shutil.which("kpsewhich") else []
        if len(found) != 2:
            missing = "Beamer (beamer.cls, pgf) is not installed"
    elif component == "matplotlib":
        try:
            import matplotlib  # noqa: F401
        except ImportError as err:
            missing = f"matplotlib is not installed ({err})"
    elif component == "jupyter":
        try:
            import ipykernel  # noqa: F401
            import nbclient  # noqa: F401
        except ImportError as err:
            missing = f"nbclient/ipykernel not installed ({err})"
    else:  # pragma: no cover
        raise ValueError(component)
    return missing


@pytest.fixture
def keras():
    require("keras")
    import keras as keras_module

    return keras_module


# -- running on every core (pytest-xdist, `-n auto --dist loadgroup` in pyproject.toml) ------


def _shared_fixtures(item: pytest.Item) -> list[str]:
    """The names of this project's module- or class-scoped fixtures that ``item`` uses
    (directly or through other fixtures)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:  # a doctest
        return []
    found = []
    for name in item.fixturenames:
        defs = info.name2fixturedefs.get(name)
        if defs and defs[-1].baseid and defs[-1].scope in ("module", "class"):
            found.append(name)
    return found


def xdist_groups(items: list[pytest.Item]) -> dict[str, str]:
    """nodeid -> group for the tests that share a module- or class-scoped fixture.

    Under ``--dist loadgroup`` each group runs on one worker, so such a fixture (a Keras
    child, the determinism runs, an executed notebook) is built once, as in a serial run;
    every other test goes to whichever worker is free. The groups are the connected parts of
    "uses the same fixture", per module.
    """
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    uses = {}
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        keys = [f"{module}::{name}" for name in _shared_fixtures(item)]
        for key in keys[1:]:
            parent[root(key)] = root(keys[0])
        if keys:
            uses[item.nodeid] = keys[0]
    return {nodeid: root(key) for nodeid, key in uses.items()}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.pluginmanager.hasplugin("xdist"):
        groups = xdist_groups(items)
        for item in items:
            if item.nodeid in groups:
                item.add_marker(pytest.mark.xdist_group(groups[item.nodeid]))
