"""The parser generated from the grammar (``grammar/generate.py``): up to date, the same
bytes whatever the hash seed, and a run that uses it reads the model file and nothing else:
no lark, no pickle, no cache in the temporary directory (docs/security.md, promise 2)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

GENERATE = ROOT / "grammar" / "generate.py"


@pytest.mark.parametrize("seed", ["0", "1", "random"])
def test_generated_parser_is_what_the_grammar_gives(seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, str(GENERATE), "--check"], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr


# A summary in a fresh process, with an audit hook noting every file it opens but Python
# modules (imported on first use), and an empty temporary directory of its own.
RUN = """
import os, sys
from symparams.cli.main import main
opened = []
sys.addaudithook(lambda event, args: event == "open" and isinstance(args[0], str)
                 and not args[0].endswith((".py", ".pyc", ".so")) and opened.append(args[0]))
status = main(["summary", sys.argv[1]])
print(status, sorted(set(opened)), os.listdir(os.environ["TMPDIR"]),
      [m for m in ("lark", "pickle") if m in sys.modules], sep="\\n")
"""


def test_a_summary_opens_the_model_file_only(tmp_path) -> None:
    model = ROOT / "examples" / "seed.sp"
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", RUN, str(model)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    status, opened, temporary, modules = done.stdout.splitlines()[-4:]
    assert (status, opened, temporary, modules) == ("0", repr([str(model)]), "[]", "[]")
