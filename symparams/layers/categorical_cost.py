"""What the categorical layers cost at inference (:mod:`.categorical`), as Keras 3 runs them
on jax: ``CategoryEncoding`` is a one-hot and a reduction XLA counts exactly; the layers that
run as TensorFlow ops (hashing, table lookups, string splitting) do no multiply-accumulate
but their other work is outside XLA, so only their MACs are known.
"""

from __future__ import annotations

import sympy
from sympy import Integer

from .cost import Cost

__all__ = ["encoding_cost", "category_cost", "no_products"]

ZERO = Integer(0)


def encoding_cost(x, depth, mode: str, cast: bool) -> Cost:
    """Keras's jax encoding of integer entries ``x`` into ``depth`` categories, as XLA counts
    it: a one-hot is 2 operations per entry and category (compare, convert); multi_hot and
    count then reduce over the first axis (Keras's ``reduction_axis = 1`` of the batched
    tensor, whatever the rank), ``rows − 1`` per reduced number, and multi_hot first casts a
    float input to int32 (``cast``: 1 per entry). ``int`` is free.

    >>> from sympy import Integer as I
    >>> encoding_cost((I(3), I(4)), I(5), "count", cast=True).count("xla")
    160
    """
    entries = sympy.Mul(*x)
    if mode == "int":
        return Cost()
    one_hot = 2 * entries * depth
    if mode == "one_hot":
        return Cost(ops=one_hot)
    reduced = entries / x[0] * depth * (x[0] - 1)
    return Cost(ops=one_hot + reduced + (entries if mode == "multi_hot" and cast else 0))



def category_cost(a, x, y) -> Cost:
    """``CategoryEncoding`` (a float input, as symparams's ``Input`` gives). A sparse output
    (a BCOO array) is other work: its operations are unknown."""
    if a.sparse:
        return Cost(ZERO, None, None, xla_known=False)
    return encoding_cost(x, a.num_tokens, a.output_mode, cast=True)


def no_products(a, x, y) -> Cost:
    """A layer that multiplies nothing (MACs 0) and whose other work symparams does not
    count (its operations and the ``xla`` count are unknown)."""
    return Cost(ZERO, None, None, xla_known=False)
