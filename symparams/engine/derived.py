"""A layer's output shape, weights and conditions from its bound arguments and input shape,
worked out once per distinct (layer type, arguments, input shape).

Networks repeat layers: the eight EfficientNets of one file build the same
``BatchNormalization`` on the same shapes again and again, and B0 and B1 share every block of
their width. The layer types' rules are pure functions of their arguments (values, the
arguments given, and their syntax nodes, whose positions are part of the key) and the input
shape, so their results are shared; a layer that is refused (``Reject``) is worked out
again each time, to raise again.

>>> from symparams.layers import registry
>>> from symparams.layers.registry import Args
>>> from sympy import Integer
>>> dense = registry.lookup("Dense")
>>> args = Args({**{p.name: p.default for p in dense.params}, "units": Integer(4)}, ["units"])
>>> derive(dense, args, (Integer(3),))[:3]
((4,), 16, 0)
"""

from __future__ import annotations

from typing import Any

from .binding import to_sympy

__all__ = ["derive"]

_DERIVED: dict[tuple, tuple[Any, tuple]] = {}
_KEPT = 20_000


def derive(layer_type, args, x) -> tuple:
    """``(output shape, trainable, non-trainable, conditions)`` of ``layer_type`` with
    ``args`` on an input of shape ``x`` (the rules may raise ``Reject``)."""
    key = _key(layer_type, args, x)
    hit = _DERIVED.get(key) if key is not None else None
    if hit is not None and hit[0] is layer_type:
        return hit[1]
    result = (tuple(layer_type.shape(args, x)), to_sympy(layer_type.trainable(args, x)),
              to_sympy(layer_type.non_trainable(args, x)),
              tuple(layer_type.conditions(args, x)))
    if key is not None:
        if len(_DERIVED) >= _KEPT:
            _DERIVED.clear()
        _DERIVED[key] = (layer_type, result)
    return result


def _key(layer_type, args, x) -> tuple | None:
    """What the rules read, or None if a part of it cannot be a key."""
    key = (id(layer_type), tuple(args.items()), args.given, tuple(args.nodes.items()),
           tuple(x))
    try:
        hash(key)
    except TypeError:
        return None
    return key
