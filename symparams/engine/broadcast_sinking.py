"""XLA computes element-wise work on a repeated tensor before the repeat.

Keras's nearest ``UpSampling1D``–``3D`` and ``RepeatVector`` are a broadcast and a reshape
on jax. XLA's algebraic simplifier moves a broadcast after an element-wise operation whose
other operands are scalars, so a ``ReLU`` (or ``relu6``, a scalar ``Rescaling``, the multiply
of a one-tap convolution or ``Dense`` of one input and one output channel, with its bias add)
reading an upsampled tensor is computed on the tensor before upsampling: its ``xla`` count
is scaled by the input's elements over the output's. The chain goes on through the next such
row, and through reshapes and identities at inference (all measured).

Not derived, so the ``xla`` count is unknown: a row with transcendentals (``sigmoid``,
``tanh``, ``gelu``: XLA counts them once per element before the repeat too, where the
``transcendentals`` count keeps the textbook's number), ``PReLU`` (part of its operations
move), a ``BatchNormalization`` of one channel, arithmetic with a number and functions of a
tensor. ``LeakyReLU``, ``ELU``, a ``BatchNormalization`` of several channels, a softmax and
any other layer are computed after the repeat, as counted.

>>> import symparams
>>> m = symparams.parse('''
... model m():
...     Input(shape=(3, 2))
...     UpSampling1D(2)
...     ReLU()
... ''')["m"]
>>> m.layers[-1].count("xla")   # 6 elements, computed on the 3 × 2 before the repeat
6
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sympy
from sympy import Expr
from sympy.logic.boolalg import Boolean

from ..layers.cost import activation_name
from .model import Layer
from .padding_fold import FOLDING
from .xla_tails import THROUGH

__all__ = ["sunk_rows"]

#: Activations computed before the repeat with no transcendental (measured).
_SUNK_ACTIVATIONS = ("relu", "relu6", "linear")
#: Activations computed after the repeat (measured: a ``where`` or a row reduction).
_KEPT_ACTIVATIONS = ("softmax", "log_softmax", "leaky_relu", "elu", "selu")


def _repeats(row: Layer) -> bool:
    """A broadcast and a reshape on jax: nearest upsampling, ``RepeatVector``."""
    if row.type == "RepeatVector":
        return True
    return row.type.startswith("UpSampling") and row.type[-2:] in ("1D", "2D", "3D") and (
        row.args.get("interpolation") in (None, "nearest"))


def _one_multiply(row: Layer) -> Boolean:
    """Whether a convolution or ``Dense`` is one scalar multiply for XLA: one input and one
    output channel, one tap, stride and dilation 1 (a condition on its symbols)."""
    if row.type not in FOLDING and row.type != "Dense" or not row.input_shape:
        return sympy.false
    a = row.args
    if row.type.startswith("Separable") or a.get("depth_multiplier", 1) != 1:
        return sympy.false
    channels = row.input_shape[0] if a.get("data_format") == "channels_first" \
        else row.input_shape[-1]
    ones = [channels, a.get("units", a.get("filters", 1))]
    for name in ("kernel_size", "strides", "dilation_rate"):
        value = a.get(name, 1)
        ones.extend(value if isinstance(value, tuple) else (value,))
    return sympy.And(*(sympy.Eq(v, 1) for v in ones))


def _kind(row: Layer) -> str:
    """``sunk``: computed before a repeat it reads, count scaled; ``unknown``: partly or with
    transcendentals, not derived; ``through``: no work; ``kept``: computed after it."""
    if row.type in THROUGH:
        return "through"
    act = activation_name(row.args.get("activation"))
    multiply = _one_multiply(row)
    if multiply is not sympy.false:  # a condition on symbols: not derived
        return "sunk" if multiply is sympy.true and act in ("linear", "relu") else "unknown"
    if row.type == "ReLU":
        plain = row.args.get("negative_slope", 0) == 0 and row.args.get("threshold", 0) == 0
        return "sunk" if plain else "unknown"
    if row.type == "Activation":
        return "sunk" if act in _SUNK_ACTIVATIONS else (
            "kept" if act in _KEPT_ACTIVATIONS else "unknown")
    if row.type == "Rescaling":
        scalar = all(not isinstance(row.args.get(n), tuple) for n in ("scale", "offset"))
        return "sunk" if scalar else "unknown"
    if row.type == "PReLU" or (row.type == "BatchNormalization" and row.output_shape
                               and row.output_shape[-1] == 1):
        return "unknown"
    return "kept"


def sunk_rows(nodes: Iterable[Any], elementwise: Callable[[Layer], bool]
              ) -> list[tuple[Any, Callable[[], Expr | None] | None]]:
    """The rows of the unrolled graph (``nodes``, in order: ``row``, ``inputs``) that XLA
    computes before a repeat, each with its extra ``xla`` work (negative) as a function, or
    None where not derived. ``elementwise`` tells the other rows whose work may move
    (arithmetic with a number, functions of a tensor): not derived."""
    ratio: dict[int, Expr] = {}  # node -> elements before the repeat / after
    found: list[tuple[Any, Callable[[], Expr | None] | None]] = []
    for node in nodes:  # in graph order: a node's inputs come first
        row = node.row
        source = node.inputs[0] if len(node.inputs) == 1 else None
        if _repeats(row) and row.input_shape:
            ratio[id(node)] = sympy.Mul(*row.input_shape) / sympy.Mul(*row.output_shape)
            continue
        if source is None or id(source) not in ratio:
            continue
        kind = _kind(row)
        if kind == "through":
            ratio[id(node)] = ratio[id(source)]
        elif kind == "sunk":
            ratio[id(node)] = ratio[id(source)]
            found.append((node, _scaled(row, ratio[id(source)])))
        elif kind == "unknown" or elementwise(row):
            found.append((node, None))
    return found


def _scaled(row: Layer, ratio: Expr) -> Callable[[], Expr | None]:
    def part() -> Expr | None:
        cost = row.cost
        count = None if cost is None else cost.count("xla")
        return None if count is None else (ratio - 1) * count
    return part
