"""``NAME=VALUE`` assignments as the command line's ``--set`` and the notebook magic take them.

A value is an integer (``64``, ``1_024``) or an exact fraction, written as a fraction
(``3/4``) or a decimal (``0.75``); both are read exactly, never through a float. A whole
number stays an ``int`` (``6/2`` and ``2.0`` are ``2``); any other value is a
``fractions.Fraction``. Whether the model accepts it (a rational symbol, a count that may be
0) is the model's check.
"""

from __future__ import annotations

import re
from fractions import Fraction

from ..errors import ValueBindingError
from ..limits import DEFAULT_LIMITS

__all__ = ["parse_assignments", "parse_exact"]

_NAME = r"[^\W\d]\w*"
_INTEGER = r"\d[\d_]*"
_DECIMAL = r"(?:\d[\d_]*)?\.\d[\d_]*|\d[\d_]*\."
_NUMBER = re.compile(rf"^([+-]?)(?:({_DECIMAL})|({_INTEGER})(?:\s*/\s*({_INTEGER}))?)$")
_ASSIGNMENT = re.compile(rf"^\s*({_NAME})\s*=\s*(.*?)\s*$")


def parse_exact(text: str) -> int | Fraction | None:
    """An integer, fraction or decimal read exactly; None if ``text`` is none of them.

    >>> parse_exact("64"), parse_exact("3/4"), parse_exact("0.75"), parse_exact("6/2")
    (64, Fraction(3, 4), Fraction(3, 4), 3)
    >>> parse_exact("-1.5"), parse_exact("1e3"), parse_exact("3/0")
    (Fraction(-3, 2), None, None)
    """
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    sign, decimal, numerator, denominator = match.groups()
    if decimal is not None:
        value = Fraction(decimal.replace("_", ""))
    else:
        bottom = int(denominator.replace("_", "")) if denominator else 1
        if bottom == 0:
            return None
        value = Fraction(int(numerator.replace("_", "")), bottom)
    value = -value if sign == "-" else value
    return int(value) if value.denominator == 1 else value


def parse_assignments(items: list[str], max_digits: int = DEFAULT_LIMITS.max_int_digits
                      ) -> dict[str, int | Fraction]:
    """``["d=64", "alpha=3/4"]`` to ``{"d": 64, "alpha": Fraction(3, 4)}``; bad items raise
    ValueBindingError.

    >>> parse_assignments(["d=64", "L = 2", "alpha=0.35"])
    {'d': 64, 'L': 2, 'alpha': Fraction(7, 20)}
    """
    values: dict[str, int | Fraction] = {}
    for item in items:
        match = _ASSIGNMENT.match(item)
        value = parse_exact(match.group(2)) if match else None
        if value is None:
            raise ValueBindingError(
                f"--set expects NAME=VALUE (an integer, a fraction such as 3/4 or a decimal "
                f"such as 0.75), got {item!r}", hint="for example --set d=512")
        name, text = match.groups()
        digits = sum(ch.isdigit() for ch in text)
        if digits > max_digits:
            raise ValueBindingError(
                f"--set {name}: value has more than {max_digits} digits",
                hint="raise the limit with --max-int-digits",
            )
        values[name] = value
    return values
