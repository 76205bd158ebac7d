"""A fast path for printing the commonest products, with exactly the text SymPy's printer gives.

``StrPrinter._print_Mul`` orders a product's factors by ``sort_key``, and the key of a sum
factor is built from SymPy's dense ``as_ordered_terms()``: most of the time of printing a
layer's count such as ``d5*(d4 + 1)``. For a product of an integer, symbols (or their
positive integer powers) and at most one other factor (a sum, a function), the order is known
without any key: the number, then the symbols by name, then the other factor (its class sorts
after every symbol's). :func:`product_text` prints such a product as SymPy would and declines
(``None``) anything else.

>>> from sympy import Symbol, StrPrinter, floor
>>> d4, d5, k = Symbol("d4"), Symbol("d5"), Symbol("k")
>>> product_text(StrPrinter(), d5*(d4 + 1)), str(d5*(d4 + 1))
('d5*(d4 + 1)', 'd5*(d4 + 1)')
>>> product_text(StrPrinter(), -3*k**2*d5*floor(d4/2)), str(-3*k**2*d5*floor(d4/2))
('-3*d5*k**2*floor(d4/2)', '-3*d5*k**2*floor(d4/2)')
>>> product_text(StrPrinter(), d5*(d4 + 1)*(k + 1)) is None  # two sums: SymPy's path
True
"""

from __future__ import annotations

from sympy import Expr, Integer, Mul, Pow, Symbol
from sympy.printing.precedence import precedence
from sympy.printing.printer import Printer

__all__ = ["product_text"]

_ONE = Integer(1)  # SymPy's singleton one (S is not imported: S('text') parses)


def product_text(printer: Printer, expr: Expr) -> str | None:
    """``expr`` (a ``Mul``) as ``StrPrinter._print_Mul`` run by ``printer`` prints it, or
    ``None`` when it is not of the simple kind this path knows (then use SymPy's)."""
    args = expr.args
    if not isinstance(expr, Mul) or args[0] is _ONE or not expr.is_commutative:
        return None
    coeff = args[0] if args[0].is_Number else _ONE
    if not coeff.is_Integer:
        return None
    named: list[tuple[str, Expr]] = []
    other: Expr | None = None
    for factor in args[1:] if coeff is args[0] else args:
        if type(factor) is Symbol:
            named.append((factor.name, factor))
        elif isinstance(factor, Pow):
            base, exp = factor.args
            if type(base) is not Symbol or not exp.is_Integer or exp <= 0:
                return None
            named.append((base.name, factor))
        elif other is None and not factor.is_Atom and not factor.is_Mul \
                and factor.is_commutative and factor.class_key()[0] > 2:
            other = factor
        else:
            return None
    if len({name for name, _ in named}) != len(named):
        return None  # two symbols of one name: SymPy's key would go on to compare more
    prec = precedence(expr)
    sign = "-" if coeff < 0 else ""
    factors: list[Expr] = [Integer(abs(coeff))] if abs(coeff) != 1 else []
    factors += [factor for _, factor in sorted(named, key=lambda pair: pair[0])]
    if other is not None:
        factors.append(other)
    return sign + "*".join(printer.parenthesize(f, prec, strict=False) for f in factors)
