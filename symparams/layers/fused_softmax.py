"""XLA's copies of a layer's element-wise end into the fusions of its own softmax.

A ``Dense`` or convolution with ``activation="softmax"`` or ``"log_softmax"``: XLA computes
the layer's bias add (and, for a ``Dense`` reading one number, its product: a multiply)
again inside the fusions of the row's reductions, once more for a softmax and twice more for
a log_softmax, while the outputs are fewer than ``XLA_WINDOW_FROM`` (measured against XLA;
a larger softmax copies none, a larger log_softmax is not measured, so unknown).

>>> from sympy import Integer as I
>>> softmax_copies("log_softmax", (I(5), I(3)), I(1)).count("xla")
30
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy import Expr, Integer

from .cost import XLA_WINDOW_FROM, Cost, activation_name

__all__ = ["softmax_copies"]


def softmax_copies(activation, y: Sequence[Expr], tail: Expr) -> Cost:
    """The extra ``xla`` work of ``tail`` element-wise operations per output copied into the
    fusions of the row's ``activation`` (nothing unless it is a softmax or log_softmax)."""
    name = activation_name(activation)
    if name not in ("softmax", "log_softmax") or tail == 0:
        return Cost()
    outputs = sympy.Mul(*y)
    small = outputs < XLA_WINDOW_FROM
    if name == "log_softmax" and small is not sympy.true:
        return Cost(xla_known=False)
    copies = (1 if name == "softmax" else 2) * tail * outputs
    return Cost(xla_ops=sympy.Piecewise((Integer(0), sympy.Eq(y[-1], 1)), (copies, small),
                                        (Integer(0), True)))
