"""Nothing lost: ``-o`` writes atomically and never replaces a file without ``--force``;
a reader that goes away early (``| head``) ends the command quietly."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symparams.cli import main
from symparams.cli.output import OutputError, emit

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "seed.sp")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def args(output, force=False):
    return argparse.Namespace(output=str(output) if output else None, force=force)


def test_writes_a_new_file(tmp_path):
    target = tmp_path / "out.txt"
    emit(args(target), "hello\n")
    assert target.read_text(encoding="utf-8") == "hello\n"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("precious\n", encoding="utf-8")
    with pytest.raises(OutputError) as info:
        emit(args(target), "new\n")
    assert "exists" in info.value.message and "--force" in info.value.hint
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert list(tmp_path.iterdir()) == [target]


def test_force_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    emit(args(target, force=True), "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert list(tmp_path.iterdir()) == [target]


def test_new_file_gets_the_usual_permissions(tmp_path):
    target = tmp_path / "out.txt"
    emit(args(target), "x\n")
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_text_is_written_exactly(tmp_path):
    target = tmp_path / "out.txt"
    text = "a\r\nb\n\u00e9\u540d\n"
    emit(args(target), text)
    assert target.read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize(("where", "needle"), [
    pytest.param("missing/out.txt", "does not exist", id="missing-directory"),
    pytest.param(".", "is a directory", id="a-directory"),
])
def test_unwritable_targets_are_errors(tmp_path, where, needle):
    with pytest.raises(OutputError) as info:
        emit(args(tmp_path / where), "x")
    assert needle in info.value.message


def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"

    def boom(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OutputError) as info:
        emit(args(target), "x" * 10_000)
    assert "No space left" in info.value.message
    assert list(tmp_path.iterdir()) == []


def test_without_hard_links_still_exclusive(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"

    def no_links(*_):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    emit(args(target), "one\n")
    assert target.read_text(encoding="utf-8") == "one\n"
    with pytest.raises(OutputError):
        emit(args(target), "two\n")
    assert target.read_text(encoding="utf-8") == "one\n"
    assert list(tmp_path.iterdir()) == [target]


def test_cli_output_option(tmp_path, capsys):
    target = tmp_path / "summary.txt"
    assert main(["summary", SEED, "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert 'Model: "mlp"' in target.read_text(encoding="utf-8")
    assert main(["summary", SEED, "-o", str(target), "--format", "json"]) == 1
    assert "--force" in capsys.readouterr().err
    assert 'Model: "mlp"' in target.read_text(encoding="utf-8")
    assert main(["summary", SEED, "-o", str(target), "--format", "json", "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("{")


def _pipe_into_head(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", " ".join(command) + " | head -1; exit ${PIPESTATUS[0]}"],
        capture_output=True, text=True, env=ENV, timeout=120,
    )


@pytest.mark.parametrize("extra", [
    pytest.param([], id="text"),
    pytest.param(["--format", "json"], id="json"),
])
def test_pipe_closed_early_ends_quietly(extra):
    done = _pipe_into_head([sys.executable, "-m", "symparams", "summary", SEED, *extra])
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""
    assert done.returncode in (0, 141)


def test_pipe_closed_before_a_large_output(tmp_path):
    """75 models: the output (~75 kB) is larger than a pipe's buffer, so a write fails."""
    source = (ROOT / "examples" / "seed.sp").read_text(encoding="utf-8")
    big = tmp_path / "big.sp"
    big.write_text("\n".join(source.replace("model mlp", f"model mlp{i}")
                             .replace("model cnn", f"model cnn{i}")
                             .replace("model rnn", f"model rnn{i}") for i in range(25)),
                   encoding="utf-8")
    done = _pipe_into_head([sys.executable, "-m", "symparams", "summary", str(big)])
    assert done.stderr == ""
    assert done.returncode in (0, 141)


def test_force_writes_through_a_symbolic_link(tmp_path):
    """``-o link --force`` writes the file the link names, as the shell's ``>`` does; the
    link stays a link."""
    target = tmp_path / "target.txt"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    emit(args(link, force=True), "new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"


@pytest.mark.parametrize("force", [False, True])
def test_the_file_a_command_reads_is_never_its_output(tmp_path, force):
    model = tmp_path / "m.sp"
    model.write_text((ROOT / "examples" / "seed.sp").read_text(encoding="utf-8"),
                     encoding="utf-8")
    before = model.read_bytes()
    namespace = argparse.Namespace(output=str(model), force=force, file=str(model))
    with pytest.raises(OutputError, match="is the file this command reads"):
        emit(namespace, "a summary\n")
    assert model.read_bytes() == before


@pytest.mark.parametrize("command", [["summary"], ["latex", "--standalone"]])
def test_a_file_the_model_uses_is_never_the_output(tmp_path, capsys, command):
    """``-o blocks.sp --force`` of a model that has ``use "blocks.sp"`` would lose the
    blocks; a later command in the same process may write there again."""
    blocks = tmp_path / "blocks.sp"
    blocks.write_text("block B(d):\n    Dense(d)\n", encoding="utf-8")
    model = tmp_path / "m.sp"
    model.write_text('use "blocks.sp"\nmodel m(d=4):\n    Input(shape=(d,))\n    B(d)\n',
                     encoding="utf-8")
    before = blocks.read_bytes()
    assert main([*command[:1], str(model), *command[1:], "-o", str(blocks), "--force"]) == 1
    assert "is the file this command reads" in capsys.readouterr().err
    assert blocks.read_bytes() == before
    other = tmp_path / "other.sp"
    other.write_text("model n(d=2):\n    Input(shape=(d,))\n    Dense(d)\n", encoding="utf-8")
    assert main(["summary", str(other), "-o", str(blocks), "--force"]) == 0


def test_an_empty_output_name_is_an_error():
    with pytest.raises(OutputError, match="empty file name"):
        emit(argparse.Namespace(output="", force=False), "text\n")


def test_closed_standard_output_is_one_error_line():
    done = subprocess.run(["bash", "-c", f"{sys.executable} -m symparams summary {SEED} >&-"],
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 1
    assert done.stderr == ("symparams: error: standard output is closed\n"
                           "hint: redirect it to a file, or write one with -o FILE\n")
