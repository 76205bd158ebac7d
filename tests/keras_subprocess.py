"""Run a Keras build in a child process with the numpy backend, which builds large models
(ResNet50, GPT stacks) in seconds where jax takes a minute; the script prints JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def run_keras(script: str, timeout: float = 300) -> object:
    """Execute ``script`` (which must print one JSON document) and return what it printed."""
    env = {**os.environ, "KERAS_BACKEND": "numpy"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"Keras script failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
