r"""LaTeX for slides and papers: booktabs tables, derivations, Beamer frames, whole documents.

Every formula goes through :class:`FormulaPrinter`, a subclass of SymPy's ``LatexPrinter``:
symbols get their LaTeX names (``d_model`` -> ``d_{\mathrm{model}}``, or the name given in
the model header with ``as "..."``), and the same printer can print a formula with the
numbers in place of its symbols, keeping the formula's shape, for derivations.

>>> import symparams
>>> m = symparams.parse('model m(d_model=512):\n    Input(shape=(d_model,))\n'
...                     '    Dense(4*d_model)\n').models["m"]
>>> printer = FormulaPrinter.for_model(m)
>>> printer.doprint(m.params)
'4 d_{\\mathrm{model}} \\left(d_{\\mathrm{model}} + 1\\right)'
>>> printer.substituted(m.params, {"d_model": 512})
'4 \\cdot 512 \\cdot \\left(512 + 1\\right)'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy
from sympy import Expr, Integer, Tuple
from sympy.printing.latex import LatexPrinter, translate

from ..derivation import Derivation, derive, displayed
from ..model import Model

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
PREAMBLE_PACKAGES = ("amsmath", "booktabs", "graphicx")

_TEXT_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}


def escape_text(text: str) -> str:
    r"""Text (a layer or model name) made safe for LaTeX text mode.

    >>> escape_text("max_pooling2d")
    'max\\_pooling2d'
    >>> escape_text("50% & {x}")
    '50\\% \\& \\{x\\}'
    """
    return "".join(_TEXT_SPECIALS.get(ch, ch) for ch in text)


def symbol_latex(name: str) -> str:
    r"""The default LaTeX name of a DSL symbol: the part after the first ``_`` is a subscript,
    upright when it is a word; Greek names become letters; longer names are italic words.

    >>> [symbol_latex(n) for n in ("h", "d_model", "n_1", "d_k", "alpha")]
    ['h', 'd_{\\mathrm{model}}', 'n_{1}', 'd_{k}', '\\alpha']
    >>> [symbol_latex(n) for n in ("Vocab", "d_ff_in")]
    ['\\mathit{Vocab}', 'd_{\\mathrm{ff\\_in}}']
    """
    base, _, sub = name.partition("_")
    if not base:  # a name that starts with "_"
        return r"\mathit{" + escape_text(name) + "}"
    if len(base) == 1:
        head = base
    else:
        translated = translate(base)
        head = translated if translated != base else r"\mathit{" + base + "}"
    if not sub:
        return head
    if sub.isdigit() or len(sub) == 1:
        return f"{head}_{{{sub}}}"
    return f"{head}_{{\\mathrm{{{escape_text(sub)}}}}}"


class FormulaPrinter(LatexPrinter):
    """SymPy's LaTeX printer with symparams's conventions.

    - ``values`` (symbol -> int): print those numbers in place of the symbols (derivations);
      products are then written with ``\\cdot`` so that ``15 \\cdot 32`` cannot read as 1532;
    - integers of five digits or more are grouped: ``320{,}736``;
    - ``floor``/``ceiling`` of a sum over a common denominator print as one fraction:
      ``\\left\\lfloor \\frac{H - k + 1}{2} \\right\\rfloor``;
    - a shape of one dimension prints as ``\\left(n\\right)``.
    """

    _default_settings = {**LatexPrinter._default_settings, "values": None}

    def __init__(self, settings=None) -> None:
        self._given = dict(settings or {})
        super().__init__(settings)

    @classmethod
    def for_model(cls, model: Model, **settings) -> FormulaPrinter:
        """A printer that knows the model's symbol names (header ``as "..."`` wins)."""
        names = {
            sym: model.latex_names.get(name) or symbol_latex(name)
            for name, sym in model.symbols.items()
        }
        return cls({"symbol_names": names, **settings})

    def doprint(self, expr) -> str:
        """``expr`` in the current display form (``--form``), printed."""
        return super().doprint(displayed(expr))

    def substituted(self, expr: Expr, values: Mapping[str | sympy.Symbol, int]) -> str:
        """``expr`` with numbers in place of its symbols, keeping its shape."""
        by_symbol = {
            sympy.Symbol(k, integer=True, positive=True) if isinstance(k, str) else k: v
            for k, v in values.items()
        }
        printer = type(self)({**self._given, "values": by_symbol, "mul_symbol": "dot"})
        return printer.doprint(expr)

    def number(self, value: int) -> str:
        """An exact integer: ``720``, ``320{,}736``."""
        return self._print(Integer(value))

    def shape(self, shape: Sequence[Expr | int]) -> str:
        return self._print(Tuple(*shape))

    # -- overrides of SymPy's printer ----------------------------------------------------------

    def _print_Symbol(self, expr, style="plain"):
        values = self._settings.get("values")
        if values and expr in values:
            return self._print(Integer(values[expr]))
        return super()._print_Symbol(expr, style=style)

    def _print_Integer(self, expr):
        text = str(expr)
        digits = text.lstrip("-")
        if len(digits) < 5:
            return text
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        return ("-" if text.startswith("-") else "") + "{,}".join(groups)

    def _print_Tuple(self, expr):
        if len(expr) == 1:
            return r"\left(" + self._print(expr[0]) + r"\right)"
        return super()._print_Tuple(expr)

    def _print_floor(self, expr, exp=None):
        return self._rounding(expr, r"\lfloor", r"\rfloor", exp) or super()._print_floor(
            expr, exp
        )

    def _print_ceiling(self, expr, exp=None):
        return self._rounding(expr, r"\lceil", r"\rceil", exp) or super()._print_ceiling(
            expr, exp
        )

    def _rounding(self, expr, left: str, right: str, exp) -> str | None:
        numerator, denominator = sympy.fraction(sympy.together(expr.args[0].doit()))
        if denominator == 1:
            return None
        text = (
            rf"\left{left} \frac{{{self._print(numerator)}}}{{{self._print(denominator)}}}"
            rf" \right{right}"
        )
        return rf"{text}^{{{exp}}}" if exp is not None else text


# -- documents --------------------------------------------------------------------------------


def _math(text: str) -> str:
    return f"${text}$"


def _row(cells: Sequence[str]) -> str:
    return "&".join(f" {cell} " if cell else " " for cell in cells).strip() + r" \\"


def _fit(body: str) -> str:
    """Scale a too-wide box down to the line width (never up); plain LaTeX + graphicx."""
    return (
        "\\ifdefined\\symparamsbox\\else\\newsavebox\\symparamsbox\\fi\n"
        "\\sbox\\symparamsbox{%\n" + body + "}%\n"
        "\\noindent\\ifdim\\wd\\symparamsbox>\\linewidth"
        "\\resizebox{\\linewidth}{!}{\\usebox\\symparamsbox}%\n"
        "\\else\\usebox\\symparamsbox\\fi\n"
    )


def _symbols_line(model: Model, values: Mapping[str, int | None], printer: FormulaPrinter) -> str:
    parts = []
    for name, sym in model.symbols.items():
        value = values.get(name)
        parts.append(
            printer.doprint(sympy.Eq(sym, Integer(value), evaluate=False))
            if value is not None
            else printer.doprint(sym)
        )
    return ",\\ ".join(parts)


def latex_table(model: Model, values: Mapping[str, int | None] | None = None) -> str:
    """A booktabs ``tabular`` of the model's layers, with totals and the trainable split.

    Needs ``booktabs``, ``amsmath`` and ``graphicx`` (a table wider than the line is scaled
    down to fit).
    """
    values = model.values if values is None else values
    d = derive(model, values)
    p = FormulaPrinter.for_model(model)
    known = d.evaluation is not None
    columns = "@{}lll" + ("r" if known else "") + "@{}"
    head = ["Layer (type)", "Output shape", "Parameters"] + (["Value"] if known else [])
    rows = [_row(head), r"\midrule"]
    for number, step in enumerate(d.steps):
        layer = step.layer
        if number:
            rows.append(r"\addlinespace")
        cells = [
            r"\texttt{" + escape_text(layer.name) + "}",
            _math(p.shape(layer.output_shape)),
            _math(p.doprint(step.formula)),
        ] + ([_math(p.number(step.value))] if known else [])
        rows.append(_row(cells))
        shape = ""
        if known and any(not dim.is_Integer for dim in layer.output_shape):
            shape = _math("= " + p.shape(step.shape_value))
        rows.append(_row([f"({escape_text(layer.type)})", shape, ""] + ([""] if known else [])))
    rows.append(r"\midrule")
    same = sympy.expand(model.trainable - model.params) == 0
    totals = [
        ("Total params", model.params, d.evaluation.params if known else None),
        ("Trainable", None if same else model.trainable,
         d.evaluation.trainable if known else None),
        ("Non-trainable", model.non_trainable, d.evaluation.non_trainable if known else None),
    ]
    for label, expr, value in totals:
        formula = "" if expr is None else _math(p.doprint(expr))
        cells = [label, rf"\multicolumn{{2}}{{r}}{{{formula}}}"]
        rows.append(_row(cells + ([_math(p.number(value))] if known else [])))
    body = (
        f"\\begin{{tabular}}{{{columns}}}\n\\toprule\n"
        + "\n".join(rows)
        + "\n\\bottomrule\n\\end{tabular}%\n"
    )
    comment = (
        f"% symparams: model {model.name}; needs \\usepackage{{{','.join(PREAMBLE_PACKAGES)}}}\n"
    )
    return comment + _fit(body)


def _label(step, model: Model) -> str:
    types = [layer.type for layer in model.layers]
    layer = step.layer
    if types.count(layer.type) == 1:
        return escape_text(layer.type)
    return f"{escape_text(layer.type)} ({escape_text(layer.name)})"


def latex_derivation(model: Model, values: Mapping[str, int | None] | None = None) -> str:
    r"""One ``align*`` per layer: the formula, then the numbers substituted, then the result,
    and one for the total; needs ``amsmath``."""
    values = model.values if values is None else values
    d: Derivation = derive(model, values)
    p = FormulaPrinter.for_model(model)
    out = [f"% symparams: derivation of model {model.name}; needs \\usepackage{{amsmath}}"]
    for step in d.steps:
        if step.formula == 0:
            continue
        stages = [p.substituted(expr, vals) if vals else p.doprint(expr)
                  for expr, vals in step.stages()]
        if step.value is not None and not step.formula.is_Integer:
            stages.append(p.number(step.value))
        out.append(_align(r"\text{" + _label(step, model) + ": }", stages))
    empty = [_label(step, model) for step in d.steps if step.formula == 0]
    if empty:
        out.append(_align(r"\text{" + ", ".join(empty) + ": }", ["0"]))
    if d.evaluation is not None and len(d.steps) > 1:
        terms = [p.number(s.value) for s in d.steps if s.value]
        stages = [" + ".join(terms) or "0", p.number(d.evaluation.params)]
        if len(terms) <= 1:
            stages = stages[1:]
        out.append(_align(r"\text{Total: }", stages))
    return "\n".join(out) + "\n"


def _align(label: str, stages: list[str]) -> str:
    """``label s0 = s1 = s2`` on one line when short, else one ``= stage`` per line."""
    if sum(len(s) for s in stages) <= 90:
        return "\\begin{align*}\n  " + label + " " + " = ".join(stages) + "\n\\end{align*}"
    lines = [f"  {label} & {stages[0]}"] + [f"  &= {s}" for s in stages[1:]]
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def _frame_title(model: Model, what: str) -> str:
    return rf"Model \texttt{{{escape_text(model.name)}}}: {what}"


def latex_beamer(models: Sequence[tuple[Model, Mapping[str, int | None]]]) -> str:
    """For each model, a frame with its table and a frame (breaking as needed) with its
    derivation; ready to ``\\input`` into a Beamer deck that loads ``booktabs``."""
    out = [
        "% symparams: Beamer frames; needs \\usepackage{booktabs} "
        "(Beamer loads amsmath and graphicx)"
    ]
    for model, values in models:
        p = FormulaPrinter.for_model(model)
        symbols = _symbols_line(model, values, p)
        out.append(f"\\begin{{frame}}{{{_frame_title(model, 'parameters')}}}")
        if symbols:
            out.append(r"\small " + _math(symbols) + r"\par\medskip")
        out.append(r"\centering\footnotesize")
        out.append(latex_table(model, values).rstrip("\n"))
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
    out = [
        "\\documentclass[11pt]{article}",
        "\\usepackage[T1]{fontenc}",
        "\\usepackage{lmodern}",
        "\\usepackage[margin=2.5cm]{geometry}",
        *(f"\\usepackage{{{pkg}}}" for pkg in PREAMBLE_PACKAGES),
        f"\\title{{{escape_text(title)}}}",
        "\\date{}",
        "\\begin{document}",
        "\\maketitle",
    ]
    for model, values in models:
        p = FormulaPrinter.for_model(model)
        out.append(f"\\section*{{Model \\texttt{{{escape_text(model.name)}}}}}")
        symbols = _symbols_line(model, values, p)
        if symbols:
            out.append("Symbols: " + _math(symbols) + ". Input shape: "
                       + _math(p.shape(model.input_shape)) + ".\n")
        out.append("\\begin{center}")
        out.append(latex_table(model, values).rstrip("\n"))
        out.append("\\end{center}")
        out.append(latex_derivation(model, values).rstrip("\n"))
    out.append("\\end{document}")
    return "\n".join(out) + "\n"
