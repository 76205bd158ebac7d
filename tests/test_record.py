"""symparams.record: a Record under @record behaves as the same class under
@dataclass(frozen=True), case by case (construction, errors, equality, hash, repr,
replace, pickling, frozenness)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field

import pytest

from symparams.record import Record, record


def _pair(kind):
    """The same class two ways: kind is "record" or "dataclass"."""
    base = (Record,) if kind == "record" else ()

    class Point(*base):
        x: int
        y: int
        z: int
        w: int = 0
        tags: list = field(default_factory=list, compare=False)
        note: str = field(default="", repr=False)

        def __post_init__(self) -> None:
            if self.x < 0:
                raise ValueError("negative")

    Point.__qualname__ = "Point"
    return record(Point) if kind == "record" else dataclasses.dataclass(frozen=True)(Point)


CALLS = [
    pytest.param((1, 2, 3), {}, id="defaults"),
    pytest.param((1, 2, 3, 4), {}, id="positional"),
    pytest.param((), {"x": 1, "y": 2, "z": 3}, id="keywords"),
    pytest.param((1, 2, 3), {"note": "n", "tags": [1]}, id="options"),
    pytest.param((), {}, id="three-missing"),
    pytest.param((1,), {}, id="two-missing"),
    pytest.param((1, 2), {}, id="one-missing"),
    pytest.param((1, 2, 3, 4, [], "n", 5), {}, id="too-many"),
    pytest.param((1, 2, 3), {"x": 2}, id="twice"),
    pytest.param((1, 2, 3), {"u": 2}, id="unknown"),
    pytest.param((-1, 2, 3), {}, id="post-init-raises"),
    pytest.param((), {"u": 1}, id="unknown-before-missing"),
    pytest.param((1,), {"x": 2}, id="twice-before-missing"),
    pytest.param((1, 2, 3, 4, [], "n", 5), {"u": 1}, id="too-many-before-unknown"),
]


def _outcome(cls, args, kwargs):
    try:
        obj = cls(*args, **kwargs)
    except (TypeError, ValueError) as err:
        return type(err).__name__, str(err)
    return ("ok", repr(obj), hash(obj), dataclasses.astuple(obj),
            [f.name for f in dataclasses.fields(obj)])


@pytest.mark.parametrize("args, kwargs", CALLS)
def test_construction_as_a_frozen_dataclass(args, kwargs) -> None:
    assert _outcome(_pair("record"), args, kwargs) == _outcome(_pair("dataclass"), args,
                                                                 kwargs)


def test_equality_replace_copy_pickle_and_frozenness() -> None:
    Point = _pair("record")
    a, b = Point(1, 2, 3, 4, ["x"]), Point(1, 2, 3, 4, ["y"])
    assert a == b and hash(a) == hash(b) and a != Point(1, 2, 3) and a != (1, 2, 3, 4)
    assert dataclasses.replace(a, w=5) == Point(1, 2, 3, 5)
    assert copy.deepcopy(a) == a and copy.copy(a) == a
    globals()["Point"] = Point  # pickle finds the class by name
    try:
        assert pickle.loads(pickle.dumps(a)) == a
    finally:
        del globals()["Point"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.x = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.y


def test_record_refuses_what_it_cannot_honour() -> None:
    with pytest.raises(TypeError, match="subclass of Record"):
        record(type("Plain", (), {"__annotations__": {"x": int}}))
    with pytest.raises(TypeError, match="defines __setattr__: a record is frozen"):
        record(type("Open", (Record,), {"__annotations__": {"x": "int"},
                                        "__setattr__": object.__setattr__}))
    with pytest.raises(TypeError, match="keyword-only fields"):
        record(type("Keywords", (Record,), {"__annotations__": {"x": "int"},
                                            "x": field(kw_only=True)}))
