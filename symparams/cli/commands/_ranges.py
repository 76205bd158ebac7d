"""What ``solve`` and ``sweep`` share on the command line: the symbols they leave free
(``--for NAME``, ``--vary NAME=RANGE``) against the fixed ones (header values and ``--set``).

>>> parse_vary(["d=64:256:64", "L = 1,2"])
{'d': [64, 128, 192, 256], 'L': [1, 2]}
"""

from __future__ import annotations

import argparse
from collections.abc import Collection

from ...engine.model import Model
from ...errors import ValueBindingError
from ...syntax.assignments import parse_assignments
from .common import active_limits, load_document, single_model

__all__ = ["parse_vary", "model_and_fixed", "count_argument"]


def parse_vary(items: list[str]) -> dict[str, list[int]]:
    """``--vary NAME=RANGE`` options to ``{name: values}`` (see
    :func:`symparams.algebra.sweep.parse_range`; values obey ``--max-int-digits`` as
    ``--set`` does)."""
    from ...algebra.sweep import parse_range

    out: dict[str, list[int]] = {}
    for item in items:
        name, sep, spec = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ValueBindingError(f"--vary expects NAME=RANGE, got {item!r}",
                                    hint="for example --vary d=64:1024:64 or --vary L=1,2,4")
        if name in out:
            raise ValueBindingError(f"--vary {name} is given twice")
        out[name] = parse_range(spec, active_limits().max_int_digits)
    return out


def model_and_fixed(args: argparse.Namespace, free: Collection[str],
                    option: str) -> tuple[Model, dict[str, int]]:
    """The command's one model and the values of its other symbols (header values, ``--set``
    overriding). ``free`` are the symbols the command gives values to itself, through
    ``option``: ``--set`` may not give them too. An unknown free symbol is left to the
    library, whose error has a did-you-mean."""
    model, values = single_model(load_document(args.file), args, checks=False)
    given = parse_assignments(args.assignments, active_limits().max_int_digits)
    clash = [name for name in given if name in free]
    if clash:
        raise ValueBindingError(
            f"{', '.join(clash)}: given both by --set and by {option}",
            hint="leave out the --set: " + ", ".join(f"--set {name}" for name in clash),
        )
    return model, {k: v for k, v in values.items() if v is not None and k not in free}


def count_argument(text: str) -> int:
    """A count given on the command line (``--params-equal 1,890``, ``--macs 1_000``): a
    non-negative integer of at most 200 digits, ``_`` and ``,`` allowed between digits."""
    cleaned = text.replace("_", "").replace(",", "")
    if not cleaned.isdigit() or len(cleaned) > 200:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return int(cleaned)
