"""Fast paths for printing the commonest products and sums, with exactly the text SymPy's
printer gives.

``StrPrinter._print_Mul`` orders a product's factors by ``sort_key``, and the key of a sum
factor is built from SymPy's dense ``as_ordered_terms()``: most of the time of printing a
layer's count such as ``d5*(d4 + 1)``. For a product of an integer, symbols (or their
positive integer powers) and other factors (sums, functions such as ``floor``), the order is
known with few keys: the number, then the symbols by name, then the other factors (their
classes sort after every symbol's) by their keys, which SymPy keeps once made.
:func:`product_text` prints such a product as SymPy would and declines (``None``) anything
else.

SymPy's ``precedence`` of a product asks whether it ``could_extract_minus_sign()``, which
builds the negated product and asks its coefficient's sign through the assumptions system:
most of the time of printing a compute column's ``9408*floor((H + 1)/2)*floor((W + 1)/2)``,
whose brackets every enclosing sum and product asks about. :func:`precedence_of` gives the
same number from the coefficient's sign, and :func:`sum_text` is ``StrPrinter._print_Add``
with it.

>>> from sympy import Symbol, StrPrinter, floor
>>> d4, d5, k, H, W = (Symbol(n) for n in ("d4", "d5", "k", "H", "W"))
>>> product_text(StrPrinter(), d5*(d4 + 1)), str(d5*(d4 + 1))
('d5*(d4 + 1)', 'd5*(d4 + 1)')
>>> product_text(StrPrinter(), -3*k**2*d5*floor(d4/2)), str(-3*k**2*d5*floor(d4/2))
('-3*d5*k**2*floor(d4/2)', '-3*d5*k**2*floor(d4/2)')
>>> e = 64*floor(W/2)*floor(H/2)*(k + 1)
>>> product_text(StrPrinter(), e), str(e)
('64*(k + 1)*floor(H/2)*floor(W/2)', '64*(k + 1)*floor(H/2)*floor(W/2)')
>>> product_text(StrPrinter(), d5/(d4 + 1)) is None  # a denominator: SymPy's path
True
>>> precedence_of(-2*H*W), precedence_of(2*H*W), precedence_of(H + 1)
(40, 50, 40)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sympy import Expr, Function, Integer, Mul, Pow, Symbol, zoo
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.printer import Printer

from .term_order import sort_key

__all__ = ["product_text", "precedence_of", "sum_text"]

_ONE = Integer(1)  # SymPy's singleton one (S is not imported: S('text') parses)
_MUL, _ADD = PRECEDENCE["Mul"], PRECEDENCE["Add"]

#: The first entry of each class's ``class_key()``, by class: SymPy's ``Function.class_key``
#: looks up the class's ``nargs`` (a set it builds) on every call.
_CLASS_RANK: dict[type, int] = {}


def _class_rank(kind: type) -> int:
    rank = _CLASS_RANK.get(kind)
    if rank is None:
        rank = _CLASS_RANK[kind] = kind.class_key()[0]
    return rank


def product_text(printer: Printer, expr: Expr) -> str | None:
    """``expr`` (a ``Mul``) as ``StrPrinter._print_Mul`` run by ``printer`` prints it, or
    ``None`` when it is not of the simple kind this path knows (then use SymPy's)."""
    args = expr.args
    if not isinstance(expr, Mul) or args[0] is _ONE or not expr.is_commutative \
            or printer.order in ("old", "none"):
        return None
    coeff = args[0] if args[0].is_Number else _ONE
    if not coeff.is_Integer:
        return None
    named: list[tuple[str, Expr]] = []
    others: list[Expr] = []
    for factor in args[1:] if coeff is args[0] else args:
        if type(factor) is Symbol:
            named.append((factor.name, factor))
        elif isinstance(factor, Pow):
            base, exp = factor.args
            if type(base) is not Symbol or not exp.is_Integer or exp <= 0:
                return None
            named.append((base.name, factor))
        elif not factor.is_Atom and not factor.is_Mul and factor.is_commutative \
                and _class_rank(type(factor)) > 2:
            others.append(factor)
        else:
            return None
    if len({name for name, _ in named}) != len(named):
        return None  # two symbols of one name: SymPy's key would go on to compare more
    prec = precedence_of(expr)
    number = int(coeff.p)  # Python's int: SymPy's comparisons sympify their operand first
    sign = "-" if number < 0 else ""
    factors: list[Expr] = [Integer(abs(number))] if abs(number) != 1 else []
    factors += [factor for _, factor in sorted(named, key=lambda pair: pair[0])]
    # SymPy sorts every factor by its key: the others' classes sort after the symbols'
    factors += sorted(others, key=sort_key) if len(others) > 1 else others
    return sign + "*".join(printer.parenthesize(f, prec, strict=False) for f in factors)


def precedence_of(item: object) -> int:
    """``sympy.printing.precedence.precedence(item)``, for a product with a rational
    coefficient found from the coefficient's sign alone.

    SymPy's is ``Add``'s for a product that ``could_extract_minus_sign()`` (unless a factor
    is a function of lower precedence), else ``Mul``'s. That is: the product differs from
    its negation (true unless ``zoo`` is its first other factor, when SymPy's negation keeps
    the sign) and its first argument is a negative number.
    """
    if type(item) is Mul:
        args = item.args
        first = args[0]
        if first.is_Rational and len(args) > 1 and args[1] is not zoo:
            if first.p >= 0 or any(isinstance(a, Function) and hasattr(a, "precedence")
                                   and a.precedence < _MUL for a in args):
                return _MUL
            return _ADD
    return precedence(item)


def sum_text(expr: Expr, terms: Sequence[Expr], show: Callable[[Expr], str]) -> str:
    """``StrPrinter._print_Add``'s text of the sum ``expr`` whose terms, in the printer's
    order, are ``terms``, each printed by ``show`` (the printer's ``_print``), with
    :func:`precedence_of` for SymPy's ``precedence``."""
    prec = precedence_of(expr)
    parts: list[str] = []
    for term in terms:
        text = show(term)
        if text.startswith("-") and not term.is_Add:
            sign, text = "-", text[1:]
        else:
            sign = "+"
        parts += [sign, f"({text})" if precedence_of(term) < prec or term.is_Add else text]
    sign = parts.pop(0)
    return ("" if sign == "+" else sign) + " ".join(parts)
