"""Options and steps that several commands share: FILE, --model, --set, -o, and the resource
limits (``--max-layers`` ...; every command has them, see :func:`add_limit_options`)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import fields, replace

from ...engine.model import Document, Model
from ...errors import DSLSyntaxError, SourceSpan, ValueBindingError, did_you_mean
from ...limits import DEFAULT_LIMITS, LIMIT_DOCS, Limits
from ...syntax.assignments import parse_assignments
from ..output import note_read_files

__all__ = [
    "LIMIT_DEST_PREFIX",
    "add_model_options",
    "add_form_option",
    "add_depth_option",
    "column_keys",
    "compute_column_keys",
    "add_output_options",
    "add_limit_options",
    "limits_from_args",
    "using_limits",
    "active_limits",
    "load_document",
    "selected_models",
    "single_model",
    "warn_failed_checks",
    "print_notes",
]

_LIMITS: ContextVar[Limits] = ContextVar("symparams_limits", default=DEFAULT_LIMITS)


def add_model_options(parser: argparse.ArgumentParser, *, one_model: bool = False) -> None:
    parser.add_argument("file", metavar="FILE", help="model file (UTF-8), or - for stdin")
    parser.add_argument(
        "--model", "-m", metavar="NAME", required=False,
        help="the model to use" + ("" if one_model else " (default: every model in FILE)"),
    )
    parser.add_argument(
        "--set", "-s", metavar="NAME=VALUE", action="append", default=[], dest="assignments",
        help="give a symbol a value (overrides the header's example value): an integer, or a "
        "fraction (3/4) or decimal (0.75) for a rational symbol; repeatable",
    )
    add_output_options(parser)


def add_form_option(parser: argparse.ArgumentParser) -> None:
    """``--form default|expand|factor|collect`` (see :mod:`symparams.symbolic.forms`)."""
    from ...symbolic.forms import FORMS

    parser.add_argument(
        "--form", choices=FORMS, default="default",
        help="how formulas are written: the textbook default, expanded, factored, or "
        "collected by symbol",
    )


def _depth(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(f"expected 0 or a positive whole number, got {text!r}")
    return int(text)


def add_depth_option(parser: argparse.ArgumentParser) -> None:
    """``--depth N``: how many levels of blocks' inner layers to show (default: all)."""
    parser.add_argument(
        "--depth", type=_depth, default=None, metavar="N",
        help="show blocks' inner layers N levels deep (0: blocks only; default: all)",
    )


def column_keys(text: str) -> tuple[str, ...]:
    """An option's comma-separated columns (``macs,flops``), checked: the keys of
    :data:`symparams.render.columns.OPTIONAL_COLUMNS`."""
    from ...render.columns import compute_keys

    try:
        return compute_keys(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def compute_column_keys(text: str) -> tuple[str, ...]:
    """Like :func:`column_keys`, the compute counts only (``macs,flops,activations``)."""
    from ...render.columns import COMPUTE_COLUMNS

    keys = column_keys(text)
    for key in keys:
        if key not in COMPUTE_COLUMNS:
            raise argparse.ArgumentTypeError(
                f"{key!r} is not a compute count; expected one of {', '.join(COMPUTE_COLUMNS)}")
    return keys


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``-o FILE`` and ``--force``: see :func:`symparams.cli.output.emit`."""
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE instead of standard output")
    parser.add_argument("--force", action="store_true",
                        help="replace FILE if it exists (default: refuse)")


def _positive(kind):
    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}") from None
        if value <= 0 or value != value:  # also refuses NaN
            raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
        return value

    return convert


LIMIT_DEST_PREFIX = "limit_"
"""Where ``--max-*`` options store their values: ``args.limit_max_layers``."""


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """One option per :class:`symparams.limits.Limits` field: ``max_layers`` is
    ``--max-layers N``. The CLI adds them to every command."""
    group = parser.add_argument_group("limits", "resource limits; see docs/robustness.md")
    for f in fields(Limits):
        kind = float if isinstance(f.default, float) else int
        group.add_argument(
            "--" + f.name.replace("_", "-"), type=_positive(kind), default=None,
            metavar="SECONDS" if kind is float else "N", dest=LIMIT_DEST_PREFIX + f.name,
            help=f"{LIMIT_DOCS[f.name]} (default {f.default:,})".replace("%", "%%"),
        )


def limits_from_args(args: argparse.Namespace) -> Limits:
    """The :class:`Limits` that the ``--max-...`` options ask for (defaults elsewhere).

    >>> limits_from_args(argparse.Namespace(limit_max_layers=5)).max_layers
    5
    """
    given = {f.name: getattr(args, LIMIT_DEST_PREFIX + f.name, None) for f in fields(Limits)}
    return replace(DEFAULT_LIMITS, **{k: v for k, v in given.items() if v is not None})


@contextlib.contextmanager
def using_limits(limits: Limits) -> Iterator[Limits]:
    """Make ``limits`` the ones :func:`load_document` uses while the block runs."""
    token = _LIMITS.set(limits)
    try:
        yield limits
    finally:
        _LIMITS.reset(token)


def active_limits() -> Limits:
    """The limits of the running command (``--max-...`` options), else the defaults."""
    return _LIMITS.get()


def load_document(path: str, limits: Limits | None = None) -> Document:
    """Read and analyse FILE (``-`` for standard input) under the active limits and print its
    warnings on standard error; a file that defines no model is an error, since every
    command needs one."""
    import sys

    from ...engine.parse import parse
    from ...syntax.parser import decode_source, read_source

    limits = limits or active_limits()
    if path == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise DSLSyntaxError("no standard input to read the model from")
        filename = "<stdin>"
        text = decode_source(stream.read(limits.max_source_bytes + 1), filename, limits)
    else:
        filename, text = path, read_source(path, limits)
    doc = parse(text, filename, limits=limits)
    if not doc.models:
        raise DSLSyntaxError(
            "no model defined in this file",
            SourceSpan(filename, text, 1, 1),
            hint="a model starts with a line 'model NAME(SYMBOL=VALUE, ...):' followed by "
            "indented layer calls",
        )
    note_read_files(doc.files)
    for warning in doc.warnings:  # every command says them, on standard error
        print(warning.render(), file=sys.stderr)
    return doc


def selected_models(doc: Document, args: argparse.Namespace, *,
                    checks: bool = True) -> list[tuple[Model, dict]]:
    """The models asked for, each with its values: header values overridden by ``--set``.
    With ``checks``, each ``check`` statement that fails at those values is a warning on
    standard error (the command's output is still made; ``symparams check`` fails)."""
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
    overrides = parse_assignments(args.assignments, active_limits().max_int_digits)
    declared = {name for m in models for name in m.symbols}
    for name in overrides:
        if name not in declared:
            where = f"model '{args.model}' has no symbol" if args.model is not None else \
                "no model declares a symbol"
            raise ValueBindingError(f"--set {name}: {where} '{name}'",
                                    hint=did_you_mean(name, declared))
    result = []
    for model in models:
        values = dict(model.values)
        values.update({k: v for k, v in overrides.items() if k in model.symbols})
        for name, value in overrides.items():
            if name in model.symbols:
                _check_set(model, name, value)
        result.append((model, values))
        if checks and model.checks:
            warn_failed_checks(model, values)
    return result


def _check_set(model: Model, name: str, value) -> None:
    """A ``--set`` value the symbol cannot take, as an error about ``--set`` (the model's
    own error would point at the model's header, where nothing is wrong)."""
    from ...engine.evaluation import checked_value

    try:
        checked_value(model.symbols[name], name, value, None)
    except ValueBindingError as err:
        raise ValueBindingError(f"--set {name}={value}: {err.message}", hint=err.hint) from None


def warn_failed_checks(model: Model, values: dict) -> None:
    """Each ``check`` claim of ``model`` that fails at ``values``, as a warning with its
    hint, on standard error; a claim that cannot be decided there is left to the command
    (its values are invalid, say) or to ``symparams check``."""
    import sys

    from ...algebra.checks import run_checks
    from ...engine.model import Warning_
    from ...errors import SymparamsError

    try:
        results = run_checks(model, values)
    except SymparamsError:
        return
    for result in results:
        if result.holds is False:
            err = result.error()
            hint = f"\nhint: {err.hint}" if err.hint else ""
            print(Warning_(err.message, err.span).render() + hint, file=sys.stderr)


def single_model(doc: Document, args: argparse.Namespace, *,
                 checks: bool = True) -> tuple[Model, dict]:
    """The one model a command works on (``--model``, or the file's only model) with its
    values, as :func:`selected_models` gives them."""
    if args.model is None and len(doc.models) != 1:
        raise ValueBindingError(
            f"{doc.filename} has {len(doc.models)} models; say which with --model",
            hint=f"its models are {', '.join(doc.models)}",
        )
    [(model, values)] = selected_models(doc, args, checks=checks)
    return model, values


def print_notes(notes: list[str]) -> None:
    """Each distinct note (a formula over a work budget, shown unsimplified) on standard error,
    as ``symparams: warning: ...``."""
    import sys

    for note in dict.fromkeys(notes):
        print(f"symparams: warning: {note}", file=sys.stderr)
