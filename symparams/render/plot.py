r"""Counts against one symbol, as pictures: PGFPlots code for slides and papers (exact integer
coordinates; ``pgfplots`` is in TeX Live's ``texlive-pictures``), and PDF or PNG through
matplotlib (the optional ``plot`` extra). Every picture says the values of the other symbols
it was made at.

>>> import symparams
>>> m = symparams.parse('''
... model rnn(V=10000, E=32, T=600, h=15):
...     Input(shape=(T,))
...     Embedding(V, E)
...     SimpleRNN(h)
... ''')["rnn"]
>>> data = plot_data(m, "h", [10, 20, 30], {}, ["params"], layer="simple_rnn")
>>> data.series["params"], data.caption()
([430, 1060, 1890], 'parameters of simple_rnn in rnn, at E = 32')
>>> print(pgfplots(data).splitlines()[-3])
\addplot+[mark=*] coordinates {(10, 430) (20, 1060) (30, 1890)};
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import sympy
from sympy import Expr

from ..algebra.quantities import count_expr, noun
from ..algebra.sweep import sweep
from ..engine.model import Model
from ..errors import SymparamsError, ValueBindingError
from ..record import Record, record
from ..symbolic.forms import display
from .latex_printer import FormulaPrinter, escape_text, tex_number

__all__ = ["PlotData", "plot_data", "pgfplots", "figure_bytes", "MAX_POINTS", "PlotError"]

MAX_POINTS = 2_000
_MARKS_UP_TO = 40  # more points than this: lines only


class PlotError(SymparamsError, ValueError):
    """A picture that cannot be made: matplotlib is not installed (the ``plot`` extra), or
    there is nothing to draw."""


@record
class PlotData(Record):
    """The points to draw: ``xs`` (the valid values of ``symbol``) and one series per count."""

    model: Model
    symbol: str
    xs: list[int]
    series: dict[str, list[int]]
    formulas: dict[str, Expr]
    fixed: dict[str, int]
    """The other symbols' values that the formulas use: what the picture was made at."""
    layer: str | None = None
    skipped: int = 0
    """Values of ``symbol`` left out because the model is invalid there."""

    def what(self) -> str:
        names = [noun(q) for q in self.series]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def caption(self) -> str:
        """``parameters of simple_rnn in rnn, at E = 32``: what, of what, at which values."""
        where = f" of {self.layer} in {self.model.name}" if self.layer else \
            f" of {self.model.name}"
        at = ", ".join(f"{k} = {int(v):,}" if sympy.Rational(v).is_Integer else f"{k} = {v}"
                       for k, v in self.fixed.items())
        return self.what() + where + (f", at {at}" if at else "")


def plot_data(model: Model, symbol: str, values: Sequence[int], fixed: Mapping[str, int],
              counts: Sequence[str], layer: str | None = None) -> PlotData:
    """Each count (``params``, ``macs``, ...: :mod:`symparams.algebra.quantities`) of the
    model, or of ``layer``, at each value of ``symbol`` where the model is valid, the others
    at ``fixed`` (else their example values)."""
    if len(values) > MAX_POINTS:
        raise ValueBindingError(f"{len(values):,} values of {symbol}: a plot takes at most "
                                f"{MAX_POINTS:,}", hint="give a step: START:STOP:STEP")
    counts = list(dict.fromkeys(counts or ["params"]))
    result = sweep(model, {symbol: list(values)}, fixed, skip_invalid=True,
                   counts=counts, layer=layer)
    rows = result.rows()
    if not rows:
        raise PlotError(f"the model is invalid at every value of {symbol} given",
                        hint=f"symparams sweep --vary {symbol}=... says why at each value")
    formulas = {q: count_expr(model, q, layer) for q in counts}
    used = {str(s) for f in formulas.values() for s in f.free_symbols} - {symbol}
    bound = model.bind({**fixed, symbol: rows[0][symbol]})
    return PlotData(model, symbol, [row[symbol] for row in rows],
                    {q: [row[q] for row in rows] for q in counts}, formulas,
                    {k: v for k, v in bound.items() if k in used}, layer,
                    len(values) - len(rows))


def _tex_caption(data: PlotData, printer: FormulaPrinter) -> str:
    where = (rf" of \texttt{{{escape_text(data.layer)}}} in" if data.layer else " of") + \
        rf" \texttt{{{escape_text(data.model.name)}}}"
    at = ", ".join(f"${printer.doprint(data.model.symbols[k])} = {tex_number(printer, v)}$"
                   for k, v in data.fixed.items())
    return escape_text(data.what()) + where + (f", at {at}" if at else "")


def pgfplots(data: PlotData, *, log: bool = False, standalone: bool = False) -> str:
    r"""A ``tikzpicture`` with one ``axis`` (``\usepackage{pgfplots}``); ``standalone``: a
    document that compiles alone with pdflatex."""
    printer = FormulaPrinter.for_model(data.model)
    x = printer.doprint(data.model.symbols[data.symbol])
    marks = "mark=*" if len(data.xs) <= _MARKS_UP_TO else "no markers"
    lines = [f"% symparams plot: {line}" for line in (
        data.caption(), *(f"{noun(q)} = {display(f)}" for q, f in data.formulas.items()))]
    if data.skipped:
        lines.append(f"% {data.skipped} values of {data.symbol} left out: the model is "
                     "invalid there")
    lines += [
        r"\begin{tikzpicture}",
        r"\begin{axis}[",
        r"  width=0.95\linewidth, height=0.42\linewidth,",
        f"  xlabel={{${x}$}}, ylabel={{{escape_text(noun(next(iter(data.series))))}}},"
        if len(data.series) == 1 else f"  xlabel={{${x}$}},",
        f"  title={{{_tex_caption(data, printer)}}}, title style={{font=\\small}},",
        "  grid=major, legend pos=north west, legend style={font=\\small},",
        "  scaled y ticks=false,"
        " yticklabel style={/pgf/number format/.cd, fixed, precision=0, 1000 sep={\\mathord{,}}},"
        if not log else "  ymode=log,",
        "  scaled x ticks=false, xticklabel style={/pgf/number format/.cd, fixed, "
        "1000 sep={\\mathord{,}}},",
        "]",
    ]
    for quantity, ys in data.series.items():
        points = " ".join(f"({a}, {b})" for a, b in zip(data.xs, ys, strict=True))
        lines.append(f"\\addplot+[{marks}] coordinates {{{points}}};")
        if len(data.series) > 1:
            lines.append(f"\\addlegendentry{{{escape_text(noun(quantity))}}}")
    lines += [r"\end{axis}", r"\end{tikzpicture}"]
    body = "\n".join(lines) + "\n"
    if not standalone:
        return body
    # article, not the standalone class: that is in texlive-latex-extra, which CI lacks
    return ("\\documentclass{article}\n"
            "\\usepackage[paperwidth=13cm, paperheight=6.6cm, margin=2mm]{geometry}\n"
            "\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.16}\n\\pagestyle{empty}\n"
            "\\begin{document}\n\\centering\n" + body.replace(
                r"width=0.95\linewidth, height=0.42\linewidth", "width=11.5cm, height=6cm")
            + "\\end{document}\n")


def _literal(text: str) -> str:
    """``text`` as matplotlib shows it literally: a ``$`` would start its mathtext (a layer
    named ``cost$^$`` broke the drawing, ``$x_1$`` was typeset)."""
    return text.replace("$", r"\$")


def figure_bytes(data: PlotData, fmt: str, *, log: bool = False) -> bytes:
    """The picture as ``pdf`` or ``png`` bytes, drawn by matplotlib (no pyplot state); a
    :class:`PlotError` naming the extra if matplotlib is not installed."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotError("PDF and PNG plots need matplotlib, which is not installed",
                        hint="pip install 'symparams[plot]'; or write PGFPlots code: "
                        "-o plot.tex (or no -o)") from None
    figure = Figure(figsize=(6.4, 3.4), layout="constrained")
    axes = figure.add_subplot()
    marker = "o" if len(data.xs) <= _MARKS_UP_TO else None
    try:
        for quantity, ys in data.series.items():
            axes.plot(data.xs, [float(y) for y in ys], marker=marker, markersize=3,
                      label=_literal(noun(quantity)))
    except OverflowError:
        raise PlotError("a count is too large to draw as a floating-point number",
                        hint="use -o plot.tex: PGFPlots code keeps the exact integers") from None
    axes.set_xlabel(_literal(data.symbol))
    if len(data.series) == 1:
        axes.set_ylabel(_literal(data.what()))
    else:
        axes.legend()
    if log:
        axes.set_yscale("log")
    else:  # whole numbers, grouped as every output groups them
        from matplotlib.ticker import StrMethodFormatter

        axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # a symbol's values are integers
    axes.grid(True, alpha=0.4)
    axes.set_title(_literal(data.caption()), fontsize=10)
    buffer = io.BytesIO()
    metadata = {"CreationDate": None} if fmt == "pdf" else {}
    figure.savefig(buffer, format=fmt, dpi=150, metadata=metadata)
    return buffer.getvalue()
