"""The base of the syntax tree's classes: frozen dataclasses whose equality, hash and repr
are written once here instead of generated per class.

``dataclass(frozen=True)`` compiles six methods for each class (``exec`` of generated
source); the tree has three dozen classes, so importing it cost a cold start ~25 ms. Each
class here gets only the generated ``__init__``, ``__setattr__`` and ``__delattr__``; the
same equality, hash and repr as a dataclass's come from :class:`Node`.

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

from dataclasses import dataclass
from typing import ClassVar

__all__ = ["Node", "node"]

#: Frozen dataclass with only ``__init__`` (and the frozen guards) generated.
node = dataclass(frozen=True, repr=False, eq=False)


class Node:
    """Equality, hash and repr by the fields in order, as a frozen dataclass has them."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._fields = tuple(name for name, kind in cls.__dict__.get("__annotations__", {}).items()
                            if not str(kind).startswith("ClassVar"))

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        """The fields' hash, worked out once per node: a tree is never changed, and the
        run's memo keys (:mod:`symparams.engine.memo`) hash the same calls and arguments
        thousands of times. (Not pickled: a string's hash differs between processes.)"""
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash(self._values())
            object.__setattr__(self, "_hash", found)
        return found

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({inner})"
