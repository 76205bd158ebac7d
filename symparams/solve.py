"""Solve for one symbol: the largest value within a parameter budget, or every value that
gives exactly a count. Exact at any size: no floats anywhere.

The other symbols are fixed (example values, overridden by ``values``), so every count and
condition is a function of one symbol ``d``. Floors, ceilings and ``%`` of ``d`` have a period
``M`` (the least common multiple of their divisors): on each residue class ``d = M*q + r``
they are polynomials in ``q``, whose real roots SymPy isolates exactly (rational intervals).
The largest integer meeting all the inequalities is the floor of one of those roots, so
checking the few integers around each root, exactly, finds it.

>>> import symparams
>>> m = symparams.parse('''
... model mlp(x=784, d=64, n=10):
...     Input(shape=(x,))
...     Dense(d)
...     Dense(n)
... ''')["mlp"]
>>> largest(m, "d", 1_000_000)
1257
>>> m.evaluate(d=1257).params <= 1_000_000 < m.evaluate(d=1258).params
True
>>> values_equal(m, "d", m.evaluate(d=300).params)
[300]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from math import lcm

import sympy
from sympy import Expr, Integer, Mod, Poly, Rational, ceiling, floor

from .algebra import refloor, split_division
from .errors import SymparamsError, ValueBindingError, did_you_mean
from .guard import guarded_xreplace
from .model import Model

__all__ = ["largest", "values_equal", "Solution", "solve", "SolveError", "QUANTITIES"]

QUANTITIES = ("params", "trainable", "non_trainable")
_MAX_PERIOD = 100_000
_MAX_ENUMERATE = 1_000_000


class SolveError(SymparamsError, ValueError):
    """The question has no exact answer symparams can give (unbounded, infinitely many, or
    a formula outside what the exact solver handles)."""


@dataclass(frozen=True)
class Solution:
    """The answer: ``largest`` for a budget, ``values`` for an exact count."""

    symbol: str
    largest: int | None = None
    values: tuple[int, ...] | None = None

    def as_dict(self) -> dict:
        if self.values is not None:
            return {"symbol": self.symbol, "values": list(self.values)}
        return {"symbol": self.symbol, "largest": self.largest}


@dataclass(frozen=True)
class _Problem:
    d: sympy.Symbol
    count: Expr  # the count as a function of d
    ge: tuple[Expr, ...]  # each >= 0
    eq: tuple[Expr, ...]  # each == 0
    ne: tuple[Expr, ...]  # each != 0


def _problem(model: Model, name: str, values: Mapping[str, int] | None,
             quantity: str) -> _Problem:
    if name not in model.symbols:
        raise ValueBindingError(
            f"model '{model.name}' has no symbol '{name}'",
            model.span,
            hint=did_you_mean(name, model.symbols)
            or f"its symbols are {', '.join(model.symbols) or 'none'}",
        )
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity must be one of {QUANTITIES}")
    d = model.symbols[name]
    given = {k: v for k, v in (values or {}).items() if k != name}
    others = {k: v for k, v in model.values.items() if k != name and v is not None}
    others.update(given)
    placeholder = {name: 1}
    bound = model.bind({**others, **placeholder})  # checks names, types and completeness
    subs = {model.symbols[k]: Integer(v) for k, v in bound.items() if k != name}
    bits = model.limits.max_int_bits  # guarded: 2**L at L=10**9 is refused, not computed
    count = guarded_xreplace(getattr(model, quantity), subs, bits)
    ge, eq, ne = [], [], []
    for cond in model.conditions:
        lhs, rhs = guarded_xreplace(cond.lhs, subs, bits), guarded_xreplace(cond.rhs, subs, bits)
        (eq if cond.kind == "multiple" else ge).append(
            Mod(lhs, rhs) if cond.kind == "multiple" else lhs - rhs)
    for layer in model.layers:  # the safety net of Layer.evaluate_at: every size >= 1
        ge.extend(guarded_xreplace(dim, subs, bits) - 1 for dim in layer.output_shape)
    for a in model.assumptions:
        lhs, rhs = guarded_xreplace(a.lhs, subs, bits), guarded_xreplace(a.rhs, subs, bits)
        target = {">=": (ge, lhs - rhs), ">": (ge, lhs - rhs - 1), "<=": (ge, rhs - lhs),
                  "<": (ge, rhs - lhs - 1), "==": (eq, lhs - rhs), "!=": (ne, lhs - rhs)}
        bucket, expr = target[a.op]
        bucket.append(expr)
    return _Problem(d, count, tuple(ge), tuple(eq), tuple(ne))


def _period(exprs, d: sympy.Symbol) -> int:
    """The least common multiple of every divisor that ``d`` meets inside a floor/ceiling/%
    and of the denominators of rational coefficients."""
    m = 1
    for e in exprs:
        for f in e.atoms(floor, ceiling):
            if d not in f.free_symbols:
                continue
            parts = split_division(f.args[0])
            if parts is None or not parts[1].is_Integer:
                raise SolveError(f"cannot solve exactly through {f}")
            m = lcm(m, int(parts[1]))
        for f in e.atoms(Mod):
            if d not in f.free_symbols:
                continue
            if not f.args[1].is_Integer:
                raise SolveError(f"cannot solve exactly through {f}")
            m = lcm(m, int(f.args[1]))
        for r in e.atoms(Rational):
            if not r.is_Integer:
                m = lcm(m, int(r.q))
        if m > _MAX_PERIOD:
            raise SolveError(f"the formulas repeat only every {m} values of {d}: too many")
    return m


def _poly(expr: Expr, q: sympy.Symbol) -> Poly:
    if expr.has(floor, ceiling, Mod) and any(
        q in a.free_symbols for a in expr.atoms(floor, ceiling, Mod)
    ):
        raise SolveError("cannot reduce the formulas to polynomials")
    return Poly(sympy.expand(expr), q, domain="QQ")


def _root_candidates(poly: Poly) -> set[int]:
    """Integers at and next to each real root (and 0)."""
    out = {0}
    if poly.degree() <= 0:
        return out
    ints = Poly(poly.clear_denoms()[1].as_expr(), *poly.gens, domain="ZZ")
    for (s, t), _mult in ints.intervals():
        if t - s >= Rational(1, 2):
            s, t = ints.refine_root(s, t, eps=Rational(1, 2))
        lo, hi = int(sympy.floor(s)) - 1, int(sympy.ceiling(t)) + 1
        out.update(i for i in range(lo, hi + 1) if i >= 0)
    return out


def _eventually(poly: Poly, predicate: Callable[[int], bool]) -> bool:
    """Whether ``predicate(sign)`` holds for ``poly``'s sign at large ``q``."""
    lead = poly.LC() if not poly.is_zero else 0
    return predicate(1 if lead > 0 else -1 if lead < 0 else 0)


@dataclass
class _Class:
    """One residue class ``d = M*q + r``: every formula as a polynomial in ``q >= 0``."""

    r: int
    count: Poly
    ge: list[Poly]
    eq: list[Poly]
    ne: list[Poly]

    def feasible(self, q: int) -> bool:
        return (q >= 0 and all(p.eval(q) >= 0 for p in self.ge)
                and all(p.eval(q) == 0 for p in self.eq)
                and all(p.eval(q) != 0 for p in self.ne))

    def unbounded(self, budget: int | None) -> bool:
        ge = list(self.ge) + ([Poly(budget, *self.count.gens, domain="QQ") - self.count]
                              if budget is not None else [])
        return (all(_eventually(p, lambda s: s >= 0) for p in ge)
                and all(p.is_zero for p in self.eq)
                and all(_eventually(p, lambda s: s != 0) for p in self.ne))


def _classes(problem: _Problem) -> tuple[int, list[_Class]]:
    exprs = (problem.count, *problem.ge, *problem.eq, *problem.ne)
    m = _period(exprs, problem.d)
    q = sympy.Dummy("q", integer=True, nonnegative=True)
    classes = []
    for r in range(1, m + 1):
        sub = {problem.d: m * q + r}

        def poly(e, sub=sub):
            return _poly(refloor(e.xreplace(sub)), q)

        classes.append(_Class(r, poly(problem.count), [poly(e) for e in problem.ge],
                              [poly(e) for e in problem.eq], [poly(e) for e in problem.ne]))
    return m, classes


def largest(model: Model, name: str, budget: int, values: Mapping[str, int] | None = None,
            quantity: str = "params") -> int | None:
    """The largest positive integer value of symbol ``name`` with the count at most
    ``budget`` and the model valid (None if there is none); ``SolveError`` if unbounded."""
    problem = _problem(model, name, values, quantity)
    m, classes = _classes(problem)
    best = None
    for c in classes:
        if c.unbounded(budget):
            raise SolveError(
                f"every large enough {name} stays within {budget:,}: there is no largest value",
                hint=f"the {quantity} do not grow with {name}",
            )
        budget_poly = Poly(budget, *c.count.gens, domain="QQ") - c.count
        candidates: set[int] = set()
        for p in (budget_poly, *c.ge, *c.eq, *c.ne):
            candidates |= _root_candidates(p)
        for qv in sorted(candidates, reverse=True):
            if budget_poly.eval(qv) >= 0 and c.feasible(qv):
                value = m * qv + c.r
                best = value if best is None else max(best, value)
                break
    if best is not None:
        _confirm(model, name, best, values, quantity, lambda n: n <= budget)
    return best


def values_equal(model: Model, name: str, target: int,
                 values: Mapping[str, int] | None = None,
                 quantity: str = "params") -> list[int]:
    """Every positive integer value of ``name`` giving exactly ``target`` (model valid),
    ascending; ``SolveError`` if there are infinitely many."""
    problem = _problem(model, name, values, quantity)
    m, classes = _classes(problem)
    found: set[int] = set()
    for c in classes:
        diff = c.count - Poly(target, *c.count.gens, domain="QQ")
        if diff.is_zero:
            if c.unbounded(None):
                raise SolveError(
                    f"every {name} ≡ {c.r} (mod {m}) gives {target:,}: infinitely many values"
                )
            candidates: set[int] = set()
            for p in (*c.ge, *c.eq, *c.ne):
                candidates |= _root_candidates(p)
            top = max(q for q in candidates if c.feasible(q)) if any(
                c.feasible(q) for q in candidates) else -1
            if top > _MAX_ENUMERATE:
                raise SolveError(f"more than {_MAX_ENUMERATE:,} values of {name}")
            found.update(m * q + c.r for q in range(top + 1) if c.feasible(q))
            continue
        for qv in _root_candidates(diff):
            if diff.eval(qv) == 0 and c.feasible(qv):
                found.add(m * qv + c.r)
    result = sorted(found)
    for value in result[:1] + result[-1:]:
        _confirm(model, name, value, values, quantity, lambda n: n == target)
    return result


def _confirm(model, name, value, values, quantity, test) -> None:
    """The answer, checked by plain evaluation of the model (a guard against solver bugs)."""
    evaluation = model.evaluate({**(values or {}), name: value})
    if not test(getattr(evaluation, quantity)):  # pragma: no cover - would be a solver bug
        raise AssertionError(f"solver answer {name}={value} does not check out")


def solve(model: Model, name: str, *, at_most: int | None = None, equal: int | None = None,
          values: Mapping[str, int] | None = None, quantity: str = "params") -> Solution:
    """:func:`largest` for ``at_most``, :func:`values_equal` for ``equal`` (give one)."""
    if (at_most is None) == (equal is None):
        raise ValueError("give exactly one of at_most= and equal=")
    if at_most is not None:
        return Solution(name, largest=largest(model, name, at_most, values, quantity))
    return Solution(name, values=tuple(values_equal(model, name, equal, values, quantity)))
