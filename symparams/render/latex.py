r"""LaTeX for slides and papers: derivations, Beamer frames and whole documents, around the
tables of :mod:`symparams.render.latex_table`; every formula printed by
:class:`~symparams.render.latex_printer.FormulaPrinter`.

>>> import symparams
>>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
>>> print(latex_standalone([(m, m.values)]).splitlines()[0])
\documentclass[11pt]{article}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..engine.model import Model
from . import inputs_line
from .latex_beamer import latex_beamer, values_note
from .latex_derivation import latex_derivation
from .latex_lines import tex_width
from .latex_printer import FormulaPrinter, escape_text, symbol_latex
from .latex_table import inline_math, is_long, latex_table, symbols_line, table_parts

__all__ = [
    "FormulaPrinter",
    "symbol_latex",
    "escape_text",
    "latex_table",
    "latex_derivation",
    "latex_beamer",
    "latex_standalone",
    "default_title",
    "PREAMBLE_PACKAGES",
]

#: What a document needs to ``\input`` the table and derivation fragments.
PREAMBLE_PACKAGES = ("amsmath", "booktabs", "graphicx", "longtable")
#: Width in characters of a derivation's line on a page.
LINE_WIDTH = 56
#: Width in characters of a line of text on the article's page (11 pt, 2.5 cm margins).
TEXT_LINE = 90


#: The preamble's macro that starts a new page unless its argument's height is left on
#: this one (the technique of the ``needspace`` package, with base LaTeX only): a heading
#: is never stranded at the foot of a page.
NEED_SPACE = (r"\newcommand\symparamsneed[1]{\par\penalty-100\begingroup\dimen0=#1\relax"
              r"\dimen2=\pagegoal\advance\dimen2-\pagetotal"
              r"\ifdim\dimen0>\dimen2\ifdim\dimen2>0pt\vfil\fi\penalty-10000\fi\endgroup}")


def default_title(models: Sequence[tuple[Model, Mapping[str, int | None]]]) -> str:
    r"""``Parameter counts of mlp, cnn and rnn``: the models' names.

    >>> import symparams
    >>> doc = symparams.parse('model a():\n    Input(shape=(2,))\nmodel b():\n'
    ...                       '    Input(shape=(2,))\n')
    >>> default_title([(m, m.values) for m in doc])
    'Parameter counts of a and b'
    """
    names = [model.name for model, _ in models]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Parameter counts of {listed}"


def latex_standalone(models: Sequence[tuple[Model, Mapping[str, int | None]]],
                     title: str | None = None, author: str | None = None) -> str:
    """A complete ``article`` that compiles alone: per model its symbols, table and
    derivation, each heading kept with what follows it; ``title`` defaults to the models'
    names (:func:`default_title`); both are text, escaped."""
    long = any(is_long(model) for model, _ in models)
    packages = [pkg for pkg in PREAMBLE_PACKAGES if long or pkg != "longtable"]
    out = [
        "\\documentclass[11pt]{article}",
        "\\usepackage[T1]{fontenc}",
        "\\usepackage{lmodern}",
        "\\usepackage[margin=2.5cm]{geometry}",
        *(f"\\usepackage{{{pkg}}}" for pkg in packages),
        NEED_SPACE,
        f"\\title{{{escape_text(title or default_title(models))}}}",
        f"\\author{{{escape_text(author)}}}" if author else "\\author{}",
        "\\date{}",
        "\\begin{document}",
        "\\maketitle",
    ]
    for model, values in models:
        p = FormulaPrinter.for_model(model)
        note = values_note(model, values).replace(r"\mathsf{", r"\mathrm{")
        symbols = symbols_line(model, values, p)
        lead = ""
        if symbols:
            shapes = inputs_line(model, None, lambda dims, p=p: inline_math(p.shape(dims)), str,
                                 lambda name: r"\texttt{" + escape_text(name) + "}")
            lead = "Symbols: " + inline_math(symbols) + ". " + shapes + ".\n"
        made, placed, room = table_parts(model, values)
        # the heading, its lines and the table's first part that cannot break (measured:
        # the box is made first) on one page: never a heading stranded above a table
        # that starts overleaf
        lines = -(-tex_width(lead) // TEXT_LINE) + 1 if lead else 1
        if made:
            out.append(made.rstrip("\n"))
        out.append(rf"\symparamsneed{{\dimexpr {room}+{4 + 1.2 * lines:g}\baselineskip\relax}}")
        out.append(f"\\section*{{Model \\texttt{{{escape_text(model.name)}}}{note}}}")
        if lead:
            out.append(lead)
        out.append("Each layer's output shape and count of parameters, as formulas and, "
                   "below them, at these values:\n")
        if is_long(model):
            out.append(placed.rstrip("\n"))
        else:
            out.append("\\begin{center}")
            out.append(placed.rstrip("\n"))
            out.append("\\end{center}")
        out.append("\n" + r"\symparamsneed{8\baselineskip}\medskip")
        out.append("The count of each layer worked out, from its formula to its value, "
                   "in the order of the model, then the total:\n")
        out.append(latex_derivation(model, values).rstrip("\n"))
    out.append("\\end{document}")
    return "\n".join(out) + "\n"
