"""Fuzzing: whatever the input, symparams either analyses it or raises a located
``SymparamsError``; nothing else escapes, and nothing hangs.

Inputs: random bytes (as text and through ``parse_file``), token soups from the grammar's
vocabulary, mutations of every file in ``examples/`` (globbed when the test runs), and whole
programs written by tests/fuzz_programs.py (blocks, ``use``, ``repeat n as h, i:``, merges,
``if``/``elif``/``else``, display names), also mutated, also through the command line, where
no case may end in an internal error (exit status 3) or a traceback.

CI runs a few thousand cases (derandomized under HYPOTHESIS_PROFILE=ci). To run longer by hand:

    SYMPARAMS_FUZZ_SCALE=20 python -m pytest tests/test_fuzz.py -p no:cacheprovider
    SYMPARAMS_FUZZ_LONG=1 python -m pytest tests/test_fuzz.py -m slow -p no:cacheprovider

(``SYMPARAMS_FUZZ_SCALE`` multiplies every count below; the slow test runs 20,000 mixed
cases, randomized, so that each run explores new inputs.)
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import os
import re
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symparams
from symparams import cli
from symparams.errors import SymparamsError
from symparams.guard import TimeLimitExceeded, time_limit, timer_available

from .fuzz_programs import USED_FILE, programs

ROOT = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("SYMPARAMS_FUZZ_SCALE", "1"))
#: One case running longer than this is a hang, hence a failure: seconds of this process's
#: CPU time, so that a machine busy with other work (the other pytest-xdist worker, a
#: compile) does not fail a case; WALL_FACTOR times as long on the clock catches a case
#: that waits instead of computing.
CASE_SECONDS = 10.0
WALL_FACTOR = 6


@contextlib.contextmanager
def case_limit(seconds: float):
    """Raise TimeLimitExceeded in the block after ``seconds`` of CPU time (``SIGPROF``) or
    ``WALL_FACTOR * seconds`` of wall-clock time (:func:`symparams.guard.time_limit`)."""

    def expire(signum, frame):
        raise TimeLimitExceeded("CPU time limit reached")

    with time_limit(seconds * WALL_FACTOR):
        if not (timer_available() and hasattr(signal, "ITIMER_PROF")):
            yield
            return
        previous = signal.signal(signal.SIGPROF, expire)
        signal.setitimer(signal.ITIMER_PROF, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)


def _count(n: int) -> int:
    return max(1, int(n * SCALE))


def fuzz_settings(n: int) -> settings:
    return settings(max_examples=_count(n), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


# -- the property ------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """The lines as the parser numbers them (BOM dropped, CR/CRLF as LF, final newline)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return (text if text.endswith("\n") else text + "\n").split("\n")


def assert_located(err: SymparamsError, text: str, filename: str | None = None) -> None:
    """``err`` points inside ``text`` (or, for an error in a block file that ``text`` uses,
    inside that file's text)."""
    assert err.span is not None, f"error without a location: {err.render()}"
    if filename is not None and err.span.filename != filename:
        text = err.span.text  # e.g. stdlib/inception.sp, used by the mutated example
    lines = _lines(text)
    assert 1 <= err.line <= len(lines), f"line {err.line} outside the text: {err.render()}"
    assert 1 <= err.column <= len(lines[err.line - 1]) + 1, (
        f"column {err.column} outside line {err.line} "
        f"({lines[err.line - 1]!r}): {err.render()}")
    assert err.render()  # renders, with its caret, without raising


def _renderers():
    """Each available renderer as ``f(model, values) -> str``: text and JSON always;
    Markdown and LaTeX when their modules exist."""
    from symparams.render.jsonout import summary_json
    from symparams.render.text import summary_text

    found = [summary_text, lambda m, v: summary_json([(m, v)])]
    for module, names in (("markdown", ["summary_markdown"]),
                          ("latex", ["latex_table", "latex_derivation"])):
        try:
            mod = importlib.import_module(f"symparams.render.{module}")
        except ImportError:
            continue
        found += [getattr(mod, name) for name in names if hasattr(mod, name)]
    return found


RENDERERS = _renderers()


def analyse(text: str, filename: str = "fuzz.sp", renderers=None,
            seconds: float = CASE_SECONDS, from_file: bool = False) -> None:
    """Parse (``text``, or the file ``filename`` holding it, which may ``use`` others),
    analyse, evaluate where every value is given, and render (with ``renderers``, default
    all); every error must be a located SymparamsError."""
    try:
        with case_limit(seconds):
            _analyse(text, filename, RENDERERS if renderers is None else renderers, from_file)
    except SymparamsError as err:
        assert_located(err, text, filename)
    except TimeLimitExceeded:
        pytest.fail(f"no answer within {seconds} s of CPU for {text[:300]!r}")


def _analyse(text: str, filename: str, renderers, from_file: bool = False) -> None:
    doc = symparams.parse_file(filename) if from_file else symparams.parse(text, filename)
    for model in doc:
        str(model.params), str(model.trainable), str(model.non_trainable)
        for layer in model.layers:
            [str(d) for d in layer.output_shape]
        if model.has_values():
            model.evaluate()
        for render in renderers:
            assert isinstance(render(model, dict(model.values)), str)


def analyse_bytes(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.sp"
    path.write_bytes(data)
    text = data.decode("utf-8", "replace")
    try:
        with case_limit(CASE_SECONDS):
            doc = symparams.parse_file(path)
    except SymparamsError as err:  # maybe inside a block file it uses (stdlib/mobilenet.sp)
        assert_located(err, text, str(path))
        return
    except TimeLimitExceeded:
        pytest.fail(f"no answer within {CASE_SECONDS} s of CPU for {data[:300]!r}")
    assert doc.filename == str(path)


# -- strategies --------------------------------------------------------------------------------


def grammar_vocabulary() -> list[str]:
    """Every literal of the grammar, plus names, numbers, strings and line structure."""
    grammar = (ROOT / "grammar" / "symparams.lark").read_text(encoding="utf-8")
    literals = set(re.findall(r'"((?:[^"\\]|\\.)+)"', grammar))
    literals = {lit for lit in literals if "\\" not in lit}
    from symparams.layers import registry

    layers = sorted(registry.layer_names())[:40] + ["Input", "InputLayer", "Dense", "Conv2D"]
    return sorted(literals) + layers + [
        "d", "n", "k", "H", "W", "E", "I", "N", "S", "if", "lambda", "add", "shape", "units",
        "filters", "kernel_size", "strides", "padding", "input_shape", "activation", "name",
        "0", "1", "2", "7", "64", "1_000", "9" * 120, "1.5", "1e3", ".5", '"relu"', "'same'",
        '"valid"', "'x'", '"', "'", "\n", "\n    ", "\n        ", "\n\t", "\n  ", "# note\n",
        "\\\n", " ", ",", "(", ")", "[", "]", "{", "}", "\x00", "\u00e9", "\u2028", "\ufeff",
    ]


VOCAB = grammar_vocabulary()
soups = st.lists(st.sampled_from(VOCAB), max_size=60).map(
    lambda toks: "".join(t if t.isspace() or t in "()[],:" else f" {t}" for t in toks))
HEADER = "model m(d=3, n=5, k=2, H=28, W=28, C=1):\n    Input(shape=(H, W, C))\n    "

ODD_TEXT = ["\u00a0", "\u2028", "\u2029", "\u200b", "\ufeff", "\u202e", "\x00", "\x0c",
            "\x0b", "\x1c", "\x85", "é", "ß", "𝑥", "\u0301", "（", "）", "＝", "\t", "\r",
            "\r\n", "\\", "#", '"', "'", "名"]


@functools.lru_cache(maxsize=1)
def examples() -> tuple[Path, ...]:
    """Every example file, globbed when first needed (other work adds examples over time),
    then kept: a list that changed during a Hypothesis run would make its draws flaky."""
    found = tuple(sorted(p for p in (ROOT / "examples").rglob("*") if p.is_file()
                         and p.suffix in (".sp", ".symparams", "")))
    assert found, "no examples/ files to mutate"
    return found


_TOKEN = re.compile(r"\s+|\w+|\*\*|//|==|!=|<=|>=|.", re.S)


def mutate(text: str, data: st.DataObject) -> str:
    """Apply 1 to 4 random edits of the kinds a hostile or careless file has."""
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        toks = _TOKEN.findall(text) or [""]
        i = data.draw(st.integers(0, len(toks) - 1), label="at")
        j = data.draw(st.integers(i, min(len(toks), i + 12)), label="to")
        kind = data.draw(st.sampled_from([
            "delete", "duplicate", "swap", "huge", "nest", "power", "unicode", "crlf", "cr",
            "tabs", "bom", "line-dup", "line-del", "insert-token", "indent",
        ]), label="kind")
        if kind == "delete":
            toks[i:j] = []
        elif kind == "duplicate":
            toks[i:i] = toks[i:j]
        elif kind == "swap":
            k = data.draw(st.integers(0, len(toks) - 1), label="with")
            toks[i], toks[k] = toks[k], toks[i]
        elif kind == "huge":
            toks[i] = data.draw(st.sampled_from(
                ["9" * 99, "9" * 101, "10**99", "2**4096", "9**9**9", "0", "-1", "(-3)",
                 "10**30*10**30", "1_000_000_000_000", "99999999999999999999"]), label="num")
        elif kind == "nest":
            n = data.draw(st.integers(1, 130), label="depth")
            toks[i:j] = ["(" * n, *toks[i:j], ")" * n]
        elif kind == "power":
            n = data.draw(st.integers(1, 40), label="powers")
            toks[i] = toks[i] + "**2" * n
        elif kind == "unicode":
            toks.insert(i, data.draw(st.sampled_from(ODD_TEXT) | st.characters(), label="ch"))
        elif kind == "crlf":
            toks = ["\r\n" if t == "\n" else t.replace("\n", "\r\n") for t in toks]
        elif kind == "cr":
            toks = [t.replace("\n", "\r") for t in toks]
        elif kind == "tabs":
            toks = [t.replace("    ", "\t") for t in toks]
        elif kind == "bom":
            toks.insert(0, "\ufeff")
        elif kind in ("line-dup", "line-del"):
            lines = "".join(toks).split("\n")
            n = data.draw(st.integers(0, len(lines) - 1), label="line")
            if kind == "line-dup":
                lines.insert(n, lines[n])
            else:
                del lines[n]
            toks = ["\n".join(lines)]
        elif kind == "insert-token":
            toks.insert(i, data.draw(st.sampled_from(VOCAB), label="token"))
        else:  # indent
            toks.insert(i, data.draw(st.sampled_from(["\n", "\n ", "\n     ", "\n\t "]),
                                     label="ws"))
        text = "".join(toks)
    return text


# -- the tests ---------------------------------------------------------------------------------


@fuzz_settings(400)
@given(st.binary(max_size=400))
def test_random_bytes_as_text(data):
    analyse(data.decode("utf-8", "replace"))


@fuzz_settings(300)
@given(st.binary(max_size=300))
def test_random_bytes_through_parse_file(tmp_path_factory, data):
    analyse_bytes(data, tmp_path_factory.mktemp("fuzz"))


@fuzz_settings(300)
@given(st.text(max_size=200))
def test_random_text(text):
    analyse(text)


@fuzz_settings(500)
@given(soups)
def test_token_soup(text):
    analyse(text)


@fuzz_settings(700)
@given(soups)
def test_token_soup_in_a_model(text):
    analyse(HEADER + text + "\n")


def test_every_example_analyses():
    # whole files of up to nine networks, in every format: a hang, not a slow machine, fails
    for path in examples():
        analyse(path.read_text(encoding="utf-8"), str(path), seconds=6 * CASE_SECONDS)


def one_renderer(data: st.DataObject) -> list:
    """One renderer per case keeps the run short; over many cases every one is used."""
    return [RENDERERS[data.draw(st.integers(0, len(RENDERERS) - 1), label="renderer")]]


@fuzz_settings(700)
@given(st.data())
def test_mutated_examples(data):
    files = examples()
    path = files[data.draw(st.integers(0, len(files) - 1), label="example")]
    # a whole file of up to nine networks, as in test_every_example_analyses: on a loaded
    # machine (and under Hypothesis's tracing) DenseNet's three took over 10 s, on main too
    analyse(mutate(path.read_text(encoding="utf-8"), data), str(path), one_renderer(data),
            seconds=6 * CASE_SECONDS)


@fuzz_settings(200)
@given(st.data())
def test_mutated_examples_as_bytes(tmp_path_factory, data):
    files = examples()
    path = files[data.draw(st.integers(0, len(files) - 1), label="example")]
    raw = bytearray(mutate(path.read_text(encoding="utf-8"), data).encode("utf-8"))
    for _ in range(data.draw(st.integers(0, 3), label="bytes")):
        if raw:
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    analyse_bytes(bytes(raw), tmp_path_factory.mktemp("fuzz"))


def _program_folder(tmp_path_factory, text: str) -> Path:
    """``text`` as fuzz.sp beside the part.sp it may use."""
    folder = tmp_path_factory.mktemp("prog")
    (folder / "part.sp").write_text(USED_FILE, encoding="utf-8")
    (folder / "fuzz.sp").write_text(text, encoding="utf-8")
    return folder


@fuzz_settings(60)
@given(st.data())
def test_programs(tmp_path_factory, data):
    """Whole programs with the current syntax, as written and after 0-2 mutations."""
    text = data.draw(programs(), label="program")
    if data.draw(st.booleans(), label="mutate"):
        text = mutate(text, data)
    folder = _program_folder(tmp_path_factory, text)
    analyse(text, str(folder / "fuzz.sp"), one_renderer(data), from_file=True)


CLI_COMMANDS = [
    ["summary"], ["summary", "--format", "json"], ["summary", "--format", "markdown"],
    ["summary", "--form", "factor"], ["latex", "--standalone"], ["latex", "--beamer"],
    ["latex", "--derivation"], ["explain"], ["compare", "{file}", "m0", "m1"],
    ["solve", "--for", "d", "--params-at-most", "100000"], ["sweep", "--vary", "d=1:3"],
]


def cli_check(folder: Path, argv: list[str], seconds: float = CASE_SECONDS) -> None:
    """The command ends with status 0 or 1, and its standard error holds no traceback and
    no internal error."""
    path = str(folder / "fuzz.sp")
    argv = [a.format(file=path) for a in argv]
    if "{file}" not in " ".join(argv) and path not in argv:
        argv = [*argv, path]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with case_limit(seconds):
                status = cli.main(argv)
        except TimeLimitExceeded:
            status = None
    text = (folder / "fuzz.sp").read_text(encoding="utf-8")
    stderr = err.getvalue()
    assert status is not None and "TimeLimitExceeded" not in stderr, (
        f"no answer within {seconds} s of CPU: {argv} on {text[:300]!r}")
    assert status in (0, 1), f"exit {status} for {argv} on {text!r}:\n{stderr}"
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert "\x1b" not in out.getvalue() + stderr  # no terminal escape reaches the terminal


@fuzz_settings(30)
@given(st.data())
def test_programs_on_the_command_line(tmp_path_factory, data):
    text = data.draw(programs(), label="program")
    if data.draw(st.integers(0, 3), label="mutate") == 0:
        text = mutate(text, data)
    argv = data.draw(st.sampled_from(CLI_COMMANDS), label="command")
    cli_check(_program_folder(tmp_path_factory, text), argv)


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("SYMPARAMS_FUZZ_LONG") != "1",
                    reason="set SYMPARAMS_FUZZ_LONG=1 to run the long fuzz")
@settings(max_examples=20_000, deadline=None, derandomize=False,
          suppress_health_check=list(HealthCheck))
@given(st.data())
def test_long_fuzz(tmp_path_factory, data):
    """Mixed inputs, 20,000 cases, different each run; only with SYMPARAMS_FUZZ_LONG=1."""
    files = examples()
    choice = data.draw(st.sampled_from(["mutate", "soup", "bytes", "program", "cli"]))
    if choice in ("program", "cli"):
        text = data.draw(programs())
        if data.draw(st.booleans()):
            text = mutate(text, data)
        folder = _program_folder(tmp_path_factory, text)
        if choice == "cli":
            cli_check(folder, data.draw(st.sampled_from(CLI_COMMANDS)))
        else:
            analyse(text, str(folder / "fuzz.sp"), one_renderer(data), from_file=True)
    elif choice == "mutate":
        path = files[data.draw(st.integers(0, len(files) - 1))]
        analyse(mutate(path.read_text(encoding="utf-8"), data), str(path), one_renderer(data))
    elif choice == "soup":
        analyse(HEADER + data.draw(soups) + "\n")
    else:
        analyse(data.draw(st.binary(max_size=400)).decode("utf-8", "replace"))
