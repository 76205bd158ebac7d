r"""The conventions every non-LaTeX output follows (text summary, ``explain``, Markdown, HTML,
the notebook, the text beside JSON), in one place; see docs/conventions.md.

- **Counts** (parameters, MACs, FLOPs, activations) have their digits grouped by commas
  from 1,000 on, as Keras's summary writes them: ``4,950``, ``176,025``; below 1,000 as is.
- **Shapes** are tuples as Keras and Python write them: ``(784,)``, ``(None, 26, 26, 32)``;
  their sizes are never grouped (a comma already separates the dimensions).
- **Unknown** numbers (a count symparams cannot work out, or one needing a symbol without a
  value) are written ``?``, never 0.
- **Products** in mathematics are written with ``·`` (``64·(64 + 1)``), powers as
  superscripts (``k²``), floors and ceilings with their brackets (``⌊(H − k + 1)/2⌋``): see
  :mod:`symparams.render.mathtext`.

>>> group_digits(4950), group_digits(999), group_digits(-1234567)
('4,950', '999', '-1,234,567')
>>> count_text(None), count_text(176025)
('?', '176,025')
>>> tuple_text(["784"]), tuple_text(["None", "26", "26", "32"]), tuple_text([])
('(784,)', '(None, 26, 26, 32)', '()')
>>> int_shape_text((1024, 50257))
'(1024, 50257)'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["UNKNOWN", "TIMES", "DOT", "group_digits", "count_text", "tuple_text",
           "int_shape_text", "plural"]

#: How an unknown number is written.
UNKNOWN = "?"
#: A product of two numbers or a number and a bracket in mathematics: ``64·(64 + 1)``.
DOT = "·"
#: A repetition's count, and a product read aloud: ``Repeat × L``, ``units × inputs``.
TIMES = "×"


def group_digits(value: int) -> str:
    """An integer with its digits grouped by commas from 1,000 on."""
    return f"{int(value):,}"


def count_text(value: int | None) -> str:
    """A count as every table shows it: grouped, or :data:`UNKNOWN` if None."""
    return UNKNOWN if value is None else group_digits(value)


def tuple_text(items: Iterable[str]) -> str:
    """Items (already text) as a tuple, a 1-tuple with its comma as Python writes it."""
    items = list(items)
    inner = ", ".join(items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def int_shape_text(shape: Sequence) -> str:
    """A shape of numbers (``None`` for Keras's unknown size) as Keras prints it."""
    return tuple_text("None" if d is None else str(d) for d in shape)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 layer``, ``3 layers``: a number and its noun, singular for one.

    >>> plural(1, "layer"), plural(3, "layer"), plural(2, "copy", "copies")
    ('1 layer', '3 layers', '2 copies')
    """
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
