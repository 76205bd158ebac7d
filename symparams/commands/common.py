"""Options and steps that several commands share: FILE, --model, --set."""

from __future__ import annotations

import argparse
import re

from ..errors import ValueBindingError, did_you_mean
from ..model import Document, Model

__all__ = ["add_model_options", "add_output_options", "load_document", "selected_models", "parse_assignments"]

_ASSIGNMENT = re.compile(r"^\s*([^\W\d]\w*)\s*=\s*([+-]?\d[\d_]*)\s*$")


def add_model_options(parser: argparse.ArgumentParser, *, one_model: bool = False) -> None:
    parser.add_argument("file", metavar="FILE", help="model file (UTF-8), or - for stdin")
    parser.add_argument(
        "--model", "-m", metavar="NAME", required=False,
        help="the model to use" + ("" if one_model else " (default: every model in FILE)"),
    )
    parser.add_argument(
        "--set", "-s", metavar="NAME=INT", action="append", default=[], dest="assignments",
        help="give a symbol a value (overrides the header's example value); repeatable",
    )
    add_output_options(parser)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``-o FILE`` and ``--force``: see :func:`symparams.output.emit`."""
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE instead of standard output")
    parser.add_argument("--force", action="store_true",
                        help="replace FILE if it exists (default: refuse)")


def parse_assignments(items: list[str]) -> dict[str, int]:
    """``["d=64", "L=2"]`` to ``{"d": 64, "L": 2}``; bad items raise ValueBindingError.

    >>> parse_assignments(["d=64", "L = 2"])
    {'d': 64, 'L': 2}
    """
    values: dict[str, int] = {}
    for item in items:
        match = _ASSIGNMENT.match(item)
        if not match:
            raise ValueBindingError(
                f"--set expects NAME=INT, got {item!r}", hint="for example --set d=512"
            )
        name, digits = match.groups()
        if len(digits) > 100:
            raise ValueBindingError(f"--set {name}: value has more than 100 digits")
        value = int(digits.replace("_", ""))
        if value < 1:
            raise ValueBindingError(
                f"--set {name}={value}: symbols are positive integers"
            )
        values[name] = value
    return values


def load_document(path: str) -> Document:
    import sys

    from .. import parse, parse_file

    if path == "-":
        return parse(sys.stdin.read(), "<stdin>")
    return parse_file(path)


def selected_models(doc: Document, args: argparse.Namespace) -> list[tuple[Model, dict]]:
    """The models asked for, each with its values: header values overridden by ``--set``."""
    if args.model is not None:
        if args.model not in doc.models:
            raise ValueBindingError(
                f"{doc.filename} has no model '{args.model}'",
                hint=did_you_mean(args.model, doc.models)
                or f"its models are {', '.join(doc.models) or 'none'}",
            )
        models = [doc.models[args.model]]
    else:
        models = list(doc.models.values())
    overrides = parse_assignments(args.assignments)
    declared = {name for m in models for name in m.symbols}
    for name in overrides:
        if name not in declared:
            raise ValueBindingError(
                f"--set {name}: no model declares a symbol '{name}'",
                hint=did_you_mean(name, declared),
            )
    result = []
    for model in models:
        values = dict(model.values)
        values.update({k: v for k, v in overrides.items() if k in model.symbols})
        result.append((model, values))
    return result
