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

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from math import lcm

import sympy
from sympy import Expr, Integer, Mod, Poly, Rational, ceiling, floor

from ..engine.model import Layer, Model
from ..errors import LimitError, SourceSpan, SymparamsError
from ..guard import guarded_xreplace, within_seconds
from ..limits import DEFAULT_LIMITS, simplification_work
from ..record import Record, record
from ..symbolic.integers import refloor, split_division
from .quantities import QUANTITIES, count_parts, count_value, fixed_count, noun

__all__ = ["largest", "values_equal", "Solution", "solve", "SolveError", "QUANTITIES",
           "Check", "validity_tests", "fixed_counts", "at_values"]

_MAX_PERIOD = 100_000
_MAX_ENUMERATE = 1_000_000


class SolveError(SymparamsError, ValueError):
    """The question has no exact answer symparams can give (unbounded, infinitely many, or
    a formula outside what the exact solver handles)."""


@record
class Solution(Record):
    """The answer: ``largest`` for a budget, ``values`` for an exact count."""

    symbol: str
    largest: int | None = None
    values: tuple[int, ...] | None = None

    def as_dict(self) -> dict:
        if self.values is not None:
            return {"symbol": self.symbol, "values": list(self.values)}
        return {"symbol": self.symbol, "largest": self.largest}


@record
class _Problem(Record):
    d: sympy.Symbol
    count: Expr  # the count as a function of d
    ge: tuple[Expr, ...]  # each >= 0
    eq: tuple[Expr, ...]  # each == 0
    ne: tuple[Expr, ...]  # each != 0


# -- shared with sweep: every validity test, values substituted layer by layer, errors at values


@record
class Check(Record):
    """One test that :meth:`Model.evaluate` makes, as ``expr OP 0`` (``op`` one of ``>=``,
    ``>``, ``<=``, ``<``, ``==``, ``!=``), with where it comes from (for errors)."""

    expr: Expr
    op: str
    span: SourceSpan | None = None
    layer: str | None = None

    def substituted(self, subs: Mapping[sympy.Symbol, Integer], bits: int) -> Check:
        return Check(guarded_xreplace(self.expr, subs, bits, self.span, self.layer), self.op,
                    self.span, self.layer)


def validity_tests(model: Model) -> list[Check]:
    """Assumptions, input and layer conditions, and every output size >= 1 (the safety net of
    :meth:`Layer.evaluate_at`), in the order :meth:`Model.evaluate` checks them."""
    out = [Check(a.lhs - a.rhs, a.op, a.span) for a in model.assumptions]
    out += [_condition(c, c.span or model.span, None) for c in model.input_conditions]
    for top in model.layers:
        out += [_condition(c, top.span, top.name) for c in top.conditions]
        out += [Check(d - 1, ">=", layer.span, layer.name)
                for layer in top.walk() for d in layer.output_shape]
    return out


def _condition(cond, span: SourceSpan | None, layer: str | None) -> Check:
    cond = cond.as_ge()
    if cond.kind == "multiple":
        return Check(Mod(cond.lhs, cond.rhs), "==", span, layer)
    return Check(cond.lhs - cond.rhs, ">=", span, layer)


def fixed_counts(model: Model, quantities: tuple[str, ...],
                 subs: Mapping[sympy.Symbol, Integer], layer: str | None = None) -> list[Expr]:
    """Each total (``params``, ``macs``, ...: :mod:`symparams.algebra.quantities`) with ``subs``
    substituted, layer by layer, so that a value beyond ``--max-int-bits`` is a ``LimitError``
    naming its layer. With ``layer``, that layer's counts."""
    return [fixed_count(model, q, subs, layer) for q in quantities]


def _layer_symbols(layer: Layer) -> set[str]:
    exprs = [layer.trainable, layer.non_trainable, *layer.output_shape]
    exprs += [side for c in layer.conditions for side in (c.lhs, c.rhs)]
    return {str(s) for e in exprs for s in e.free_symbols}


def at_values(err: SymparamsError, values: Mapping[str, int],
              model: Model | None = None) -> SymparamsError:
    """The same error (type, place, layer, hint), its message starting with the values it
    happened at. Given ``model``, only the values of symbols that the failing layer uses are
    named (all of them if it uses none). A message that already shows a ``name=value`` (a
    broken assumption's does) says where it happened: it is left as it is.

    >>> from symparams.errors import InvalidValueError
    >>> print(at_values(InvalidValueError("conv2d needs input height >= 5, got 3",
    ...                                   layer="conv2d"), {"H": 3, "k": 5}))
    error: at H=3, k=5: conv2d needs input height >= 5, got 3
    """
    named = dict(values)
    if model is not None and err.layer:
        try:
            used = _layer_symbols(model.layer(err.layer))
        except KeyError:
            used = set()
        named = {k: v for k, v in values.items() if k in used} or named
    if any(re.search(rf"(?<!\w){re.escape(k)}={v}(?!\d)", err.message)
           for k, v in values.items()) or not named:
        return err
    shown = [f"{k}={v}" for k, v in named.items()]
    where = f"in layer {err.layer}: " if err.layer and err.layer not in err.message else ""
    return type(err)(f"at {', '.join(shown)}: {where}{err.message}", err.span,
                     layer=err.layer, hint=err.hint)


# -- the problem in one symbol ---------------------------------------------------------------


_BUCKET = {">=": ("ge", 1, 0), ">": ("ge", 1, -1), "<=": ("ge", -1, 0), "<": ("ge", -1, -1),
           "==": ("eq", 1, 0), "!=": ("ne", 1, 0)}


def _problem(model: Model, name: str, values: Mapping[str, int] | None,
             quantity: str, layer: str | None = None) -> _Problem:
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity must be one of {QUANTITIES}")
    given = {k: v for k, v in (values or {}).items() if k != name}
    others = {k: v for k, v in model.values.items() if k != name and v is not None}
    others.update(given)
    # checks names (with a did-you-mean for an unknown one), types and completeness
    bound = model.bind({**others, name: 1})
    d = model.symbols[name]
    if not d.is_integer:  # a fraction (alpha=3/4): the search below is over integers
        raise SolveError(
            f"{name} is a fractional symbol, and solve finds integer values only",
            hint=f"try values of {name} with sweep (--vary {name}=1/4,1/2,3/4) or --set")
    fixed = {k: v for k, v in bound.items() if k != name}
    subs = {model.symbols[k]: sympy.Rational(v) for k, v in fixed.items()}
    bits = model.limits.max_int_bits  # guarded: 2**L at L=10**9 is refused, not computed
    count_parts(model, quantity, layer)  # an unknown layer or cost: an error of its own
    try:
        count = fixed_count(model, quantity, subs, layer)
        tests = [t.substituted(subs, bits) for t in validity_tests(model)]
        _check_fixed(model, subs, bits)
    except SymparamsError as err:
        raise at_values(err, fixed, model) from None
    buckets: dict[str, list[Expr]] = {"ge": [], "eq": [], "ne": []}
    for t in tests:
        bucket, sign, shift = _BUCKET[t.op]
        buckets[bucket].append(sign * t.expr + shift)
    return _Problem(d, count, tuple(buckets["ge"]), tuple(buckets["eq"]), tuple(buckets["ne"]))


def _check_fixed(model: Model, subs: Mapping[sympy.Symbol, Integer], bits: int) -> None:
    """Raise the error of the first test that fails at the fixed values whatever the free
    symbol is (no value of it could make the model valid)."""
    from ..symbolic.assumptions import check_assumptions

    check_assumptions(model.assumptions, subs)  # skips those that need the free symbol
    for layer in model.layers:
        layer.check(subs, bits)


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
        raise SolveError("cannot reduce the formulas to polynomials",
                         hint="use 'sweep' over the values you need")
    if any(q in a.free_symbols for a in expr.atoms(sympy.Piecewise, sympy.Min, sympy.Max)):
        raise SolveError("cannot solve exactly: a formula has cases (min, max or a special "
                         "case such as the xla count's for a size of 1) in the symbol",
                         hint="use 'sweep' over the values you need, or another --count")
    expanded = sympy.expand(expr)
    if not expanded.is_polynomial(q):  # 2**L, or a symbol in a denominator
        raise SolveError("cannot solve exactly: a formula is not a polynomial in the symbol "
                         "(it is in an exponent or a denominator)",
                         hint="solve for a symbol that is not in an exponent, or use 'sweep'")
    return Poly(expanded, q, domain="QQ")


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


def _classes(problem: _Problem, seconds: float | None = None,
             warnings: list[str] | None = None,
             max_cases: int = DEFAULT_LIMITS.max_solve_cases,
             max_terms: int = DEFAULT_LIMITS.max_simplify_terms) -> tuple[int, list[_Class]]:
    """Every residue class's polynomials. The work is counted before it is done (cases,
    then terms per formula), so a formula too large to reduce is refused on every machine;
    ``seconds`` is a last resort that fails with a ``LimitError``. (``warnings`` is kept for
    callers; nothing is added to it.)"""
    exprs = (problem.count, *problem.ge, *problem.eq, *problem.ne)
    m = _period(exprs, problem.d)
    if m * len(exprs) > max_cases:  # counted before any is computed
        raise LimitError(
            f"solving needs {m:,} cases of {problem.d} (its formulas repeat every {m:,} "
            f"values) times {len(exprs)} formulas: more than {max_cases:,}",
            hint="raise the limit with --max-solve-cases (Limits.max_solve_cases), or use "
            "'sweep' over the values you need")
    q = sympy.Dummy("q", integer=True, nonnegative=True)
    classes = []
    for r in range(1, m + 1):
        sub = {problem.d: m * q + r}

        def poly(e, sub=sub, r=r):
            e = e.xreplace(sub)
            if simplification_work(e, max_terms) > max_terms:  # work, not time
                raise LimitError(
                    f"a formula would have more than {max_terms:,} terms (floors included) "
                    f"once {problem.d} = {m}*q + {r} is multiplied out: too large to solve "
                    "exactly",
                    hint="raise the limit with --max-simplify-terms "
                    "(Limits.max_simplify_terms), or use 'sweep' over the values you need")
            return _poly(within_seconds(lambda: refloor(e), seconds, what="simplifying floors"),
                         q)

        classes.append(_Class(r, poly(problem.count), [poly(e) for e in problem.ge],
                              [poly(e) for e in problem.eq], [poly(e) for e in problem.ne]))
    return m, classes


def largest(model: Model, name: str, budget: int, values: Mapping[str, int] | None = None,
            quantity: str = "params", warnings: list[str] | None = None,
            layer: str | None = None) -> int | None:
    """The largest positive integer value of symbol ``name`` with the count (``quantity``,
    of the model or of layer ``layer``) at most ``budget`` and the model valid (None if there
    is none); ``SolveError`` if unbounded. A formula too large to reduce exactly is a
    ``LimitError`` (``--max-simplify-terms``)."""
    problem = _problem(model, name, values, quantity, layer)
    m, classes = _classes(problem, model.limits.simplify_seconds, warnings,
                          model.limits.max_solve_cases, model.limits.max_simplify_terms)
    best = None
    for c in classes:
        if c.unbounded(budget):
            raise SolveError(
                f"every large enough {name} stays within {budget:,}: there is no largest value",
                hint=f"the {noun(quantity)} do not grow with {name}",
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
        _confirm(model, name, best, values, quantity, lambda n: n <= budget, layer)
    return best


def values_equal(model: Model, name: str, target: int,
                 values: Mapping[str, int] | None = None,
                 quantity: str = "params", warnings: list[str] | None = None,
                 layer: str | None = None) -> list[int]:
    """Every positive integer value of ``name`` giving exactly ``target`` (the count of the
    model, or of layer ``layer``; model valid), ascending; ``SolveError`` if there are
    infinitely many. A formula too large to reduce exactly is a ``LimitError``
    (``--max-simplify-terms``)."""
    problem = _problem(model, name, values, quantity, layer)
    m, classes = _classes(problem, model.limits.simplify_seconds, warnings,
                          model.limits.max_solve_cases, model.limits.max_simplify_terms)
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
        _confirm(model, name, value, values, quantity, lambda n: n == target, layer)
    return result


def _confirm(model, name, value, values, quantity, test, layer=None) -> None:
    """The answer, checked by plain evaluation of the model (a guard against solver bugs)."""
    value_there = count_value(model, quantity, {**(values or {}), name: value}, layer)
    if not test(value_there):  # pragma: no cover - would be a solver bug
        raise AssertionError(f"solver answer {name}={value} does not check out")


def solve(model: Model, name: str, *, at_most: int | None = None, equal: int | None = None,
          values: Mapping[str, int] | None = None, quantity: str = "params",
          warnings: list[str] | None = None, layer: str | None = None) -> Solution:
    """:func:`largest` for ``at_most``, :func:`values_equal` for ``equal`` (give one)."""
    if (at_most is None) == (equal is None):
        raise ValueError("give exactly one of at_most= and equal=")
    if at_most is not None:
        return Solution(name, largest=largest(model, name, at_most, values, quantity,
                                              warnings, layer))
    return Solution(name, values=tuple(values_equal(model, name, equal, values, quantity,
                                                    warnings, layer)))
