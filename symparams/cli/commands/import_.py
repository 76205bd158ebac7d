"""``symparams import FILE``: a model file from Keras code or a Keras config, which is read,
never run: a notebook (``.ipynb``), a script (``.py``), ``model.to_json()`` output (``.json``)
or a ``.keras`` archive (its ``config.json``, read as a zip without loading Keras).

One model per ``Sequential(...)`` or ``Model(inputs, outputs)``, comments kept. Whatever
cannot be translated is reported on stderr with its line (and written as a comment), and
the exit status is 1; so is a translated model that symparams then rejects.
"""

from __future__ import annotations

import argparse

from ...errors import SymparamsError
from ..output import emit
from .common import active_limits, add_output_options

NAME = "import"
HELP = "write a model file from a Keras notebook, script, model config or .keras archive"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE",
                        help=".ipynb, .py, .json (model.to_json()) or .keras file")
    parser.add_argument("--symbolize", action="store_true",
                        help="lift literal sizes into symbols with the literal as example "
                        "value (Dense(30) -> Dense(u1), u1=30), one per distinct role")
    add_output_options(parser)


def accepts(class_name: str) -> dict[str, object] | None:
    """The arguments symparams's layer of that Keras class takes, with their defaults
    (None: a layer it does not know)."""
    from ...layers import registry
    from ...layers.registry import COMMON_PARAMS, REQUIRED

    layer_type = registry.lookup(class_name)
    if layer_type is None:
        return None
    params = {p.name: p.default for p in (*COMMON_PARAMS, *layer_type.params)}
    return {name: _REQUIRED if default is REQUIRED else default
            for name, default in params.items()}


_REQUIRED = object()  # equal to no config value


def signature(func: str) -> tuple[str, ...]:
    """The layer's positional argument names, in Keras's order."""
    from ...layers import registry
    from ...syntax.keras_names import layer_func

    layer_type = registry.lookup(layer_func(func))
    if layer_type is None:
        return ("shape",) if layer_func(func) in ("Input", "InputLayer") else ()
    return tuple(p.name for p in layer_type.params if p.positional)


def run(args: argparse.Namespace) -> int:
    from ...engine.parse import parse
    from ...keras_import import import_file

    limits = active_limits()
    result = import_file(args.file, accepts=accepts, signature=signature,
                         symbolic=args.symbolize, limits=limits)
    emit(args, result.text)
    status = 0
    for problem in result.problems:
        print(problem.render(args.file), file=_stderr())
        status = 1
    shown = args.output if getattr(args, "output", None) not in (None, "-") else "<imported>"
    try:
        doc = parse(result.text, shown, limits=limits)
    except SymparamsError as err:
        print(f"symparams import: the model text does not check:\n{err.render()}",
              file=_stderr())
        return 1
    for warning in doc.warnings:
        print(warning.render(), file=_stderr())
    return status


def _stderr():
    import sys

    return sys.stderr
