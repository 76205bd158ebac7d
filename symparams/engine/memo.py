"""Results remembered for one elaboration run: one file parsed, all its models.

The eight EfficientNets of one file call the same helpers (``round_filters(40, 11/10)``),
substitute the same block bodies and build the same layers on the same shapes. Those are
pure functions of what their keys hold, so within a run they are worked out once. The tables
live only while :func:`run_memo` is open (:func:`symparams.engine.elaborate.elaborate` opens
it): nothing is shared between two parses, so a notebook that parses again with other
assumptions or ``--set`` values starts empty, and outside a run nothing is remembered.

A key holds ``id()`` of objects (a helper's definition, a body's statements) that the stored
value keeps alive, and :func:`recall` checks that the object is that one, so an id is never
reused by another object while the table lives.

>>> with run_memo():
...     remember("squares", (3,), None, 9)
...     recall("squares", (3,), None)
9
>>> recall("squares", (3,), None) is MISSING  # the run is over
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from ..symbolic.assumptions import equal_under

__all__ = ["run_memo", "recall", "remember", "hashable", "run_equality", "MISSING"]

_RUN: ContextVar[dict[str, dict] | None] = ContextVar("symparams_run_memo", default=None)
#: Entries per table at most (a table that fills up starts again: the same results, later
#: computed once more, so the output never depends on it).
_KEPT = 20_000


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""What :func:`recall` returns when nothing is remembered."""


@contextmanager
def run_memo() -> Iterator[None]:
    """Remember results inside this block (one elaboration run), and forget them after."""
    token = _RUN.set({})
    try:
        yield
    finally:
        _RUN.reset(token)


def recall(table: str, key: tuple | None, owner: Any) -> Any:
    """The value remembered in ``table`` under ``key`` for ``owner`` (the object whose id the
    key holds, or None), else :data:`MISSING`; a None key is never remembered."""
    run = _RUN.get()
    if run is None or key is None:
        return MISSING
    hit = run.get(table, {}).get(key)
    if hit is None or hit[0] is not owner:
        return MISSING
    return hit[1]


def remember(table: str, key: tuple | None, owner: Any, value: Any) -> None:
    """Keep ``value`` under ``key`` in ``table`` until the run ends (``owner`` stays alive)."""
    run = _RUN.get()
    if run is None or key is None:
        return
    entries = run.setdefault(table, {})
    if len(entries) >= _KEPT:
        entries.clear()
    entries[key] = (owner, value)


def hashable(key: tuple) -> tuple | None:
    """``key`` if it can be a dictionary key, else None (a part of it is unhashable).

    >>> hashable((1, ("a", 2))), hashable((1, [2]))
    ((1, ('a', 2)), None)
    """
    try:
        hash(key)
    except TypeError:
        return None
    return key


def run_equality(assumptions):
    """:func:`~symparams.symbolic.assumptions.equal_under` of ``assumptions``, one per run
    for equal assumptions: results remembered in a run that read it are keyed on it."""
    key = hashable((tuple(assumptions),))
    equality = recall("equalities", key, None)
    if equality is MISSING:
        equality = equal_under(assumptions)
        remember("equalities", key, None, equality)
    return equality
