"""benchmarks/run.py runs (at small sizes, without Keras) and prints every issue-16 figure
with its target. Nothing here is timed: the figures are read, not judged."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def small_run() -> str:
    done = subprocess.run([sys.executable, "benchmarks/run.py", "--small"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("figure", [
    pytest.param("## `symparams summary` cold, per model file", id="applications"),
    pytest.param("with assume: cpu", id="assume-cost"),
    pytest.param("with compute columns: cpu", id="compute-columns-cost"),
    pytest.param("ratio 200 / 20", id="chain-linear"),
    pytest.param("x the summary", id="compute-columns"),
    pytest.param("summary minus import sympy", id="cold-start"),
    pytest.param("1,000 configurations", id="sweep"),
    pytest.param("5 random rows equal Model.evaluate (exact)", id="sweep-exact"),
])
def test_benchmark_prints_each_figure_with_its_target(small_run: str, figure: str) -> None:
    found = [text for text in small_run.splitlines() if figure in text]
    assert found, small_run
    assert all("<=" in text or "yes" in text or text.startswith("##") for text in found)


def test_sweep_rows_are_exact(small_run: str) -> None:
    exact = next(t for t in small_run.splitlines() if "equal Model.evaluate" in t)
    assert exact.rstrip().endswith("ok")


def test_assume_keeps_the_benchmark_models_readable() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from measure import with_assume
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    source = (ROOT / "benchmarks" / "mobilenet_v2.sp").read_text(encoding="utf-8")
    assumed = with_assume(source, "assume H % 32 == 0")
    assert assumed.count("assume H % 32 == 0\n") == 1
