"""``symparams sweep FILE --model M --vary d=64:1024:64 --vary L=1,2,4,8``: the parameter
counts and final output shape at every combination of the values (ranges are inclusive
``START:STOP[:STEP]``), exact integers, as csv, json or a text table."""

from __future__ import annotations

import argparse
import json

from ..output import emit
from ._ranges import model_and_fixed, parse_vary
from .common import add_model_options

NAME = "sweep"
HELP = "counts and output shape over a grid of symbol values (csv, json or text)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_options(parser, one_model=True)
    parser.add_argument(
        "--vary", "-v", metavar="NAME=RANGE", action="append", default=[], required=True,
        help="a symbol and its values: START:STOP[:STEP] (inclusive) or a,b,c; repeatable",
    )
    parser.add_argument("--format", "-f", choices=("csv", "json", "text"), default="text",
                        help="text table (default), csv, or json")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="leave out combinations where the model is invalid (default: "
                        "such a combination is an error)")


def run(args: argparse.Namespace) -> int:
    from ...algebra.sweep import sweep

    vary = parse_vary(args.vary)
    model, fixed = model_and_fixed(args, vary, "--vary")
    result = sweep(model, vary, fixed, skip_invalid=args.skip_invalid)
    names = result.columns()
    data = result.column_data()
    if args.format == "csv":
        lines = [",".join(names)]
        lines += [",".join(map(str, row)) for row in zip(*data, strict=True)]
        text = "\n".join(lines) + "\n"
    elif args.format == "json":
        text = json.dumps({"model": model.name, "symbols": list(result.symbols),
                           "rows": result.rows()}) + "\n"
    else:
        rows = [names] + [[f"{x:,}" for x in row] for row in zip(*data, strict=True)]
        widths = [max(len(r[i]) for r in rows) for i in range(len(names))]
        text = "\n".join("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True))
                         for r in rows) + "\n"
    emit(args, text)
    return 0
