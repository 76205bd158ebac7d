"""``symparams sweep FILE --model M --vary d=64:1024:64 --vary L=1,2,4,8``: the parameter
counts and final output shape at every combination of the values (ranges are inclusive
``START:STOP[:STEP]``), exact integers, as csv, json or a text table."""

from __future__ import annotations

import argparse
import json

from ..errors import ValueBindingError
from ..output import emit
from .common import add_model_options, load_document, parse_assignments, selected_models

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


def _vary(items: list[str]) -> dict[str, list[int]]:
    from ..sweep import parse_range

    out: dict[str, list[int]] = {}
    for item in items:
        name, sep, spec = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ValueBindingError(f"--vary expects NAME=RANGE, got {item!r}",
                                    hint="for example --vary d=64:1024:64 or --vary L=1,2,4")
        if name in out:
            raise ValueBindingError(f"--vary {name} is given twice")
        out[name] = parse_range(spec)
    return out


def run(args: argparse.Namespace) -> int:
    from ..sweep import sweep

    doc = load_document(args.file)
    if args.model is None and len(doc.models) != 1:
        raise ValueBindingError(
            f"{doc.filename} has {len(doc.models)} models; say which with --model",
            hint=f"its models are {', '.join(doc.models)}",
        )
    [(model, values)] = selected_models(doc, args)
    vary = _vary(args.vary)
    clash = set(vary) & set(parse_assignments(args.assignments))
    if clash:
        raise ValueBindingError(f"--set and --vary both give {', '.join(sorted(clash))}")
    fixed = {k: v for k, v in values.items() if v is not None and k not in vary}
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
