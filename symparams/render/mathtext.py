r"""Formulas as mathematics in plain Unicode text (``symparams explain``): ``·`` for products,
superscripts for powers, ``⌊x/2⌋`` and ``⌈x/2⌉``, ``−`` for minus, ``mod``, and counts
grouped by commas (:mod:`symparams.render.conventions`), never Python's ``*``, ``**`` or
``//``. Numbers can be printed in place of symbols (``values``), to show the working.

Every character used is in the fonts of common terminals (Windows Terminal, macOS
Terminal, GNOME, xterm with a Unicode font); a terminal that cannot encode them gets the
same text with ``\u`` escapes from Python's ``errors="backslashreplace"``, so there is no
separate ASCII form.

>>> from symparams.symbolic.integers import floordiv, symbol
>>> H, k, f, C = symbol("H"), symbol("k"), symbol("f"), symbol("C")
>>> math_text(f*(C*k**2 + 1))
'f·(C·k² + 1)'
>>> math_text(f*(C*k**2 + 1), {f: 4096, C: 512, k: 3})
'4,096·(512·3² + 1)'
>>> math_text(floordiv(H - k + 1, 2)), math_text(sympy.ceiling(H / 4))
('⌊(H − k + 1)/2⌋', '⌈H/4⌉')
>>> math_text(sympy.Max(1000, H) + 1000), math_text(2**H), math_text(sympy.Mod(H, 2))
('max(1000, H) + 1,000', '2^H', 'H mod 2')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import sympy
from sympy.printing.precedence import PRECEDENCE

from ..symbolic.forms import ReadablePrinter, displayed
from .conventions import DOT, group_digits

__all__ = ["MathTextPrinter", "math_text"]

_SUPERSCRIPT = str.maketrans("0123456789-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")
_OPERATORS = (("*", DOT), ("-", "−"), (">=", "≥"), ("<=", "≤"), ("!=", "≠"), ("==", "="))


class MathTextPrinter(ReadablePrinter):
    """:class:`~symparams.symbolic.forms.ReadablePrinter` writing mathematics instead of
    Python; ``values`` maps symbols to the numbers printed in their place. Numbers inside a
    list whose items a comma separates (``max(8, 1000)``, a tuple) are not grouped."""

    _default_settings = {**ReadablePrinter._default_settings, "values": None}

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._lists = 0  # how many comma-separated lists the printer is inside

    def doprint(self, expr) -> str:
        """``expr`` in the current display form (``--form``), printed as mathematics."""
        text = super().doprint(displayed(expr))
        for python, maths in _OPERATORS:
            text = text.replace(python, maths)
        return text

    def _number(self, value) -> str:
        if self._lists or not isinstance(value, int):
            return str(value)
        return group_digits(value)

    def _print_Integer(self, expr) -> str:
        return self._number(int(expr))

    def _print_Symbol(self, expr) -> str:
        values = self._settings.get("values")
        if values and expr in values:
            value = values[expr]
            return self._number(int(value)) if float(value).is_integer() else str(value)
        return super()._print_Symbol(expr)

    def _listed(self, name: str, args) -> str:
        self._lists += 1
        try:
            return f"{name}(" + ", ".join(self._print(a) for a in args) + ")"
        finally:
            self._lists -= 1

    def _print_Max(self, expr) -> str:
        return self._listed("max", expr.args)

    def _print_Min(self, expr) -> str:
        return self._listed("min", expr.args)

    def _print_Tuple(self, expr) -> str:
        text = self._listed("", expr.args)
        return text[:-1] + ",)" if len(expr.args) == 1 else text

    def _print_Mod(self, expr) -> str:
        level = PRECEDENCE["Mul"]
        return f"{self.parenthesize(expr.args[0], level)} mod " \
               f"{self.parenthesize(expr.args[1], level + 1)}"

    def _print_Pow(self, expr, rational=False) -> str:
        if expr.exp == -1 or expr.exp == sympy.S.Half or expr.exp == -sympy.S.Half:
            return super()._print_Pow(expr, rational)
        base = self.parenthesize(expr.base, PRECEDENCE["Pow"], strict=False)
        exponent = self._print(expr.exp)
        if re.fullmatch(r"-?[0-9]+", exponent):
            return base + exponent.translate(_SUPERSCRIPT)
        if not (expr.exp.is_Atom or expr.exp.is_Function):
            exponent = f"({exponent})"
        return f"{base}^{exponent}"

    def _print_floor(self, expr) -> str:
        return self._rounding(expr, "⌊", "⌋")

    def _print_ceiling(self, expr) -> str:
        return self._rounding(expr, "⌈", "⌉")

    def _rounding(self, expr, left: str, right: str) -> str:
        numerator, denominator = sympy.fraction(sympy.together(expr.args[0].doit()))
        if denominator == 1:
            return f"{left}{self._print(expr.args[0])}{right}"
        top = self._print(numerator)
        if not (numerator.is_Atom or numerator.is_Pow or numerator.is_Function):
            top = f"({top})"
        bottom = self._print(denominator)
        if not denominator.is_Atom:
            bottom = f"({bottom})"
        return f"{left}{top}/{bottom}{right}"


def math_text(expr, values: Mapping[sympy.Symbol, int] | None = None) -> str:
    """``expr`` as mathematics (:class:`MathTextPrinter`), numbers in place of the symbols
    of ``values``."""
    return MathTextPrinter({"values": values}).doprint(expr)
