"""``symparams summary FILE``: every layer's output shape and parameter count, as formulas and
at the example values."""

from __future__ import annotations

import argparse

from ..output import emit
from .common import (
    add_depth_option,
    add_form_option,
    add_model_options,
    load_document,
    selected_models,
)

NAME = "summary"
HELP = "per-layer output shapes and parameter counts, as formulas and values"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_options(parser)
    parser.add_argument(
        "--format", "-f", choices=("text", "json", "markdown"), default="text",
        help="text (a Keras-like table, default), json (schema symparams.summary/1) or "
        "markdown (a GitHub table with $...$ maths)",
    )
    add_form_option(parser)
    add_depth_option(parser)


def run(args: argparse.Namespace) -> int:
    doc = load_document(args.file)
    models = selected_models(doc, args)
    from ...render import display_depth, display_form

    with display_form(getattr(args, "form", "default")), display_depth(args.depth):
        if args.format == "json":
            from ...render.jsonout import summary_json

            output = summary_json(models)
        elif args.format == "markdown":
            from ...render.markdown import document_markdown

            output = document_markdown(models)
        else:
            from ...render.text import summary_text

            output = "\n".join(summary_text(model, values) for model, values in models)
    emit(args, output)
    return 0
