r"""The LaTeX printer of every formula symparams writes (the width arithmetic of its lines:
:mod:`~symparams.render.latex_lines`).

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

import re
from collections.abc import Mapping, Sequence

import sympy
from sympy import Expr, Integer, Tuple
from sympy.printing.latex import LatexPrinter, translate

from ..engine.model import Model
from ..symbolic.forms import displayed
from ..symbolic.integers import NONE_DIM
from .escape import latex_text
from .latex_lines import pack, tex_width
from .latex_unicode import non_ascii_symbol

__all__ = ["FormulaPrinter", "symbol_latex", "escape_text", "tex_number"]

def escape_text(text: str) -> str:
    r"""Text (a layer or model name) made safe for LaTeX text mode (:func:`.escape.latex_text`).

    >>> escape_text("max_pooling2d")
    'max\\_pooling2d'
    >>> escape_text("50% & {x}")
    '50\\% \\& \\{x\\}'
    """
    return latex_text(text)


def symbol_latex(name: str) -> str:
    r"""The default LaTeX name of a DSL symbol: the part after the first ``_`` is a subscript,
    upright when it is a word, and so are trailing digits (as SymPy prints ``x2``); Greek
    names become letters; longer names are italic words.

    >>> [symbol_latex(n) for n in ("h", "d_model", "n_1", "d_k", "alpha")]
    ['h', 'd_{\\mathrm{model}}', 'n_{1}', 'd_{k}', '\\alpha']
    >>> [symbol_latex(n) for n in ("Vocab", "d_ff_in", "b2", "alpha12", "conv3")]
    ['\\mathit{Vocab}', 'd_{\\mathrm{ff\\_in}}', 'b_{2}', '\\alpha_{12}', '\\mathit{conv}_{3}']
    """
    if not name.isascii():  # α, 中: commands or escaped text, never raw (pdflatex)
        return non_ascii_symbol(name)
    digits = re.fullmatch(r"([A-Za-z]+)(\d+)", name)
    if digits:
        return f"{symbol_latex(digits[1])}_{{{digits[2]}}}"
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
    - integers from 1,000 are grouped: ``4{,}950``, ``320{,}736``; inside a shape by a thin
      space, ``\\left(1\\,280,\\right)``, as a comma there would read as two dimensions;
    - a number times a bracket gets a ``\\cdot``: ``128 \\cdot \\left(559 b_{2} + 42\\right)``;
    - ``sans``: word subscripts in ``\\mathsf`` (a sans-serif Beamer theme), not ``\\mathrm``;
    - ``slashed``: ``floor``/``ceiling`` of a fraction written ``\\lfloor (H - k + 1)/2 \\rfloor``
      (table cells: a stacked fraction there is set in script-size type);
    - ``floor``/``ceiling`` of a sum over a common denominator print as one fraction:
      ``\\left\\lfloor \\frac{H - k + 1}{2} \\right\\rfloor``;
    - a shape of one dimension prints as Python and Keras write it: ``\\left(n,\\right)``;
    - ``narrow``: a shape's dimensions only a comma apart, ``\\left(56, 56, 256\\right)``
      (slides, where a table is narrow).
    """

    _in_tuple = False  # printing inside a shape: digits grouped by a thin space

    _default_settings = {**LatexPrinter._default_settings, "values": None, "sans": False,
                         "slashed": False, "narrow": False}

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
        if settings.get("sans"):
            names = {sym: name.replace(r"\mathrm{", r"\mathsf{") for sym, name in names.items()}
        return cls({"symbol_names": names, **settings})

    def with_symbols(self, symbols: Mapping[sympy.Symbol, str | None]) -> FormulaPrinter:
        r"""This printer knowing ``symbols`` (a block's own parameters) by the LaTeX names
        given, or (None) their default ones (:func:`symbol_latex`); names it knows win.

        >>> f = sympy.Symbol("filters", integer=True, positive=True)
        >>> FormulaPrinter().with_symbols({f: None}).doprint(2 * f)
        '2 \\cdot \\mathit{filters}'
        """
        names = dict(self._settings.get("symbol_names") or {})
        for sym, given in symbols.items():
            text = given or symbol_latex(sym.name)
            names.setdefault(sym, text.replace(r"\mathrm{", r"\mathsf{") if self._settings["sans"]
                             else text)
        return type(self)({**self._given, "symbol_names": names})

    def doprint(self, expr) -> str:
        """``expr`` in the current display form (``--form``), printed."""
        return self._sans(super().doprint(displayed(expr)))

    def _sans(self, text: str) -> str:
        return text.replace(r"\mathrm{", r"\mathsf{") if self._settings["sans"] else text

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
        return [self._sans(piece) for piece in printer._pieces(displayed(expr), width)]

    def _pieces(self, shown: Expr, width: int | None) -> list[str]:
        whole = self._print(shown)
        if not isinstance(shown, sympy.Add):
            # cut only where the pieces are the print (never "3 99" for 3·99, read 399)
            cut = self._split_product(shown, whole, width)
            return cut if cut and self._joined(cut) == whole else [whole]
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
        return pieces if self._joined(pieces) == whole else [whole]

    @staticmethod
    def _joined(pieces: Sequence[str]) -> str:
        """Pieces as one line, their brackets as printed whole."""
        return " ".join(pieces).replace(r"\Bigl(", r"\left(").replace(r"\Bigr)", r"\right)")

    def _split_product(self, term: Expr, text: str, width: int | None) -> list[str] | None:
        """``text``, the print of ``term``, cut inside each of its bracketed sums wider than
        half of ``width`` when it is wider than ``width``; ``None`` when it fits or is not
        such a product."""
        if width is None or tex_width(text) <= width or not isinstance(term, sympy.Mul):
            return None
        places = []
        for factor in term.args:
            if not isinstance(factor, sympy.Add):
                continue
            bracketed = rf"\left({self._print(factor)}\right)"
            if text.count(bracketed) == 1 and tex_width(bracketed) > width // 2:
                start = text.index(bracketed)
                places.append((start, start + len(bracketed), factor))
        if not places:
            return self._split_factors(term, text, width)
        pieces: list[str] = []
        current, position = "", 0
        for start, end, factor in sorted(places, key=lambda place: place[0]):
            if start < position:  # pragma: no cover - one sum printed inside another
                return None
            inner = self._pieces(factor, width)
            if current.endswith(r"\Bigr)"):  # the next factor starts a piece of its own
                pieces.append(current)
                current = text[position:start].lstrip()
            else:
                current += text[position:start]
            if len(inner) < 2:
                current += text[start:end]
            else:
                pieces += [current + r"\Bigl(" + inner[0], *inner[1:-1]]
                current = inner[-1] + r"\Bigr)"
            position = end
        pieces.append(current + text[position:])
        return pieces if len(pieces) > 1 else None

    def _split_factors(self, term: Expr, text: str, width: int) -> list[str] | None:
        """A product of plain factors too wide for ``width`` (long symbol names) cut between
        its factors, when the factors printed one by one are the product as printed."""
        factors = [self._print(factor) if not isinstance(factor, sympy.Add)
                   else rf"\left({self._print(factor)}\right)"
                   for factor in term.as_ordered_factors()]
        separator = r" \cdot " if self._settings.get("mul_symbol") == "dot" else " "
        if len(factors) < 2 or separator.join(factors) != text:
            return None
        # each factor keeps its sign of multiplication ("3 \cdot 99", never "3 99" = 399)
        factors = [factor + separator.rstrip() for factor in factors[:-1]] + factors[-1:]
        lines = pack(factors, width)
        return lines if len(lines) > 1 else None

    def count(self, expr: Expr) -> str:
        r"""A repetition count, bracketed when it is a sum: ``L``, ``\left(L - 1\right)``."""
        text = self.doprint(expr)
        return rf"\left({text}\right)" if expr.is_Add else text

    def number(self, value: int) -> str:
        """An exact integer: ``720``, ``320{,}736``."""
        return self._print(Integer(value))

    def shape(self, shape: Sequence[Expr | int]) -> str:
        text = self._print(Tuple(*shape))
        if self._settings["narrow"]:
            text = text.replace(r", \  ", ", ").replace(r"\left( ", r"\left(")
        return text

    # -- overrides of SymPy's printer ----------------------------------------------------------

    def _print_Symbol(self, expr, style="plain"):
        values = self._settings.get("values")
        if values and expr in values:
            return self._print(sympy.Rational(values[expr]))
        if expr == NONE_DIM:  # Keras's unknown size, as the values print it
            return r"\text{None}"
        return super()._print_Symbol(expr, style=style)

    def _print_Integer(self, expr):
        text = str(expr)
        digits = text.lstrip("-")
        if len(digits) < 4:
            return text
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        # in a shape a thin space groups the digits: (1\,280,), never (1,280,)
        mark = r"\," if self._in_tuple else "{,}"
        return ("-" if text.startswith("-") else "") + mark.join(groups)

    def _print_Tuple(self, expr):
        outer, self._in_tuple = self._in_tuple, True
        try:
            if len(expr) == 1:
                return r"\left(" + self._print(expr[0]) + r",\right)"
            return super()._print_Tuple(expr)
        finally:
            self._in_tuple = outer

    def _print_floor(self, expr, exp=None):
        return self._rounding(expr, r"\lfloor", r"\rfloor", exp) or super()._print_floor(
            expr, exp
        )

    def _print_ceiling(self, expr, exp=None):
        return self._rounding(expr, r"\lceil", r"\rceil", exp) or super()._print_ceiling(
            expr, exp
        )

    def _print_Mul(self, expr):
        text = super()._print_Mul(expr)
        # "128 \left(559 b + 42\right)" reads as one number times a bracket only with a dot,
        # and "2049 \mathit{classes}" would print as one word "2049classes".
        match = re.fullmatch(r"(-?[\d{},]+) (\\left\(.*|\\mathit\{.*)", text)
        if match and self._settings["mul_symbol"] is None:
            return rf"{match[1]} \cdot {match[2]}"
        return text

    def _rounding(self, expr, left: str, right: str, exp) -> str | None:
        numerator, denominator = sympy.fraction(sympy.together(expr.args[0].doit()))
        if denominator == 1:
            return None
        if self._settings["slashed"]:
            top = self._print(numerator)
            if isinstance(numerator, (sympy.Add, sympy.Mul)) and not numerator.is_Integer:
                top = rf"({top})" if isinstance(numerator, sympy.Add) else top
            text = rf"\left{left} {top}/{self._print(denominator)} \right{right}"
            return rf"{text}^{{{exp}}}" if exp is not None else text
        text = (
            rf"\left{left} \frac{{{self._print(numerator)}}}{{{self._print(denominator)}}}"
            rf" \right{right}"
        )
        return rf"{text}^{{{exp}}}" if exp is not None else text


def tex_number(printer: FormulaPrinter, value) -> str:
    """A symbol's value in TeX: an integer grouped (``10{,}000``), a fraction as SymPy
    prints it (``\\frac{1}{2}``)."""
    number = sympy.Rational(value)
    if number.is_Integer:
        return f"{int(number):,}".replace(",", "{,}")
    return printer.doprint(number)
