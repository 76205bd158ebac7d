"""Repetition: ``Layer * n`` and ``repeat n as h[, i]:``.

A body that maps its input's shape to itself is counted ``n`` times. A body whose shape
grows from copy to copy by an amount that depends only on the copy's index ``i`` (DenseNet:
``g`` channels more each time) is analysed once more with copy ``i``'s input shape in closed
form; its count is the closed-form sum over ``i`` (SymPy ``summation``) and its output shape
the closed form at ``i = n``. A count may be 0 (the identity); a negative one is an error.

>>> import symparams
>>> m = symparams.parse('''
... model m(c=8, g=4, n=3):
...     Input(shape=(c,))
...     repeat n as h, i:
...         y = Dense(g)(h)
...         Concatenate()(h, y)
... ''')["m"]
>>> m.layers[0].output_shape, m.params.factor()
((c + g*n,), g*n*(2*c + g*n - g + 2)/2)
"""

from __future__ import annotations

import dataclasses

import sympy
from sympy import Expr, Integer

from ..errors import ArgumentError, DeclarationError, LimitError, ShapeError
from ..layers.merging import provably_equal
from ..layers.registry import Condition
from ..symbolic.forms import readable_text
from ..symbolic.integers import is_provably_ge
from .binding import Tensor
from .graph_layers import shape_text

__all__ = ["run_repeat"]


def _index_symbol(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, integer=True, nonnegative=True)


def run_repeat(graph, scope_factory, count_node, body, carried: dict, scope, pos,
               start: Tensor, index_name: str | None = None):
    """The row of a repetition (see the module's docstring); ``graph`` is the
    :class:`~symparams.engine.graph.GraphBuilder`, ``scope_factory(tensors, current)`` makes
    the body's scope."""
    ctx = scope.ctx
    count = ctx.expr(count_node)
    if count.is_Integer and count < 0:
        raise ArgumentError(f"a repetition count must be at least 0, got {count}",
                            ctx.span(count_node.pos))
    limit = graph.elaborator.limits.max_repeat
    if count.is_Integer and count > limit:
        raise LimitError(f"repetition count {count} is larger than the limit {limit}",
                         ctx.span(count_node.pos),
                         hint="raise the limit with --max-repeat (Limits.max_repeat)")
    own: tuple = ()
    if not count.is_Integer and not is_provably_ge(count, 0):
        own = (Condition(count, Integer(0), "repetition count"),)
    builder = ctx.builder
    if index_name is not None and (index_name in builder.symbols):
        raise DeclarationError(f"the index '{index_name}' has the name of a symbol",
                               ctx.span(pos))
    index = _index_symbol(index_name or "i")
    name = graph.fresh("repeat")
    saved = graph.snapshot(ctx)

    def run(shape):
        tensors = dict(scope.tensors)
        for key in carried:
            tensors[key] = Tensor(tuple(shape), start.source)
        inner = scope_factory(tensors, Tensor(tuple(shape), start.source))
        outer = dict(builder.locals)  # values named in the body stay in it, as a block's do
        if index_name:
            builder.locals[index_name] = index
        try:
            graph.body(body, inner)
        finally:
            builder.locals.clear()
            builder.locals.update(outer)
        return inner

    inner = run(start.shape)
    out = inner.current.shape
    change = _change(start.shape, out)
    per_copy = sum((row.params for row in inner.layers), Integer(0))
    if change is None and index not in per_copy.free_symbols:
        return graph.group(name, "Repeat", inner.layers, [start], start.shape, ctx.span(pos),
                           count, own, _derivation(count, inner.layers))
    if len(out) != len(start.shape):
        raise ShapeError(f"a repeated body must keep its rank: {change}", ctx.span(pos),
                         layer=name)
    j = sympy.Dummy("j", integer=True, nonnegative=True)
    growth = [sympy.expand(o - s) for o, s in zip(out, start.shape, strict=True)]
    shape_at = [sympy.expand(s + _sum(d.xreplace({index: j}), j, index, ctx, pos, name,
                                      shown_as=index))
                for s, d in zip(start.shape, growth, strict=True)]
    graph.restore(ctx, saved)
    graph.used.add(name)
    inner = run(shape_at)
    expected = [sympy.expand(d.xreplace({index: index + 1})) for d in shape_at]
    for k, (got, want) in enumerate(zip(inner.current.shape, expected, strict=True)):
        if not provably_equal(got, want):
            if index_name is None and change is not None:
                raise ShapeError(
                    f"a repeated body must map its input shape to itself (or grow by an "
                    f"amount that depends only on the copy's index): {change} "
                    f"({shape_text(start.shape)} -> {shape_text(out)})",
                    ctx.span(pos), layer=name,
                    hint="copies are chained, so each must give the next one a shape "
                    "in closed form")
            raise ShapeError(
                f"the shape of a repeated body changes in a way with no closed form: "
                f"dimension {k + 1} goes from {readable_text(start.shape[k])} to "
                f"{readable_text(out[k])} in the first copy, a change that depends on the "
                f"size itself, not only on the copy's index {index}",
                ctx.span(pos), layer=name,
                hint="each dimension may grow by an amount that depends only on the index "
                "(e.g. g channels per copy); a strided or shape-dependent change has no "
                "closed form")
    trainable = sum((row.trainable for row in inner.layers), Integer(0))
    non_trainable = sum((row.non_trainable for row in inner.layers), Integer(0))
    totals = tuple(sympy.factor_terms(sympy.expand(
        _sum(t, index, count, ctx, pos, name, upper_is_count=True)))
        for t in (trainable, non_trainable))
    final = tuple(sympy.expand(d.xreplace({index: count})) for d in shape_at)
    first, every = _conditions_for_every_copy(inner.layers, index, count, ctx, pos, name)
    layer = graph.group(name, "Repeat", inner.layers, [start], final, ctx.span(pos), None,
                        own + every, f"sum over {index} = 0 .. {count} - 1 of the "
                        f"{_layers_text(len(inner.layers))} of copy {index}", totals=totals)
    layer = dataclasses.replace(layer, conditions=first + layer.conditions[len(first):])
    return dataclasses.replace(layer, repeat=count, index=index)


def _sum(term: Expr, var, upper, ctx, pos, name, upper_is_count=False,
         shown_as=None) -> Expr:
    """``sum(term for var in 0 .. upper - 1)`` in closed form, else a located error. ``term``
    must be a polynomial in ``var`` (its coefficients may be anything free of ``var``: a
    ``max`` or a case distinction of the block's arguments); each power sums by Faulhaber's
    formula, so the work is bounded by the degree, whatever the coefficients hold."""
    if var not in term.free_symbols:
        return term * upper
    try:
        poly = sympy.Poly(sympy.expand(term), var)
    except sympy.PolynomialError:
        poly = None
    if poly is None or any(var in c.free_symbols for c in poly.coeffs()):
        shown = term.xreplace({var: shown_as}) if shown_as is not None else term
        index = shown_as if shown_as is not None else var
        raise ShapeError(f"the sum over the copies of {readable_text(shown)} has no closed "
                         f"form", ctx.span(pos), layer=name,
                         hint=f"what copy {index} adds must be a polynomial in {index}")
    return sympy.Add(*(coeff * _power_sum(k, upper) for (k,), coeff in poly.terms()))


def _power_sum(k: int, upper: Expr) -> Expr:
    """``0**k + 1**k + ... + (upper - 1)**k`` as a polynomial in ``upper``."""
    return _power_sum_in_n(k).xreplace({_N: upper})


_N = sympy.Symbol("n", integer=True, nonnegative=True)


def _power_sum_in_n(k: int, cache: dict = {}) -> Expr:  # noqa: B006 - a cache on purpose
    if k not in cache:
        j = sympy.Dummy("j", integer=True, nonnegative=True)
        cache[k] = sympy.expand(sympy.summation(j**k, (j, 0, _N - 1)))
    return cache[k]


def _conditions_for_every_copy(layers, index, count, ctx, pos, name) -> tuple[tuple, tuple]:
    """The copies' conditions that depend on the index ``i``, made sound for every copy
    ``i = 0 .. count - 1``: the inner rows' own (listed at ``i = 0``, the first copy, which
    their check uses), and what else must hold: a bound that falls as ``i`` grows holds at
    the last copy too; a divisibility of ``a + b*i`` needs ``b`` divisible as well. A
    condition whose worst copy cannot be told is refused, never checked at two copies only."""
    first, every = [], []
    for row in layers:
        for given in row.conditions:
            c = given.as_ge()  # a rate's "<=" as ">=": the growth below reads lhs - rhs
            if index not in (c.lhs.free_symbols | c.rhs.free_symbols):
                first.append(given)
                continue
            first.append(Condition(c.lhs.xreplace({index: 0}), c.rhs.xreplace({index: 0}),
                                   c.what, c.kind, c.span))
            if c.kind == "multiple":
                growth = sympy.expand(c.lhs.xreplace({index: index + 1}) - c.lhs)
                if index in growth.free_symbols or index in c.rhs.free_symbols:
                    raise _unknown_worst_copy(c, index, ctx, pos, name)
                if count.is_Integer and count < 2:
                    continue  # one copy (or none): no growth to check
                if not is_provably_ge(count, 2):  # 0 when there is no second copy
                    growth = growth * sympy.Max(0, sympy.Min(1, count - 1))
                every.append(Condition(growth, c.rhs, f"{c.what} (growth per copy)", c.kind,
                                       c.span))
                continue
            slack = sympy.expand(c.lhs - c.rhs)
            step = sympy.expand(slack.xreplace({index: index + 1}) - slack)
            if is_provably_ge(step, 0):
                continue  # smallest at the first copy, i = 0
            if not is_provably_ge(-step, 0):
                raise _unknown_worst_copy(c, index, ctx, pos, name)
            every.append(Condition(c.lhs.xreplace({index: count - 1}),  # the last copy
                                   c.rhs.xreplace({index: count - 1}), c.what, c.kind,
                                   c.span))
    return tuple(first), tuple(every)


def _unknown_worst_copy(c, index, ctx, pos, name) -> ShapeError:
    return ShapeError(
        f"cannot check '{c.as_text()}' ({c.what}) for every copy {index} of the repeat: it "
        f"neither grows nor shrinks steadily with {index}", ctx.span(pos), layer=name,
        hint="each copy's condition must be weakest at the first or the last copy; write "
        "the copies whose condition differs out of the repeat")


def _change(before, after) -> str | None:
    if len(before) != len(after):
        return f"the rank changes from {len(before)} to {len(after)} " \
               f"({shape_text(before)} -> {shape_text(after)})"
    for k, (a, b) in enumerate(zip(before, after, strict=True)):
        if not provably_equal(a, b):
            return f"dimension {k + 1} changes from {readable_text(a)} to {readable_text(b)}"
    return None


def _layers_text(count: int) -> str:
    return "layer" if count == 1 else f"{count} layers"


def _derivation(count, layers) -> str:
    inner = "its one layer" if len(layers) == 1 else f"sum of its {len(layers)} layers"
    return f"{f'({count})' if count.is_Add else count} × ({inner}), one copy listed"
