r"""A model as TikZ figures: its layers (or blocks) in order, each with its output shape as
a formula, in columns as tall as a Beamer frame takes at full size (the nodes' type stays
9 pt): as many frames as the nodes' estimated widths need, runs of blocks of one type drawn
as one node (``InceptionA × 3``) when that saves a frame; then a figure of each kind of
block it draws, one level inside. A model of more rows than :data:`MAX_ROWS` is drawn at
the level of its blocks; a model that is one block is drawn one level inside it. Skip
connections (a row whose input is not the row before) are dashed arrows. Needs
``\usepackage{tikz}`` and ``\usetikzlibrary{matrix}``.

>>> import symparams
>>> m = symparams.parse('''
... model cnn(H=55, k=7, f=99):
...     Input(shape=(H, H, 1))
...     Conv2D(f, k)
...     MaxPool2D(2)
... ''')["cnn"]
>>> tex = latex_diagram(m, {"H": 55, "k": 7, "f": 99})
>>> print(tex.splitlines()[2])
  \node[sp-input] (n0) {\textbf{Input}\\ $(H, H, 1)$}; \\
>>> r"\lfloor (H - k + 1)/2 \rfloor" in tex, "at $H = 55$, $k = 7$, $f = 99$" in tex
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..engine.model import Layer, Model
from ..record import Record, record
from .latex_points import points
from .latex_printer import FormulaPrinter, escape_text, tex_number

__all__ = ["latex_diagram", "diagram_rows", "slashed_floors", "diagram_document", "diagram_frames",
           "diagram_output", "diagram_figures", "MAX_ROWS"]

MAX_ROWS = 25  # past this many rows, a model is drawn at the level of its blocks
#: Points a figure may take on a 16:9 frame (398 pt by 256, less the title, the caption
#: and the navigation bar), at full size: the nodes' type stays 9 pt.
FIGURE_WIDTH, FIGURE_HEIGHT = 380.0, 170.0
#: Points: a node's line, its inner space, the space between rows and between columns;
#: a shape wider than ``NODE_WIDTH`` is written on two lines.
LINE, INNER_SEP, ROW_SEP, COLUMN_SEP, NODE_WIDTH = 11.0, 3.0, 9.0, 18.0, 95.0

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


@record
class _Node(Record):
    """A box of the figure: its title, its shape's lines, its style, the layers it stands for."""

    title: str
    shape: tuple[str, ...]
    style: str
    names: tuple[str, ...] = ()
    inbound: tuple[str, ...] = ()

    @property
    def width(self) -> float:
        """Estimated, in points, in the nodes' ``\footnotesize`` (9 pt)."""
        texts = [rf"\textbf{{{self.title}}}", *(f"${line}$" for line in self.shape)]
        return 0.9 * max(map(points, texts)) + 2 * INNER_SEP

    @property
    def height(self) -> float:
        return LINE * (1 + len(self.shape)) + 2 * INNER_SEP


def _shape_lines(printer: FormulaPrinter, shape: Sequence) -> tuple[str, ...]:
    """A shape as written in a node: one line, or two (its dimensions halved) when wide."""
    dims = [slashed_floors(printer.doprint(d)) for d in shape]
    whole = "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"
    if len(dims) < 2 or 0.9 * points(f"${whole}$") <= NODE_WIDTH:
        return (whole,)
    def lines(cut: int) -> tuple[str, str]:
        return "(" + ", ".join(dims[:cut]) + ",", ", ".join(dims[cut:]) + ")"

    # the break that leaves the wider line the narrowest
    return lines(min(range(1, len(dims)),
                     key=lambda cut: max(points(f"${line}$") for line in lines(cut))))


def _node(printer: FormulaPrinter, row: Layer, count: int = 1) -> _Node:
    title = escape_text(row.type)
    if row.repeat is not None:
        title += rf" $\times {printer.doprint(row.repeat)}$"
    if count > 1:  # a run of rows of one type, drawn as one
        title += rf" $\times {count}$"
    return _Node(title, _shape_lines(printer, row.output_shape),
                 "sp-block" if row.layers else "sp-layer", (row.name,), row.inbound)


def _merged(printer: FormulaPrinter, rows: Sequence[Layer]) -> list[_Node]:
    """Runs of rows of one type as one node each (``InceptionA × 3``), the last's shape."""
    nodes: list[_Node] = []
    run: list[Layer] = []
    for row in [*rows, None]:
        # a run: one type, each row reading the one before (a chain, not branches)
        if run and (row is None or row.type != run[0].type
                    or row.inbound not in ((), (run[-1].name,))):
            node = _node(printer, run[-1], len(run))
            nodes.append(_Node(node.title, node.shape, node.style,
                               tuple(r.name for r in run), run[0].inbound))
            run = []
        if row is not None:
            run.append(row)
    return nodes


def _pages(nodes: Sequence[_Node]) -> list[list[list[int]]]:
    """The nodes (indices) by page and column: columns as tall as a figure may be, read top
    to bottom; the fewest pages their widths need, of even numbers of nodes, each in the
    fewest columns it fits."""
    tallest = max(node.height for node in nodes)
    per_column = max(1, int((FIGURE_HEIGHT + ROW_SEP) // (tallest + ROW_SEP)))

    def page(indices: Sequence[int]) -> list[list[int]] | None:
        """``indices`` in the fewest columns, evenly filled, if they fit a page."""
        rows = min(per_column, len(indices))
        count = -(-len(indices) // rows)
        rows = -(-len(indices) // count)
        columns = [list(indices[start:start + rows]) for start in range(0, len(indices), rows)]
        width = (sum(max(nodes[i].width for i in column) for column in columns)
                 + COLUMN_SEP * (len(columns) - 1))
        return columns if width <= FIGURE_WIDTH or len(columns) == 1 else None

    for count in range(1, len(nodes) + 1):
        size = -(-len(nodes) // count)
        chunks = [range(start, min(start + size, len(nodes)))
                  for start in range(0, len(nodes), size)]
        pages = [page(chunk) for chunk in chunks]
        if all(pages):
            return pages  # type: ignore[return-value]
    return [[[i]] for i in range(len(nodes))]


def _picture(nodes: Sequence[_Node], columns: Sequence[Sequence[int]]) -> str:
    """One page's ``tikzpicture``: its columns of nodes, arrows from each to the next, dashed
    ones from an earlier node on the page that is not the one before (a skip)."""
    order = [i for column in columns for i in column]
    height = max(map(len, columns))
    grid = [["" for _ in columns] for _ in range(height)]
    for c, column in enumerate(columns):
        for r, i in enumerate(column):
            node = nodes[i]
            text = r"\\ ".join([rf"\textbf{{{node.title}}}", *(f"${x}$" for x in node.shape)])
            grid[r][c] = rf"\node[{node.style}] (n{i}) {{{text}}};"
    lines = [r"\begin{tikzpicture}[" + _STYLES + "]",
             rf"\matrix (m) [row sep={ROW_SEP:g}pt, column sep={COLUMN_SEP:g}pt, "
             r"ampersand replacement=\&] {"]
    lines += ["  " + r" \& ".join(grid_row) + r" \\" for grid_row in grid]
    lines.append("};")
    index_of = {name: i for i in order for name in nodes[i].names}
    tops = {column[0] for column in columns}
    for before, i in zip(order, order[1:], strict=False):
        lines.append(rf"\draw[->] (n{before}.east) -- ++(9pt,0) |- (n{i}.west);" if i in tops
                     else rf"\draw[->] (n{before}) -- (n{i});")
        for source in nodes[i].inbound:
            j = index_of.get(source)
            if j is not None and j not in (before, i):
                lines.append(rf"\draw[->, dashed] (n{j}) to[bend left=20] (n{i});")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def _caption(printer: FormulaPrinter, model: Model, values, what: str = "") -> str:
    shown = [f"${printer.doprint(model.symbols[k])} = {tex_number(printer, v)}$"
             for k, v in (values or {}).items() if v is not None and k in model.symbols]
    caption = rf"\texttt{{{escape_text(model.name)}}}{what}" + (
        ", at " + ", ".join(shown) if shown else "")
    return r"{\footnotesize " + caption + "}\n"


def _figure_pages(printer: FormulaPrinter, head: _Node, rows: Sequence[Layer]
                  ) -> tuple[list[_Node], list[list[list[int]]]]:
    """The nodes of ``rows`` after ``head`` (the input) and their pages: runs of one type
    drawn as one node when that saves a page."""
    nodes = [head, *(_node(printer, row) for row in rows)]
    pages = _pages(nodes)
    if len(pages) > 1:
        merged = [head, *_merged(printer, rows)]
        if len(_pages(merged)) < len(pages):
            nodes = merged
            pages = _pages(merged)
    return nodes, pages


def diagram_figures(model: Model, values: Mapping[str, int | None] | None = None,
                    max_rows: int = MAX_ROWS) -> list[tuple[str, str]]:
    """Each figure of ``model`` as (what it shows, ``tikzpicture`` and caption): the model
    (:func:`diagram_rows`) on as many pages as its nodes take at full size, then each kind
    of block it draws, one level inside, in the order they come."""
    printer = FormulaPrinter.for_model(model)
    out = []
    todo: list[tuple[str, _Node, Sequence[Layer]]] = [
        ("layers and output shapes", _Node("Input", _shape_lines(printer, model.input_shape),
                                           "sp-input"), diagram_rows(model, max_rows))]
    seen: set[str] = set()
    while todo:
        what, head, rows = todo.pop(0)
        nodes, pages = _figure_pages(printer, head, rows)
        for number, columns in enumerate(pages, 1):
            title = what + (f" ({number}/{len(pages)})" if len(pages) > 1 else "")
            inside = "" if what.startswith("layers") else ", " + what
            out.append((title, _picture(nodes, columns) + "\n\n"
                        + _caption(printer, model, values, inside)))
        for row in _blocks(rows):
            if row.type in seen:
                continue
            seen.add(row.type)
            todo.append((rf"inside {escape_text(row.type)} (\texttt{{{escape_text(row.name)}}})",
                         _Node("Input", _shape_lines(printer, row.input_shape), "sp-input"),
                         row.layers))
    return out


def _blocks(rows: Sequence[Layer]) -> list[Layer]:
    """The blocks among ``rows``, a repetition of one block as that block."""
    out = []
    for row in rows:
        if row.repeat is not None and len(row.layers) == 1 and row.layers[0].layers:
            row = row.layers[0]
        if row.layers:
            out.append(row)
    return out


def latex_diagram(model: Model, values: Mapping[str, int | None] | None = None,
                  max_rows: int = MAX_ROWS) -> str:
    """The model's figure (:func:`diagram_figures`, its first: the model itself, or its
    first page): an input node and one node per row, in columns read top to bottom, left to
    right; below it the values the figure's numbers are at (header values or ``--set``)."""
    return diagram_figures(model, values, max_rows)[0][1]


def diagram_frames(models: Sequence[tuple[Model, Mapping[str, int | None]]]) -> str:
    """One Beamer frame per figure of each model (:func:`diagram_figures`), drawn at full
    size (scaled down only if a figure would not fit after all) (``\\usepackage{tikz}``,
    ``\\usetikzlibrary{matrix}``)."""
    frames = []
    for model, values in models:
        for what, tex in diagram_figures(model, values):
            frames.append(
                rf"\begin{{frame}}{{\texttt{{{escape_text(model.name)}}}: {what}}}" + "\n"
                "\\centering\n" + _fitted(tex) + "\\end{frame}\n")
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
    return head + "\n".join(_fitted(tex) for model, values in models
                             for _, tex in diagram_figures(model, values))
