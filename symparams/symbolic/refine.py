"""Formulas rewritten under ``assume H % 32 == 0``: ``H = 32*t`` is substituted once, so
that floors collapse structurally (``floor(32*t/2) = 16*t``), and ``t = H/32`` brings back the
user's symbol. One :class:`Refiner` serves a whole model, its caches shared by every formula.

>>> import symparams
>>> doc = symparams.parse('''
... model a(H=224):
...     assume H % 32 == 0
...     Input(shape=(H, H, 3))
...     MaxPool2D(4)
...     MaxPool2D(8)
... ''')
>>> doc["a"].output_shape[0]
H/32
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sympy
from sympy import Expr, Mod, ceiling, floor

from .integers import substitute

__all__ = ["Refiner", "refine", "refine_model"]


def _floors(e: Expr) -> int:
    return sum(1 for node in sympy.preorder_traversal(e) if isinstance(node, (floor, ceiling)))


class Refiner:
    """Rewrites formulas under ``sym % m == 0`` facts: ``sym = m*t`` is substituted once per
    subexpression (the floor rules of :mod:`.integers` collapse ``floor(m*t/2)`` to
    ``(m/2)*t`` structurally, without asking SymPy's assumption system), then ``t = sym/m``
    brings back the user's symbol. Results are cached across every formula of a model.

    >>> from symparams.symbolic.integers import floordiv, symbol
    >>> H = symbol("H")
    >>> refiner = Refiner([(H, sympy.Integer(32))])
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
    >>> refine(floordiv(floordiv(H, 2), 16), [(H, sympy.Integer(32))])
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
