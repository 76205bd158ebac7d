"""Issue 18's rough edges, one test (or table row) each: a warning said once, ``--help``
texts that name a real default, substitution by name."""

from __future__ import annotations

import argparse
import re

import pytest

import symparams
from symparams.cli.main import build_parser

# A source and how many times each warning it causes is said (issue 18: twice without Input).
WARNED_ONCE = [
    ("model m(H=28):\n    Conv2D(32, 3, 2, input_shape=(H, H, 1))\n    Dense(16)\n",
     "read as kernel_size=(3, 2)"),
    ("model m(H=28):\n    Input(shape=(H, H, 1))\n    Conv2D(32, 3, 2)\n",
     "read as kernel_size=(3, 2)"),
    ("model m(H=28):\n    Input(shape=(H, H, 1))\n    Conv2D(32, 3, 2, input_shape=(H, H, 1))\n",
     "input_shape only matters on the first layer"),
]


@pytest.mark.parametrize(("source", "message"), WARNED_ONCE)
def test_each_warning_is_said_once(source: str, message: str) -> None:
    doc = symparams.parse(source)
    said = [w.message for w in doc.warnings if message in w.message]
    assert len(said) == 1, [w.render() for w in doc.warnings]


def _choice_options():
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in sorted(commands.choices.items()):
        for action in command._actions:
            if action.choices and action.help and action.option_strings:
                yield pytest.param(action, id=f"{name} {action.option_strings[-1]}")


@pytest.mark.parametrize("action", list(_choice_options()))
def test_help_default_is_one_of_the_choices(action: argparse.Action) -> None:
    """``solve --count`` said '(default: all)', which is not a choice."""
    said = re.search(r"\(default: ([\w-]+)", action.help)
    if said is not None:
        assert said[1] == action.default and said[1] in action.choices, action.help
    elif "(default" in action.help:  # "text table (default), csv": the last choice named
        before = re.findall(r"[\w-]+", action.help[:action.help.index("(default")])
        assert [w for w in before if w in action.choices][-1:] == [action.default], action.help


FRONT_ENDS = {"jupyterlab", "notebook", "jupyter"}


def test_the_tutorial_installs_what_it_runs_in() -> None:
    """The tutorial said ``pip install symparams`` (not on any index) and no extra gave the
    Jupyter front end it runs in: every extra its install line names is declared, and one
    brings a front end and a kernel."""
    import json

    from .conftest import ROOT

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    notebook = json.loads((ROOT / "docs" / "tutorial.ipynb").read_text(encoding="utf-8"))
    intro = "".join(notebook["cells"][0]["source"])
    assert "pip install symparams" not in intro
    extras = re.search(r'pip install "\.\[([\w,]+)\]"', intro)
    assert extras, intro
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["optional-dependencies"]
    wanted = {re.split(r"[<>=\[ ]", d)[0] for e in extras[1].split(",") for d in declared[e]}
    assert wanted & FRONT_ENDS and "ipykernel" in wanted, wanted


def _readme_api_lines() -> list:
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```python\n(.*?)^```$", readme, re.M | re.S)[1]
    return [pytest.param(code.strip(), shown.strip(), id=code.strip())
            for code, _, shown in (line.partition("#") for line in block.splitlines())
            if shown and code.strip() and "=" not in code.split("(")[0]]


@pytest.mark.parametrize(("code", "shown"), _readme_api_lines())
def test_readme_api_results_are_real(code: str, shown: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each ``expression  # result`` line of the README's Python block prints that result
    (``...`` stands for anything; the comment may go on after two spaces or a comma)."""
    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    rnn = symparams.parse_file("examples/seed.sp").models["rnn"]
    result = eval(code, {"rnn": rnn})  # noqa: S307 - the README's own code, as a doctest runs it
    cuts = [m.start() for m in re.finditer(r"  |, ", shown)] + [len(shown)]
    patterns = [".*".join(map(re.escape, shown[:cut].split("..."))) for cut in cuts]
    assert any(re.fullmatch(p, text) for p in patterns for text in (str(result), repr(result))), \
        (code, str(result), shown)
