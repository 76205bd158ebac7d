"""``symparams compare FILE A B``: are two models' parameter counts (total, per layer; or
another count with ``--count macs|flops|fvcore|xla|activations|trainable|non_trainable``) and
output shapes the same formulas? If not, the difference ``A - B`` simplified, and whether one
is always larger. ``--against OTHER`` takes ``B`` from another file."""

from __future__ import annotations

import argparse
import json

from ...errors import ValueBindingError, did_you_mean, visible
from ..output import emit
from .common import add_output_options, load_document, print_notes

NAME = "compare"
HELP = "compare two models' parameter counts (or MACs, FLOPs, ... with --count) and output " \
       "shapes as formulas"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ...algebra.quantities import QUANTITIES

    parser.add_argument("file", metavar="FILE", help="model file (UTF-8), or - for stdin")
    parser.add_argument("a", metavar="A", help="the first model (in FILE)")
    parser.add_argument("b", metavar="B", help="the second model (in FILE, or in --against)")
    parser.add_argument("--against", metavar="OTHER",
                        help="read model B from this file instead of FILE")
    parser.add_argument("--count", "-c", choices=QUANTITIES, default="params",
                        help="which count to compare (default: params; also trainable, "
                        "non_trainable, macs, flops, fvcore, xla, activations)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                        help="text (default) or json")
    add_output_options(parser)


def _model(doc, name: str):
    if name not in doc.models:
        raise ValueBindingError(
            f"{doc.filename} has no model '{name}'",
            hint=did_you_mean(name, doc.models)
            or f"its models are {', '.join(doc.models) or 'none'}",
        )
    return doc.models[name]


def run(args: argparse.Namespace) -> int:
    from ...algebra.compare import compare
    from ...algebra.quantities import count_expr
    from ...symbolic.forms import display

    doc = load_document(args.file)
    other = load_document(args.against) if args.against else doc
    a, b = _model(doc, args.a), _model(other, args.b)
    notes: list[str] = []
    result = compare(a, b, warnings=notes, quantity=args.count)
    print_notes(notes)
    if args.format == "json":
        emit(args, json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return 0
    what = args.count.replace("_", "-")
    out = [
        f"A = {a.name}: total {what} {display(count_expr(a, args.count))}",
        f"B = {b.name}: total {what} {display(count_expr(b, args.count))}",
        result.sentence(),
    ]
    if not result.output_shape_equal:
        out.append("Output shapes differ: "
                   f"A {tuple(map(display, a.output_shape))}, "
                   f"B {tuple(map(display, b.output_shape))}")
    out.append("Per layer:")
    for layer in result.layers:
        na = f"{visible(layer.a.name)} ({layer.a.type})" if layer.a else "-"
        nb = f"{visible(layer.b.name)} ({layer.b.type})" if layer.b else "-"
        if layer.a is None or layer.b is None:
            verdict = "only in " + ("A" if layer.b is None else "B")
        elif layer.equal:
            verdict = "same"
        else:
            parts = []
            if layer.sign != "zero":
                parts.append(f"A - B = {display(layer.difference)}"
                             + {"positive": " > 0", "negative": " < 0"}.get(layer.sign, ""))
            if not layer.output_shape_equal:
                parts.append("output shapes differ")
            verdict = "; ".join(parts)
        out.append(f"  {layer.index + 1:>3}  {na}  vs  {nb}: {verdict}")
    emit(args, "\n".join(out) + "\n")
    return 0
