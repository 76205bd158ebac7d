"""``symparams sweep FILE --model M --vary d=64:1024:64 --vary L=1,2,4,8``: the parameter
counts and final output shape at every combination of the values (ranges are inclusive
``START:STOP[:STEP]``), exact integers, as csv, json or a text table; ``--count macs`` (and
``flops``, ``fvcore``, ``xla``, ``activations``) adds a column."""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterator

from ..output import emit
from ._ranges import model_and_fixed, parse_vary
from .common import add_model_options

NAME = "sweep"
HELP = "counts (parameters, and MACs, FLOPs, ... with --count) and output shape over a grid " \
       "of symbol values (csv, json or text)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ...algebra.quantities import QUANTITIES

    add_model_options(parser, one_model=True)
    parser.add_argument(
        "--vary", "-v", metavar="NAME=RANGE", action="append", default=[], required=True,
        help="a symbol and its values: START:STOP[:STEP] (inclusive) or a,b,c; repeatable",
    )
    parser.add_argument("--format", "-f", choices=("csv", "json", "text"), default="text",
                        help="text table (default), csv, or json")
    parser.add_argument("--count", "-c", action="append", default=[], metavar="COUNT",
                        choices=QUANTITIES,
                        help="add a column of this count: macs, flops, fvcore, xla or "
                        "activations (docs/compute.md); repeatable")
    parser.add_argument("--layer", metavar="NAME",
                        help="the counts of this layer instead of the model's totals")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="leave out combinations where the model is invalid (default: "
                        "such a combination is an error)")


def run(args: argparse.Namespace) -> int:
    from ...algebra.sweep import sweep

    vary = parse_vary(args.vary)
    model, fixed = model_and_fixed(args, vary, "--vary")
    result = sweep(model, vary, fixed, skip_invalid=args.skip_invalid, counts=args.count,
                   layer=args.layer)
    names = result.columns()
    data = result.column_data()
    if args.format == "csv":
        text = _csv(names, data)
    elif args.format == "json":
        text = _json(model.name, result, names, data)
    else:
        rows = [names] + [[_cell(x) for x in row] for row in zip(*data, strict=True)]
        widths = [max(len(r[i]) for r in rows) for i in range(len(names))]
        text = "\n".join("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True))
                         for r in rows) + "\n"
    emit(args, text)
    return 0


def _cell(value) -> str:
    """An integer with its digits grouped; a fractional symbol's value as ``3/4``."""
    return f"{int(value):,}" if isinstance(value, int) or getattr(value, "is_Integer", False) \
        else str(value)


_CHUNK = 10_000  # rows per written piece: the output is streamed, never built whole


def _csv(names: list[str], data: list[list[int]]) -> Iterator[str]:
    yield ",".join(names) + "\n"
    rows = zip(*data, strict=True)
    while chunk := list(itertools.islice(rows, _CHUNK)):
        yield "".join(",".join(map(str, row)) + "\n" for row in chunk)


def _json(model_name: str, result, names: list[str], data: list[list[int]]) -> Iterator[str]:
    """The same bytes as ``json.dumps`` of the whole object, a chunk of rows at a time."""
    from ...render.jsonout import json_value

    yield (f'{{"model": {json.dumps(model_name)}, "symbols": {json.dumps(list(result.symbols))}'
           ', "rows": [')
    n_shape = len(result.output_shape)
    scalars = names[: len(names) - n_shape]
    rows = zip(*data, strict=True)
    first = True
    while chunk := list(itertools.islice(rows, _CHUNK)):
        pieces = []
        for row in chunk:
            item = {name: json_value(x) for name, x in zip(scalars, row, strict=False)}
            item["output_shape"] = list(row[len(names) - n_shape:])
            pieces.append(json.dumps(item))
        yield ("" if first else ", ") + ", ".join(pieces)
        first = False
    yield "]}\n"
