"""``NAME=INT`` assignments as the command line's ``--set`` and the notebook magic take them."""

from __future__ import annotations

import re

from ..errors import ValueBindingError
from ..limits import DEFAULT_LIMITS

__all__ = ["parse_assignments"]

_ASSIGNMENT = re.compile(r"^\s*([^\W\d]\w*)\s*=\s*([+-]?\d[\d_]*)\s*$")


def parse_assignments(items: list[str], max_digits: int = DEFAULT_LIMITS.max_int_digits
                      ) -> dict[str, int]:
    """``["d=64", "L=2"]`` to ``{"d": 64, "L": 2}``; bad items raise ValueBindingError.

    >>> parse_assignments(["d=64", "L = 2"])
    {'d': 64, 'L': 2}
    """
    values: dict[str, int] = {}
    for item in items:
        match = _ASSIGNMENT.match(item)
        if not match:
            raise ValueBindingError(
                f"--set expects NAME=INT, got {item!r}", hint="for example --set d=512"
            )
        name, digits = match.groups()
        if len(digits.lstrip("+-").replace("_", "")) > max_digits:
            raise ValueBindingError(
                f"--set {name}: value has more than {max_digits} digits",
                hint="raise the limit with --max-int-digits",
            )
        value = int(digits.replace("_", ""))
        if value < 1:
            raise ValueBindingError(
                f"--set {name}={value}: symbols are positive integers"
            )
        values[name] = value
    return values
