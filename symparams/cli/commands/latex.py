"""``symparams latex FILE``: LaTeX for slides and papers. ``--table`` (default) prints a
booktabs tabular per model, ``--derivation`` an ``align*`` per layer (formula, numbers,
result), ``--beamer`` ready-to-``\\input`` frames, ``--standalone`` a document that compiles
alone. Formulas come from SymPy's LaTeX printer; symbols use the LaTeX names given in the
model header (``d_model=512 as "d_{\\mathrm{model}}"``)."""

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

NAME = "latex"
HELP = "LaTeX: booktabs table, derivation, Beamer frames or a standalone document"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_model_options(parser)
    add_form_option(parser)
    add_depth_option(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--table", dest="mode", action="store_const", const="table",
                      help="a booktabs tabular per model (default); needs booktabs, "
                      "amsmath, graphicx")
    mode.add_argument("--derivation", dest="mode", action="store_const", const="derivation",
                      help="an align* per layer: formula, numbers substituted, result")
    mode.add_argument("--beamer", dest="mode", action="store_const", const="beamer",
                      help="Beamer frames (table and derivation) per model, to \\input")
    mode.add_argument("--standalone", dest="mode", action="store_const", const="standalone",
                      help="a complete article that compiles alone with pdflatex")
    parser.add_argument("--diagram", action="store_true",
                        help="the model as a TikZ figure of its layers or blocks and their "
                        "output shapes (alone, --beamer or --standalone)")
    parser.add_argument(
        "--columns", type=compute_column_keys, default=(), metavar="LIST",
        help="add compute columns, comma-separated: macs, flops, xla, fvcore (the "
        "conventions of docs/compute.md), activations (elements of the output); each the "
        "value (its formula without values; ? where not known) with its total, and in the "
        "derivation the working of each",
    )
    parser.set_defaults(mode="table")
    add_document_options(parser)


def add_document_options(parser: argparse.ArgumentParser) -> None:
    """``--title`` and ``--author`` of a ``--standalone`` article."""
    parser.add_argument("--title", help="the article's title (--standalone; default: "
                        "'Parameter counts of' and the models' names)")
    parser.add_argument("--author", help="the article's author (--standalone)")


def render(models, mode: str, title: str | None = None, author: str | None = None) -> str:
    """The LaTeX of ``models`` (``(model, values)`` pairs) in one of the four modes."""
    from ...render import latex

    if mode == "beamer":
        return latex.latex_beamer(models)
    if mode == "standalone":
        return latex.latex_standalone(models, title=title, author=author)
    one = latex.latex_table if mode == "table" else latex.latex_derivation
    return "\n\n".join(one(model, values) for model, values in models)


def run(args: argparse.Namespace) -> int:
    doc = load_document(args.file)
    models = selected_models(doc, args)
    from ...render import display_columns, display_depth, display_form

    with display_form(args.form), display_depth(args.depth), display_columns(args.columns):
        if args.diagram:
            from ...render.latex_diagram import diagram_output

            output = diagram_output(models, args.mode)
        else:
            output = render(models, args.mode, args.title, args.author)
    emit(args, output)
    return 0
