"""What a model assumes (``assume H % 32 == 0, k <= H``).

An assumption is checked at concrete values (a value that breaks one is an
``InvalidValueError`` pointing at it) and used to simplify: with ``H % 32 == 0`` every
formula is rewritten as if ``H = 32*t`` and then ``t = H/32`` (:mod:`.refine`), so five
``MaxPool2D(2)`` on height ``H`` give ``H/32`` rather than ``floor(H/32)``; ``==``
assumptions let sizes be compared (:func:`equal_under`); bounds drop the validity
constraints they imply (:mod:`.constraints`).

>>> import symparams
>>> doc = symparams.parse('''
... model a(H=224, k=3):
...     assume H % 32 == 0
...     Input(shape=(H, H, 3))
...     MaxPool2D(2)
...     MaxPool2D(2)
...     MaxPool2D(2)
...     MaxPool2D(2)
...     MaxPool2D(2)
... ''')
>>> doc["a"].output_shape[0], [str(c) for c in doc["a"].constraints]
(H/32, ['H >= 32'])
>>> try:
...     doc["a"].evaluate(H=100)
... except symparams.InvalidValueError as err:
...     print(err)
<string>:3:12: error: assumption 'H % 32 == 0' does not hold at H=100
        assume H % 32 == 0
               ^~~~~~~~~~~
hint: change the values (--set NAME=INT) or the assumption
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence

import sympy
from sympy import Expr, Integer, Mod

from ..errors import InvalidValueError, SourceSpan
from ..guard import guarded_xreplace
from ..record import Record, record
from .bounds import normalize
from .refine import Refiner

__all__ = [
    "Assumption",
    "build_assumptions",
    "check_assumptions",
    "equalities",
    "equal_under",
]

_OPS: dict[str, Callable[[int, int], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


@record
class Assumption(Record):
    """``lhs op rhs`` as the model states it; ``text`` is the source as written."""

    op: str
    lhs: Expr
    rhs: Expr
    text: str
    span: SourceSpan | None = None

    def holds(self, subs: Mapping[sympy.Symbol, Integer]) -> bool | None:
        """Whether it holds at these values (None if a symbol is missing)."""
        # guarded: 2**L at L=10**9 is refused (LimitError) before it is computed
        lhs, rhs = (guarded_xreplace(e, subs, span=self.span) for e in (self.lhs, self.rhs))
        if not (lhs.is_Integer and rhs.is_Integer):
            return None
        return _OPS[self.op](int(lhs), int(rhs))

    def divisibility(self) -> tuple[sympy.Symbol, Expr] | None:
        """``(H, 32)`` for ``H % 32 == 0`` (also ``0 == H % 32``), else None."""
        if self.op != "==":
            return None
        for mod, zero in ((self.lhs, self.rhs), (self.rhs, self.lhs)):
            if isinstance(mod, Mod) and zero == 0:
                sym, m = mod.args
                if isinstance(sym, sympy.Symbol) and m.is_positive and m.is_integer \
                        and sym not in m.free_symbols:
                    return sym, m
        return None

    def bound(self) -> tuple[Expr, Integer] | None:
        """As a normalized linear bound ``(p, m)`` meaning ``p >= m``, if it is one."""
        diff = {">=": self.lhs - self.rhs, ">": self.lhs - self.rhs - 1,
                "<=": self.rhs - self.lhs, "<": self.rhs - self.lhs - 1}.get(self.op)
        return None if diff is None else normalize(diff)


def _source_text(span: SourceSpan) -> str:
    if span.end_line == span.line and span.end_column:
        return span.source_line()[span.column - 1 : span.end_column - 1].strip()
    return span.source_line()[span.column - 1 :].strip()


def build_assumptions(
    statements: Iterable, build: Callable, span_of: Callable
) -> tuple[Assumption, ...]:
    """The ``assume`` statements of a model (``ast.Assume``), their expressions built with
    ``build``; constant ones are decided now."""
    result = []
    for statement in statements:
        for comp in statement.comparisons:
            span = span_of(comp.pos)
            lhs, rhs = build(comp.left), build(comp.right)
            assumption = Assumption(comp.op, lhs, rhs, _source_text(span) if span else
                                    f"{lhs} {comp.op} {rhs}", span)
            if assumption.holds({}) is False:
                raise InvalidValueError(f"assumption '{assumption.text}' is false", span)
            result.append(assumption)
    return tuple(result)


def check_assumptions(
    assumptions: Sequence[Assumption], subs: Mapping[sympy.Symbol, Integer]
) -> None:
    """Raise ``InvalidValueError`` naming the first assumption these values break."""
    for assumption in assumptions:
        if assumption.holds(subs) is False:
            used = sorted(assumption.lhs.free_symbols | assumption.rhs.free_symbols, key=str)
            at = ", ".join(f"{s}={subs[s]}" for s in used if s in subs)
            raise InvalidValueError(
                f"assumption '{assumption.text}' does not hold at {at}",
                assumption.span,
                hint="change the values (--set NAME=INT) or the assumption",
            )


# -- equalities ------------------------------------------------------------------------------


def equalities(assumptions: Sequence[Assumption]) -> dict[sympy.Symbol, Expr]:
    """What ``assume d == e`` (and every other ``==`` that is not a divisibility) lets one
    write instead of a symbol: each equality solved for a symbol it holds linearly with a
    constant coefficient (the last such by name), earlier solutions substituted in.

    >>> from symparams.symbolic.integers import symbol
    >>> d, e, n = symbol("d"), symbol("e"), symbol("n")
    >>> equalities([Assumption("==", d, e, "d == e"), Assumption("==", 2*n, d, "2*n == d")])
    {e: d, n: d/2}
    """
    rules: dict[sympy.Symbol, Expr] = {}
    for assumption in assumptions:
        if assumption.op != "==" or assumption.divisibility() is not None:
            continue
        diff = sympy.expand((assumption.lhs - assumption.rhs).xreplace(rules))
        for sym in sorted(diff.free_symbols, key=str, reverse=True):
            if not diff.is_polynomial(sym) or sympy.degree(diff, sym) != 1:
                continue
            coefficient = diff.coeff(sym, 1)
            if not coefficient.is_Number:
                continue
            solution = sympy.expand(-(diff - coefficient * sym) / coefficient)
            rules = {s: sympy.expand(r.xreplace({sym: solution})) for s, r in rules.items()}
            rules[sym] = solution
            break
    return rules


def equal_under(assumptions: Sequence[Assumption]) -> Callable[[Expr], Expr] | None:
    """A rewriting of an expression by the model's ``==`` assumptions (``assume d == e``)
    and divisibilities (``assume H % 32 == 0``: ``H = 32*t`` makes ``floor(H/32) = t``), for
    deciding whether two sizes are equal; None if there are none.

    >>> from symparams.symbolic.integers import floordiv, symbol
    >>> d, e = symbol("d"), symbol("e")
    >>> rewrite = equal_under([Assumption("==", d, e, "d == e")])
    >>> rewrite(floordiv(d, 2) - floordiv(e, 2))
    0
    """
    rules = equalities(assumptions)
    divisible = [d for a in assumptions if (d := a.divisibility()) is not None]
    if not rules and not divisible:
        return None

    refiner = Refiner(divisible) if divisible else None

    def rewrite(expr: Expr) -> Expr:
        out = sympy.expand(expr.xreplace(rules)) if rules else expr
        if refiner is not None:  # H = m*t makes floor(H/m) = t exactly
            out = sympy.expand(refiner.substituted(out))
        return out

    return rewrite


