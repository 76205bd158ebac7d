"""Shared fixtures. Tests that need a real component (Keras, pdflatex, a Jupyter kernel) call
:func:`require`: on a user's machine a missing component skips the test; with
``SYMPARAMS_REQUIRE_ALL=1`` (set by ``.ci/run``) it fails it, so a green CI really ran them."""

from __future__ import annotations

import os
import shutil
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


def require(component: str) -> None:
    """Skip (or, in CI, fail) unless ``component`` is available: keras, pdflatex, jupyter,
    matplotlib."""
    missing = None
    if component == "keras":
        os.environ.setdefault("KERAS_BACKEND", "jax")
        try:
            import keras  # noqa: F401
        except Exception as err:  # ImportError, or a backend that fails to load
            missing = f"keras is not importable ({err})"
    elif component == "pdflatex":
        if shutil.which("pdflatex") is None:
            missing = "pdflatex is not installed"
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
    if missing:
        if STRICT:
            pytest.fail(f"SYMPARAMS_REQUIRE_ALL=1 but {missing}")
        pytest.skip(missing)


@pytest.fixture
def keras():
    require("keras")
    import keras as keras_module

    return keras_module
