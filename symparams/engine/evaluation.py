"""A model at concrete values: :class:`Evaluation` and its :class:`LayerValues`, exact
Python integers, and the substitutions that make them (a symbol's value checked, a formula
or a shape entry at values, a cost or None where it is unknown).

>>> import sympy
>>> from symparams.symbolic.integers import symbol
>>> H = symbol("H")
>>> exact_at(3*H + 1, {H: sympy.Integer(5)}), dim_at(H - 1, {H: sympy.Integer(5)})
(16, 4)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import field
from functools import cached_property

import sympy
from sympy import Expr, Integer

from ..errors import ValueBindingError
from ..guard import guarded_xreplace
from ..layers.cost import CONVENTIONS
from ..limits import DEFAULT_LIMITS
from ..record import Record, record
from ..symbolic.integers import NONE_DIM
from .on_demand import OnDemand

__all__ = ["LayerValues", "Evaluation", "checked_value", "known_exact", "sum_known",
           "exact_at", "dim_at"]


@record
class LayerValues(Record):
    """One layer at concrete values: exact Python integers."""

    name: str
    type: str
    output_shape: tuple[int, ...]
    trainable: int
    non_trainable: int
    layers: tuple[LayerValues, ...] = ()
    """A block's inner layers (one copy of a repeated body), else empty."""
    cost_rule: Callable[[], Mapping[str, int | None]] | None = field(
        default=None, repr=False, compare=False)
    """How to work out :attr:`costs` (only when asked for)."""

    @cached_property
    def costs(self) -> Mapping[str, int | None]:
        """Its cost by convention (``macs``, ``flops``, ``xla``, ``fvcore``), its
        ``transcendentals`` and ``activations``; None where unknown."""
        return self.cost_rule() if self.cost_rule is not None else {}

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def activations(self) -> int:
        """How many numbers its output holds for one example (a block: all its layers')."""
        known = self.costs.get("activations")
        return known if known is not None else math.prod(self.output_shape)


@record
class Evaluation(Record):
    """A whole model at concrete values: exact Python integers."""

    values: dict[str, int]
    input_shape: tuple[int, ...]
    layers: tuple[LayerValues, ...]
    trainable: int
    non_trainable: int
    inputs: tuple[tuple[str, tuple[int, ...]], ...] = ()
    """Every input's (name, shape) of a model of several inputs; else empty."""

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def output_shape(self) -> tuple[int, ...]:
        return self.layers[-1].output_shape if self.layers else self.input_shape

    @property
    def costs(self) -> Mapping[str, int | None]:
        """The model's cost by convention: the sum of its layers', None if any is unknown."""
        return OnDemand((*CONVENTIONS, "transcendentals"), lambda key: sum_known(
            [item.costs.get(key) for item in self.layers]))

    @property
    def activations(self) -> int:
        """How many numbers all the layers' outputs hold together, for one example."""
        return sum(item.activations for item in self.layers)



def checked_value(sym: sympy.Symbol, name: str, value, span):
    """``value`` for the symbol ``sym``: an int (a Rational for a rational symbol, from an
    int, a ``Fraction`` or a SymPy Rational; never a float), at least 1 (0 where allowed)."""
    from fractions import Fraction

    rational = not sym.is_integer
    if isinstance(value, bool) or not isinstance(
            value, (int, Integer) + ((Fraction, sympy.Rational) if rational else ())):
        raise ValueBindingError(
            f"value of '{name}' must be {'an exact number' if rational else 'an integer'}, "
            f"got {value if isinstance(value, (Fraction, sympy.Rational)) else repr(value)}",
            span,
            hint="write a fraction such as 3/4" if isinstance(value, float) else
            f"'{name}' is an integer symbol" if isinstance(value, (Fraction, sympy.Rational))
            else None)
    if isinstance(value, Fraction):
        value = sympy.Rational(value.numerator, value.denominator)
    if rational:
        if value <= 0:
            raise ValueBindingError(f"'{name}' must be positive; got {name}={value}", span)
        value = sympy.Rational(value)
        return value
    least = 0 if sym.is_nonnegative and not sym.is_positive else 1
    if int(value) < least:
        raise ValueBindingError(
            f"symbols are {'positive' if least else 'non-negative'} integers; got "
            f"{name}={value}", span)
    return int(value)


def known_exact(expr: Expr | None, subs: Mapping[sympy.Symbol, Integer],
                 max_bits: int = DEFAULT_LIMITS.max_int_bits, span=None, layer=None
                 ) -> int | None:
    """A cost's exact value, or None where it is unknown: no rule, a Keras ``None`` size, or
    a growing repetition's index (its copies' costs are not summed yet)."""
    if expr is None:
        return None
    value = guarded_xreplace(expr, subs, max_bits, span, layer) if subs else expr
    return int(value) if value.is_Integer else None


def sum_known(values) -> int | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def exact_at(expr: Expr, subs: Mapping[sympy.Symbol, Integer],
           max_bits: int = DEFAULT_LIMITS.max_int_bits, span=None, layer=None) -> int:
    if expr.is_Integer:  # most counts and sizes of a model with literal arguments
        return int(expr)
    value = guarded_xreplace(expr, subs, max_bits, span, layer) if subs else expr
    if not value.is_Integer:  # pragma: no cover - every symbol is bound by Model.bind
        raise RuntimeError(f"internal error: {expr} is not an integer at {dict(subs)}")
    return int(value)


def dim_at(expr: Expr, subs: Mapping[sympy.Symbol, Integer],
         max_bits: int = DEFAULT_LIMITS.max_int_bits, span=None, layer=None) -> int | None:
    """A shape entry at values: an int, or None for Keras's unknown size."""
    return None if expr == NONE_DIM else exact_at(expr, subs, max_bits, span, layer)
