"""A layer's output shape, weights and conditions from its bound arguments and input shape,
worked out once per distinct (layer type, arguments, input shape).

Networks repeat layers: the eight EfficientNets of one file build the same
``BatchNormalization`` on the same shapes again and again, and B0 and B1 share every block of
their width. The layer types' rules are pure functions of their arguments (values, the
arguments given, and their syntax nodes, whose positions are part of the key) and the input
shape, and of the equalities the model's assumptions give (``Reshape`` and ``Bidirectional``
compare sizes with :func:`~symparams.layers.merging.provably_equal`, which reads
:data:`~symparams.layers.merging.EQUALITY`), so their results are shared within one run (see
:mod:`.memo`); a layer that is refused (``Reject``) is worked out again each time, to raise
again.

>>> from symparams.layers import registry
>>> from symparams.layers.registry import Args
>>> from sympy import Integer
>>> dense = registry.lookup("Dense")
>>> args = Args({**{p.name: p.default for p in dense.params}, "units": Integer(4)}, ["units"])
>>> derive(dense, args, (Integer(3),))[:3]
((4,), 16, 0)
"""

from __future__ import annotations

from ..layers.merging import EQUALITY
from .binding import to_sympy
from .memo import MISSING, hashable, recall, remember

__all__ = ["derive"]


def derive(layer_type, args, x) -> tuple:
    """``(output shape, trainable, non-trainable, conditions)`` of ``layer_type`` with
    ``args`` on an input of shape ``x`` (the rules may raise ``Reject``)."""
    key = hashable((id(layer_type), tuple(args.items()), args.given,
                    tuple(args.nodes.items()), tuple(x), EQUALITY.get()))
    remembered = recall("layers", key, layer_type)
    if remembered is not MISSING:
        return remembered
    result = (tuple(layer_type.shape(args, x)), to_sympy(layer_type.trainable(args, x)),
              to_sympy(layer_type.non_trainable(args, x)),
              tuple(layer_type.conditions(args, x)))
    remember("layers", key, layer_type, result)
    return result
