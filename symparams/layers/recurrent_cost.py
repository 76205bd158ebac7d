"""The cost rules of recurrent layers: every time step's work, as XLA counts Keras's jax
lowering of the layer built with ``unroll=True`` (a ``while`` loop is counted once by XLA's
cost analysis, so symparams's count is that of the unrolled layer).

Per step, with F features in and U units, a cell computes ``x_t · W`` (its gates × U outputs,
each a sum of F products) and ``h_{t-1} · U`` (sums of U products), then element-wise work
measured with ``cost_analysis()``: SimpleRNN 2U (the bias and the sum of the two products)
and its activation; GRU 8U + 6U with biases, two recurrent activations and one activation;
LSTM 12U + 8U with biases, three recurrent activations and two activations. XLA folds part of
an LSTM's first step (its zero cell state): 4U fewer, 8U with biases (measured with the
sigmoid recurrent activation, Keras's default), and with ``return_sequences`` it counts U
more per step after the first. Not derived (the ``xla`` count is unknown): a GRU or LSTM
whose recurrent activation is not the sigmoid, or of one unit or one feature, whose
degenerate products XLA fuses otherwise.

>>> from sympy import factor
>>> from symparams import parse
>>> layer = parse('''model m(T=10, F=8, U=4):
...     Input(shape=(T, F))
...     SimpleRNN(U)
... ''').models["m"].layers[0]
>>> factor(layer.count("macs")), factor(layer.count("flops")), layer.count("transcendentals")
(T*U*(F + U), T*U*(2*F + 2*U + 3), T*U)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sympy import Expr, Integer

from .cost import Cost, activation_cost, activation_name, dot

__all__ = ["recurrent_cost", "cells_cost", "STEP_RULES"]

ZERO = Integer(0)


def _acts(node: Any, units: Expr, times: int) -> Cost:
    return activation_cost(node, (units,)).times(Integer(times))


def _simple(a, features: Expr) -> Cost:
    u = a.units
    return (dot(u, features) + dot(u, u) + Cost(ops=(2 if a.use_bias else 1) * u)
            + _acts(a.activation, u, 1))


def _gru(a, features: Expr) -> Cost:
    u = a.units
    recurrent = dot(3 * u, u) if a.reset_after else dot(2 * u, u) + dot(u, u)
    return (dot(3 * u, features) + recurrent + Cost(ops=(14 if a.use_bias else 8) * u)
            + _acts(a.recurrent_activation, u, 2) + _acts(a.activation, u, 1))


def _lstm(a, features: Expr) -> Cost:
    u = a.units
    return (dot(4 * u, features) + dot(4 * u, u) + Cost(ops=(20 if a.use_bias else 12) * u)
            + _acts(a.recurrent_activation, u, 3) + _acts(a.activation, u, 2))


#: One time step of each cell kind, by layer or cell name: ``rule(args, features)``.
STEP_RULES: dict[str, Callable[[Any, Expr], Cost]] = {
    "SimpleRNN": _simple, "SimpleRNNCell": _simple, "GRU": _gru, "GRUCell": _gru,
    "LSTM": _lstm, "LSTMCell": _lstm,
}


def _xla_extra(name: str, a: Any, steps: Expr, features: Expr, last: bool,
               sequences: bool) -> Cost:
    """What XLA counts apart from the steps: an LSTM's folded first step, and (its last
    cell's) U per step after the first with ``return_sequences``."""
    if name.startswith("SimpleRNN"):
        return Cost()
    one = Integer(1) in (a.units, features)
    if activation_name(a.recurrent_activation) != "sigmoid" or one:
        return Cost(xla_known=False)  # fused otherwise: not derived
    if name.startswith("GRU"):
        return Cost()
    extra = -(8 if a.use_bias else 4) * a.units
    if last and sequences:
        extra += a.units * (steps - 1)
    return Cost(xla_ops=extra)


def cells_cost(cells: Sequence[tuple[str, Any]], x: Sequence[Expr], sequences: bool) -> Cost:
    """Every step of ``cells`` (each a layer or cell name and its arguments) run in a stack,
    each cell's input the previous cell's output, over ``x = (timesteps, features)``."""
    steps, features = x[0], x[-1]
    total = Cost()
    for index, (name, a) in enumerate(cells):
        total = total + STEP_RULES[name](a, features).times(steps) + _xla_extra(
            name, a, steps, features, index == len(cells) - 1, sequences)
        features = a.units
    return total


def recurrent_cost(name: str) -> Callable[[Any, Any, Any], Cost]:
    """The rule of SimpleRNN, GRU or LSTM (``name``): every time step."""

    def rule(a, x, y) -> Cost:
        return cells_cost([(name, a)], x, a.return_sequences)

    return rule
