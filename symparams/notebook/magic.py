"""IPython integration: ``%load_ext symparams.notebook`` adds the ``%%symparams`` cell magic.

A cell that starts with ``%%symparams`` holds model source; it is analysed and displayed as
tables with typeset formulas. Options on the magic line::

    %%symparams [VAR] [--set NAME=VALUE ...] [--explain]

``VAR`` stores the :class:`~symparams.engine.model.Document` in the notebook's namespace
(``VAR["name"]`` is then one of its models); ``--set`` shows the models at other values;
``--explain`` prints the step-by-step derivation as text instead of the table.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

__all__ = ["load_ipython_extension", "symparams_magic"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="%%symparams", add_help=False)
    parser.add_argument("var", nargs="?", default=None)
    parser.add_argument("--set", "-s", action="append", default=[], dest="assignments")
    parser.add_argument("--explain", action="store_true")
    return parser


def symparams_magic(line: str, cell: str, namespace: dict[str, Any] | None = None):
    """The ``%%symparams`` cell magic: analyse ``cell``; return what the notebook displays.

    >>> ns = {}
    >>> shown = symparams_magic("doc --set u=5", "model m(u=3):\\n    Input(shape=(4,))\\n"
    ...                         "    Dense(u)\\n", ns)
    >>> ns["doc"]["m"].evaluate(u=5).params
    25
    """
    from ..engine.parse import parse
    from ..errors import SymparamsError
    from ..syntax.assignments import parse_assignments
    from .display import show

    try:
        args = _parser().parse_args(shlex.split(line))
    except SystemExit:
        raise ValueError("usage: %%symparams [VAR] [--set NAME=VALUE ...] [--explain]") from None
    try:
        doc = parse(cell, "<cell>")
        values = parse_assignments(args.assignments)
        shown = show(doc, **values)
    except SymparamsError as err:
        # A message with the cell line and a caret, as the CLI prints it; no traceback.
        print(err.render())
        return None
    if args.var and namespace is not None:
        if not args.var.isidentifier():
            raise ValueError(f"{args.var!r} is not a variable name")
        namespace[args.var] = doc
    if args.explain:
        print(repr(shown))
        return None
    return shown


def load_ipython_extension(ipython) -> None:
    """Called by ``%load_ext symparams.notebook``."""

    def magic(line: str, cell: str):
        return symparams_magic(line, cell, ipython.user_ns)

    magic.__doc__ = symparams_magic.__doc__
    ipython.register_magic_function(magic, magic_kind="cell", magic_name="symparams")
