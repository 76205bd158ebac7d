"""What an analysis produces: a :class:`Document` of :class:`Model` s of :class:`Layer` s.

Shapes and counts are SymPy expressions in the model's symbols (positive integers);
:meth:`Model.evaluate` turns them into exact Python integers at concrete values.

>>> import symparams
>>> doc = symparams.parse('''
... model mlp(d=784, u=30):
...     Input(shape=(d,))
...     Dense(u)
... ''')
>>> m = doc.models["mlp"]
>>> m.params
u*(d + 1)
>>> m.evaluate().params, m.evaluate(u=10).params
(23550, 7850)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field
from functools import cached_property, partial

import sympy
from sympy import Expr, Integer

from ..errors import InvalidValueError, SourceSpan, ValueBindingError, did_you_mean
from ..guard import guarded_xreplace
from ..layers.cost import CONVENTIONS, Cost, add_costs
from ..layers.registry import Args, Condition, LayerType
from ..limits import DEFAULT_LIMITS, Limits
from ..record import Record, record
from .evaluation import (
    Evaluation,
    LayerValues,
    checked_value,
    dim_at,
    exact_at,
    known_exact,
)
from .on_demand import OnDemand
from .rich_display import RichDisplay
from .warning import Warning_, distinct_warnings

__all__ = [
    "Layer", "Model", "Document", "Evaluation", "LayerValues", "Warning_", "distinct_warnings",
]


@record
class Layer(RichDisplay, Record):
    """One layer of a model, with its shape and counts as formulas.

    ``conditions`` are what the layer needs to be valid (``H >= k`` for a valid
    convolution); :meth:`Model.evaluate` checks them at concrete values.
    """

    name: str
    type: str
    layer_type: LayerType = field(repr=False)
    args: Args = field(repr=False)
    input_shape: tuple[Expr, ...]
    output_shape: tuple[Expr, ...]
    trainable: Expr
    non_trainable: Expr
    conditions: tuple[Condition, ...] = field(repr=False)
    span: SourceSpan | None = field(repr=False, compare=False)
    layers: tuple[Layer, ...] = field(default=(), repr=False)
    """A block's inner layers, in order (for ``repeat``: one copy of the body); else empty.
    A block's counts are the sum of its layers' (times ``repeat``), its conditions theirs."""
    repeat: Expr | None = field(default=None, repr=False)
    """How many copies of ``layers`` a repetition chains, else None."""
    inbound: tuple[str, ...] = field(default=(), repr=False)
    """Where its inputs come from: layer names, or the model's or block's input names."""
    index: sympy.Symbol | None = field(default=None, repr=False)
    """A growing ``repeat n as h, i:``'s index: its inner rows are copy ``i``'s (values at
    ``i = 0``, the first copy)."""
    cost_rule: Callable[[], Cost | None] | None = field(default=None, repr=False,
                                                        compare=False)
    """How to work out :attr:`cost`, called only when a cost is asked for: building the
    rules' floors and min/max for every layer would slow every summary down."""
    general: Callable[[], object] | None = field(default=None, repr=False, compare=False)
    """A block's row: how to find its block's count in the block's own parameters and this
    use's values of them (see :func:`symparams.engine.block_form.block_use`)."""

    @cached_property
    def cost(self) -> Cost | None:
        """One forward pass of one example (:mod:`symparams.layers.cost`); None if unknown."""
        return self.cost_rule() if self.cost_rule is not None else None

    def count(self, convention: str) -> sympy.Expr | None:
        """Its cost as one formula: ``macs``, ``flops``, ``xla``, ``fvcore``, or
        ``transcendentals``; None if symparams does not know it. Each is added up once: a
        summary asks a row's count for its cell and its value, and a block's again for its
        block's."""
        counts = self.counts_found
        if convention not in counts:
            if self.cost is None:
                return None
            counts[convention] = self.cost.transcendentals if convention == "transcendentals" \
                else self.cost.count(convention)
        return counts[convention]

    @cached_property
    def counts_found(self) -> dict[str, Expr | None]:
        """The counts :meth:`count` has worked out, by convention."""
        return {}

    @cached_property
    def activations(self) -> Expr:
        """How many numbers its output holds for one example; a block's are those of all
        its layers (every copy of a repeated body). Added up once, as :meth:`count`."""
        if self.layers:
            inner = sympy.Add(*(layer.activations for layer in self.layers))
            return inner * self.repeat if self.repeat is not None else inner
        return sympy.Mul(*self.output_shape)

    @cached_property
    def params(self) -> Expr:
        """``trainable + non_trainable``, added once: a summary reads it for its cell,
        its value and its block's checks."""
        return self.trainable + self.non_trainable

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None

    @property
    def derivation(self) -> str:
        """How its count is worked out: the layer type's rule, or the rule for these
        arguments where the type has one (``extra["derivation_for"](args)``: lora_rank)."""
        special = self.layer_type.extra.get("derivation_for")
        return (special(self.args) if special is not None else None) \
            or self.layer_type.derivation

    @property
    def is_block(self) -> bool:
        return bool(self.layers)

    def walk(self):
        """This layer, then every layer inside it, depth first."""
        yield self
        for inner in self.layers:
            yield from inner.walk()

    def check(self, subs: Mapping[sympy.Symbol, Integer],
              max_bits: int = DEFAULT_LIMITS.max_int_bits) -> None:
        """Raise ``InvalidValueError`` if a condition fails at these values."""
        inner_subs = self.inner_subs(subs)
        copies = None if self.repeat is None else \
            guarded_xreplace(self.repeat, subs, max_bits, self.span, self.name)
        for inner in self.layers if copies != 0 else ():  # no copy: nothing to check inside
            inner.check(inner_subs, max_bits)  # inner layers first: their errors name them
        inherited = sum(len(inner.conditions) for inner in self.layers)
        for cond in self.conditions[inherited:]:
            lhs = guarded_xreplace(cond.lhs, subs, max_bits, self.span, self.name)
            rhs = guarded_xreplace(cond.rhs, subs, max_bits, self.span, self.name)
            if not (lhs.is_Rational and rhs.is_Rational):  # pragma: no cover - all bound
                continue
            if not cond.holds(lhs, rhs):
                raise InvalidValueError(
                    f"{self.name} needs {cond.requirement(rhs)}, got {lhs}",
                    self.span,
                    layer=self.name,
                    hint=f"{self.type} requires {cond.as_text()}"
                    if (cond.lhs.free_symbols or cond.rhs.free_symbols) else None,
                )

    def evaluate_at(self, subs: Mapping[sympy.Symbol, Integer],
                    max_bits: int = DEFAULT_LIMITS.max_int_bits,
                    checked: bool = True) -> LayerValues:
        """Shapes and counts at ``subs``; ``checked=False`` for the rows of a repetition of
        no copy, which are shown but do not exist (Keras builds no layer)."""
        if checked:
            self.check(subs, max_bits)
        where = (max_bits, self.span, self.name)
        copies = None if self.repeat is None else exact_at(self.repeat, subs, *where)
        shape = tuple(dim_at(d, subs, *where) for d in self.output_shape)
        # a safety net: layer conditions should catch it first
        if checked and any(d is not None and d < 1 for d in shape):
            raise InvalidValueError(
                f"{self.name} would have output shape {shape}", self.span, layer=self.name
            )
        return LayerValues(
            self.name,
            self.type,
            shape,
            exact_at(self.trainable, subs, *where),
            exact_at(self.non_trainable, subs, *where),
            tuple(inner.evaluate_at(self.inner_subs(subs), max_bits, checked and copies != 0)
                  for inner in self.layers),
            partial(self.cost_values, subs, max_bits),
        )

    def cost_values(self, subs: Mapping[sympy.Symbol, Integer],
                    max_bits: int = DEFAULT_LIMITS.max_int_bits) -> Mapping[str, int | None]:
        """Its costs and activations at ``subs``, exact; None where unknown."""
        where = (max_bits, self.span, self.name)
        return OnDemand((*CONVENTIONS, "transcendentals", "activations"), lambda key: (
            known_exact(self.activations if key == "activations" else self.count(key), subs,
                         *where)))

    def inner_subs(self, subs: Mapping[sympy.Symbol, Integer]) -> Mapping:
        """The values for the inner rows: a growing repetition's index at its first copy."""
        if self.index is None:
            return subs
        return {**subs, self.index: Integer(0)}


@record
class Model(RichDisplay, Record):
    """A model: its symbols, input shape and layers; totals as formulas."""

    name: str
    symbols: dict[str, sympy.Symbol]
    values: dict[str, int | None]
    input_shape: tuple[Expr, ...]
    layers: tuple[Layer, ...]
    span: SourceSpan | None = field(default=None, repr=False, compare=False)
    input_conditions: tuple[Condition, ...] = field(default=(), repr=False)
    latex_names: dict[str, str] = field(default_factory=dict, repr=False)
    """LaTeX for symbols declared ``name=value as "latex"`` in the header."""
    assumptions: tuple = field(default=(), repr=False)
    """The ``assume`` statements (:class:`symparams.symbolic.assumptions.Assumption`),
    checked at values."""
    limits: Limits = field(default=DEFAULT_LIMITS, repr=False, compare=False)
    """The resource limits it was read with; evaluation refuses values beyond them."""
    inputs: tuple[tuple[str, tuple[Expr, ...]], ...] = field(default=(), repr=False)
    """A model of several inputs: each (name, shape), in order; ``input_shape`` is the
    first's. Empty for a model of one input."""
    checks: tuple = field(default=(), repr=False)
    """The ``check`` statements' claims (:class:`symparams.engine.checks.ModelCheck`), in
    order; decided at values by :func:`symparams.algebra.checks.run_checks`."""

    @property
    def input_shapes(self) -> tuple[tuple[str, tuple[Expr, ...]], ...]:
        """Every input as (name, shape): ``(("input", input_shape),)`` for one input."""
        return self.inputs or (("input", self.input_shape),)

    @property
    def trainable(self) -> Expr:
        return sympy.Add(*(layer.trainable for layer in self.layers))

    @property
    def non_trainable(self) -> Expr:
        return sympy.Add(*(layer.non_trainable for layer in self.layers))

    @property
    def params(self) -> Expr:
        return sympy.Add(*(layer.params for layer in self.layers))

    @property
    def output_shape(self) -> tuple[Expr, ...]:
        return self.layers[-1].output_shape if self.layers else self.input_shape

    @property
    def cost(self) -> Cost | None:
        """The whole model's cost: the sum of its layers', None if any is unknown."""
        return add_costs([layer.cost for layer in self.layers])

    def count(self, convention: str) -> Expr | None:
        """The total cost as one formula (see :meth:`Layer.count`); None if unknown."""
        parts = [layer.count(convention) for layer in self.layers]
        return None if any(p is None for p in parts) else sympy.Add(*parts)

    @property
    def activations(self) -> Expr:
        """How many numbers all the top-level layers' outputs hold, for one example."""
        return sympy.Add(*(layer.activations for layer in self.layers))

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Every condition of every layer, in order."""
        return self.input_conditions + tuple(c for item in self.layers for c in item.conditions)

    @cached_property
    def constraints(self) -> tuple:
        """The conditions simplified (:func:`symparams.symbolic.constraints.constraints`),
        once per model: a report asks for them more than once."""
        from ..symbolic.constraints import constraints

        return tuple(constraints(self.conditions, self.assumptions))

    def layer(self, name: str) -> Layer:
        """The layer of that name, also inside blocks."""
        for top in self.layers:
            for layer in top.walk():
                if layer.name == name:
                    return layer
        raise KeyError(name)

    def bind(self, values: Mapping[str | sympy.Symbol, int] | None = None,
             **more: int) -> dict[str, int]:
        """Example values overridden by ``values``; every symbol must end up with one."""
        merged = {k: v for k, v in self.values.items() if v is not None}
        given = {(k.name if isinstance(k, sympy.Symbol) else k): v  # a name or the Symbol
                 for k, v in {**(values or {}), **more}.items()}
        for name, value in given.items():
            if name not in self.symbols:
                raise ValueBindingError(
                    f"model '{self.name}' has no symbol '{name}'",
                    self.span,
                    hint=did_you_mean(name, self.symbols)
                    or f"its symbols are {', '.join(self.symbols) or 'none'}",
                )
            merged[name] = checked_value(self.symbols[name], name, value, self.span)
        missing = [name for name in self.symbols if name not in merged]
        if missing:
            raise ValueBindingError(
                f"model '{self.name}' needs a value for {', '.join(missing)}",
                self.span,
                hint="give it in the header (name=INT), with --set NAME=VALUE, or as a keyword",
            )
        return {name: merged[name] for name in self.symbols}

    def known(self, values: Mapping[str, int | None] | None = None,
              **more: int) -> dict[str, int]:
        """The symbols that have a value, checked (:func:`symparams.engine.known_values.known`)."""
        from .known_values import known

        return known(self, {**(values or {}), **more})

    def value_of(self, expr: Expr, known: Mapping[str, int]) -> int | None:
        """``expr`` at ``known``, None if it needs a symbol without a value
        (:func:`symparams.engine.known_values.value_of`)."""
        if expr.is_Integer:  # most shapes and counts of a summary's rows
            return int(expr)
        from .known_values import value_of

        return value_of(self, expr, known)

    def needs(self, expr: Expr, known: Mapping[str, int]) -> list[str]:
        """The symbols ``expr`` uses that have no value
        (:func:`symparams.engine.known_values.needs`)."""
        from .known_values import needs

        return needs(self, expr, known)

    def subs(self, expr: Expr, values: Mapping[str | sympy.Symbol, int] | None = None,
             **more: int) -> Expr:
        """``expr`` with symbols given by name replaced (:func:`symparams.engine.known_values.subs`;
        SymPy's ``expr.subs({"h": 30})`` replaces nothing)."""
        from .known_values import subs

        return subs(self, expr, {**(values or {}), **more})

    def has_values(self) -> bool:
        return all(v is not None for v in self.values.values())

    def evaluate(self, values: Mapping[str, int] | None = None, **more: int) -> Evaluation:
        """Every shape and count at concrete values, as exact Python integers.

        Values default to the header's example values. A layer that is invalid at these
        values raises ``InvalidValueError`` naming it.
        """
        bound = self.bind(values, **more)
        subs = {self.symbols[k]: sympy.Rational(v) if not isinstance(v, int) else Integer(v)
                for k, v in bound.items()}
        bits = self.limits.max_int_bits
        if self.assumptions:
            from ..symbolic.assumptions import check_assumptions

            check_assumptions(self.assumptions, subs)
        for cond in self.input_conditions:
            lhs, rhs = (int(guarded_xreplace(side, subs, bits, self.span))
                        for side in (cond.lhs, cond.rhs))
            if not cond.holds(lhs, rhs):
                raise InvalidValueError(
                    f"model '{self.name}' needs {cond.requirement(rhs)}, got {lhs}",
                    cond.span or self.span,
                )
        layers = tuple(layer.evaluate_at(subs, bits) for layer in self.layers)
        return Evaluation(
            bound,
            tuple(dim_at(d, subs, bits, self.span) for d in self.input_shape),
            layers,
            sum(item.trainable for item in layers),
            sum(item.non_trainable for item in layers),
            tuple((name, tuple(dim_at(d, subs, bits, self.span) for d in shape))
                  for name, shape in self.inputs),
        )


@record
class Document(RichDisplay, Record):
    """A parsed and analysed source file: its models by name, in source order."""

    models: dict[str, Model]
    filename: str = "<string>"
    source: str = field(default="", repr=False)
    warnings: tuple[Warning_, ...] = field(default=(), repr=False)
    files: tuple[str, ...] = field(default=(), repr=False)
    """The files its ``use "file.sp"`` lines read (their blocks and helpers), as paths."""

    def __getitem__(self, name: str) -> Model:
        return self.models[name]

    def __iter__(self):
        return iter(self.models.values())

    def __len__(self) -> int:
        return len(self.models)
