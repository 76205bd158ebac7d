"""``symparams summary FILE``: every layer's output shape and parameter count, as formulas and
at the example values."""

from __future__ import annotations

import argparse

from ...errors import ValueBindingError
from ..output import emit
from .common import (
    add_depth_option,
    add_form_option,
    add_model_options,
    column_keys,
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
    parser.add_argument(
        "--batch", nargs="?", const="None", default=None, type=_batch_name, metavar="NAME",
        help="show the batch dimension first in every shape, as Keras does: (None, 26, 26, "
        "32), or written NAME (--batch B); text and markdown (JSON shapes never have it)",
    )
    parser.add_argument(
        "--connected-to", action="store_true",
        help="add Keras's 'Connected to' column: the layers (or inputs) each layer reads",
    )
    parser.add_argument(
        "--show-trainable", action="store_true",
        help="add Keras's 'Trainable' column: Y, N (trainable=False) or - (no weights)",
    )
    parser.add_argument(
        "--columns", type=column_keys, default=(), metavar="LIST",
        help="add columns, comma-separated: macs, flops, xla, fvcore (the compute conventions "
        "of docs/compute.md), activations (elements of the output), connected, trainable; "
        "each as a formula and its value, with its total; in JSON, per-layer and total keys; "
        "memory: the bytes of weights and activations (batch B) at --dtype under the table, "
        "and in JSON a memory key per layer and in the total",
    )
    from ...engine.memory import DTYPE_BYTES

    parser.add_argument(
        "--dtype", choices=tuple(DTYPE_BYTES), default=None,
        help="the dtype of --columns memory, as symparams memory's; float32 when not given",
    )


def _batch_name(text: str) -> str:
    from ...render.columns import check_batch_name

    try:
        return check_batch_name(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def summary_options(args: argparse.Namespace):
    """The :class:`symparams.render.columns.SummaryOptions` the options ask for."""
    from ...render.columns import SummaryOptions

    columns = (("connected",) if args.connected_to else ()) \
        + (("trainable",) if args.show_trainable else ())
    columns += tuple(key for key in args.columns if key not in columns)
    if args.dtype is not None and "memory" not in columns:
        raise ValueBindingError(f"--dtype {args.dtype} sets the bytes of the memory column",
                                hint="add --columns memory (or use symparams memory)")
    return SummaryOptions(batch=args.batch, columns=tuple(dict.fromkeys(columns)),
                          dtype=args.dtype or "float32")


def run(args: argparse.Namespace) -> int:
    doc = load_document(args.file)
    models = selected_models(doc, args)
    from ...render import display_depth, display_form

    options = summary_options(args)
    for model, _ in models:
        if options.batch in model.symbols:
            raise ValueBindingError(
                f"--batch {options.batch}: '{options.batch}' is a symbol of model "
                f"'{model.name}', so the batch dimension would read as that symbol",
                hint="write the batch dimension another way: --batch (None) or --batch B",
            )

    with display_form(getattr(args, "form", "default")), display_depth(args.depth):
        if args.format == "json":
            from ...render.jsonout import summary_json

            output = summary_json(models, options.columns, options.dtype)
        elif args.format == "markdown":
            from ...render.markdown import document_markdown

            output = document_markdown(models, options)
        else:
            from ...render.text import summary_text

            output = "\n".join(summary_text(model, values, options) for model, values in models)
    emit(args, output)
    return 0
