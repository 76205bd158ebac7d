"""``symparams solve FILE --model M --for d --params-at-most N``: the largest positive integer
value of one symbol within a parameter budget (``--params-equal N``: every value giving exactly
N), the other symbols at their example values or ``--set``. Exact at any size."""

from __future__ import annotations

import argparse
import json

from ..output import emit
from ._ranges import model_and_fixed
from .common import add_model_options, print_notes

NAME = "solve"
HELP = "the largest value of a symbol within a parameter budget, or every value giving N"


def _count(text: str) -> int:
    cleaned = text.replace("_", "").replace(",", "")
    if not cleaned.isdigit() or len(cleaned) > 200:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return int(cleaned)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_options(parser, one_model=True)
    parser.add_argument("--for", dest="symbol", metavar="SYMBOL", required=True,
                        help="the symbol to solve for")
    goal = parser.add_mutually_exclusive_group(required=True)
    goal.add_argument("--params-at-most", type=_count, metavar="N",
                      help="find the largest value with at most N parameters")
    goal.add_argument("--params-equal", type=_count, metavar="N",
                      help="find every value with exactly N parameters")
    parser.add_argument("--count", choices=("params", "trainable", "non_trainable"),
                        default="params",
                        help="which count the budget is about (default: params, the total)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                        help="text (default) or json")


def run(args: argparse.Namespace) -> int:
    from ...algebra.solve import solve

    model, known = model_and_fixed(args, [args.symbol], "--for")
    notes: list[str] = []
    solution = solve(model, args.symbol, at_most=args.params_at_most,
                     equal=args.params_equal, values=known, quantity=args.count,
                     warnings=notes)
    print_notes(notes)
    if args.format == "json":
        emit(args, json.dumps(solution.as_dict()) + "\n")
        return 0
    what = "parameters" if args.count == "params" else f"{args.count} parameters"
    if solution.values is not None:
        if solution.values:
            shown = ", ".join(map(str, solution.values))
            text = f"{args.symbol} = {shown}: exactly {args.params_equal:,} {what}"
        else:
            text = f"no positive integer {args.symbol} gives exactly {args.params_equal:,} {what}"
    elif solution.largest is None:
        text = f"no positive integer {args.symbol} keeps {what} at most {args.params_at_most:,}"
    else:
        value = model.evaluate({**known, args.symbol: solution.largest})
        text = (f"{args.symbol} = {solution.largest}: largest with at most "
                f"{args.params_at_most:,} {what} ({getattr(value, args.count):,})")
    emit(args, text + "\n")
    return 0
