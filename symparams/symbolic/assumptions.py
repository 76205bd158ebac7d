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
from .integers import fold_remainders, is_provably_ge, split_division, substitute

__all__ = [
    "Assumption",
    "Constraint",
    "Refiner",
    "build_assumptions",
    "check_assumptions",
    "refine",
    "refine_model",
    "constraints",
    "equalities",
    "equal_under",
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


def _floors(e: Expr) -> int:
    return sum(1 for node in sympy.preorder_traversal(e) if isinstance(node, (floor, ceiling)))


class Refiner:
    """Rewrites formulas under ``sym % m == 0`` facts: ``sym = m*t`` is substituted once per
    subexpression (the floor rules of :mod:`.integers` collapse ``floor(m*t/2)`` to
    ``(m/2)*t`` structurally, without asking SymPy's assumption system), then ``t = sym/m``
    brings back the user's symbol. Results are cached across every formula of a model.

    >>> from symparams.symbolic.integers import floordiv, symbol
    >>> H = symbol("H")
    >>> refiner = Refiner([(H, Integer(32))])
    >>> refiner(floordiv(floordiv(H, 2), 16)), refiner(floordiv(H + 5, 2) + floordiv(H, 3))
    (H/32, H/2 + floor(H/3) + 2)
    """

    def __init__(self, divisible: Sequence[tuple[sympy.Symbol, Expr]]) -> None:
        self.divisible = tuple(divisible)
        steps = [(sym, m, sympy.Dummy(sym.name, integer=True, positive=True))
                 for sym, m in self.divisible]
        self.forward = {sym: m * t for sym, m, t in steps}
        self.back = {t: sym / m for sym, m, t in steps}
        self._forward_cache: dict[Expr, Expr] = {}
        self._back_cache: dict[Expr, Expr] = {}
        self._results: dict[Expr, Expr] = {}

    def substituted(self, expr: Expr) -> Expr:
        """``expr`` with each ``sym`` replaced by ``m*t`` (floors rebuilt by the rules)."""
        return substitute(expr, self.forward, self._forward_cache)

    def __call__(self, expr: Expr) -> Expr:
        """``expr`` rewritten, if that leaves no more floors than it had."""
        if not isinstance(expr, Expr) or not expr.has(floor, ceiling, Mod) \
                or not (expr.free_symbols & self.forward.keys()):
            return expr
        if expr in self._results:
            return self._results[expr]
        out = substitute(self.substituted(expr), self.back, self._back_cache)
        result = out if _floors(out) <= _floors(expr) else expr
        self._results[expr] = result
        return result


def refine(expr: Expr, divisible: Sequence[tuple[sympy.Symbol, Expr]]) -> Expr:
    """``expr`` rewritten under ``sym % m == 0`` for each pair (see :class:`Refiner`).

    >>> from symparams.symbolic.integers import floordiv, symbol
    >>> H = symbol("H")
    >>> refine(floordiv(floordiv(H, 2), 16), [(H, Integer(32))])
    H/32
    """
    return Refiner(divisible)(expr)


def refine_model(model):
    """The model with every formula refined by its divisibility assumptions (one
    :class:`Refiner` for the whole model: shared subexpressions are rewritten once)."""
    divisible = [d for a in model.assumptions if (d := a.divisibility()) is not None]
    if not divisible:
        return model
    r = Refiner(divisible)

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
    rules = equalities(assumptions)
    assumed: dict[Expr, Integer] = {}
    for a in assumptions:
        b = a.bound()
        if b is not None:
            assumed[b[0]] = max(assumed.get(b[0], b[1]), b[1])
    best: dict[object, tuple[Expr, Integer, str]] = {}
    order: list[object] = []
    work = 0  # nodes of the conditions simplified so far: a budget in work, not time
    for cond in conditions:
        if rules:  # in the symbols the equalities keep: "W >= 2" is "H >= 2" if H == W
            cond = replace(cond, lhs=sympy.expand(cond.lhs.xreplace(rules)),
                           rhs=sympy.expand(cond.rhs.xreplace(rules)))
        if cond.kind == "multiple":
            if cond.lhs.is_Integer and cond.rhs.is_Integer:
                continue
            key = ("%", cond.lhs, cond.rhs)
            if key not in best:
                best[key] = (cond.lhs, cond.rhs, cond.what)
                order.append(key)
            continue
        work += _size(cond.lhs - cond.rhs)
        affordable = work <= CONSTRAINT_WORK  # past the budget: kept as written
        normal = _normalize(cond.lhs - cond.rhs) if affordable else None
        if normal is None:
            if affordable and is_provably_ge(cond.lhs, cond.rhs):
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
_MAX_COMPARISONS = 100  # is_provably_ge calls in one _drop_implied

#: Most expression-tree nodes (of ``lhs - rhs``) that :func:`constraints` simplifies for one
#: model, and that :func:`_drop_implied` compares: past it, conditions are kept as written
#: (still right, less tidy). A count of work, so every machine shows the same constraints;
#: no example comes near it, a chain of 20 symbolic convolutions does.
CONSTRAINT_WORK = 3_000


def _size(expr: Expr) -> int:
    """Nodes of ``expr``'s tree (shared subtrees counted each time)."""
    return sum(1 for _ in sympy.preorder_traversal(expr))


def _drop_implied(order: list, best: dict, assumed: dict) -> list:
    """Leave out each linear bound ``p >= m`` that another bound (or an assumption) implies
    for every positive integer value: ``H >= 3*k - 1`` makes ``H >= k + 1`` redundant."""
    linear = [key for key in order if not isinstance(key, tuple)]
    if len(linear) + len(assumed) > _MAX_PAIRWISE:
        return order
    slack = {key: best[key][0] - best[key][1] for key in linear}
    stronger = list(slack.items()) + [(None, p - m) for p, m in assumed.items()]
    dropped = set()
    budget = _MAX_COMPARISONS  # work, not time: the same bounds are shown on any machine
    sizes = {id(e): _size(e) for _key, e in stronger}
    work = CONSTRAINT_WORK
    for key in linear:
        for other, other_slack in stronger:
            if other == key or other in dropped:
                continue
            budget -= 1
            work -= sizes[id(slack[key])] + sizes[id(other_slack)]
            if budget < 0 or work < 0:
                return [key for key in order if key not in dropped]
            if is_provably_ge(slack[key], other_slack):
                dropped.add(key)
                break
    return [key for key in order if key not in dropped]
