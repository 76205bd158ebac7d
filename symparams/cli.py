"""The ``symparams`` command line. Errors in the user's input print as messages with the
source line and a caret, never as tracebacks (unless ``--debug``)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__
from .commands import command_modules
from .errors import SymparamsError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="symparams",
        description="Parameter counts and output shapes of Keras-style models, as exact "
        "closed-form formulas.",
    )
    parser.add_argument("--version", action="version", version=f"symparams {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in command_modules():
        module = importlib.import_module(f"symparams.commands.{name}")
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.__doc__)
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show tracebacks of errors")
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        return args.run(args)
    except SymparamsError as err:
        if debug:
            raise
        print(err.render(), file=sys.stderr)
        return 1
    except OSError as err:
        if isinstance(err, BrokenPipeError):
            return _quiet_broken_pipe()
        if debug:
            raise
        print(f"symparams: error: {err.strerror or err}: {err.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except RecursionError:
        if debug:
            raise
        print("symparams: error: input too deeply nested", file=sys.stderr)
        return 1


def _quiet_broken_pipe() -> int:
    """The reader went away (``symparams ... | head``): stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
