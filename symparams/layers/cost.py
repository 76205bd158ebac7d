"""What one forward pass of one example costs: the :class:`Cost` a layer type's ``cost`` rule
returns, the conventions that turn it into one number, and the shared pieces of the rules
(activation functions, element-wise work, convolution taps).

A cost has three parts, each an exact SymPy expression (or None when symparams does not know
it): ``macs``, the multiply-accumulates of matrix products, convolutions and einsums;
``ops``, every other arithmetic operation counted as XLA's cost analysis counts it (one per
add, multiply, compare, select, divide); ``transcendentals``, the ``exp``, ``tanh``, ``rsqrt``
... that XLA reports apart. ``xla_macs`` is set where XLA multiplies fewer pairs than the
textbook (it skips a convolution's taps that fall in the padding).

>>> from sympy import Symbol
>>> n = Symbol("n", positive=True, integer=True)
>>> c = Cost(macs=3 * n, ops=n) + Cost(transcendentals=n)
>>> [c.count(k) for k in CONVENTIONS]
[3*n, 8*n, 7*n, 3*n]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import sympy
from sympy import Expr, Integer

from ..symbolic.integers import ceildiv, floordiv
from ..syntax import ast

__all__ = [
    "Cost",
    "Later",
    "CONVENTIONS",
    "CONVENTION_HELP",
    "UNKNOWN",
    "free",
    "add_costs",
    "activation_cost",
    "activation_name",
    "per_element",
    "contraction",
    "xla_reduce_extra",
    "XLA_WINDOW_FROM",
    "one_term_drop",
    "dot",
    "valid_taps",
    "ACTIVATIONS",
]

ZERO = Integer(0)
ONE = Integer(1)

#: The counts a cost gives, by the name ``--count`` and the JSON keys use.
CONVENTIONS = ("macs", "flops", "xla", "fvcore")

CONVENTION_HELP = {
    "macs": "multiply-accumulates of matrix products, convolutions and einsums",
    "flops": "2 × MACs + every other operation, transcendental functions included",
    "xla": "what jax.jit(...).lower(...).compile().cost_analysis()['flops'] reports",
    "fvcore": "fvcore's count: one per multiply-accumulate of conv/linear/matmul/einsum",
}


class Later:
    """A part of a cost worked out when first asked for, then kept: XLA's count of a
    convolution (its in-bounds taps, the rewrites of one-tap products) takes floors, mins and
    maxes that a summary showing MACs and FLOPs never needs.

    >>> calls = []
    >>> part = Later(lambda: calls.append(1) or Integer(6))
    >>> len(calls), part(), part(), len(calls)
    (0, 6, 6, 1)
    """

    __slots__ = ("_work", "_value")

    def __init__(self, work: Callable[[], Expr | None]) -> None:
        self._work: Callable[[], Expr | None] | None = work
        self._value: Expr | None = None

    def __call__(self) -> Expr | None:
        if self._work is not None:
            self._value, self._work = self._work(), None
        return self._value


def _now(part: Expr | Later | None) -> Expr | None:
    return part() if isinstance(part, Later) else part


@dataclass(frozen=True, init=False, eq=False)
class Cost:
    """The work of one forward pass of one example; a part is None when unknown.

    ``xla_macs`` (the multiply-accumulates XLA counts, where they differ from ``macs``) may
    be given as a :class:`Later`: it is worked out only when the ``xla`` count is asked for.
    Reading ``cost.xla_macs`` gives the formula either way; the value stays immutable.

    >>> late = Cost(macs=Integer(4), xla_macs=Later(lambda: Integer(3)))
    >>> (late + Cost(macs=Integer(1))).count("xla"), late == Cost(Integer(4), xla_macs=3)
    (8, True)
    """

    macs: Expr | None
    ops: Expr | None
    transcendentals: Expr | None
    xla_known: bool
    """False where symparams does not know what XLA counts (the ``xla`` count is None)."""
    xla_ops: Expr
    """Operations XLA counts beyond ``ops`` (negative: XLA folds some away, such as an
    LSTM's first step on a zero state)."""
    xla_part: Expr | Later | None = field(repr=False)
    """``xla_macs`` as given: None (XLA counts ``macs``), a formula or a :class:`Later`."""
    xla_later: tuple[Later, ...] = field(repr=False)
    """More operations XLA counts, worked out only when the ``xla`` count is asked for (a
    part giving None makes it unknown): the fused copies of a whole graph's analysis."""

    def __init__(self, macs: Expr | None = ZERO, ops: Expr | None = ZERO,
                 transcendentals: Expr | None = ZERO, xla_macs: Expr | Later | None = None,
                 xla_known: bool = True, xla_ops: Expr = ZERO,
                 xla_later: tuple[Later, ...] = ()) -> None:
        for name, value in (("macs", macs), ("ops", ops), ("transcendentals", transcendentals),
                            ("xla_known", xla_known), ("xla_ops", xla_ops),
                            ("xla_part", xla_macs), ("xla_later", xla_later)):
            object.__setattr__(self, name, value)

    @property
    def xla_macs(self) -> Expr | None:
        """Multiply-accumulates XLA counts, where it differs from ``macs`` (else None)."""
        return _now(self.xla_part)

    def xla_products(self) -> Expr | None:
        """The multiply-accumulates XLA counts: ``xla_macs``, else ``macs``."""
        xla = self.xla_macs
        return self.macs if xla is None else xla

    def __add__(self, other: Cost) -> Cost:
        return add_costs([self, other])

    def times(self, factor: Expr) -> Cost:
        """This cost ``factor`` times (a repeated body, the steps of a recurrence)."""
        scale = (lambda v: None if v is None else factor * v)  # noqa: E731
        xla = None if self.xla_part is None else Later(lambda: scale(self.xla_macs))
        later = tuple(Later(partial(_scaled, part, factor)) for part in self.xla_later)
        return Cost(scale(self.macs), scale(self.ops), scale(self.transcendentals),
                    xla, self.xla_known, factor * self.xla_ops, later)

    def with_later(self, part: Later) -> Cost:
        """This cost with one more later part of XLA's count (no other work)."""
        return Cost(self.macs, self.ops, self.transcendentals, self.xla_part, self.xla_known,
                    self.xla_ops, (*self.xla_later, part))

    def xla_extra(self) -> Expr | None:
        """The operations XLA counts beyond ``ops``: ``xla_ops`` and the later parts; None
        when a later part is not known."""
        parts = [part() for part in self.xla_later]
        return None if None in parts else sympy.Add(self.xla_ops, *parts)

    def count(self, convention: str) -> Expr | None:
        """One number: ``macs``, ``flops``, ``xla`` or ``fvcore`` (see ``docs/compute.md``)."""
        if convention in ("macs", "fvcore"):
            return self.macs
        if convention == "flops":
            return _add(_add(2 * self.macs if self.macs is not None else None, self.ops),
                        self.transcendentals)
        if convention == "xla":
            extra = self.xla_extra() if self.xla_known else None
            if extra is None:
                return None
            macs = self.xla_products()
            ops = _add(self.ops, extra)
            return _add(2 * macs if macs is not None else None, ops)
        raise ValueError(f"unknown convention {convention!r}")

    @property
    def known(self) -> bool:
        return None not in (self.macs, self.ops, self.transcendentals)

    def _parts(self) -> tuple:
        return (self.macs, self.ops, self.transcendentals, self.xla_macs, self.xla_known,
                self.xla_extra())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cost) and self._parts() == other._parts()

    def __hash__(self) -> int:
        return hash(self._parts())

    def __repr__(self) -> str:
        names = ("macs", "ops", "transcendentals", "xla_macs", "xla_known", "xla_ops")
        return "Cost(" + ", ".join(f"{n}={v!r}" for n, v in zip(names, self._parts(),
                                                               strict=True)) + ")"


#: A cost nothing is known of.
UNKNOWN = Cost(None, None, None)


def _add(a: Expr | None, b: Expr | None) -> Expr | None:
    return None if a is None or b is None else a + b


def add_costs(costs: Sequence[Cost | None]) -> Cost | None:
    """The sum of several costs; None (unknown) if any is. XLA's part stays for later.

    >>> add_costs([Cost(macs=Integer(2)), Cost(ops=Integer(3))]).count("flops")
    7
    >>> add_costs([Cost(), None]) is None
    True
    """
    parts = list(costs)
    if any(cost is None for cost in parts):
        return None
    xla = None
    if any(cost.xla_part is not None for cost in parts):
        xla = Later(lambda: _sum([cost.xla_products() for cost in parts]))
    return Cost(_sum([c.macs for c in parts]), _sum([c.ops for c in parts]),
                _sum([c.transcendentals for c in parts]), xla,
                all(c.xla_known for c in parts), sympy.Add(*(c.xla_ops for c in parts)),
                tuple(part for c in parts for part in c.xla_later))


def _scaled(part: Later, factor: Expr) -> Expr | None:
    value = part()
    return None if value is None else factor * value


def _sum(parts: Sequence[Expr | None]) -> Expr | None:
    return None if any(p is None for p in parts) else sympy.Add(*parts)


def free(a: Any, x: Any, y: Any) -> Cost:
    """The rule of a layer that only moves data (reshape, pad, crop, identity): no work."""
    return Cost()


# -- activation functions -----------------------------------------------------------------------

#: Per output element: (ops, transcendentals), as XLA counts Keras's jax lowering.
ACTIVATIONS: dict[str, tuple[int, int]] = {
    "linear": (0, 0), "relu": (1, 0), "relu6": (1, 0), "sigmoid": (3, 1), "tanh": (0, 1),
    "gelu": (64, 1), "swish": (4, 1), "silu": (4, 1), "elu": (3, 1), "selu": (5, 1),
    "softplus": (6, 2), "hard_sigmoid": (3, 0), "exponential": (0, 1),
    "leaky_relu": (3, 0), "mish": (7, 3), "hard_swish": (4, 0), "hard_silu": (4, 0),
    "softsign": (3, 0),
}
#: Along the last axis of length n, per row: softmax 4n - 1 ops and n exponentials;
#: log_softmax 5n - 2 ops, n exponentials and one logarithm. XLA counts a softmax over one
#: number 2 ops per row (the ``xla`` count); a log_softmax over one, 2 and no exponential.
_ROW_ACTIVATIONS = {"softmax": ((4, -1), (1, 0)), "log_softmax": ((5, -2), (1, 1))}


def activation_name(node: Any) -> str | None:
    """``"relu"`` for ``activation="relu"``; ``"linear"`` for None; else None (a callable or
    anything symparams cannot read).

    >>> activation_name(None), activation_name(ast.Str("ReLU", None))
    ('linear', 'relu')
    """
    if node is None or (isinstance(node, ast.Const) and node.value is None):
        return "linear"
    if isinstance(node, ast.Str):
        return node.value.lower()
    if isinstance(node, str):
        return node.lower()
    return None


#: XLA's CPU compiler hands a reduction of this many elements or more to YNNPACK, which is
#: counted ``n - 1`` per row; a smaller one is rewritten into windows of 32 (below).
XLA_WINDOW_FROM = 4096


def xla_reduce_extra(n: Expr, rows: Expr) -> Expr:
    """What XLA counts beyond ``rows·(n - 1)`` for reducing each of ``rows`` rows of ``n``
    numbers (one example). Below :data:`XLA_WINDOW_FROM` elements its CPU compiler rewrites a
    reduction longer than 32 into a reduce-window of 32 (its padding counted: ``31`` per
    window) and a reduction of the ``ceil(n/32)`` partial sums, again rewritten while longer
    than 32; so a row costs ``32·ceil(n/32) - 1`` for ``n <= 1024``, and
    ``31·ceil(n/32) + 32·ceil(n/1024) - 1`` up to 4,095 (measured, jax 0.10 CPU: 170
    softmax shapes).

    >>> [xla_reduce_extra(Integer(n), Integer(1)) for n in (32, 100, 1000, 2000, 5000)]
    [0, 28, 24, 17, 0]
    """
    c1, c2 = sympy.ceiling(n / 32), sympy.ceiling(n / 1024)
    small = sympy.StrictLessThan(rows * n, XLA_WINDOW_FROM)
    return rows * sympy.Piecewise(
        (ZERO, sympy.Or(n <= 32, sympy.Not(small))),
        (32 * c1 - n, n <= 1024),
        (31 * c1 + 32 * c2 - n, True))


def one_term_drop(n: Expr, ops: Expr) -> Expr:
    """``ops`` where rows have ``n = 1`` number, else 0 (a ``Piecewise`` while ``n`` is a
    symbol): what XLA does not count of a row's reductions when their sums have one term.

    >>> one_term_drop(Integer(1), Integer(6)), one_term_drop(Integer(2), Integer(6))
    (6, 0)
    """
    one = sympy.Eq(n, 1)
    if one in (sympy.true, sympy.false):
        return ops if one else ZERO
    return sympy.Piecewise((ops, one), (ZERO, True))


def activation_cost(node: Any, shape: Sequence[Expr]) -> Cost:
    """An activation function applied to a tensor of ``shape`` (softmax along its last axis);
    unknown for a function not in :data:`ACTIVATIONS`.

    >>> activation_cost("softmax", (Integer(3), Integer(10)))
    Cost(macs=0, ops=117, transcendentals=30, xla_macs=None, xla_known=True, xla_ops=0)
    """
    name = activation_name(node)
    elements = sympy.Mul(*shape)
    if name in ACTIVATIONS:
        ops, trans = ACTIVATIONS[name]
        return Cost(ZERO, ops * elements, trans * elements)
    if name in _ROW_ACTIVATIONS and shape:
        (per, once), (t_per, t_once) = _ROW_ACTIVATIONS[name]
        n = shape[-1]
        rows = sympy.Mul(*shape[:-1])
        if name == "log_softmax" and n == 1:  # 2 ops, no log or exp for XLA: not derived
            return Cost(ZERO, rows * (per * n + once), rows * (t_per * n + t_once),
                        xla_known=False)
        # a row of one number: XLA drops its reductions (a softmax: 2 ops, not 3)
        return Cost(ZERO, rows * (per * n + once), rows * (t_per * n + t_once),
                    xla_ops=2 * xla_reduce_extra(n, rows) - one_term_drop(n, rows))
    return Cost(ZERO, None, None)


def per_element(ops: int = 1, transcendentals: int = 0) -> Callable[[Any, Any, Any], Cost]:
    """The rule of a layer doing ``ops`` operations per output element (a merge of two)."""

    def rule(a: Any, x: Any, y: Sequence[Expr]) -> Cost:
        elements = sympy.Mul(*y)
        return Cost(ZERO, ops * elements, transcendentals * elements)

    return rule


def contraction(outputs: Expr, length: Expr, xla_outputs: Expr | Later | None = None,
                rewritten: Any = True, summed: Any = False) -> Cost:
    """A product computing ``outputs`` numbers, each a sum of ``length`` products. XLA
    rewrites a product whose contraction has length 1 into a plain multiply (one flop, not
    two) when also ``rewritten`` holds (a SymPy condition: a strided or dilated convolution
    stays one), and a product that is ``summed`` (a SymPy condition: a window of one
    channel in and out giving one position) into a multiply and a sum: ``2·length - 1``
    flops per output, not ``2·length``. ``xla_outputs`` is XLA's count of
    multiply-accumulates where it differs. XLA's part is worked out when first asked for;
    ``xla_outputs``, ``rewritten`` and ``summed`` may be given as a :class:`Later` too.

    >>> one, two = contraction(Integer(6), Integer(1)), contraction(Integer(6), Integer(2))
    >>> one.count("xla"), two.count("xla")
    (6, 24)
    >>> contraction(Integer(6), Integer(4), summed=True).count("xla")
    42
    """
    macs = outputs * length
    return Cost(macs=macs, xla_macs=Later(lambda: _rewrites(
        outputs, length, macs, _now(xla_outputs), _now(rewritten), _now(summed))))


def _rewrites(outputs: Expr, length: Expr, macs: Expr, xla_outputs: Expr | None,
              rewritten: Any, summed: Any) -> Expr | None:
    """XLA's multiply-accumulates of a :func:`contraction` (None: ``macs``). A rewritten
    product multiplies every pair: XLA rewrites it before it skips any (a folded padding)."""
    xla = macs if xla_outputs is None else xla_outputs
    halved = sympy.And(sympy.Eq(length, 1), rewritten)
    summed = sympy.And(summed, sympy.Not(halved))
    cases = [(macs / 2, halved), (macs - outputs / 2, summed)]
    cases = [(value, cond) for value, cond in cases if cond is not sympy.false]
    for value, cond in cases:
        if cond is sympy.true:
            xla = value
            break
    else:
        if cases:  # symbols that may make it a rewrite at some values
            xla = sympy.Piecewise(*cases, (xla, True))
    return None if xla == macs else xla


def dot(outputs: Expr, length: Expr) -> Cost:
    """A matrix product of ``outputs`` numbers, each a sum of ``length`` products, as XLA
    counts it: a :func:`contraction`, and a single output (a ``Dense(1)`` on one position)
    is a multiply and a sum, ``2·length - 1`` flops (and the sum's windows of 32 that XLA's
    CPU compiler counts for any reduction, :func:`xla_reduce_extra`).

    >>> dot(Integer(1), Integer(5)).count("xla"), dot(Integer(2), Integer(5)).count("xla")
    (9, 20)
    """
    products = contraction(outputs, length)

    def xla() -> Expr | None:
        one = sympy.Eq(outputs, 1)
        if one is sympy.false or length == 1:
            return products.xla_macs
        summed = length - sympy.Rational(1, 2) + xla_reduce_extra(length, ONE) / 2
        return sympy.Piecewise((summed, one), (products.xla_products(), True))

    return Cost(products.macs, xla_macs=Later(xla))


# -- convolution taps -----------------------------------------------------------------------------


def valid_taps(steps: Expr, stride: Expr, offsets: Sequence[Expr], bound: Expr) -> Expr:
    """How many (step j, offset o) pairs land inside ``[0, bound)`` at ``j × stride + o``,
    for j in ``[0, steps)``: the kernel taps XLA multiplies along one axis.

    >>> valid_taps(Integer(8), Integer(1), [Integer(-1), Integer(0), Integer(1)], Integer(8))
    22
    """
    total = ZERO
    for offset in offsets:
        first = sympy.Max(ZERO, ceildiv(-offset, stride))
        last = sympy.Min(steps - 1, floordiv(bound - 1 - offset, stride))
        total += sympy.Max(ZERO, last - first + 1)
    return total
