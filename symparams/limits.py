"""Resource limits that keep hostile or mistaken input from hanging or exhausting memory.

Each limit has a documented default and can be changed per call
(``symparams.parse(text, limits=Limits(max_layers=50_000))``) or on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Limits", "DEFAULT_LIMITS"]


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what one source text may ask of symparams.

    >>> Limits().max_nesting
    100
    """

    max_source_bytes: int = 2_000_000
    """Largest source text, in bytes of UTF-8."""
    max_nesting: int = 100
    """Deepest nesting of brackets, operators and calls in one statement."""
    max_layers: int = 100_000
    """Most layers in one document."""
    max_int_digits: int = 100
    """Most decimal digits in an integer literal or computed constant."""
    max_int_bits: int = 4096
    """Largest constant an expression such as ``2**k`` may fold to, in bits."""
    max_exponent: int = 64
    """Largest literal exponent applied to a symbolic base (``d**64``)."""


DEFAULT_LIMITS = Limits()
