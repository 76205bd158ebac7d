"""Every mistake a user can make on the command line ends in one short error paragraph on
stderr, no traceback, and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from symparams.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "seed.sp")


def files(tmp_path: Path) -> dict[str, str]:
    made = {
        "empty": b"",
        "comment": b"# notes only, no model yet\n",
        "latin1": "model m(d=3):\n    Dense(d, name='caf\u00e9')\n".encode("latin-1"),
        "syntax": b"model m(d=3):\n    Dense(d\n",
        "unknown-layer": b"model m(d=3):\n    Input(shape=(d,))\n    Dens(d)\n",
        "big": b"#" * 2_000_000,
    }
    paths = {}
    for name, data in made.items():
        path = tmp_path / f"{name}.sp"
        path.write_bytes(data)
        paths[name] = str(path)
    paths["dir"] = str(tmp_path)
    paths["missing"] = str(tmp_path / "no-such-file.sp")
    return paths


MISTAKES = [
    pytest.param(["summary", "{missing}"], "No such file or directory", id="missing-file"),
    pytest.param(["summary", "{dir}"], "directory", id="directory"),
    pytest.param(["summary", "{latin1}"], "not UTF-8", id="not-utf8"),
    pytest.param(["summary", "{empty}"], "no model", id="empty-file"),
    pytest.param(["summary", "{comment}"], "no model", id="no-models"),
    pytest.param(["summary", "{syntax}"], "error:", id="syntax-error"),
    pytest.param(["summary", "{unknown-layer}"], "did you mean 'Dense'", id="unknown-layer"),
    pytest.param(["summary", "{big}"], "larger than", id="too-large"),
    pytest.param(["summary", SEED, "--set", "zz=3"], "no model declares", id="set-unknown"),
    pytest.param(["summary", SEED, "--set", "h"], "NAME=VALUE", id="set-no-value"),
    pytest.param(["summary", SEED, "--set", "h=x"], "NAME=VALUE", id="set-not-int"),
    pytest.param(["summary", SEED, "--set", "h=1.5"], "must be an integer, got 3/2",
                 id="set-float"),
    pytest.param(["summary", SEED, "--set", "=3"], "NAME=VALUE", id="set-no-name"),
    pytest.param(["summary", SEED, "--set", "h=0"], "positive", id="set-zero"),
    pytest.param(["summary", SEED, "--set", "h=-4"], "positive", id="set-negative"),
    pytest.param(["summary", SEED, "--set", "h=" + "9" * 101], "digits", id="set-huge"),
    pytest.param(["summary", SEED, "--set", "H=2"], "conv2d", id="set-invalid-value"),
    pytest.param(["summary", SEED, "--model", "cn"], "did you mean 'cnn'", id="unknown-model"),
    pytest.param(["summary", SEED, "--model", "cnn", "--set", "V=3"],
                 "--set V: model 'cnn' has no symbol 'V'", id="set-other-models-symbol"),
    pytest.param(["summary", SEED, "--model", "rnn", "--set", "h=0"],
                 "--set h=0: symbols are positive integers", id="set-zero"),
    pytest.param(["summary", SEED, "--model", "rnn", "--set", "h=3/2"],
                 "--set h=3/2: value of 'h' must be an integer", id="set-fraction"),
    pytest.param(["summary", SEED, "-o", "{dir}"], "directory", id="output-directory"),
    pytest.param(["summary", SEED, "-o", "{missing}/x.txt"], "does not exist",
                 id="output-missing-directory"),
]


@pytest.mark.parametrize(("argv", "needle"), MISTAKES)
def test_mistake_is_one_paragraph(tmp_path, capsys, argv, needle):
    paths = files(tmp_path)
    argv = [a.format(**paths) if "{" in a else a for a in argv]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert needle in err
    assert "Traceback" not in err
    assert err.count("error:") == 1 and "\n\n" not in err.strip()
    assert len(err.splitlines()) <= 6


@pytest.mark.parametrize("argv", [
    pytest.param([], id="no-command"),
    pytest.param(["nosuchcommand"], id="unknown-command"),
    pytest.param(["summary"], id="no-file"),
    pytest.param(["summary", SEED, "--format", "xml"], id="bad-choice"),
    pytest.param(["summary", SEED, "--max-layers", "lots"], id="bad-limit"),
])
def test_usage_mistakes_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "Traceback" not in err


def test_stdin_dash(monkeypatch, capsys):
    import io

    data = Path(SEED).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["summary", "-"]) == 0
    assert 'Model: "mlp"' in capsys.readouterr().out


def test_stdin_not_utf8(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"model \xff"), "utf-8"))
    assert main(["summary", "-"]) == 1
    err = capsys.readouterr().err
    assert "<stdin>:1:7: error: not UTF-8" in err


def test_internal_error_is_reported_without_traceback(monkeypatch, capsys):
    import symparams.cli.commands.summary as summary

    def broken(args):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(summary, "run", broken)
    assert main(["summary", SEED]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "--debug" in err and "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path):
    path = tmp_path / "bad.sp"
    path.write_text("model m(d=3):\n    Dens(d)\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "symparams", "--debug", "summary", str(path)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode != 0 and "Traceback" in done.stderr
