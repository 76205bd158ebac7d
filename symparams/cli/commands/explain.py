"""``symparams explain FILE``: each layer's parameter count worked out step by step, as a
teacher writes it on the board: the formula, the numbers in place of the symbols, the result
("embedding (Embedding): E*V = 32*10000 = 320000"), what the formula means, and the output
shape; then the total."""

from __future__ import annotations

import argparse

from ..output import emit
from .common import (
    add_depth_option,
    add_form_option,
    add_model_options,
    compute_column_keys,
    load_document,
    selected_models,
)

NAME = "explain"
HELP = "each layer's parameter count worked out: formula, numbers, result"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_options(parser)
    add_form_option(parser)
    add_depth_option(parser)
    parser.add_argument(
        "--compute", nargs="?", const="macs,flops,activations", default="", metavar="LIST",
        type=compute_column_keys,
        help="also work out each layer's compute counts and their totals: macs, flops, "
        "activations (the default list), xla, fvcore; see docs/compute.md",
    )


def run(args: argparse.Namespace) -> int:
    from ...render.explain import explain_text
    from ...report.derivation import derive

    doc = load_document(args.file)
    models = selected_models(doc, args)
    from ...render import display_form

    with display_form(args.form):
        output = "\n".join(explain_text(derive(model, values), args.depth, args.compute)
                           for model, values in models)
    emit(args, output)
    return 0
