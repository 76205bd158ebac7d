"""A model's validity conditions as :class:`Constraint` s: each layer's conditions with
floors removed exactly, duplicates merged, the strongest bound kept per expression, and those
implied by an ``assume`` line, by another bound, or true for every positive integer dropped.

>>> import symparams
>>> doc = symparams.parse('''
... model b(H=224, k=3):
...     Input(shape=(H, H, 3))
...     Conv2D(8, k, k)
...     MaxPool2D(2)
...     MaxPool2D(2)
... ''')
>>> [str(c) for c in doc["b"].constraints]
['H >= k + 3']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import sympy
from sympy import Add, Expr, Integer

from ..record import Record, record
from .assumptions import Assumption, equalities
from .bounds import normalize
from .integers import is_provably_ge

__all__ = ["Constraint", "constraints", "as_constraint", "folded", "CONSTRAINT_WORK",
           "expression_size"]


@record
class Constraint(Record):
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


def as_constraint(p: Expr, m: Integer, what: str) -> Constraint:
    """``p >= m`` as a person writes it: positive terms left, the rest right."""
    pos = Add(*[t for t in Add.make_args(p) if t.as_coeff_Mul()[0] > 0])
    neg = Add(*[-t for t in Add.make_args(p) if t.as_coeff_Mul()[0] < 0])
    if pos == 0:
        return Constraint(neg, "<=", -m, what)
    return Constraint(pos, ">=", neg + m, what)


def folded(lhs: Expr, rhs: Expr, what: str = "") -> Constraint | None:
    """``lhs >= rhs`` in the textbook form the constraints have (floors removed, remainders
    folded), or None if it has none.

    >>> from symparams.symbolic.integers import symbol
    >>> H = symbol("H")
    >>> str(folded(H + sympy.Mod(H, 2) + 1, 5))
    'H >= 3'
    """
    normal = normalize(lhs - rhs)
    return None if normal is None else as_constraint(*normal, what)


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
    for cond in (c.as_ge() for c in conditions):
        if rules:  # in the symbols the equalities keep: "W >= 2" is "H >= 2" if H == W
            cond = replace(cond, lhs=sympy.expand(cond.lhs.xreplace(rules)),
                           rhs=sympy.expand(cond.rhs.xreplace(rules)))
        multiple = cond.kind == "multiple"
        if not multiple:
            work += expression_size(cond.lhs - cond.rhs)
        affordable = work <= CONSTRAINT_WORK  # past the budget: kept as written
        normal = None if multiple or not affordable else normalize(cond.lhs - cond.rhs)
        if normal is None:  # kept as it is, once: "C % g == 0", or a bound with no normal form
            if (cond.lhs.is_Integer and cond.rhs.is_Integer
                    or sympy.Mod(cond.lhs, cond.rhs) == 0) if multiple \
                    else affordable and is_provably_ge(cond.lhs, cond.rhs):
                continue  # decided, or a multiple whatever the values (f % f, 4*f % 2)
            key = ("%" if multiple else ">=", cond.lhs, cond.rhs)
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
            out.append(as_constraint(lhs, rhs, what))
    return out


_MAX_PAIRWISE = 200
_MAX_COMPARISONS = 100  # is_provably_ge calls in one _drop_implied

#: Most expression-tree nodes (of ``lhs - rhs``) that :func:`constraints` simplifies for one
#: model, and that :func:`_drop_implied` compares: past it, conditions are kept as written
#: (still right, less tidy). A count of work, so every machine shows the same constraints;
#: no example comes near it, a chain of 20 symbolic convolutions does.
CONSTRAINT_WORK = 3_000


def expression_size(expr: Expr) -> int:
    """Nodes of ``expr``'s tree (shared subtrees counted each time).

    >>> from symparams.symbolic.integers import symbol
    >>> expression_size(symbol("H") + 1)
    3
    """
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
    sizes = {id(e): expression_size(e) for _key, e in stronger}
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
