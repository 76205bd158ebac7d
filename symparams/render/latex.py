r"""LaTeX for slides and papers: derivations, Beamer frames and whole documents, around the
tables of :mod:`symparams.render.latex_table`; every formula printed by
:class:`~symparams.render.latex_printer.FormulaPrinter`.

>>> import symparams
>>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
>>> print(latex_standalone([(m, m.values)]).splitlines()[0])
\documentclass[11pt]{article}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..engine.model import Model
from . import inputs_line
from .latex_derivation import latex_derivation
from .latex_printer import FormulaPrinter, escape_text, symbol_latex
from .latex_table import (
    Unit,
    build_table,
    fit,
    inline_math,
    is_long,
    latex_table,
    symbols_line,
)

__all__ = [
    "FormulaPrinter",
    "symbol_latex",
    "escape_text",
    "latex_table",
    "latex_derivation",
    "latex_beamer",
    "latex_standalone",
    "PREAMBLE_PACKAGES",
]

#: What a document needs to ``\input`` the table and derivation fragments.
PREAMBLE_PACKAGES = ("amsmath", "booktabs", "graphicx", "longtable")
#: Width in characters of a derivation's line (see :func:`tex_width`).
LINE_WIDTH = 56
#: Beamer: frames of at most this many table rows; a table taller than FRAME_HEIGHT of the
#: frame is scaled down.
FRAME_ROWS = 20
FRAME_HEIGHT = r"0.78\textheight"
#: A total of more counts than this is given without listing them.
TOTAL_TERMS = 30
#: Lines of one ``align*`` listing the layers without parameters (blocks can break).
LIST_LINES = 5


def _frame_title(model: Model, what: str) -> str:
    return rf"Model \texttt{{{escape_text(model.name)}}}: {what}"


def _frames(blocks: Sequence[Unit], rows: int) -> list[list[Unit]]:
    """Layers' blocks split into consecutive frames of about equal height, each at most
    ``rows`` table rows (the last also holds the totals)."""
    heights = [len(block) + 0.5 for block in blocks]
    count = max(1, math.ceil(sum(heights) / rows))
    target = sum(heights) / count
    frames: list[list[Unit]] = [[]]
    used = 0.0
    for block, height in zip(blocks, heights, strict=True):
        if frames[-1] and (used + height > rows or used + height / 2 > target):
            frames.append([])
            used = 0.0
        frames[-1].append(block)
        used += height
    return frames


def latex_beamer(models: Sequence[tuple[Model, Mapping[str, int | None]]]) -> str:
    """For each model, a frame with its table (several numbered frames, "(1/3)", for a long
    model) and a frame (breaking as needed) with its derivation; ready to ``\\input`` into a
    Beamer deck that loads ``booktabs``."""
    out = [
        "% symparams: Beamer frames; needs \\usepackage{booktabs} "
        "(Beamer loads amsmath and graphicx)"
    ]
    for model, values in models:
        p = FormulaPrinter.for_model(model)
        symbols = symbols_line(model, values, p)
        table = build_table(model, values)
        frames = _frames(table.blocks, FRAME_ROWS - len(table.totals))
        for number, blocks in enumerate(frames, 1):
            what = "parameters" + (f" ({number}/{len(frames)})" if len(frames) > 1 else "")
            out.append(f"\\begin{{frame}}{{{_frame_title(model, what)}}}")
            if symbols and number == 1:
                out.append(r"\small " + inline_math(symbols) + r"\par\medskip")
            out.append(r"\centering\footnotesize")
            out.append(f"% symparams: model {model.name}; needs "
                       "\\usepackage{amsmath,booktabs,graphicx}")
            body = table.tabular(blocks, totals=number == len(frames))
            out.append(fit(body, FRAME_HEIGHT).rstrip("\n"))
            out.append("\\end{frame}")
        # A long derivation breaks over several slides, numbered from the second on.
        out.append("{\\setbeamertemplate{frametitle continuation}[from second]")
        out.append(
            f"\\begin{{frame}}[allowframebreaks]{{{_frame_title(model, 'derivation')}}}"
        )
        out.append(r"\footnotesize")
        out.append(latex_derivation(model, values).rstrip("\n"))
        out.append("\\end{frame}}\n")
    return "\n".join(out)


def latex_standalone(models: Sequence[tuple[Model, Mapping[str, int | None]]],
                     title: str = "Parameter counts") -> str:
    """A complete ``article`` that compiles alone: per model its symbols, table and
    derivation."""
    long = any(is_long(model) for model, _ in models)
    packages = [pkg for pkg in PREAMBLE_PACKAGES if long or pkg != "longtable"]
    out = [
        "\\documentclass[11pt]{article}",
        "\\usepackage[T1]{fontenc}",
        "\\usepackage{lmodern}",
        "\\usepackage[margin=2.5cm]{geometry}",
        *(f"\\usepackage{{{pkg}}}" for pkg in packages),
        f"\\title{{{escape_text(title)}}}",
        "\\date{}",
        "\\begin{document}",
        "\\maketitle",
    ]
    for model, values in models:
        p = FormulaPrinter.for_model(model)
        out.append(f"\\section*{{Model \\texttt{{{escape_text(model.name)}}}}}")
        symbols = symbols_line(model, values, p)
        if symbols:
            shapes = inputs_line(model, None, lambda dims, p=p: inline_math(p.shape(dims)), str,
                                 lambda name: r"\texttt{" + escape_text(name) + "}")
            out.append("Symbols: " + inline_math(symbols) + ". " + shapes + ".\n")
        if is_long(model):
            out.append(latex_table(model, values).rstrip("\n"))
        else:
            out.append("\\begin{center}")
            out.append(latex_table(model, values).rstrip("\n"))
            out.append("\\end{center}")
        out.append(latex_derivation(model, values).rstrip("\n"))
    out.append("\\end{document}")
    return "\n".join(out) + "\n"
