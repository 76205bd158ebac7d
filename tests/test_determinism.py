"""Determinism: the same input gives byte-identical output in every format (text, JSON,
Markdown, LaTeX, ...), run after run and whatever ``PYTHONHASHSEED`` is.

The formats are found when the test runs: every output-producing command and format that the
CLI offers is included, so a new one is covered without editing this file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symparams.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
HASH_SEEDS = ["0", "random"]  # (a third interpreter cost CI a minute and found nothing)

# Symbol names chosen so that set or dict order would show: SymPy constants' letters,
# upper/lower pairs, names that sort differently by hash and by text.
SHUFFLED = """\
model shuffled(z=3, a=5, M=7, m=2, E=4, I=6, S=9, N=8, Q=3, O=5, b=11, B=13):
    Input(shape=(z, a, M))
    Conv2D(S * N, m, m, activation="relu")
    Flatten()
    Dense(E * I + Q, name="dense_a")
    Dense(O + b + B)

model other(x=10, y=20, w=30):
    Input(shape=(w,))
    Dense(x + y)
    Dense(y * x + w)
"""


def _accepts(argv: list[str]) -> bool:
    try:
        build_parser().parse_args(argv)
    except SystemExit:
        return False
    return True


def variants(path: str) -> list[list[str]]:
    """Every command line whose output must be deterministic, among those the CLI has."""
    found = [["summary", path], ["summary", path, "--format", "json"]]
    for extra in (["--format", "markdown"], ["--form", "expand"], ["--form", "factor"],
                  ["--form", "collect"]):
        if _accepts(["summary", path, *extra]):
            found.append(["summary", path, *extra])
    for mode in ("--table", "--derivation", "--beamer", "--standalone"):
        if _accepts(["latex", path, mode]):
            found.append(["latex", path, mode])
    if _accepts(["explain", path]):
        found.append(["explain", path])
        for fmt in ("json", "markdown"):
            if _accepts(["explain", path, "--format", fmt]):
                found.append(["explain", path, "--format", fmt])
    return found


def inputs(tmp_path: Path) -> list[str]:
    shuffled = tmp_path / "shuffled.sp"
    shuffled.write_text(SHUFFLED, encoding="utf-8")
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.sp"))
    assert examples
    return [*examples, str(shuffled)]


# Runs every variant in one interpreter and prints {argv: [exit code, stdout, stderr]}.
RUNNER = """
import contextlib, io, json, sys
from symparams.cli import main
results = {}
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    results[" ".join(argv)] = [code, out.getvalue(), err.getvalue()]
sys.stdout.write(json.dumps(results, sort_keys=True))
"""


def run_all(argvs: list[list[str]], hash_seeds: list[str]) -> dict[str, dict]:
    """Every variant under each hash seed, the interpreters running side by side."""
    procs = {}
    for seed in hash_seeds:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        procs[seed] = subprocess.Popen(
            [sys.executable, "-c", RUNNER, json.dumps(argvs)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    results = {}
    for seed, proc in procs.items():
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        results[seed] = json.loads(out)
    return results


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("determinism")
    argvs = [argv for path in inputs(tmp_path) for argv in variants(path)]
    return argvs, run_all(argvs, HASH_SEEDS)


def test_every_run_succeeds(runs):
    argvs, results = runs
    for key, (code, out, err) in results["0"].items():
        assert code == 0, f"{key}: {err}"
        assert out


def test_identical_across_hash_seeds(runs):
    argvs, results = runs
    reference = results[HASH_SEEDS[0]]
    for seed in HASH_SEEDS[1:]:
        for key in reference:
            assert results[seed][key] == reference[key], (
                f"'{key}' differs between PYTHONHASHSEED={HASH_SEEDS[0]} and {seed}")


def test_identical_run_after_run_in_one_process(runs, capsys):
    """The caches SymPy and symparams keep do not change a second answer."""
    from symparams.cli import main

    argvs, results = runs
    some = [a for a in argvs if any(part.endswith(("seed.sp", "shuffled.sp")) for part in a)]
    for argv in some:
        first = (main(argv), capsys.readouterr())
        second = (main(argv), capsys.readouterr())
        assert first == second, " ".join(argv)


def test_markdown_and_latex_are_covered(runs):
    """The formats issue 7 names are among those checked (they exist in the CLI now)."""
    argvs, _ = runs
    joined = {" ".join(a[:1] + a[2:]) for a in argvs}
    assert "summary" in joined and "summary --format json" in joined
    if _accepts(["summary", "x", "--format", "markdown"]):
        assert "summary --format markdown" in joined
    if _accepts(["latex", "x"]):
        assert {"latex --table", "latex --derivation"} <= joined
