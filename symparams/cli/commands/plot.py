"""``symparams plot FILE --vary h=1:64 [--count macs ...] -o plot.pdf``: counts against one
symbol, the others at their example values or ``--set``. ``-o`` decides the format by its
extension: ``.pdf`` or ``.png`` (matplotlib, the ``plot`` extra), ``.tex`` (PGFPlots code for
slides and papers); without ``-o``, PGFPlots code on standard output."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..output import emit
from ._ranges import model_and_fixed, parse_vary
from .common import add_model_options

NAME = "plot"
HELP = "counts against one symbol: PDF or PNG (matplotlib), or PGFPlots code for slides"

_FORMATS = {".pdf": "pdf", ".png": "png", ".tex": "pgfplots"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ...algebra.quantities import QUANTITIES

    add_model_options(parser, one_model=True)
    parser.add_argument("--vary", "-v", metavar="NAME=RANGE", required=True, action="append",
                        help="the symbol on the x axis and its values: START:STOP[:STEP] "
                        "(inclusive) or a,b,c")
    parser.add_argument("--count", "-c", action="append", default=[], metavar="COUNT",
                        choices=QUANTITIES,
                        help="a count to draw: params (when none is given), trainable, "
                        "non_trainable, macs, flops, fvcore, xla, activations; repeatable")
    parser.add_argument("--layer", metavar="NAME",
                        help="draw this layer's counts instead of the model's totals")
    parser.add_argument("--format", "-f", choices=("pdf", "png", "pgfplots"), default=None,
                        help="pdf, png or pgfplots; when not given, from -o's extension, and "
                        "pgfplots without -o")
    parser.add_argument("--log", action="store_true", help="a logarithmic y axis")
    parser.add_argument("--standalone", action="store_true",
                        help="PGFPlots: a whole document that compiles alone with pdflatex "
                        "(default: a tikzpicture to \\input; needs \\usepackage{pgfplots})")


def _format(args: argparse.Namespace) -> str:
    from ...errors import ValueBindingError

    if args.format:
        return args.format
    if not args.output or args.output == "-":
        return "pgfplots"
    suffix = Path(args.output).suffix.lower()
    if suffix not in _FORMATS:
        raise ValueBindingError(f"-o {args.output}: cannot tell the format from '{suffix}'",
                                hint="name the file .pdf, .png or .tex, or give --format")
    return _FORMATS[suffix]


def run(args: argparse.Namespace) -> int:
    from ...errors import ValueBindingError
    from ...render.plot import figure_bytes, pgfplots, plot_data

    fmt = _format(args)
    if fmt != "pgfplots" and (not args.output or args.output == "-"):
        raise ValueBindingError(f"a {fmt.upper()} picture goes to a file",
                                hint=f"add -o plot.{fmt}")
    if len(args.vary) > 1:
        raise ValueBindingError(
            f"plot draws against one symbol; --vary is given {len(args.vary)} times",
            hint="give the other symbols values with --set, or list every combination with "
            "sweep")
    vary = parse_vary(args.vary)
    model, fixed = model_and_fixed(args, vary, "--vary")
    [(symbol, values)] = vary.items()
    if any(not isinstance(v, int) for v in values):
        raise ValueBindingError(f"plot draws integer values of a symbol; {symbol} is given "
                                "fractions", hint="list a fractional symbol's values with "
                                f"sweep --vary {symbol}=...")
    data = plot_data(model, symbol, values, fixed, args.count, args.layer)
    if fmt == "pgfplots":
        emit(args, pgfplots(data, log=args.log, standalone=args.standalone))
    else:
        emit(args, figure_bytes(data, fmt, log=args.log))
    return 0
