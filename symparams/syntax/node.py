"""The base of the syntax tree's classes: frozen records (:mod:`symparams.record`, frozen
dataclasses with no generated code) whose hash is worked out once per node.

>>> from dataclasses import fields, replace
>>> @node
... class Pair(Node):
...     left: int
...     right: int = 0
>>> Pair(1, 2), Pair(1, 2) == Pair(1, 2), Pair(1) == Pair(1, 2), hash(Pair(1)) == hash((1, 0))
(Pair(left=1, right=2), True, False, True)
>>> [f.name for f in fields(Pair)], replace(Pair(1), right=5)
(['left', 'right'], Pair(left=1, right=5))
>>> Pair(1).left = 3
Traceback (most recent call last):
dataclasses.FrozenInstanceError: cannot assign to field 'left'
"""

from __future__ import annotations

from ..record import Record, record

__all__ = ["Node", "node"]

#: A syntax tree class: a frozen record.
node = record


class Node(Record):
    """Equality, hash and repr by the fields in order, as a frozen dataclass has them."""

    __slots__ = ()

    def __hash__(self) -> int:
        """The fields' hash, worked out once per node: a tree is never changed, and the
        run's memo keys (:mod:`symparams.engine.memo`) hash the same calls and arguments
        thousands of times. (Not pickled: a string's hash differs between processes.)"""
        state = self.__dict__
        found = state.get("_hash")
        if found is None:
            found = state["_hash"] = super().__hash__()
        return found

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}
