"""Frozen records: frozen dataclasses whose methods are written once, here, instead of
generated for every class.

``@dataclass(frozen=True)`` compiles six methods per class (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``), each an ``exec`` of generated
source: for symparams's hundred classes, ~40 ms of a 0.4 s cold start and ~0.4 MiB. A
:class:`Record` subclass decorated with :func:`record` is still a dataclass (``fields``,
``replace``, ``asdict``, ``field(default_factory=..., repr=False, compare=False)`` and
``__post_init__`` work as documented for one), with the same equality, hash, repr and
frozenness, and nothing is compiled.

One difference, on purpose: the methods are inherited from :class:`Record`, not written into
each class, so a base class before ``Record`` in the MRO keeps its own ``__repr__`` (and a
mixin's ``_repr_pretty_`` is what IPython shows: the summary table of a model, where a
dataclass's generated ``__repr__`` came first). Keyword-only fields, ``InitVar`` and a
class's own ``__setattr__`` or ``__delattr__`` are not supported (keyword-only fields and
the two methods are refused).

>>> from dataclasses import field, fields, replace
>>> @record
... class Pair(Record):
...     left: int
...     right: int = 0
...     notes: list = field(default_factory=list, compare=False, repr=False)
>>> Pair(1, 2), Pair(1) == Pair(1, 0, ["other"]), hash(Pair(1)) == hash((1, 0))
(Pair(left=1, right=2), True, True)
>>> [f.name for f in fields(Pair)], replace(Pair(1), right=5)
(['left', 'right', 'notes'], Pair(left=1, right=5))
>>> Pair(1).left = 3
Traceback (most recent call last):
dataclasses.FrozenInstanceError: cannot assign to field 'left'
>>> Pair(1, right=2, up=3)
Traceback (most recent call last):
TypeError: Pair.__init__() got an unexpected keyword argument 'up'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

__all__ = ["Record", "record"]

T = TypeVar("T", bound=type)


class _Plan:
    """What a record class's methods need to know of its fields, worked out once."""

    __slots__ = ("names", "position", "pick", "defaults", "factories", "tail", "late",
                 "compared", "hashed", "shown", "post_init")

    def __init__(self, cls: type) -> None:
        every = fields(cls)
        given = [f for f in every if f.init]
        self.names = tuple(f.name for f in given)
        self.position = {name: index for index, name in enumerate(self.names)}
        self.pick = _getter(itemgetter, self.names)  # the fields' values from a dict
        self.defaults = {f.name: f.default for f in given if f.default is not MISSING}
        self.factories = {f.name: f.default_factory for f in given
                          if f.default_factory is not MISSING}
        #: the defaults of the last fields, when all of them are plain values: positional
        #: arguments that stop short are completed from it in one step
        self.tail: tuple = ()
        for f in reversed(given):
            if f.default is MISSING:
                break
            self.tail = (f.default, *self.tail)
        self.late = tuple((f.name, f.default, f.default_factory) for f in every if not f.init)
        self.compared = _getter(attrgetter, [f.name for f in every if f.compare])
        self.hashed = _getter(attrgetter, [f.name for f in every
                                           if (f.compare if f.hash is None else f.hash)])
        self.shown = tuple(f.name for f in every if f.repr)
        self.post_init = hasattr(cls, "__post_init__")

    def complete(self, cls: type, args: tuple, kwargs: dict) -> list:
        """Every field's value from a call's arguments, as a dataclass's ``__init__`` takes
        them (and with its messages when they do not fit)."""
        where = f"{cls.__qualname__}.__init__()"
        for name in kwargs:  # Python's order: keywords, then too many, then missing
            index = self.position.get(name)
            if index is None:
                raise TypeError(f"{where} got an unexpected keyword argument {name!r}")
            if index < len(args):
                raise TypeError(f"{where} got multiple values for argument {name!r}")
        if len(args) > len(self.names):
            most = len(self.names) + 1
            least = most - len(self.defaults) - len(self.factories)
            takes = f"from {least} to {most}" if least < most else f"{most}"
            raise TypeError(f"{where} takes {takes} positional arguments but "
                            f"{len(args) + 1} were given")
        values, missing = list(args), []
        for name in self.names[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in self.defaults:
                values.append(self.defaults[name])
            elif name in self.factories:
                values.append(self.factories[name]())
            else:
                missing.append(repr(name))
        if missing:
            listed = " and ".join(missing) if len(missing) < 3 else (
                ", ".join(missing[:-1]) + ", and " + missing[-1])
            plural = "s" if len(missing) > 1 else ""
            raise TypeError(f"{where} missing {len(missing)} required positional "
                            f"argument{plural}: {listed}")
        return values


class Record:
    """The methods of a frozen dataclass, for the subclasses :func:`record` decorates."""

    __slots__ = ()
    _plan: _Plan

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        plan = self._plan
        missing = len(plan.names) - len(args)
        if kwargs:
            values = None
            if not args:  # by name, as replace() calls it: a dict merge and a lookup, in C
                filled = plan.defaults | kwargs
                if len(filled) == len(plan.names):
                    try:
                        values = plan.pick(filled)
                    except KeyError:  # a name that is not a field (and one missing)
                        pass
            args = values if values is not None else plan.complete(type(self), args, kwargs)
        elif missing:
            if 0 < missing <= len(plan.tail):
                args += plan.tail[-missing:]
            else:
                args = plan.complete(type(self), args, kwargs)
        state = self.__dict__
        state.update(zip(plan.names, args, strict=True))
        for name, default, factory in plan.late:
            if factory is not MISSING:
                state[name] = factory()
            elif default is not MISSING:
                state[name] = default
        if plan.post_init:
            self.__post_init__()  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = self._plan.compared
        return values(self) == values(other)

    def __hash__(self) -> int:
        return hash(self._plan.hashed(self))

    def __repr__(self) -> str:
        state = self.__dict__
        inner = ", ".join(f"{name}={state[name]!r}" for name in self._plan.shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getter(kind: Callable, names: Sequence[str]) -> Callable[[object], tuple]:
    """The tuple of these attributes (``attrgetter``) or items (``itemgetter``) of an
    object, always a tuple (the getters give a bare value for one name)."""
    if len(names) > 1:
        return kind(*names)
    if names:
        one = kind(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def record(cls: T) -> T:
    """``@dataclass(frozen=True)`` for a :class:`Record` subclass, with no generated code."""
    if not issubclass(cls, Record):
        raise TypeError(f"@record needs a subclass of Record, not {cls.__qualname__}")
    own = {"__setattr__", "__delattr__"} & set(cls.__dict__)
    if own:  # as dataclass(frozen=True) refuses them
        raise TypeError(f"{cls.__qualname__} defines {sorted(own)[0]}: a record is frozen")
    if cls.__dict__.get("__hash__", MISSING) is None and "__eq__" in cls.__dict__:
        cls.__hash__ = Record.__hash__  # type: ignore[method-assign]  # as dataclass does
    if cls.__doc__ is None:  # dataclass would work one out from the signature
        cls.__doc__ = f"{cls.__qualname__} record."
    cls = dataclass(init=False, repr=False, eq=False)(cls)
    keyword_only = [f.name for f in fields(cls) if f.kw_only]
    if keyword_only:  # Record.__init__ takes every field by position or keyword
        raise TypeError(f"{cls.__qualname__}: keyword-only fields are not supported by "
                        f"@record ({keyword_only[0]!r})")
    cls._plan = _Plan(cls)
    return cls
