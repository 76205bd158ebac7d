r"""The cells of a model's LaTeX table: a layer's name and type, its output shape and its
formula broken between terms at a measured width, a compute count, a tied layer, the
symbols' line; each cell a list of its lines (see :mod:`symparams.render.latex_table`).

>>> import symparams
>>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
>>> p = FormulaPrinter.for_model(m)
>>> name_cell(p, m.layers[0], 1)
['\\hspace*{0.5em}\\texttt{dense}', '\\hspace*{0.5em}(Dense)']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import sympy

from ..engine.model import Model
from ..report.derivation import tied_to
from .columns import value_at
from .latex_lines import pack, tex_width
from .latex_printer import FormulaPrinter, escape_text

__all__ = [
    "inline_math", "table_row", "symbols_line", "collected_lines", "tied_cell", "name_cell",
    "compute_cell", "formula_lines", "shape_lines", "widest", "COLLECT_OPS",
]

#: A slide's total too long for its lines is tried expanded and collected by each symbol
#: (``n_layer (4 d^2 + ...)``, Kaplan's form) when it has no more operations than this.
COLLECT_OPS = 120


def inline_math(text: str) -> str:
    r"""Inline maths; a continued line's leading sign stays binary (``{} + x``), spaced as
    it was in the whole sum.

    >>> inline_math("x + 1"), inline_math("+ 1")
    ('$x + 1$', '${} + 1$')
    """
    if text.startswith(("+ ", "- ")):
        text = "{} " + text
    return f"${text}$"


def table_row(cells: Sequence[str], keep: bool = False) -> str:
    """A table row; ``keep``: no page break after it (a layer's rows stay together)."""
    end = r" \\*" if keep else r" \\"
    return "&".join(f" {cell} " if cell else " " for cell in cells).strip() + end


def symbols_line(model: Model, values: Mapping[str, int | None], printer: FormulaPrinter) -> str:
    parts = []
    for name, sym in model.symbols.items():
        value = values.get(name)
        parts.append(
            printer.doprint(sympy.Eq(sym, sympy.Rational(value), evaluate=False))
            if value is not None
            else printer.doprint(sym)
        )
    return ",\\ ".join(parts)


def collected_lines(p: FormulaPrinter, expr, model: Model, width: int) -> list[str]:
    """``expr`` expanded and collected by the symbol that gives the fewest lines of
    ``width`` (the first in the header on a tie); empty for a formula of more than
    :data:`COLLECT_OPS` operations."""
    if sympy.count_ops(expr) > COLLECT_OPS:
        return []
    expanded = sympy.expand(expr)
    best: list[str] = []
    for sym in model.symbols.values():
        if not expanded.has(sym):
            continue
        lines = pack(p.terms(sympy.collect(expanded, sym), width=width), width)
        if not best or len(lines) < len(best):
            best = lines
    return [inline_math(line) for line in best]


def tied_cell(layer, known: bool) -> list[str]:
    r"""The Parameters cell of a layer that uses another's weights: ``tied to`` that layer
    (its 0 is in the Value column, or said here when there is none)."""
    said = r"\textit{tied to}" if known else r"$0$, \textit{tied to}"
    return [said, r"\texttt{" + escape_text(tied_to(layer) or "") + "}"]  # two lines: narrow


def name_cell(p: FormulaPrinter, layer, depth: int, wrap: int | None = None) -> list[str]:
    """A layer's name and type (``Repeat × L``), indented half an em a level inside blocks;
    a name wider than ``wrap`` characters is broken after its underscores, in balanced
    lines (slides)."""
    # A block's layers follow it, indented (half an em a level: a whole network written as
    # one block nests its layers three deep, and a longtable cannot scale); their counts
    # (italic) are part of its count.
    indent = rf"\hspace*{{{depth / 2:g}em}}" if depth else ""
    kind = escape_text(layer.type)
    if layer.repeat is not None:
        kind += r" $\times$ " + inline_math(p.count(layer.repeat))
    name = escape_text(layer.name)
    lines = [name]
    if wrap is not None and tex_width(name) > wrap:
        # pack joins its pieces with spaces: a name's own spaces are kept apart meanwhile
        pieces = [piece.replace(" ", "\x00") for piece in re.split(r"(?<=\\_)", name) if piece]
        lines = [line.replace(" ", "").replace("\x00", " ") for line in pack(pieces, wrap)]
    return [indent + r"\texttt{" + line + "}" for line in lines] + [f"{indent}({kind})"]


def compute_cell(p: FormulaPrinter, formula, values, width: int, depth: int = 0) -> list[str]:
    """A compute column's cell: the count's value at ``values`` (italic inside a block), its
    formula without values, ``?`` where it is not known (never 0)."""
    if formula is None:
        return ["?"]
    value = value_at(formula, values)
    if value is None:
        return [inline_math(line) for line in pack(p.terms(formula, width=width), width)]
    number = p.number(value)
    return [inline_math(rf"\mathit{{{number}}}" if depth else number)]


def formula_lines(p: FormulaPrinter, formula, cell: int, limit: int | None) -> list[str]:
    """A formula's lines in its cell; past ``limit`` lines (times 3: a layer's formula may
    take a few more than a total), left to the derivation."""
    lines = [inline_math(line) for line in pack(p.terms(formula, width=cell + 4), cell)]
    if limit is not None and len(lines) > 3 * limit:
        return [r"\textit{(in the derivation)}"]
    return lines


def shape_lines(p: FormulaPrinter, shape: Sequence, width: int) -> list[str]:
    r"""A shape on one line, or, wider than ``width``, one line per few dimensions inside
    ``\bigl(`` ... ``\bigr)`` (brackets that may open and close on different lines)."""
    whole = p.shape(shape)
    if tex_width(whole) <= width:
        return [whole]
    if len(shape) == 1 and isinstance(shape[0], sympy.Add):
        terms = p.terms(shape[0], width=width)
        if len(terms) > 1:  # one wide sum: broken between its terms
            return pack([r"\bigl(" + terms[0], *terms[1:-1], terms[-1] + r",\bigr)"], width)
    if len(shape) == 1 and isinstance(shape[0], sympy.Mul):
        # one wide dimension (a Flatten's product): broken between its factors
        factors = [p.parenthesize(factor, 50) for factor in shape[0].as_ordered_factors()]
        if len(factors) > 1 and "".join(factors).replace(" ", "") == p.doprint(
                shape[0]).replace(" ", ""):
            pieces = [r"\bigl(" + factors[0], *factors[1:-1], factors[-1] + r",\bigr)"]
            return pack(pieces, width)
    if len(shape) < 2:
        return [whole]
    # a dimension wider than the cell breaks between its terms too
    dims = [p.terms(dim, width=width) if tex_width(p.doprint(dim)) > width else [p.doprint(dim)]
            for dim in shape]
    pieces = []
    for number, terms in enumerate(dims):
        end = "," if number < len(dims) - 1 else r"\bigr)"
        terms = [*terms[:-1], terms[-1] + end]
        pieces += [r"\bigl(" + terms[0], *terms[1:]] if number == 0 else terms
    return pack(pieces, width)


def widest(cells: Sequence[str], count: int = 10) -> list[str]:
    """The ``count`` cells of the greatest estimated width (for TeX to measure)."""
    return sorted(set(cells), key=lambda cell: (-tex_width(cell), cell))[:count]
