"""``symparams solve FILE --model M --for d --params-at-most N``: the largest positive integer
value of one symbol within a budget (``--params-equal N``: every value giving exactly N), the
other symbols at their example values or ``--set``. The budget is on the model's total or on
one layer (``--layer NAME``), of parameters or of another count (``--count macs``,
``--macs-at-most N``, ``--flops-equal N``; docs/compute.md). Exact at any size."""

from __future__ import annotations

import argparse
import json

from ..output import emit
from ._ranges import count_argument, model_and_fixed
from .common import add_model_options, print_notes

NAME = "solve"
HELP = "the largest value of a symbol within a budget of parameters or compute, or every " \
       "value giving N"

#: goal option -> (the count it is about, None for --count's; "at_most" or "equal")
_GOALS = {
    "params_at_most": ("params", "at_most"), "params_equal": ("params", "equal"),
    "macs_at_most": ("macs", "at_most"), "macs_equal": ("macs", "equal"),
    "flops_at_most": ("flops", "at_most"), "flops_equal": ("flops", "equal"),
    "at_most": (None, "at_most"), "equal": (None, "equal"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ...algebra.quantities import QUANTITIES

    add_model_options(parser, one_model=True)
    parser.add_argument("--for", dest="symbol", metavar="SYMBOL", required=True,
                        help="the symbol to solve for")
    goal = parser.add_mutually_exclusive_group(required=True)
    for dest, (kind, how) in _GOALS.items():
        what = f"{kind} " if kind else "--count's "
        words = ("at most N " if how == "at_most" else "exactly N ") + what.replace(
            "params ", "parameters ")
        goal.add_argument("--" + dest.replace("_", "-"), dest=dest, type=count_argument,
                          metavar="N",
                          help=("find the largest value with " if how == "at_most" else
                                "find every value with ") + words.strip())
    parser.add_argument("--count", choices=QUANTITIES, default=None,
                        help="which count the budget is about: the total parameters when not "
                        "given; with --params-*: params, trainable or non_trainable")
    parser.add_argument("--layer", metavar="NAME",
                        help="put the budget on this layer's count instead of the model's "
                        "(a layer name as the summary shows it, also inside blocks)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                        help="text (default) or json")


def goal_of(args: argparse.Namespace) -> tuple[str, str, int]:
    """(count, ``at_most`` or ``equal``, N) from the goal option and ``--count``; a
    ``ValueBindingError`` when they disagree (``--macs-at-most`` with ``--count flops``)."""
    from ...algebra.quantities import PARAMETER_COUNTS
    from ...errors import ValueBindingError

    dest = next(d for d in _GOALS if getattr(args, d, None) is not None)
    kind, how = _GOALS[dest]
    option = "--" + dest.replace("_", "-")
    count = args.count or kind or "params"
    if kind == "params" and count not in PARAMETER_COUNTS:
        raise ValueBindingError(
            f"{option} is a budget of parameters, but --count is {count}",
            hint=f"write --{how.replace('_', '-')} N --count {count}")
    if kind not in (None, "params") and count != kind:
        raise ValueBindingError(f"{option} is about {kind}, but --count is {count}",
                                hint=f"leave out --count, or write --{how.replace('_', '-')} N")
    return count, how, getattr(args, dest)


def run(args: argparse.Namespace) -> int:
    from ...algebra.quantities import noun
    from ...algebra.solve import solve

    count, how, n = goal_of(args)
    model, known = model_and_fixed(args, [args.symbol], "--for")
    notes: list[str] = []
    solution = solve(model, args.symbol, values=known, quantity=count, warnings=notes,
                     layer=args.layer, **{how: n})
    print_notes(notes)
    if args.format == "json":
        data = solution.as_dict()
        if count != "params":
            data["count"] = count
        if args.layer is not None:
            data["layer"] = args.layer
        emit(args, json.dumps(data) + "\n")
        return 0
    what = noun(count) + (f" in {args.layer}" if args.layer else "")
    if solution.values is not None:
        if solution.values:
            shown = ", ".join(map(str, solution.values))
            text = f"{args.symbol} = {shown}: exactly {n:,} {what}"
        else:
            text = f"no positive integer {args.symbol} gives exactly {n:,} {what}"
    elif solution.largest is None:
        text = f"no positive integer {args.symbol} keeps {what} at most {n:,}"
    else:
        from ...algebra.quantities import count_value

        value = count_value(model, count, {**known, args.symbol: solution.largest}, args.layer)
        text = (f"{args.symbol} = {solution.largest}: largest with at most "
                f"{n:,} {what} ({value:,})")
    emit(args, text + "\n")
    return 0
