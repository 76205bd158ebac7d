"""The error catalogue: every error class with an input that raises it and the exact message.

``docs/errors.md`` is this module's output (``python -m symparams.cli.errors_catalogue --write``);
``tests/test_error_catalogue.py`` regenerates it and checks that the file is unchanged and that
every :class:`~symparams.errors.SymparamsError` subclass has an entry, so docs and code cannot
drift.

>>> entry = next(e for e in ENTRIES if e.cls == "UnknownLayerError")
>>> print(entry.message())
example.sp:3:5: error: unknown layer 'Dens'
    Dens(d)
    ^~~~
hint: did you mean 'Dense'?
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import pkgutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .. import errors
from ..record import Record, record

__all__ = ["Entry", "ENTRIES", "render_catalogue", "error_classes", "main"]

FILENAME = "example.sp"


@record
class Entry(Record):
    """One catalogue entry: an error class, when it happens, and an input that raises it."""

    cls: str
    when: str
    source: str | None
    action: str = "parse"
    """``parse`` the source; ``evaluate`` it with ``values``; or a named special action."""
    shown: str = ""
    """What the reader types, when it is not just the file (Python or a command line)."""
    values: tuple[tuple[str, int], ...] = ()
    argv: tuple[str, ...] = ()
    """For ``action="cli"``: the command line, run where ``example.sp`` holds ``source``."""
    files: tuple[tuple[str, str], ...] = ()
    """For ``action="cli"``: other files present in that directory (name, text)."""
    topic: str = ""
    """For a class's further entries: what this one is about (its heading says it)."""

    @property
    def heading(self) -> str:
        return f"{self.cls}: {self.topic}" if self.topic else self.cls

    @property
    def anchor(self) -> str:
        """The heading's anchor as GitHub makes it."""
        return "".join(ch for ch in self.heading.lower().replace(" ", "-")
                       if ch.isalnum() or ch in "-_")

    def raise_it(self) -> None:
        from ..engine.parse import parse

        if self.action == "parse":
            parse(self.source, FILENAME)
        elif self.action == "evaluate":
            doc = parse(self.source, FILENAME)
            next(iter(doc)).evaluate(dict(self.values))
        else:
            self._run_cli()

    def _run_cli(self) -> None:
        from .main import main

        with _in_scratch_directory():
            for name, text in ((FILENAME, self.source or ""), *self.files):
                Path(name).write_text(text, encoding="utf-8")
            with contextlib.redirect_stdout(io.StringIO()):
                main(["--debug", *self.argv])  # --debug: the error propagates to us

    def error(self) -> errors.SymparamsError:
        """The error the input raises (it must raise exactly ``cls``)."""
        try:
            self.raise_it()
        except errors.SymparamsError as err:
            if type(err).__name__ != self.cls:
                raise AssertionError(
                    f"{self.cls} entry raised {type(err).__name__}: {err}") from err
            return err
        raise AssertionError(f"{self.cls} entry raised nothing")

    def message(self) -> str:
        """The exact text: as the CLI prints it for CLI entries, else ``str(error)``."""
        err = self.error()
        if self.action == "cli":
            from .main import error_text

            return error_text(err)
        return err.render()


@contextlib.contextmanager
def _in_scratch_directory() -> Iterator[Path]:
    old = Path.cwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            yield Path(scratch)
        finally:
            os.chdir(old)


_HEAD = "model m(d=64, n=10):\n    Input(shape=(d,))\n"
_HELPER = "def make_divisible(v, divisor=8):\n    return max(divisor, (v + divisor // 2) " \
          "// divisor * divisor)\n\n"

ENTRIES: tuple[Entry, ...] = (
    Entry("DSLSyntaxError", "The text does not follow the grammar: a bracket left open, a "
          "stray character, a statement outside a model, a file that is not UTF-8.",
          "model m(d=64):\n    Input(shape=(d,))\n    Dense(d, activation='relu'\n"),
    Entry("UnknownLayerError", "A layer type that symparams does not know; the hint names "
          "the closest known one.", _HEAD + "    Dens(d)\n"),
    Entry("ArgumentError", "A layer argument that is unknown, missing, given twice, or of "
          "the wrong kind (a string where a dimension goes).",
          _HEAD + "    Dense(unit=n)\n"),
    Entry("UndeclaredSymbolError", "A name used as a dimension that the model header does "
          "not declare.", _HEAD + "    Dense(nn)\n"),
    Entry("DeclarationError", "A bad declaration: a model, symbol or model input defined "
          "twice, a Python keyword or a layer name as a symbol, a non-positive example value, "
          "a block that uses itself.",
          "model m(d=64, d=32):\n    Input(shape=(d,))\n    Dense(d)\n"),
    Entry("ShapeError", "A layer applied to an input of the wrong rank, or a model without "
          "an input shape.", _HEAD + "    Conv2D(8, (3, 3))\n"),
    Entry("InvalidValueError", "A layer that is invalid at the values given (a kernel larger "
          "than its input, say), checked when the model is evaluated.",
          "model cnn(H=5, k=7):\n    Input(shape=(H, H, 1))\n    Conv2D(4, k, k)\n",
          action="evaluate", shown="doc.models['cnn'].evaluate()"),
    Entry("ValueBindingError", "A bad value for a symbol: an unknown name, a missing or "
          "non-positive value (from Python, or from the command line's --set).",
          _HEAD + "    Dense(n)\n", action="evaluate", shown="doc.models['m'].evaluate(q=3)",
          values=(("q", 3),)),
    Entry("LimitError", "Input beyond a resource limit (source size, nesting, statement "
          "length, layers, integer size, exponent, expression size); each limit can be "
          "raised, see docs/robustness.md.", _HEAD + "    Dense(9**9**9)\n"),
    Entry("OutputError", "An output file (-o) that exists (without --force) or cannot be "
          "written.", _HEAD + "    Dense(n)\n", action="cli",
          shown="symparams latex example.sp -o table.tex   # table.tex exists",
          argv=("latex", FILENAME, "-o", "table.tex"),
          files=(("table.tex", "% an earlier table\n"),)),
    Entry("ShapeError", "An `if` whose condition depends on a symbol with no fixed value: "
          "the branch taken would change the layers, so it is never picked silently; an "
          "`assume` line or a value decides it.",
          "model m(d=64, e=32):\n    x = Input(shape=(d,))\n    y = Dense(e)\n"
          "    if d == e:\n        Add()(x, y)\n", topic="open condition"),
    Entry("ArgumentError", "A size that is not a whole number for every value of the "
          "symbols: exact division `/` or a rational width multiplier needs a rounding.",
          "model m(d=64, alpha=3/4):\n    Input(shape=(d,))\n    Dense(alpha * d)\n",
          topic="not an integer"),
    Entry("ShapeError", "A growing repeat (`repeat n as h, i:`) whose body changes the shape "
          "by an amount that depends on the size itself (a strided layer), not only on the "
          "index: the copies have no closed form.",
          "model m(H=64, n=3):\n    Input(shape=(H, H, 3))\n    repeat n as h, i:\n"
          "        Conv2D(8, 3, strides=2)(h)\n", topic="no closed form for a repeat"),
    Entry("DeclarationError", "A `def` helper that can end without `return`.",
          "def half(v):\n    w = v // 2\n\n" + _HEAD + "    Dense(half(d))\n",
          topic="helper without return"),
    Entry("DeclarationError", "A `def` helper that calls itself (helpers do not recurse).",
          "def half(v):\n    return half(v // 2)\n\n" + _HEAD + "    Dense(half(d))\n",
          topic="recursive helper"),
    Entry("UndeclaredSymbolError", "A call of a function that is neither built in "
          "(`floor`, `ceil`, `round`, `int`, `min`, `max`, `abs`) nor a `def` helper; the hint "
          "names the closest.", _HELPER + _HEAD + "    Dense(make_divisble(d))\n",
          topic="unknown helper"),
    Entry("ArgumentError", "A helper called with too many arguments, an unknown keyword, or "
          "without a parameter that has no default.",
          _HELPER + _HEAD + "    Dense(make_divisible(d, 8, 4))\n", topic="helper arity"),
    Entry("ArgumentError", "A repetition count below 0 (0 copies is the identity).",
          "block Stage(k)(x):\n    Dense(8) * (k - 2)\n\n" + _HEAD + "    Stage(1)\n",
          topic="negative repeat count"),
    Entry("SolveError", "A question symparams solve cannot answer exactly: no largest value, "
          "infinitely many values, or formulas outside the exact solver.",
          "model m(x=4, d=2):\n    Input(shape=(x,))\n    Dense(3)\n", action="cli",
          shown="symparams solve example.sp --for d --params-at-most 100000",
          argv=("solve", FILENAME, "--for", "d", "--params-at-most", "100000")),
    Entry("UnknownCountError", "A cost asked for (`--count macs`, `check flops == N`) that "
          "symparams does not know for a layer: its type has no cost rule, or its rule does not "
          "derive it for the arguments given (docs/compute.md), "
          "so the total is unknown too, never a silent 0.",
          "model clip(H=16, f=4):\n    Input(shape=(H, H, 3))\n"
          "    UpSampling2D(2, interpolation=\"bilinear\")\n    Dense(f)\n",
          action="cli", shown="symparams solve example.sp --for f --macs-at-most 100000",
          argv=("solve", FILENAME, "--for", "f", "--macs-at-most", "100000")),
    Entry("CheckFailedError", "A `check` statement (or a claim given to `symparams check`) "
          "that does not hold at the values: the message gives the count's formula, its value "
          "and the claimed one; the hint, values of a symbol that would make it hold. "
          "`symparams check` exits 1; other commands still make their output and print the "
          "failure as a warning.",
          "model rnn(V=10000, E=32, T=600, h=15):\n    Input(shape=(T,))\n"
          "    Embedding(V, E)\n    SimpleRNN(h)\n    check simple_rnn.params == 1890\n",
          action="cli", shown="symparams check example.sp", argv=("check", FILENAME)),
    Entry("PlotError", "A picture `symparams plot` cannot make: the model is invalid at "
          "every value given, a count too large for a float in a PDF or PNG, or PDF/PNG "
          "without matplotlib (`pip install 'symparams[plot]'`).",
          "model cnn(H=28, k=3):\n    Input(shape=(H, H, 1))\n    Conv2D(8, k)\n",
          action="cli", shown="symparams plot example.sp --vary k=30:40",
          argv=("plot", FILENAME, "--vary", "k=30:40")),
)


def error_classes() -> list[type[errors.SymparamsError]]:
    """Every SymparamsError subclass defined in the package (all modules imported)."""
    package = Path(__file__).resolve().parents[1]  # symparams/
    for module in pkgutil.walk_packages([str(package)], "symparams."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found: list[type] = []
    stack = [errors.SymparamsError]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("symparams") and sub not in found:
                found.append(sub)
                stack.append(sub)
    return sorted(found, key=lambda c: c.__name__)


def _fenced(text: str, lang: str = "") -> str:
    return f"```{lang}\n{text.rstrip()}\n```"


def render_catalogue() -> str:
    """The Markdown of docs/errors.md."""
    out = [
        "# Error catalogue",
        "",
        "<!-- Generated by `python -m symparams.cli.errors_catalogue --write`; "
        "tests/test_error_catalogue.py checks it. Do not edit by hand. -->",
        "",
        "Every error symparams raises for user input is a `SymparamsError` "
        "(`from symparams import SymparamsError`). Each subclass also derives from the builtin "
        "it resembles (`ValueError`, `TypeError`, `NameError`, `OSError`), so generic handlers "
        "keep working. An error names the file, line and column, shows the line with a caret "
        "under the offending text, and often a hint. The command line prints exactly these "
        "messages (an error with no place in a file is prefixed `symparams: `), exits with "
        "status 1, and shows a traceback only with `--debug`.",
        "",
        "Each entry below gives an input (saved as `example.sp`) and the exact message it "
        "produces.",
        "",
        "| Error | Builtin | When |",
        "| --- | --- | --- |",
    ]
    classes = {c.__name__: c for c in error_classes()}
    for entry in ENTRIES:
        cls = classes.get(entry.cls) or getattr(errors, entry.cls)
        builtin = ", ".join(b.__name__ for b in cls.__mro__[1:]
                            if b.__module__ == "builtins" and b not in (Exception,
                                                                          BaseException, object))
        label = f"`{entry.cls}`" + (f": {entry.topic}" if entry.topic else "")
        out.append(f"| [{label}](#{entry.anchor}) | `{builtin}` | "
                   f"{entry.when.rstrip('.')} |")
    for entry in ENTRIES:
        cls = classes.get(entry.cls) or getattr(errors, entry.cls)
        out += ["", f"## {entry.heading}", "", f"`{cls.__module__}.{entry.cls}`: {entry.when}",
                ""]
        if entry.source is not None:
            out += [f"`{FILENAME}`:", "", _fenced(entry.source, "python"), ""]
        if entry.shown:
            out += [_fenced(entry.shown), ""]
        out += ["gives:", "", _fenced(entry.message(), "text")]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="print or write docs/errors.md")
    parser.add_argument("--write", action="store_true", help="write docs/errors.md")
    args = parser.parse_args(argv)
    text = render_catalogue()
    if args.write:
        target = Path(__file__).resolve().parents[2] / "docs" / "errors.md"
        target.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
