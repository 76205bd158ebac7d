"""The ``symparams`` command line. Errors in the user's input print as messages with the
source line and a caret, never as tracebacks (unless ``--debug``)."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from ..collector import collector_paused
from ..errors import SymparamsError
from ..symbolic.forms import simplification_notes
from ..version import __version__
from .commands import command_modules
from .commands.common import (
    LIMIT_DEST_PREFIX,
    add_limit_options,
    limits_from_args,
    print_notes,
    using_limits,
)
from .output import reading_files

__all__ = ["main", "entry", "build_parser", "error_text"]


class UsageWithoutLimits(argparse.HelpFormatter):
    """Help whose usage line says ``[limits]`` instead of listing every ``--max-*`` option
    (they are listed, with their defaults, in their own group after the main options)."""

    def add_usage(self, usage, actions, groups, prefix=None):
        kept = [a for a in actions if not a.dest.startswith(LIMIT_DEST_PREFIX)]
        if len(kept) < len(actions):
            kept.append(argparse.Action(["[limits]"], dest="limits", nargs=0, required=True))
        super().add_usage(usage, kept, groups, prefix)


def help_text(doc: str) -> str:
    """A docstring as help text: no reStructuredText markup (````code````, ``:mod:`x```)."""
    return re.sub(r":\w+:`~?([^`]+)`", r"\1", doc).replace("``", "'")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of command ``only`` alone (a command's own module is all a
    run imports: the others' imports cost a cold start 20-40 ms)."""
    parser = argparse.ArgumentParser(
        prog="symparams",
        description="Parameter counts and output shapes of Keras-style models, as exact "
        "closed-form formulas.",
    )
    parser.add_argument("--version", action="version", version=f"symparams {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in command_modules():
        if only is not None and name.rstrip("_") != only:
            continue
        with collector_paused():  # the engine, lark, the renderers: all kept
            module = importlib.import_module(f"symparams.cli.commands.{name}")
        command = sub.add_parser(module.NAME, help=module.HELP,
                                 description=help_text(module.__doc__ or ""),
                                 formatter_class=UsageWithoutLimits)
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show tracebacks of errors")
        module.add_arguments(command)
        add_limit_options(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status (0 ok, 1 user error, 2 usage, 3 internal)."""
    parser = build_parser(_command_in(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        limits = limits_from_args(args)
        with using_limits(limits), reading_files(), \
                simplification_notes(limits.simplify_seconds) as notes:
            status = args.run(args)
        print_notes(notes)  # formulas over a work budget, shown as they are
        return status
    except SymparamsError as err:
        if debug:
            raise
        _stderr(error_text(err))
        return 1
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except OSError as err:
        if debug:
            raise
        where = f"{err.filename}: " if err.filename is not None else ""
        _stderr(f"symparams: error: {where}{err.strerror or err}")
        return 1
    except KeyboardInterrupt:
        return 130
    except (RecursionError, MemoryError) as err:
        if debug:
            raise
        what = "too deeply nested" if isinstance(err, RecursionError) else "too large"
        _stderr(f"symparams: error: input {what} to analyse; see docs/robustness.md")
        return 1
    except Exception as err:  # a bug: say so in one paragraph, traceback with --debug
        if debug:
            raise
        _stderr(f"symparams: internal error: {type(err).__name__}: {err}\n"
                "hint: this is a bug in symparams; rerun with --debug for the traceback "
                "and report it")
        return 3


def _command_in(argv: list[str]) -> str | None:
    """The command that ``argv`` runs, if its first word names one (else None: the parser
    of every command says what is wrong, or prints the help)."""
    words = [word for word in argv if not word.startswith("-")]
    names = {name.rstrip("_") for name in command_modules()}
    return words[0] if words and words[0] in names else None


def entry() -> None:
    """The ``symparams`` program: :func:`main`, then exit at once with its status.

    Tearing the interpreter down (freeing every SymPy object and module) takes 0.2-0.3 s,
    a quarter of a cold start, and does nothing a finished command needs: the output is
    flushed and the process ends with ``os._exit``. Call :func:`main` when embedding.

    The parser's lark runtime (:mod:`symparams.syntax.generated_parser`) imports the
    optional ``regex`` module when it is installed (20 ms); the grammar needs only ``re``, so
    this process, which imports nothing else, goes without it.
    """
    sys.modules.setdefault("regex", None)  # type: ignore[arg-type]
    status = main()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed when the program started (`>&-`)
            continue
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away, or it is closed
            pass
        except OSError:
            status = status or 1
    os._exit(status)


def error_text(err: SymparamsError) -> str:
    """An error as the CLI prints it; one with no place in a file (a bad ``--set``, say) is
    named as the command's: ``symparams: error: ...``."""
    return err.render() if err.span is not None else f"symparams: {err.render()}"


def _stderr(message: str) -> None:
    if sys.stderr is None:  # closed when the program started: nothing can be told
        return
    try:
        print(message, file=sys.stderr)
    except (BrokenPipeError, ValueError):  # stderr closed: nothing left to tell
        pass


def _quiet_broken_pipe() -> int:
    """The reader went away (``symparams ... | head``): stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    return 0


if __name__ == "__main__":  # pragma: no cover
    entry()
