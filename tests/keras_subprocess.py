"""Keras builds in a child process (CI's backend, jax by default), inside a
``StatelessScope(initialize_variables=False)``: weights get their shapes but no values, so
ResNet50 builds in a fraction of a second instead of compiling an initializer per weight.
A child keeps Keras's global state (layer name counters, the scope) out of the test process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: Run before every script: shapes only, no initial values.
PRELUDE = """
from keras.src.backend.common.stateless_scope import StatelessScope
StatelessScope(initialize_variables=False).__enter__()
"""


def keras_env() -> dict[str, str]:
    """The environment of a Keras child: the backend CI sets (``jax`` if none)."""
    return {**os.environ, "KERAS_BACKEND": os.environ.get("KERAS_BACKEND") or "jax"}


def run_keras(script: str, timeout: float = 300) -> object:
    """Execute ``script`` (which must print one JSON document) and return what it printed."""
    done = subprocess.run([sys.executable, "-c", PRELUDE + script], capture_output=True,
                          text=True, env=keras_env(), timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"Keras script failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def keras_worker(script: str) -> Iterator[Callable[[dict], object]]:
    """A child running ``script``, which answers each JSON line on its stdin with one JSON
    line; yields ``ask(spec) -> answer``."""
    proc = subprocess.Popen([sys.executable, "-c", PRELUDE + script], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=keras_env())

    def ask(spec: dict) -> object:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(spec) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise AssertionError("the Keras worker died")
        return json.loads(line)

    try:
        yield ask
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=60)


def worker_fixture(script: str):
    """A module-scoped pytest fixture ``ask(spec)`` backed by a :func:`keras_worker` running
    ``script`` (skipped without Keras, failed in CI)."""
    import pytest

    from .conftest import require

    @pytest.fixture(scope="module")
    def fixture():
        require("keras")
        with keras_worker(script) as ask:
            yield ask

    return fixture


def assert_model_matches(source: str, values: dict, answer: list) -> None:
    """Model ``g`` of ``source`` at ``values`` has a worker's ``[trainable, non_trainable,
    output shape]``."""
    import symparams

    ev = symparams.parse(source, "g.sp")["g"].evaluate(values)
    trainable, non_trainable, shape = answer
    assert (ev.trainable, ev.non_trainable, list(ev.output_shape)) == \
        (trainable, non_trainable, shape), source
