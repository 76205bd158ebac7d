"""What a model assumes (``assume H % 32 == 0, k <= H``) and what its layers need.

An assumption is checked at concrete values (a value that breaks one is an
``InvalidValueError`` pointing at it) and used to simplify: with ``H % 32 == 0`` every
formula is rewritten as if ``H = 32*t`` and then ``t = H/32``, so five ``MaxPool2D(2)`` on
height ``H`` give ``H/32`` rather than ``floor(H/32)``. A layer's validity conditions are
collected into :class:`Constraint` s: floors removed exactly (``floor(x/b) >= c`` is
``x >= b*c``), the strongest bound kept per expression, and those implied by an assumption
or true for every positive integer dropped.

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
... model b(H=224, k=3):
...     Input(shape=(H, H, 3))
...     Conv2D(8, k, k)
...     MaxPool2D(2)
...     MaxPool2D(2)
... ''')
>>> doc["a"].output_shape[0], [str(c) for c in doc["a"].constraints]
(H/32, ['H >= 32'])
>>> [str(c) for c in doc["b"].constraints]
['H >= k + 3']
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
from dataclasses import dataclass, replace
from math import gcd

import sympy
from sympy import Add, Expr, Integer, Mod, ceiling, floor

from ..errors import InvalidValueError, SourceSpan
from ..guard import guarded_xreplace
from .integers import fold_remainders, is_provably_ge, refloor, split_division

__all__ = [
    "Assumption",
    "Constraint",
    "build_assumptions",
    "check_assumptions",
    "refine_model",
    "constraints",
]

_OPS: dict[str, Callable[[int, int], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


@dataclass(frozen=True)
class Assumption:
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
        return None if diff is None else _normalize(diff)


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


# -- simplifying under divisibility --------------------------------------------------------


def _weight(e: Expr) -> tuple[int, int]:
    return (len(e.atoms(floor, ceiling)), sympy.count_ops(e))


def refine(expr: Expr, divisible: Sequence[tuple[sympy.Symbol, Expr]]) -> Expr:
    """``expr`` rewritten under ``sym % m == 0`` for each pair, if that makes it simpler.

    >>> from symparams.symbolic.integers import floordiv, symbol
    >>> H = symbol("H")
    >>> refine(floordiv(floordiv(H, 2), 16), [(H, Integer(32))])
    H/32
    """
    if not isinstance(expr, Expr) or not expr.has(floor, ceiling, Mod):
        return expr
    out = expr
    for sym, m in divisible:
        if sym not in out.free_symbols:
            continue
        t = sympy.Dummy(sym.name, integer=True, positive=True)
        out = refloor(out.xreplace({sym: m * t})).xreplace({t: sym / m})
    return out if _weight(out) < _weight(expr) else expr


def refine_model(model):
    """The model with every formula refined by its divisibility assumptions."""
    divisible = [d for a in model.assumptions if (d := a.divisibility()) is not None]
    if not divisible:
        return model

    def r(e):
        return refine(e, divisible)

    def refine_layer(layer):
        return replace(
            layer,
            input_shape=tuple(r(d) for d in layer.input_shape),
            output_shape=tuple(r(d) for d in layer.output_shape),
            trainable=r(layer.trainable),
            non_trainable=r(layer.non_trainable),
            conditions=tuple(replace(c, lhs=r(c.lhs), rhs=r(c.rhs)) for c in layer.conditions),
            layers=tuple(refine_layer(inner) for inner in layer.layers),  # a block's rows
        )

    return replace(model, layers=tuple(refine_layer(layer) for layer in model.layers))


# -- validity constraints -------------------------------------------------------------------


@dataclass(frozen=True)
class Constraint:
    """``lhs op rhs`` (op ``>=``, ``<=`` or ``%``) a model needs; ``what`` says which layer
    and dimension asked for it first."""

    lhs: Expr
    op: str
    rhs: Expr
    what: str = ""

    def __str__(self) -> str:
        from .forms import readable_text

        if self.op == "%":
            return f"{readable_text(self.lhs)} % {readable_text(self.rhs)} == 0"
        return f"{readable_text(self.lhs)} {self.op} {readable_text(self.rhs)}"


def _without_floors(diff: Expr) -> Expr:
    """``diff >= 0`` rewritten without top-level floors, exactly (integers throughout)."""
    for _ in range(20):
        diff = sympy.expand(diff)
        found = [t for t in Add.make_args(diff) if isinstance(t, (floor, ceiling))
                 or (isinstance(-t, (floor, ceiling)))]
        if len(found) != 1:
            return diff
        term = found[0]
        sign = 1 if isinstance(term, (floor, ceiling)) else -1
        f = term if sign == 1 else -term
        rest = diff - term
        parts = split_division(f.args[0])
        if parts is None or not rest.is_integer:
            return diff
        x, b = parts
        if isinstance(f, floor):  # floor(x/b) >= -rest  |  floor(x/b) <= rest
            diff = x + b * rest if sign == 1 else b * (rest + 1) - 1 - x
        else:  # ceiling(x/b) >= -rest  |  ceiling(x/b) <= rest
            diff = x + b * (rest + 1) - 1 if sign == 1 else b * rest - x
    return diff


def _remainders_folded(diff: Expr) -> Expr:
    """``H + Mod(H, 2) - 4 >= 0`` as ``ceiling(H/2) - 2 >= 0`` (then ``H >= 3``): remainders
    folded into roundings, the common factor of the other terms divided out."""
    if not diff.has(sympy.Mod):
        return diff
    diff = fold_remainders(diff)
    const, p = diff.as_coeff_Add()
    coeffs = [t.as_coeff_Mul()[0] for t in Add.make_args(p)]
    if p == 0 or not const.is_Integer or not all(c.is_Integer for c in coeffs):
        return diff
    g = 0
    for c in coeffs:
        g = gcd(g, int(c))
    if g <= 1:
        return diff
    return sympy.expand(p / g) + (int(const) // g)  # p + c >= 0 iff p/g >= ceil(-c/g)


def _normalize(diff: Expr) -> tuple[Expr, Integer] | None:
    """``diff >= 0`` as ``(p, m)``: ``p >= m``, ``p`` with coprime integer coefficients."""
    diff = _without_floors(_remainders_folded(diff))
    scale = 1
    for term in Add.make_args(diff):
        c = term.as_coeff_Mul()[0]
        if c.is_Rational:
            scale = scale * int(c.q) // gcd(scale, int(c.q))
    if scale > 1:
        diff = sympy.expand(diff * scale)
    const, p = diff.as_coeff_Add()
    if not const.is_Rational or p == 0:
        return None
    coeffs = [t.as_coeff_Mul()[0] for t in Add.make_args(p)]
    if not all(c.is_Integer for c in coeffs):
        return None
    g = 0
    for c in coeffs:
        g = gcd(g, int(c))
    bound = -(int(const) // g) if const.is_Integer else sympy.ceiling(-const / g)
    return sympy.expand(p / g), Integer(bound)


def _as_constraint(p: Expr, m: Integer, what: str) -> Constraint:
    pos = Add(*[t for t in Add.make_args(p) if t.as_coeff_Mul()[0] > 0])
    neg = Add(*[-t for t in Add.make_args(p) if t.as_coeff_Mul()[0] < 0])
    if pos == 0:
        return Constraint(neg, "<=", -m, what)
    return Constraint(pos, ">=", neg + m, what)


def constraints(conditions: Iterable, assumptions: Sequence[Assumption] = ()) -> list[Constraint]:
    """Conditions (``registry.Condition``) simplified: floors removed, duplicates merged, the
    strongest bound per expression, and those that always hold or that an assumption implies
    dropped, in first-seen order.

    >>> from symparams.symbolic.integers import floordiv, symbol
    >>> from symparams.layers.registry import Condition
    >>> H, k = symbol("H"), symbol("k")
    >>> conds = [Condition(H, k, "input height"), Condition(floordiv(H - k + 1, 2), 2, "h"),
    ...          Condition(k, 1, "kernel")]
    >>> [str(c) for c in constraints(conds)]
    ['H >= k + 3']
    """
    assumed: dict[Expr, Integer] = {}
    for a in assumptions:
        b = a.bound()
        if b is not None:
            assumed[b[0]] = max(assumed.get(b[0], b[1]), b[1])
    best: dict[object, tuple[Expr, Integer, str]] = {}
    order: list[object] = []
    for cond in conditions:
        if cond.kind == "multiple":
            if cond.lhs.is_Integer and cond.rhs.is_Integer:
                continue
            key = ("%", cond.lhs, cond.rhs)
            if key not in best:
                best[key] = (cond.lhs, cond.rhs, cond.what)
                order.append(key)
            continue
        normal = _normalize(cond.lhs - cond.rhs)
        if normal is None:
            if is_provably_ge(cond.lhs, cond.rhs):
                continue
            key = (">=", cond.lhs, cond.rhs)
            if key not in best:
                best[key] = (cond.lhs, cond.rhs, cond.what)
                order.append(key)
            continue
        p, m = normal
        if is_provably_ge(p, m) or (p in assumed and assumed[p] >= m):
            continue
        if p not in best:
            order.append(p)
            best[p] = (p, m, cond.what)
        elif m > best[p][1]:
            best[p] = (p, m, best[p][2])
    order = _drop_implied(order, best, assumed)
    out = []
    for key in order:
        lhs, rhs, what = best[key]
        if isinstance(key, tuple):
            out.append(Constraint(lhs, "%" if key[0] == "%" else ">=", rhs, what))
        else:
            out.append(_as_constraint(lhs, rhs, what))
    return out


_MAX_PAIRWISE = 200


def _drop_implied(order: list, best: dict, assumed: dict) -> list:
    """Leave out each linear bound ``p >= m`` that another bound (or an assumption) implies
    for every positive integer value: ``H >= 3*k - 1`` makes ``H >= k + 1`` redundant."""
    linear = [key for key in order if not isinstance(key, tuple)]
    if len(linear) + len(assumed) > _MAX_PAIRWISE:
        return order
    slack = {key: best[key][0] - best[key][1] for key in linear}
    stronger = list(slack.items()) + [(None, p - m) for p, m in assumed.items()]
    dropped = set()
    for key in linear:
        for other, other_slack in stronger:
            if other == key or other in dropped:
                continue
            if is_provably_ge(slack[key], other_slack):
                dropped.add(key)
                break
    return [key for key in order if key not in dropped]
