"""Keras 3's ``lora_rank``: low-rank adaptation on the layers whose constructor takes it
(``Dense``, ``EinsumDense``, ``Embedding``, ``Conv1D``/``2D``/``3D``).

With ``lora_rank=r`` Keras's ``build`` calls ``enable_lora(r)``: the kernel is frozen
(non-trainable) and two trainable matrices are added, ``lora_kernel_a`` of the kernel's shape
with its last axis replaced by ``r`` and ``lora_kernel_b`` of shape ``(r, last axis)``. The
bias, if any, stays trainable. ``trainable=False`` then freezes everything, as on any layer.
The forward pass adds ``(lora_alpha / r) · A @ B`` to the kernel before using it: a cost
symparams does not model, so the layer's compute is unknown (``?``) with a rank.

>>> import symparams
>>> m = symparams.parse('''
... model m(d=3, n=4, r=2):
...     Input(shape=(6, d))
...     Dense(n, lora_rank=r)
... ''')["m"]
>>> m.layers[0].trainable, m.layers[0].non_trainable
(d*r + n*r + n, d*n)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import sympy
from sympy import Expr

from .argkinds import Anything, Optional
from .kinds import NonNegative
from .registry import Args, LayerType, Param, Reject, Shape

__all__ = ["LORA_PARAMS", "with_lora"]

LORA_PARAMS = (
    Param("lora_rank", Optional(NonNegative()), None, positional=False,
          doc="Keras 3: freeze the kernel, train two low-rank matrices of rank lora_rank "
          "(0: none, as Keras reads it)"),
    Param("lora_alpha", Anything(), None, positional=False,
          doc="scales the low-rank update; no weights of its own"),
)

#: ``kernel(a, x)``: the kernel's size and its last axis (``units``, ``filters``, ...).
Kernel = Callable[[Args, Shape], tuple[Expr, Expr]]


def with_lora(layer_type: LayerType, kernel: Kernel) -> LayerType:
    """``layer_type`` taking ``lora_rank`` and ``lora_alpha``; ``kernel`` says what its
    kernel is."""
    base_trainable, base_frozen, base_cost = (layer_type.trainable, layer_type.non_trainable,
                                              layer_type.cost)

    def trainable(a: Args, x: Shape) -> Expr:
        count = base_trainable(a, x)
        if not _has_rank(a):
            return count
        for name in ("kernel_constraint", "embeddings_constraint"):
            if a.get(name) is not None:  # Keras: "Lora is incompatible with kernel constraints"
                raise Reject(f"lora_rank cannot be used with {name} (Keras refuses it)")
        size, last = kernel(a, x)
        rank = a.lora_rank
        return sympy.expand(count - size + sympy.cancel(size / last) * rank + rank * last)

    def non_trainable(a: Args, x: Shape) -> Expr:
        count = base_frozen(a, x)
        return count + kernel(a, x)[0] if _has_rank(a) else count

    def cost(a, x, y, **options):  # options: a convolution's folded padding
        return None if _has_rank(a) else base_cost(a, x, y, **options)

    with_rank = (layer_type.derivation + "; with lora_rank r the kernel is frozen and "
                 "r × (kernel size / last axis + last axis) are trained")

    def derivation_for(a: Args) -> str | None:
        return with_rank if a.get("lora_rank") is not None and _has_rank(a) else None
    subtleties = tuple(layer_type.extra.get("subtleties", ())) + (
        "lora_rank=r (Keras 3): the kernel becomes non-trainable; lora_kernel_a (the kernel's "
        "shape with its last axis r) and lora_kernel_b (r × the last axis) are trainable",)
    return dataclasses.replace(
        layer_type, params=layer_type.params + LORA_PARAMS, trainable=trainable,
        non_trainable=non_trainable, cost=cost if base_cost is not None else None,
        extra={**layer_type.extra, "subtleties": subtleties,
               "derivation_for": derivation_for})


def _has_rank(a: Args) -> bool:
    """A rank other than 0 (Keras's ``if self.lora_rank:``; a symbolic rank is positive)."""
    rank = a.lora_rank
    return rank is not None and not (rank.is_Integer and rank == 0)
