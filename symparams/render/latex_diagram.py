r"""A model as a TikZ figure: its layers (or blocks) in order, each with its output shape as a
formula, wrapped into columns so that the figure fits one Beamer frame. A model of more rows
than fit is drawn at the level of its blocks; a model that is one block is drawn one level
inside it. Skip connections (a row whose input is not the row before) are dashed arrows.
Needs ``\usepackage{tikz}`` and ``\usetikzlibrary{matrix}``.

>>> import symparams
>>> m = symparams.parse('''
... model cnn(H=55, k=7, f=99):
...     Input(shape=(H, H, 1))
...     Conv2D(f, k)
...     MaxPool2D(2)
... ''')["cnn"]
>>> tex = latex_diagram(m, {"H": 55, "k": 7, "f": 99})
>>> print(tex.splitlines()[2])
  \node[sp-input] (n0) {\textbf{Input}\\ $\left(H, H, 1\right)$}; \\
>>> r"\lfloor (H - k + 1)/2 \rfloor" in tex, "at $H = 55$, $k = 7$, $f = 99$" in tex
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..engine.model import Layer, Model
from .latex_printer import FormulaPrinter, escape_text

__all__ = ["latex_diagram", "diagram_rows", "slashed_floors", "diagram_document", "diagram_frames",
           "diagram_output",
           "ROWS_PER_COLUMN", "MAX_ROWS"]

ROWS_PER_COLUMN = 5
MAX_ROWS = 25  # five columns of five: what one 16:9 frame holds at \footnotesize

_STYLES = (r"sp-layer/.style={draw, rounded corners=2pt, align=center, font=\footnotesize,"
           r" inner sep=3pt, fill=black!4}, sp-input/.style={sp-layer, fill=none, dashed},"
           r" sp-block/.style={sp-layer, fill=black!12, thick}")


def diagram_rows(model: Model, max_rows: int = MAX_ROWS) -> list[Layer]:
    """The rows to draw: the top-level layers, a block opened into its layers while the whole
    still has at most ``max_rows`` rows and fewer than four (a model that is one block)."""
    rows = list(model.layers)
    while len(rows) < 4 and any(row.layers for row in rows):
        opened = [inner for row in rows for inner in (row.layers or (row,))]
        if len(opened) > max_rows:
            break
        rows = opened
    return rows


def slashed_floors(tex: str) -> str:
    r"""``\left\lfloor \frac{a}{b} \right\rfloor`` as ``\lfloor (a)/b \rfloor``: one line high.

    >>> slashed_floors(r"\left\lfloor \frac{H + 3}{4} \right\rfloor f")
    '\\lfloor (H + 3)/4 \\rfloor f'
    """
    out, i = [], 0
    for opening, closing in ((r"\left\lfloor \frac{", r"\right\rfloor"),
                             (r"\left\lceil \frac{", r"\right\rceil")):
        out, i = [], 0
        while (start := tex.find(opening, i)) >= 0:
            top_end = _group_end(tex, start + len(opening) - 1)
            bottom_end = _group_end(tex, top_end + 1)
            rest = tex[bottom_end + 1:].lstrip()
            if top_end < 0 or bottom_end < 0 or not rest.startswith(closing):
                break
            top = tex[start + len(opening):top_end]
            bottom = tex[top_end + 2:bottom_end]
            top = f"({top})" if any(c in top for c in "+- ") else top
            bottom = f"({bottom})" if any(c in bottom for c in "+- ") else bottom
            bracket = "lfloor" if "floor" in closing else "lceil"
            out.append(tex[i:start] + rf"\{bracket} {top}/{bottom} \r{bracket[1:]}")
            i = len(tex) - len(rest) + len(closing)
        tex = "".join(out) + tex[i:]
    return tex


def _group_end(tex: str, start: int) -> int:
    """The index of the ``}`` closing the group opened at ``start`` (-1 if none)."""
    if start < 0 or start >= len(tex) or tex[start] != "{":
        return -1
    depth = 0
    for j in range(start, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[j], 0)
        if depth == 0:
            return j
    return -1


def _shape(printer: FormulaPrinter, shape: Sequence) -> str:
    dims = ", ".join(slashed_floors(printer.doprint(d)) for d in shape)
    return rf"$\left({dims}\right)$"


def _cell(printer: FormulaPrinter, row: Layer | None, model: Model, style: str,
          index: int) -> str:
    if row is None:
        title, shape = "Input", model.input_shape
    else:
        title, shape = escape_text(row.type), row.output_shape
        if row.repeat is not None:
            title += rf" $\times {printer.doprint(row.repeat)}$"
    return rf"\node[{style}] (n{index}) {{\textbf{{{title}}}\\ {_shape(printer, shape)}}};"


def latex_diagram(model: Model, values: Mapping[str, int | None] | None = None,
                  max_rows: int = MAX_ROWS) -> str:
    """The ``tikzpicture`` of ``model``: an input node and one node per row (see
    :func:`diagram_rows`), in columns of :data:`ROWS_PER_COLUMN` read top to bottom, left to
    right; below it the values the figure's numbers are at (header values or ``--set``)."""
    printer = FormulaPrinter.for_model(model)
    rows = diagram_rows(model, max_rows)
    cells = [_cell(printer, None, model, "sp-input", 0)] + [
        _cell(printer, row, model, "sp-block" if row.layers else "sp-layer", i + 1)
        for i, row in enumerate(rows)]
    columns = -(-len(cells) // ROWS_PER_COLUMN)
    height = min(len(cells), ROWS_PER_COLUMN)
    grid = [["" for _ in range(columns)] for _ in range(height)]
    where = {}
    for index, cell in enumerate(cells):
        r, c = index % ROWS_PER_COLUMN, index // ROWS_PER_COLUMN
        grid[r][c] = cell
        where[index] = f"n{index}"
    lines = [r"\begin{tikzpicture}[" + _STYLES + "]",
             r"\matrix (m) [row sep=9pt, column sep=18pt, ampersand replacement=\&] {"]
    lines += ["  " + r" \& ".join(grid_row) + r" \\" for grid_row in grid]
    lines.append("};")
    index_of = {row.name: i + 1 for i, row in enumerate(rows)}
    for i in range(1, len(cells)):
        lines.append(rf"\draw[->] ({where[i - 1]}) -- ({where[i]});" if i % ROWS_PER_COLUMN
                     else rf"\draw[->] ({where[i - 1]}.east) -- ++(9pt,0) |- "
                     rf"({where[i]}.west);")
        for source in rows[i - 1].inbound:
            j = index_of.get(source)
            if j is not None and j != i - 1:
                lines.append(rf"\draw[->, dashed] ({where[j]}) to[bend left=20] ({where[i]});")
    lines.append(r"\end{tikzpicture}")
    shown = [f"${printer.doprint(model.symbols[k])} = {v:,}$".replace(",", "{,}")
             for k, v in (values or {}).items() if v is not None]
    caption = rf"\texttt{{{escape_text(model.name)}}}" + (
        ", at " + ", ".join(shown) if shown else "")
    return "\n".join(lines) + "\n\n" + r"{\footnotesize " + caption + "}\n"


def diagram_frames(models: Sequence[tuple[Model, Mapping[str, int | None]]]) -> str:
    """One Beamer frame per model, the figure centred and scaled down only if it would not
    fit (``\\usepackage{tikz}``, ``\\usetikzlibrary{matrix}``)."""
    frames = []
    for model, values in models:
        frames.append(
            rf"\begin{{frame}}{{\texttt{{{escape_text(model.name)}}}: layers and output "
            "shapes}\n\\centering\n" + _fitted(latex_diagram(model, values))
            + "\\end{frame}\n")
    return "\n".join(frames)


def _fitted(tex: str) -> str:
    picture, _, caption = tex.partition("\n\n")
    return (r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%" + "\n"
            + picture + "}\n\n" + caption)


def diagram_document(models: Sequence[tuple[Model, Mapping[str, int | None]]]) -> str:
    """A Beamer document of :func:`diagram_frames` that compiles alone with pdflatex."""
    return ("\\documentclass[aspectratio=169]{beamer}\n\\usepackage{tikz}\n"
            "\\usetikzlibrary{matrix}\n\\begin{document}\n" + diagram_frames(models)
            + "\\end{document}\n")


def diagram_output(models: Sequence[tuple[Model, Mapping[str, int | None]]],
                   mode: str = "table") -> str:
    """``symparams latex --diagram``: with ``--beamer`` one frame per model, with
    ``--standalone`` a Beamer document, else the figures to ``\\input`` (``--derivation``
    has no diagram form)."""
    from ..errors import ValueBindingError

    if mode == "beamer":
        return diagram_frames(models)
    if mode == "standalone":
        return diagram_document(models)
    if mode == "derivation":
        raise ValueBindingError("--diagram draws the layers; it has no --derivation form",
                                hint="use --diagram alone, with --beamer, or with --standalone")
    head = ("% symparams latex --diagram: needs \\usepackage{tikz}, \\usetikzlibrary{matrix} "
            "and \\usepackage{graphicx}\n")
    return head + "\n".join(_fitted(latex_diagram(model, values)) for model, values in models)
