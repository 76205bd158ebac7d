"""Display forms of a formula: the textbook default, expanded, factored, or collected.

:func:`display` returns a SymPy expression meant for printing: every ``floor``/``ceiling``
reads as ``floor((H - k + 1)/2)`` rather than SymPy's ``floor(H/2 - k/2 + 1/2)`` (an
unevaluated product, so ``str()``, ``latex()`` and ``sympify`` of the printed text all agree
with the value).

>>> from symparams.symbolic.integers import floordiv, symbol
>>> H, k, f, C = symbol("H"), symbol("k"), symbol("f"), symbol("C")
>>> print(display(floordiv(H - k + 1, 2)))
floor((H - k + 1)/2)
>>> e = f*(C*k**2 + 1)
>>> print(display(e), display(e, "expand"), display(e, "collect"), sep=" | ")
f*(C*k**2 + 1) | C*f*k**2 + f | C*f*k**2 + f
>>> print(display(f*C + f*k + 2*f, "factor"))
f*(C + k + 2)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import sympy
from sympy import Basic, Expr
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from ..guard import within_seconds
from ..limits import expanded_terms
from .quick_print import precedence_of, product_text, sum_text
from .term_order import ordered_terms
from .tidy import SHORTEST_TERMS, common_factors, readable_floors, shortest

__all__ = [
    "FORMS", "display", "displayed", "display_form", "current_form", "readable_floors",
    "check_form", "simplification_notes", "FORM_TERMS", "common_factors", "ReadablePrinter",
    "readable_text", "shortest", "SHORTEST_TERMS",
]

FORMS = ("default", "expand", "factor", "collect")

_FORM: ContextVar[str] = ContextVar("symparams_form", default="default")


@contextmanager
def display_form(form: str) -> Iterator[None]:
    """Show formulas in ``form`` (one of :data:`FORMS`) inside this block (``--form``)."""
    token = _FORM.set(check_form(form))
    try:
        yield
    finally:
        _FORM.reset(token)


def current_form() -> str:
    """The :func:`display_form` in force ("default" outside any)."""
    return _FORM.get()


def displayed(expr):
    """``expr`` in the :func:`current_form`, ready to print; a tuple (a shape) entry by entry.

    >>> from symparams.symbolic.integers import symbol
    >>> f, C = symbol("f"), symbol("C")
    >>> with display_form("expand"):
    ...     print(displayed(f*(C + 1)))
    C*f + f
    """
    if isinstance(expr, (tuple, sympy.Tuple)):
        return sympy.Tuple(*(displayed(item) for item in expr))
    return display(expr, _FORM.get()) if isinstance(expr, Expr) else expr

#: Most terms a formula may have multiplied out for ``--form expand/factor/collect`` to
#: reshape it; a longer one is shown as it is, with a note (the same on every machine).
FORM_TERMS = 500

_NOTES: ContextVar[tuple[list[str], float | None] | None] = ContextVar(
    "symparams_simplification_notes", default=None)


@contextmanager
def simplification_notes(seconds: float | None = None) -> Iterator[list[str]]:
    """Collect, in the yielded list, a note for each simplification inside the block that was
    over its work budget (and was shown unsimplified); ``seconds`` is the last-resort time
    limit of each (default ``Limits().simplify_seconds``). The CLI prints the notes on
    standard error.

    >>> from symparams.symbolic.integers import symbol
    >>> with simplification_notes(5.0) as notes:
    ...     _ = display(symbol("x")**2 + 2*symbol("x") + 1, "factor")
    >>> notes
    []
    """
    token = _NOTES.set(([], seconds))
    try:
        yield _NOTES.get()[0]
    finally:
        _NOTES.reset(token)


def active_notes(warnings: list[str] | None = None,
                 seconds: float | None = None) -> tuple[list[str] | None, float | None]:
    """``warnings`` and ``seconds``, each defaulting to the enclosing
    :func:`simplification_notes` block's (if any)."""
    active = _NOTES.get()
    if active is not None:
        warnings = active[0] if warnings is None else warnings
        seconds = active[1] if seconds is None else seconds
    return warnings, seconds


def check_form(form: str) -> str:
    """``form`` if it is one of :data:`FORMS`, else ``ValueError``."""
    if form not in FORMS:
        raise ValueError(f"unknown form {form!r}; expected one of {', '.join(FORMS)}")
    return form


def display(expr: Expr, form: str = "default", symbols: Iterable[sympy.Symbol] = (), *,
            warnings: list[str] | None = None, seconds: float | None = None) -> Expr:
    """``expr`` in a display form; ``symbols`` orders ``collect`` (default: by name).

    Whether a formula is reshaped depends on its size only (at most :data:`FORM_TERMS` terms
    multiplied out); a longer one is shown as it is and a note is added to ``warnings``
    (default: the enclosing block's list). ``seconds`` (default that of the enclosing
    :func:`simplification_notes`, else ``Limits().simplify_seconds``) is a last resort: past
    it the reshaping fails with a ``LimitError``, never a second answer.
    """
    check_form(form)
    if not isinstance(expr, Expr) or expr.is_Atom:
        return expr
    if form != "default":
        warnings, seconds = active_notes(warnings, seconds)
        if expanded_terms(expr, FORM_TERMS) > FORM_TERMS:  # work, not time: deterministic
            if warnings is not None:
                warnings.append(f"--form {form}: the formula would have more than "
                                f"{FORM_TERMS:,} terms multiplied out; shown as it is")
            return readable_floors(expr)
        order = list(symbols)
        expr = within_seconds(lambda: _reshape(expr, form, order), seconds,
                              what=f"--form {form}")
    else:
        expr = common_factors(shortest(expr, list(symbols)))
    return readable_floors(expr)


def _reshape(expr: Expr, form: str, order: list[sympy.Symbol]) -> Expr:
    if form == "expand":
        return sympy.expand(expr)
    if form == "factor":
        return sympy.factor(expr)
    order = order or sorted(expr.free_symbols, key=str)
    return sympy.collect(sympy.expand(expr), [s for s in order if s in expr.free_symbols])


class ReadablePrinter(StrPrinter):
    """SymPy's ``str`` printer, with the model language's own spelling where SymPy's differs:
    ``max(a, b)``, ``min(a, b)``, ``abs(x)``, ``ceil(x)``, ``H % 2``, a case distinction as Python's
    ``(a if COND else b)`` and ``and``/``or``/``not`` (JSON keeps SymPy's names, which
    ``sympify`` reads back).

    >>> from symparams.symbolic.integers import symbol
    >>> H, d = symbol("H"), symbol("d")
    >>> e = sympy.Piecewise((sympy.Max(8, d) + 8, (d > 9) & (H > 2)), (sympy.Min(d, 4), True))
    >>> print(ReadablePrinter().doprint(e + sympy.Mod(H, 2)))
    (max(8, d) + 8 if H > 2 and d > 9 else min(4, d)) + H % 2
    >>> print(ReadablePrinter().doprint(-2*sympy.Mod(H, 2)), ReadablePrinter().doprint(
    ...     sympy.Mod(H + 1, 2*d)), ReadablePrinter().doprint(sympy.ceiling(H/2)))
    -2*(H % 2) (H + 1) % (2*d) ceil(H/2)
    """

    def _as_ordered_terms(self, expr, order=None) -> list:
        if (order or self.order) is None:  # SymPy's order, without its dense monomials
            return ordered_terms(expr)
        return super()._as_ordered_terms(expr, order)

    def _print_Max(self, expr) -> str:
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Min(self, expr) -> str:
        return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Abs(self, expr) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_ceiling(self, expr) -> str:
        return f"ceil({self._print(expr.args[0])})"  # the model language's name

    def parenthesize(self, item, level, strict=False) -> str:
        if isinstance(item, sympy.Mod) and level >= PRECEDENCE["Mul"]:
            return f"({self._print(item)})"  # 2*(i % 2), never 2*i % 2
        prec = precedence_of(item)  # StrPrinter's, without SymPy's negation of a product
        if prec < level or (not strict and prec <= level):
            return f"({self._print(item)})"
        return self._print(item)

    def _print_Add(self, expr, order=None) -> str:
        return sum_text(expr, self._as_ordered_terms(expr, order=order), self._print)

    def _print_Mul(self, expr) -> str:
        if any(isinstance(a, sympy.Mod) for a in expr.args) and expr.could_extract_minus_sign():
            return "-" + self._print(-expr)  # SymPy's own path loses the brackets of a Mod
        text = product_text(self, expr)  # the commonest products, without sort keys
        return super()._print_Mul(expr) if text is None else text

    def _print_Mod(self, expr) -> str:
        level = PRECEDENCE["Mul"]
        return f"{self.parenthesize(expr.args[0], level)} % " \
               f"{self.parenthesize(expr.args[1], level + 1)}"

    def _print_Piecewise(self, expr) -> str:
        parts = []
        for value, condition in expr.args:
            if condition == sympy.true:
                parts.append(self._print(value))
                break
            parts.append(f"{self._print(value)} if {self._print(condition)} else")
        else:
            parts.append("None")
        return "(" + " ".join(parts) + ")"

    def _print_Relational(self, expr) -> str:
        op = {"==": "==", "!=": "!="}.get(expr.rel_op, expr.rel_op)
        level = precedence(expr)
        return f"{self.parenthesize(expr.lhs, level)} {op} {self.parenthesize(expr.rhs, level)}"

    def _print_And(self, expr) -> str:
        return self._words(expr, " and ")

    def _print_Or(self, expr) -> str:
        return self._words(expr, " or ")

    def _print_Not(self, expr) -> str:
        return f"not {self.parenthesize(expr.args[0], PRECEDENCE['Not'])}"

    def _words(self, expr, word: str) -> str:
        level = precedence(expr)
        return word.join(self.parenthesize(a, level) for a in expr.args)


def readable_text(expr, form: str = "default") -> str:
    """``expr`` in a display form, printed by :class:`ReadablePrinter`.

    >>> from symparams.symbolic.integers import floordiv, symbol
    >>> readable_text(sympy.Max(8, floordiv(symbol("H") + 1, 2)))
    'max(8, floor((H + 1)/2))'
    """
    return _PRINTER.doprint(display(expr, form) if isinstance(expr, Expr) else expr)


class _RememberingPrinter(ReadablePrinter):
    """A :class:`ReadablePrinter` that prints each subexpression once: the formulas of one
    network share most of their parts (``floor((H + 3)/4)``, ``max(8, ...)``), and a
    subexpression prints the same wherever it stands (its brackets are its parent's)."""

    _KEPT = 20_000

    def __init__(self) -> None:
        super().__init__()
        self._printed: dict[Basic, str] = {}

    def _print(self, expr, **kwargs) -> str:
        if kwargs or not isinstance(expr, Basic) or expr.is_Float:  # a Float's digits depend
            return super()._print(expr, **kwargs)                    # on its depth
        text = self._printed.get(expr)
        if text is None:
            text = super()._print(expr)
            if len(self._printed) >= self._KEPT:
                self._printed.clear()
            self._printed[expr] = text
        return text


_PRINTER = _RememberingPrinter()
