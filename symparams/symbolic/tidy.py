"""The textbook default form of a formula, part by part: a bias's shared factor written in
front (``16*(E + 1)``), a sum shared by several terms pulled out where that prints shorter,
and each floor or ceiling of ``x/b`` written ``floor((x)/b)``. Each rule is worked out once
per distinct subexpression: a network's formulas share most of their parts.

>>> from symparams.symbolic.integers import symbol
>>> E = symbol("E")
>>> print(common_factors(16*E + 16))
16*(E + 1)
"""

from __future__ import annotations

from functools import wraps
from math import gcd

import sympy
from sympy import Add, Expr, Integer, Mul, Rational, ceiling, floor
from sympy.functions.elementary.piecewise import ExprCondPair

from ..limits import expanded_terms
from .integers import split_division

__all__ = ["common_factors", "shortest", "readable_floors", "SHORTEST_TERMS"]


#: Most subexpressions :func:`common_factors` and :func:`readable_floors` remember.
_KEPT = 20_000


def _per_subexpression(rule):
    """``rule`` (a function of one expression alone) worked out once per distinct
    subexpression: the formulas of one network share most of their parts
    (``floor((H + 3)/4)``), and each part reads the same wherever it stands. A part left
    as it is is returned itself (callers test ``is``), not an equal one seen before."""
    done: dict[Expr, Expr | None] = {}  # None: unchanged, so ``expr`` itself is returned

    @wraps(rule)
    def remembered(expr: Expr) -> Expr:
        if expr.is_Atom:
            return rule(expr)
        out = done.get(expr, expr)
        if out is expr:
            if len(done) >= _KEPT:
                done.clear()
            out = rule(expr)
            done[expr] = None if out is expr else out
        return expr if out is None else out

    return remembered


@_per_subexpression
def common_factors(expr: Expr) -> Expr:
    """Each sum with a constant term whose integer coefficients share a factor that one of
    its terms has alone (positive) written with it in front, as a layer with a symbolic
    width is: ``16*(E + 1)`` like ``n*(v + 1)`` (SymPy multiplies a number into a sum,
    ``16*E + 16``); an unevaluated product, equal to ``expr``.

    >>> from symparams.symbolic.integers import symbol
    >>> E, h = symbol("E"), symbol("h")
    >>> print(common_factors(16*E + 16), common_factors(h*(E + h) + 2*h + 1),
    ...       common_factors(E*(4*h + 4)))
    16*(E + 1) h*(E + h) + 2*h + 1 4*E*(h + 1)
    """
    if expr.is_Atom:  # (a part without a sum comes back itself: its parts all do)
        return expr
    args = [common_factors(a) for a in expr.args]
    if isinstance(expr, sympy.Add):
        coefficients = [a.as_coeff_Mul()[0] for a in expr.args]
        if all(c.is_Integer for c in coefficients):
            content = 0
            for c in coefficients:
                content = gcd(content, abs(int(c)))
            # only a sum with a constant (a bias) and a term then plain: 16*(E + 1), not
            # 2*(3*E*h + 2) nor 2*(d*f + 2*d**2)
            if content > 1 and any(a.is_Number for a in expr.args) and any(
                    c == content for c, a in zip(coefficients, expr.args, strict=True)
                    if not a.is_Number):
                inner = sympy.Add(*(a / content for a in expr.args))
                return Mul(Integer(content), common_factors(inner), evaluate=False)
    if all(x is y for x, y in zip(args, expr.args, strict=True)):
        return expr
    if isinstance(expr, sympy.Mul):  # E*(4*(h + 1)) is 4*E*(h + 1)
        number, rest = Integer(1), []
        for a in args:
            parts = a.args if isinstance(a, sympy.Mul) and a.args[0].is_Number else (a,)
            for part in parts:
                if part.is_Number:
                    number *= part
                else:
                    rest.append(part)
        return Mul(*([number] if number != 1 else []), *rest, evaluate=False)
    return expr.func(*args, evaluate=False)


#: The most terms the expanded sum may have for :func:`shortest` to try other forms; the
#: work is counted in terms, so the form shown is the same on an idle or a loaded machine.
SHORTEST_TERMS = 60


def shortest(expr: Expr, order: list[sympy.Symbol] | None = None) -> Expr:
    """The default form of a sum: ``expr`` as built, unless a sum that several of its terms
    share as a factor of another sum (a repeated stage's count ``(n2 - 1)`` times its
    trainable and its non-trainable sums), pulled out and its cofactors collected, prints
    shorter. Any other sum (a model's total, layer by layer) stays as built.

    >>> from symparams.symbolic.integers import symbol
    >>> n, t, u = symbol("n2"), symbol("t"), symbol("u")
    >>> print(shortest((n - 1)*(96*t + 48) + (n - 1)*(1464*t + 48) + 7))
    (n2 - 1)*(1560*t + 96) + 7
    >>> print(shortest(n*(t + 1) + u*(t + 2)))
    n2*(t + 1) + u*(t + 2)
    """
    if not expr.is_Add or expr.has(sympy.Piecewise) or \
            expanded_terms(expr, SHORTEST_TERMS + 1) > SHORTEST_TERMS:
        return expr
    terms = Add.make_args(expr)
    seen: dict[Expr, int] = {}
    for term in terms:  # count only a sum times a sum: a repeated block's own total
        for factor in set(Mul.make_args(term)):
            if factor.is_Add and factor.free_symbols and _cofactor_is_sum(term, factor):
                seen[factor] = seen.get(factor, 0) + 1
    shared = sorted((f for f, k in seen.items() if k > 1), key=sympy.default_sort_key)
    if not shared:
        return expr
    best, length = expr, len(str(readable_floors(expr)))
    for factor in shared[:8]:
        inside = [t for t in terms if factor in Mul.make_args(t) and (t / factor).is_Add]
        rest = [t for t in terms if t not in inside]
        pulled = Add(Mul(factor, sympy.expand(Add(*(t / factor for t in inside)))), *rest)
        size = len(str(readable_floors(pulled)))
        if size < length:
            best, length = pulled, size
    return best


def _cofactor_is_sum(term: Expr, factor: Expr) -> bool:
    """Whether ``term / factor`` is a sum (``factor`` one of ``term``'s factors), read off
    ``term``'s other factors rather than divided out: one sum, or a number and a sum (SymPy
    multiplies a finite number into a sum: ``2*(x + 1)`` is ``2*x + 2``)."""
    others = list(Mul.make_args(term))
    others.remove(factor)
    if len(others) == 2 and others[0].is_Number and others[0].is_finite:
        others = others[1:]
    return len(others) == 1 and others[0].is_Add


def readable_floors(expr: Expr) -> Expr:
    """Each ``floor(z)``/``ceiling(z)`` with ``z = x/b`` (``b`` an integer) printed as
    ``floor((x)/b)``.

    >>> from symparams.symbolic.integers import symbol
    >>> H = symbol("H")
    >>> str(readable_floors(3*sympy.ceiling(H/4 + sympy.Rational(3, 4)) + 1))
    '3*ceiling((H + 3)/4) + 1'
    """
    # each part once (remembered), not a search of the whole formula for a floor first: a
    # part without one comes back itself
    return expr if expr.is_Atom else _readable_walk(expr)


@_per_subexpression
def _readable_walk(e: Expr) -> Expr:
    if e.is_Atom:
        return e
    if isinstance(e, (floor, ceiling)):
        return _readable(type(e), readable_floors(e.args[0]), e.args[0])
    args = [readable_floors(a) for a in e.args]
    if all(x is y for x, y in zip(args, e.args, strict=True)):
        return e
    if isinstance(e, ExprCondPair):  # a case of a Piecewise takes no evaluate=
        return ExprCondPair(*args)
    return e.func(*args, evaluate=False)


def _readable(kind, inner: Expr, original: Expr) -> Expr:
    parts = split_division(original)
    if parts is None or not parts[1].is_Integer or parts[1] == 1:
        return kind(inner, evaluate=False)
    x, b = parts
    x = readable_floors(x)
    return kind(Mul(Rational(1, int(b)), x, evaluate=False), evaluate=False)
