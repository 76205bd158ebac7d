"""``symparams compare FILE A B``: are two models' parameter counts (total, per layer) and
output shapes the same formulas? If not, the difference ``A - B`` simplified, and whether one
is always larger. ``--against OTHER`` takes ``B`` from another file."""

from __future__ import annotations

import argparse
import json

from ...errors import ValueBindingError, did_you_mean, visible
from ..output import emit
from .common import add_output_options, load_document, print_notes

NAME = "compare"
HELP = "compare two models' parameter counts and output shapes as formulas"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="model file (UTF-8), or - for stdin")
    parser.add_argument("a", metavar="A", help="the first model (in FILE)")
    parser.add_argument("b", metavar="B", help="the second model (in FILE, or in --against)")
    parser.add_argument("--against", metavar="OTHER",
                        help="read model B from this file instead of FILE")
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
    from ...symbolic.forms import display

    doc = load_document(args.file)
    other = load_document(args.against) if args.against else doc
    a, b = _model(doc, args.a), _model(other, args.b)
    notes: list[str] = []
    result = compare(a, b, warnings=notes)
    print_notes(notes)
    if args.format == "json":
        emit(args, json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return 0
    out = [
        f"A = {a.name}: total params {display(a.params)}",
        f"B = {b.name}: total params {display(b.params)}",
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
