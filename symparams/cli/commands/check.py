"""``symparams check FILE``: decide every ``check`` statement of the file's models at their
values (header values, ``--set``), and the claims given as options (``--layer simple_rnn
--params 1890``). Each claim is one line (``ok``, ``failed``, ``not checked``); each failure is
also an error on standard error with both numbers, the formula and the values that would make
it hold (a ``CheckFailedError``). Exit status 1 if any claim fails: a gate for lecture notes in
a Makefile or CI."""

from __future__ import annotations

import argparse
import json
import sys

from ..output import emit
from ._ranges import count_argument
from .common import add_model_options, load_document, selected_models

NAME = "check"
HELP = "check the counts claimed in a model file (check statements) or on the command line"

def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ...algebra.quantities import noun
    from ...syntax.checks import CHECK_COUNTS

    add_model_options(parser)
    parser.add_argument("--layer", metavar="NAME",
                        help="the claims below are about this layer (default: the model's "
                        "totals)")
    claims = parser.add_argument_group(
        "claims", "each option claims that a count (of --layer, else the model's total) is "
        "exactly N; other comparisons go in a check statement")
    for quantity in CHECK_COUNTS:
        claims.add_argument("--" + quantity.replace("_", "-"), dest=f"claim_{quantity}",
                            type=count_argument, metavar="N",
                            help=f"claim exactly N {noun(quantity)}")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                        help="text (default) or json")


def _claims(args: argparse.Namespace) -> list:
    from ...algebra.checks import claim
    from ...syntax.checks import CHECK_COUNTS

    out = []
    for quantity in CHECK_COUNTS:
        value = getattr(args, f"claim_{quantity}")
        if value is not None:
            out.append(claim(quantity, "==", value, args.layer))
    return out


def run(args: argparse.Namespace) -> int:
    from ...algebra.checks import run_checks
    from ...algebra.quantities import find_layer
    from ...errors import ValueBindingError
    from ..main import error_text

    given = _claims(args)
    if args.layer is not None and not given:
        raise ValueBindingError("--layer names the layer of the claims, but no claim is given",
                                hint=f"for example --layer {args.layer} --params N")
    doc = load_document(args.file)
    if given and args.model is None and len(doc.models) != 1:
        raise ValueBindingError(
            f"{doc.filename} has {len(doc.models)} models; say which the claims are about "
            "with --model", hint=f"its models are {', '.join(doc.models)}")
    lines, failures, records = [], [], []
    for model, values in selected_models(doc, args, checks=False):
        if given and args.layer is not None:
            find_layer(model, args.layer)
        for result in run_checks(model, values, [*model.checks, *given]):
            lines.append(f"{model.name}: {result.status()}")
            records.append({"model": model.name, "check": result.check.text,
                            "holds": result.holds, "count": result.actual,
                            "expected": result.expected, "formula": str(result.formula),
                            "values": {k: v if isinstance(v, int) else str(v)  # 3/4
                                       for k, v in result.values.items()}})
            if result.holds is False:
                failures.append(result.error())
    if args.format == "json":
        emit(args, json.dumps({"checks": records, "failed": len(failures)}) + "\n")
    elif records:
        emit(args, "\n".join(lines) + "\n")
    else:
        emit(args, f"no checks in {doc.filename}: nothing to do\n")
    for err in failures[:-1]:
        print(error_text(err), file=sys.stderr)
    if failures:  # the last is the command's error: exit status 1
        raise failures[-1]
    return 0
