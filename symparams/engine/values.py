"""What a name can hold besides a number: Python's ``None`` and truth values.

>>> import sympy
>>> NONE, is_truth(sympy.true), is_truth(sympy.Symbol("d"))
(None, True, False)
"""

from __future__ import annotations

from typing import Any

from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanAtom, BooleanFunction

__all__ = ["NONE", "is_truth"]


class _NoneValue:
    """Python's ``None`` as a value (a helper's default ``min_value=None``)."""

    def __repr__(self) -> str:
        return "None"


NONE = _NoneValue()
_TRUTHS = (BooleanAtom, Relational, BooleanFunction)


def is_truth(value: Any) -> bool:
    """A truth value (``true``, ``false``, a relation or a combination), not a number."""
    return isinstance(value, _TRUTHS)
