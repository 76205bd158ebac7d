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

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy import Expr, Integer, Tuple
from sympy.printing.latex import LatexPrinter, translate

from ..derivation import Derivation, derive, displayed, nested_steps
from ..model import Model
from . import shown_depth

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

    def terms(self, expr: Expr, values: Mapping[sympy.Symbol, int] | None = None,
              width: int | None = None) -> list[str]:
        r"""``expr`` printed as its top-level terms, each after the first with its sign, so that
        a long sum can break between them; one piece unless ``expr`` is a sum.

        With ``width``, a term wider than that which is a product with a sum, such as
        ``n (a + b + c)``, is cut between the terms of its sum too, inside ``\Bigl(``
        ... ``\Bigr)`` (brackets that, unlike ``\left``, may open and close on different
        lines).

        >>> x, y = sympy.symbols("x y", integer=True, positive=True)
        >>> FormulaPrinter().terms(3 * x - y + 1)
        ['3 x', '- y', '+ 1']
        >>> FormulaPrinter().terms(3 * x - y + 1, {x: 2, y: 5})
        ['3 \\cdot 2', '- 5', '+ 1']
        >>> FormulaPrinter().terms(x * (x**2 + 3 * y + 1), width=8)
        ['x \\Bigl(x^{2}', '+ 3 y', '+ 1\\Bigr)']
        """
        printer = self if values is None else type(self)(
            {**self._given, "values": values, "mul_symbol": "dot"})
        return printer._pieces(displayed(expr), width)

    def _pieces(self, shown: Expr, width: int | None) -> list[str]:
        whole = self._print(shown)
        if not isinstance(shown, sympy.Add):
            return self._split_product(shown, whole, width) or [whole]
        pieces = []
        for index, term in enumerate(self._as_ordered_terms(shown, order=None)):
            sign = "+ "
            if index and term.could_extract_minus_sign():
                sign, term = "- ", -term
            text = self._print(term)
            bracketed = self._needs_add_brackets(term)
            if bracketed:
                text = rf"\left({text}\right)"
            cut = None if bracketed else self._split_product(term, text, width)
            if index:
                cut = [sign + cut[0], *cut[1:]] if cut else [sign + text]
            pieces += cut or [text]
        # The pieces are SymPy's own sum, cut between terms; anything else prints whole.
        joined = " ".join(pieces).replace(r"\Bigl(", r"\left(").replace(r"\Bigr)", r"\right)")
        return pieces if joined == whole else [whole]

    def _split_product(self, term: Expr, text: str, width: int | None) -> list[str] | None:
        """``text``, the print of ``term``, cut inside its one bracketed sum when it is wider
        than ``width``; ``None`` when it fits or is not such a product."""
        if width is None or _width(text) <= width or not isinstance(term, sympy.Mul):
            return None
        sums = [factor for factor in term.args if isinstance(factor, sympy.Add)]
        if len(sums) != 1:
            return None
        inside = self._print(sums[0])
        tail = rf"\left({inside}\right)"
        if not text.endswith(tail):
            return None
        inner = self._pieces(sums[0], width)
        if len(inner) < 2:
            return None
        head = text[: -len(tail)]
        return [head + r"\Bigl(" + inner[0], *inner[1:-1], inner[-1] + r"\Bigr)"]

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

#: Widths in characters of printed maths (see :func:`_width`): a derivation's line, a table
#: cell's formula before it breaks between terms.
LINE_WIDTH = 56
CELL_WIDTH = 26
#: Longer models get a ``longtable`` that breaks across pages (in ``--table`` and
#: ``--standalone``), and several frames of at most this many table rows in ``--beamer``.
LONG_TABLE_LAYERS = 12
FRAME_ROWS = 20
#: The most a table may take of a Beamer frame's height; a taller one is scaled down.
FRAME_HEIGHT = r"0.78\textheight"
#: Under a table with a block's layers.
NESTED_NOTE = "Indented rows: the layers inside the block above (italic counts are in its)."
#: A total of more counts than this is given without listing them.
TOTAL_TERMS = 30
#: Lines of one ``align*`` listing the layers without parameters (blocks can break).
LIST_LINES = 5


def _math(text: str) -> str:
    r"""Inline maths; a continued line's leading sign stays binary (``{} + x``), spaced as
    it was in the whole sum.

    >>> _math("x + 1"), _math("+ 1")
    ('$x + 1$', '${} + 1$')
    """
    if text.startswith(("+ ", "- ")):
        text = "{} " + text
    return f"${text}$"


def _row(cells: Sequence[str]) -> str:
    return "&".join(f" {cell} " if cell else " " for cell in cells).strip() + r" \\"


def _width(tex: str) -> int:
    r"""A rough printed width, in characters, of LaTeX maths or text: layout commands and
    braces count nothing, other commands one character, ``+ - =`` two (their spaces).

    >>> _width(r"2{,}097{,}152 \left\lfloor \frac{H}{32} \right\rfloor + 4096")
    20
    """
    tex = tex.replace(r"\_", "x")
    tex = re.sub(r"\\hspace\*?\{(\d+)em\}", lambda m: "x" * (2 * int(m[1])), tex)
    tex = re.sub(r"\\(?:left|right|mathrm|mathit|frac|text|texttt)(?![a-zA-Z])", "", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex).replace("{,}", ",")
    return sum(2 if ch in "+-=" else 0 if ch in "{}\\^_ $" else 1 for ch in tex)


def _pack(pieces: Sequence[str], width: int) -> list[str]:
    """Pieces joined by spaces into lines no wider than ``width`` (a wider piece stays alone).

    >>> _pack(["1", "+ 2", "+ 3"], 5), _pack(["1", "+ 2", "+ 3"], 80)
    (['1 + 2', '+ 3'], ['1 + 2 + 3'])
    """
    lines: list[list[str]] = []
    for piece in pieces:
        if lines and _width(" ".join([*lines[-1], piece])) <= width:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [" ".join(line) for line in lines]


def _fit(body: str, height: str | None = None) -> str:
    """Scale a too-wide box down to the line width (never up), and with ``height`` (a TeX
    length such as ``0.7\\textheight``) a box still too tall down to that height; plain
    LaTeX + graphicx."""
    lines = [
        "\\ifdefined\\symparamsbox\\else\\newsavebox\\symparamsbox\\fi\n"
        "\\sbox\\symparamsbox{%\n" + body + "}%\n"
    ]
    if height is None:
        lines.append("\\noindent\\ifdim\\wd\\symparamsbox>\\linewidth"
                     "\\resizebox{\\linewidth}{!}{\\usebox\\symparamsbox}%\n"
                     "\\else\\usebox\\symparamsbox\\fi\n")
        return "".join(lines)
    lines.append(
        "\\ifdim\\wd\\symparamsbox>\\linewidth\\sbox\\symparamsbox{%\n"
        "\\resizebox{\\linewidth}{!}{\\usebox\\symparamsbox}}\\fi\n"
        f"\\ifdim\\dimexpr\\ht\\symparamsbox+\\dp\\symparamsbox\\relax>{height}"
        "\\sbox\\symparamsbox{%\n"
        f"\\resizebox*{{!}}{{{height}}}{{\\usebox\\symparamsbox}}}}\\fi\n"
        "\\noindent\\usebox\\symparamsbox\n")
    return "".join(lines)


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


@dataclass(frozen=True)
class _Unit:
    """A layer's rows in a table, and how deep inside blocks the layer is."""

    depth: int
    rows: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class _Table:
    """A model's table as rows: the header, a block of rows per layer, the totals."""

    columns: str
    head: str
    blocks: list[_Unit]
    totals: list[str]
    widest: list[list[str]]  # per column, its widest cells (by estimate)
    spanned: list[str]  # the totals' formulas, across the shape and formula columns

    def tabular(self, blocks: Sequence[_Unit] | None = None, totals: bool = True) -> str:
        """One ``tabular`` of ``blocks`` (all by default), with the totals or without."""
        rows = [self.head, r"\midrule", *self._body(self.blocks if blocks is None else blocks)]
        if totals:
            rows += [r"\midrule", *self.totals]
        rows.append(r"\bottomrule")
        if totals and self.nested:
            rows.append(self.note())
        return (f"\\begin{{tabular}}{{{self.columns}}}\n\\toprule\n" + "\n".join(rows)
                + "\n\\end{tabular}%\n")

    @property
    def nested(self) -> bool:
        return any(block.depth for block in self.blocks)

    def note(self) -> str:
        """The row under a table with a block's layers, saying what the indented rows are."""
        n = len(self.columns.replace("@{}", ""))
        # \rlap: the note takes no width, so that it cannot widen the table's last column.
        return (rf"\multicolumn{{{n}}}{{@{{}}l@{{}}}}"
                rf"{{\rlap{{\footnotesize\itshape {NESTED_NOTE}}}}} \\")

    def longtable(self, title: str) -> str:
        """A ``longtable`` that breaks across pages, its header repeated on each page."""
        n = len(self.columns.replace("@{}", ""))
        lines = [
            r"\begingroup\small",
            # A smaller type when the table would not fit the line (TeX measures it).
            *self.measure(),
            f"\\begin{{longtable}}{{{self.columns}}}",
            r"\toprule", self.head, r"\midrule", r"\endfirsthead",
            rf"\multicolumn{{{n}}}{{@{{}}l}}{{\footnotesize\itshape {title} (continued)}} \\",
            r"\toprule", self.head, r"\midrule", r"\endhead",
            r"\midrule",
            rf"\multicolumn{{{n}}}{{r@{{}}}}{{\footnotesize\itshape continued overleaf}} \\",
            r"\endfoot",
            r"\bottomrule", *([self.note()] if self.nested else []), r"\endlastfoot",
            *self._body(self.blocks), r"\midrule", *self.totals,
            r"\end{longtable}", r"\endgroup",
        ]
        return "\n".join(lines) + "\n"

    def measure(self) -> list[str]:
        r"""TeX that sets ``\dimen2`` to the table's natural width in the current type (its
        widest cells, measured), and takes a smaller type until the table fits the line:
        ``\footnotesize``, ``\scriptsize``, ``\tiny``."""
        def column(cells: Sequence[str]) -> str:
            return r"\hbox{\begin{tabular}{@{}l@{}}" + r"\\".join(cells) + r"\end{tabular}}"

        parts = [rf"\setbox0={column(cells)}\advance\dimen2\wd0" for cells in self.widest]
        lines = [r"\def\symparamswidth{\dimen2=0pt", *parts,
                 rf"\advance\dimen2 {2 * (len(self.widest) - 1)}\tabcolsep"]
        if self.spanned:  # the totals span the shape and formula columns
            lines += [rf"\setbox0={column(self.spanned)}\dimen4=\wd0",
                      rf"\setbox0={column(self.widest[1])}\advance\dimen4-\wd0",
                      rf"\setbox0={column(self.widest[2])}\advance\dimen4-\wd0",
                      r"\advance\dimen4-2\tabcolsep",
                      r"\ifdim\dimen4>0pt\advance\dimen2\dimen4\fi"]
        lines[-1] += "}%"
        lines.append(r"\symparamswidth\ifdim\dimen2>\linewidth\footnotesize\symparamswidth"
                     r"\ifdim\dimen2>\linewidth\scriptsize\symparamswidth"
                     r"\ifdim\dimen2>\linewidth\tiny\fi\fi\fi")
        return lines

    @staticmethod
    def _body(blocks: Sequence[_Unit]) -> list[str]:
        """The rows, a space between layers, a smaller one before a layer inside a block."""
        rows: list[str] = []
        for number, block in enumerate(blocks):
            if number:
                rows.append(r"\addlinespace" if not block.depth else r"\addlinespace[0.3ex]")
            rows += block.rows
        return rows


def _table(model: Model, values: Mapping[str, int | None], cell: int = CELL_WIDTH,
           total: int = 2 * CELL_WIDTH) -> _Table:
    """The table's rows; formulas break between terms past ``cell`` characters (``total``
    for the totals)."""
    d = derive(model, values)
    p = FormulaPrinter.for_model(model)
    known = d.evaluation is not None
    columns = "@{}lll" + ("r" if known else "") + "@{}"
    head = ["Layer (type)", "Output shape", "Parameters"] + (["Value"] if known else [])
    blocks = []
    cells_of: list[list[str]] = []
    for depth, step in nested_steps(d, shown_depth()):
        layer = step.layer
        shape = [_math(p.shape(layer.output_shape))]
        if known and any(not dim.is_Integer for dim in layer.output_shape):
            shape.append(_math("= " + p.shape(step.shape_value)))
        # A block's layers follow it, indented; their counts (italic) are part of its count.
        indent = rf"\hspace*{{{depth}em}}" if depth else ""
        kind = escape_text(layer.type)
        if layer.repeat is not None:
            kind += r" $\times$ " + _math(p.doprint(layer.repeat))
        value = p.number(step.value) if known else ""
        cells = [
            [indent + r"\texttt{" + escape_text(layer.name) + "}", f"{indent}({kind})"],
            shape,
            # A long formula breaks between its terms, over the layer's rows, and a product
            # much wider than the cell inside its sum (a little wider scales the table).
            [_math(line) for line in _pack(p.terms(step.formula, width=2 * cell), cell)],
        ] + ([[_math(rf"\mathit{{{value}}}" if depth else value)]] if known else [])
        height = max(len(column) for column in cells)
        cells_of = [[*seen, *column] for seen, column in zip(cells_of, cells, strict=True)
                    ] if cells_of else [list(column) for column in cells]
        blocks.append(_Unit(depth, tuple(
            _row([column[i] if i < len(column) else "" for column in cells])
            for i in range(height))))
    same = sympy.expand(model.trainable - model.params) == 0
    totals_of = [
        ("Total params", model.params, d.evaluation.params if known else None),
        ("Trainable", None if same else model.trainable,
         d.evaluation.trainable if known else None),
        ("Non-trainable", model.non_trainable, d.evaluation.non_trainable if known else None),
    ]
    totals = []
    spanned: list[str] = []
    for label, expr, value in totals_of:
        lines = [""] if expr is None else [
            _math(line) for line in _pack(p.terms(expr, width=total), total)]
        spanned += lines
        for i, line in enumerate(lines):
            cells = [label if not i else "", rf"\multicolumn{{2}}{{r}}{{{line}}}"]
            if known:
                cells.append(_math(p.number(value)) if not i else "")
            totals.append(_row(cells))
    cells_of = [[head[i], *cells] for i, cells in enumerate(cells_of or [[] for _ in head])]
    return _Table(columns, _row(head), blocks, totals,
                  [_widest(cells) for cells in cells_of], _widest(spanned))


def _widest(cells: Sequence[str], count: int = 10) -> list[str]:
    """The ``count`` cells of the greatest estimated width (for TeX to measure)."""
    return sorted(set(cells), key=lambda cell: (-_width(cell), cell))[:count]


def _is_long(model: Model) -> bool:
    """More rows than a page takes well: a block's layers shown count too."""
    limit = shown_depth()

    def rows(layer, level: int) -> int:
        if limit is not None and level >= limit:
            return 1
        return 1 + sum(rows(inner, level + 1) for inner in layer.layers)

    return sum(rows(top, 0) for top in model.layers) > LONG_TABLE_LAYERS


def latex_table(model: Model, values: Mapping[str, int | None] | None = None) -> str:
    """A booktabs ``tabular`` of the model's layers, with totals and the trainable split.

    Needs ``booktabs``, ``amsmath`` and ``graphicx`` (a table wider than the line is scaled
    down to fit). A model of more than :data:`LONG_TABLE_LAYERS` layers gets a ``longtable``
    in ``\\small`` instead, which breaks across pages and repeats its header (needs
    ``longtable`` instead of ``graphicx``).
    """
    values = model.values if values is None else values
    if _is_long(model):
        table = _table(model, values, CELL_WIDTH - 4, CELL_WIDTH + 8)
        return (f"% symparams: model {model.name}; needs "
                "\\usepackage{amsmath,booktabs,longtable}\n"
                + table.longtable(r"\texttt{" + escape_text(model.name) + "}"))
    table = _table(model, values)
    comment = (
        "% symparams: model {}; needs \\usepackage{{{}}}\n".format(
            model.name, "amsmath,booktabs,graphicx")
    )
    return comment + _fit(table.tabular())


def _label(step, model: Model) -> str:
    types = [layer.type for layer in model.layers]
    layer = step.layer
    if types.count(layer.type) == 1:
        return escape_text(layer.type)
    return f"{escape_text(layer.type)} ({escape_text(layer.name)})"


def latex_derivation(model: Model, values: Mapping[str, int | None] | None = None) -> str:
    r"""One ``align*`` per layer: the formula, then the numbers substituted, then the result,
    and one for the total; needs ``amsmath``. A line too long for a page or a slide breaks
    between the top-level terms of its sum."""
    values = model.values if values is None else values
    d: Derivation = derive(model, values)
    p = FormulaPrinter.for_model(model)
    out = [f"% symparams: derivation of model {model.name}; needs \\usepackage{{amsmath}}"]
    for step in d.steps:
        if step.formula == 0:
            continue
        label = r"\text{" + _label(step, model) + ": }"
        room = _room(label)
        stages = [p.terms(expr, vals or None, width=room) for expr, vals in step.stages()]
        if step.value is not None and not step.formula.is_Integer:
            stages.append([p.number(step.value)])
        out.append(_align(label, stages))
    empty = [step for step in d.steps if step.formula == 0]
    if empty:
        out += _without_parameters(empty, model)
    if d.evaluation is not None and len(d.steps) > 1:
        terms = [p.number(s.value) for s in d.steps if s.value]
        label, total = r"\text{Total: }", [p.number(d.evaluation.params)]
        if len(terms) > TOTAL_TERMS:
            label = rf"\text{{Total of the {len(terms)} counts above: }}"
        stages = [total] if len(terms) <= 1 or len(terms) > TOTAL_TERMS else [
            [terms[0], *("+ " + term for term in terms[1:])], total]
        out.append(_align(label, stages))
    return "\n".join(out) + "\n"


def _without_parameters(empty: Sequence, model: Model) -> list[str]:
    """``\\text{MaxPooling2D, Flatten: } 0``; many layers are listed by type, over lines and
    several blocks."""
    label = ", ".join(_label(step, model) for step in empty)
    if _width(label) <= LINE_WIDTH - 4:
        return [_align(r"\text{" + label + ": }", [["0"]])]
    names: dict[str, list[str]] = {}
    for step in empty:
        names.setdefault(step.layer.type, []).append(escape_text(step.layer.name))
    pieces: list[str] = []
    types = [layer.type for layer in model.layers]
    for kind, group in names.items():
        if types.count(kind) == 1:
            pieces.append(escape_text(kind) + ",")
            continue
        if len(group) > 4:  # a long run of the same layer: its first and last names
            group = [f"{len(group)} layers: {group[0]}", r"\dots", group[-1]]
        words = [f"{escape_text(kind)} ({group[0]}", *group[1:]]
        pieces += [word + "," for word in words[:-1]] + [words[-1] + "),"]
    pieces[-1] = pieces[-1][:-1] + ":"
    lines = _pack(pieces, LINE_WIDTH)
    blocks = []
    for start in range(0, len(lines), LIST_LINES):
        chunk = [rf"  &\text{{{line}}}" for line in lines[start:start + LIST_LINES]]
        if start + LIST_LINES >= len(lines):
            chunk[-1] = chunk[-1][:-1] + " } 0"
        blocks.append("\\begin{align*}\n" + " \\\\\n".join(chunk) + "\n\\end{align*}")
    return blocks


def _align(label: str, stages: list[list[str]]) -> str:
    """``label s0 = s1 = s2`` on one line when short, else one ``= stage`` per line, and a
    stage too long for the line broken between its terms (``\\quad + term``)."""
    whole = [" ".join(stage) for stage in stages]
    line = label + " " + " = ".join(whole)
    if sum(len(s) for s in whole) <= 90 and _width(line) <= LINE_WIDTH:
        return "\\begin{align*}\n  " + line + "\n\\end{align*}"
    room = _room(label)
    lines = []
    for number, stage in enumerate(stages):
        for part, text in enumerate(_pack(stage, room)):
            if part:
                lines.append(rf"  &\quad {text}")
            elif number:
                lines.append(f"  &= {text}")
            else:
                lines.append(f"  {label} & {text}")
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def _room(label: str) -> int:
    """The width left for a derivation's formulas beside ``label``."""
    return max(LINE_WIDTH - _width(label) - 2, LINE_WIDTH // 2)


def _frame_title(model: Model, what: str) -> str:
    return rf"Model \texttt{{{escape_text(model.name)}}}: {what}"


def _frames(blocks: Sequence[_Unit], rows: int) -> list[list[_Unit]]:
    """Layers' blocks split into consecutive frames of about equal height, each at most
    ``rows`` table rows (the last also holds the totals)."""
    heights = [len(block) + 0.5 for block in blocks]
    count = max(1, math.ceil(sum(heights) / rows))
    target = sum(heights) / count
    frames: list[list[_Unit]] = [[]]
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
        symbols = _symbols_line(model, values, p)
        table = _table(model, values)
        frames = _frames(table.blocks, FRAME_ROWS - len(table.totals))
        for number, blocks in enumerate(frames, 1):
            what = "parameters" + (f" ({number}/{len(frames)})" if len(frames) > 1 else "")
            out.append(f"\\begin{{frame}}{{{_frame_title(model, what)}}}")
            if symbols and number == 1:
                out.append(r"\small " + _math(symbols) + r"\par\medskip")
            out.append(r"\centering\footnotesize")
            out.append(f"% symparams: model {model.name}; needs "
                       "\\usepackage{amsmath,booktabs,graphicx}")
            body = table.tabular(blocks, totals=number == len(frames))
            out.append(_fit(body, FRAME_HEIGHT).rstrip("\n"))
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
    long = any(_is_long(model) for model, _ in models)
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
        symbols = _symbols_line(model, values, p)
        if symbols:
            shapes = "Input shape: " + _math(p.shape(model.input_shape))
            if model.inputs:
                shapes = "Inputs: " + ", ".join(
                    r"\texttt{" + escape_text(name) + "} " + _math(p.shape(dims))
                    for name, dims in model.inputs)
            out.append("Symbols: " + _math(symbols) + ". " + shapes + ".\n")
        if _is_long(model):
            out.append(latex_table(model, values).rstrip("\n"))
        else:
            out.append("\\begin{center}")
            out.append(latex_table(model, values).rstrip("\n"))
            out.append("\\end{center}")
        out.append(latex_derivation(model, values).rstrip("\n"))
    out.append("\\end{document}")
    return "\n".join(out) + "\n"
