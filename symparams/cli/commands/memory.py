"""``symparams memory FILE``: bytes of weights and activations at a dtype, with a batch size
``B`` (a symbol, or ``--batch N``), and with ``--optimizer`` a training estimate: weights +
gradients + optimizer state + activations kept for the backward pass, each term shown."""

from __future__ import annotations

import argparse
import json

from ..output import emit
from .common import add_form_option, add_model_options, load_document, selected_models

NAME = "memory"
HELP = "bytes of weights and activations at a dtype, and a training-memory estimate"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ...engine.memory import DTYPE_BYTES, OPTIMIZER_STATE

    add_model_options(parser)
    parser.add_argument("--dtype", choices=tuple(DTYPE_BYTES), default="float32",
                        help="the dtype of weights and activations (default: float32)")
    parser.add_argument("--batch", type=_batch, default=None, metavar="N",
                        help="the batch size of activation memory (default: the symbol B)")
    parser.add_argument("--optimizer", choices=tuple(OPTIMIZER_STATE), default=None,
                        help="add gradients and this optimizer's state: a training estimate")
    parser.add_argument("--format", "-f", choices=("text", "json", "markdown"),
                        default="text", help="text (default), json or markdown")
    add_form_option(parser)


def _batch(text: str) -> int:
    if not text.isdigit() or int(text) < 1 or len(text) > 12:
        raise argparse.ArgumentTypeError(f"a batch size is a positive integer, got {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    from ...engine.memory import memory
    from ...render import display_form
    from ...render.memory import memory_data, memory_markdown, memory_text

    doc = load_document(args.file)
    models = selected_models(doc, args)
    with display_form(args.form):
        estimates = [(model, memory(model, args.dtype, args.batch, args.optimizer, values))
                     for model, values in models]
        if args.format == "json":
            output = json.dumps({"schema": "symparams.memory/1", "models": {
                model.name: memory_data(mem) for model, mem in estimates}}, indent=2) + "\n"
        elif args.format == "markdown":
            output = "\n".join(memory_markdown(mem) for _, mem in estimates)
        else:
            output = "\n\n".join(memory_text(mem) for _, mem in estimates) + "\n"
    emit(args, output)
    return 0
