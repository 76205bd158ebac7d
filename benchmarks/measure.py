"""How ``benchmarks/run.py`` measures: child processes timed by wall clock and CPU, with their
own peak memory (``os.wait4`` gives one child's ``ru_maxrss``), and the lines it prints.

Timings are printed, never asserted: the machine is shared, so each figure is the best of a
few runs, and the CPU time (user + system, which load inflates far less than wall time) is
printed beside the wall time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "Run", "child", "best", "fastest", "interleaved", "line", "with_assume", "env"]

ROOT = Path(__file__).resolve().parent.parent


def env() -> dict[str, str]:
    """The children's environment: this checkout first on the path, Keras on jax, and
    bytecode cached as for an installed package (pip compiles it on install). With
    ``PYTHONDONTWRITEBYTECODE`` set and no ``__pycache__`` yet, every run would compile
    symparams from source while SymPy's and Keras's bytecode is there: a cost on one side."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    kept = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**kept, "PYTHONPATH": path,
            "KERAS_BACKEND": os.environ.get("KERAS_BACKEND") or "jax"}


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, CPU seconds (user + system), peak RSS in MiB."""

    wall: float
    cpu: float
    peak_mib: float
    stdout: str


def child(args: list[str], stdin: str | None = None) -> Run:
    """Run ``python ARGS`` in ROOT and measure it; raise if it fails.

    >>> child(["-c", "print(6 * 7)"]).stdout
    '42\\n'
    """
    import time

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env(), text=True,
                                stdin=subprocess.PIPE, stdout=out, stderr=err)
        if stdin is not None:
            proc.stdin.write(stdin)
        proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"python {' '.join(args)} failed:\n{err.read()[-2000:]}")
        rss_kib = usage.ru_maxrss  # KiB on Linux
        return Run(wall, usage.ru_utime + usage.ru_stime, rss_kib / 1024, out.read())


def best(args: list[str], runs: int) -> Run:
    """The fastest of ``runs`` runs (wall and CPU minimised separately, peak memory too)."""
    return fastest([child(args) for _ in range(runs)])


def interleaved(*commands: list[str], runs: int) -> list[Run]:
    """:func:`best` of each command, their runs taken in turn (a, b, a, b, ...): a ratio of
    two figures measured one block after the other also measures how the shared machine's
    speed drifted in between (one such run gave an assume 1.44x and a compute column 0.99x).

    >>> [r.stdout for r in interleaved(["-c", "print(1)"], ["-c", "print(2)"], runs=2)]
    ['1\\n', '2\\n']
    """
    rounds = [[child(args) for args in commands] for _ in range(runs)]
    return [fastest([done[i] for done in rounds]) for i in range(len(commands))]


def fastest(done: list[Run]) -> Run:
    """The least wall time, CPU time and peak memory of several runs of one command."""
    return Run(min(r.wall for r in done), min(r.cpu for r in done),
               min(r.peak_mib for r in done), done[0].stdout)


def line(label: str, value: str, target: str = "-", ok: bool | None = None,
         ratio: str = "") -> None:
    """One figure: label, value, target, ratio, and ok/MISSED when the target is checkable."""
    mark = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"{label:<62} {value:>18}  {target:<16} {ratio:>9}  {mark}", flush=True)


def with_assume(source: str, statement: str) -> str:
    """``source`` with ``statement`` added before the first ``Input`` line of each model."""
    out = []
    for text in source.splitlines(keepends=True):
        if text.lstrip().startswith("Input(") and out and out[-1].startswith("model "):
            out.append(f"    {statement}\n")
        out.append(text)
    return "".join(out)
