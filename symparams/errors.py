"""One family of errors for everything a user can get wrong.

Every error raised for user input is a :class:`SymparamsError`. Each subclass also derives from
the builtin it resembles (as pint does), so ``except ValueError`` keeps working for callers
that do not know symparams. An error knows where it happened (file, line, column, layer) and
renders the offending source line with a caret under it:

>>> from symparams.errors import SourceSpan, UnknownLayerError
>>> span = SourceSpan("m.sp", "model m(n=3):\\n    Dens(n)\\n", 2, 5, 2, 9)
>>> print(UnknownLayerError("unknown layer 'Dens'", span, hint="did you mean 'Dense'?"))
m.sp:2:5: error: unknown layer 'Dens'
    Dens(n)
    ^~~~
hint: did you mean 'Dense'?
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .record import Record, record

__all__ = [
    "columns",
    "SourceSpan",
    "SymparamsError",
    "DSLSyntaxError",
    "UnknownLayerError",
    "ArgumentError",
    "UndeclaredSymbolError",
    "DeclarationError",
    "ShapeError",
    "InvalidValueError",
    "ValueBindingError",
    "LimitError",
    "did_you_mean",
    "visible",
    "MAX_ECHOED_LINE",
]

#: An error shows at most this many characters of the offending line (around the caret).
MAX_ECHOED_LINE = 160


def visible(text: str, keep: str = "") -> str:
    r"""``text`` with every control or invisible formatting character (ESC, NUL, newline,
    bidirectional overrides, line separators, ...) shown as its Python escape, so that it
    cannot act on a terminal or a document; characters in ``keep`` stay as they are.

    >>> print(visible("dense\x1b[31m\nx\u202e"))
    dense\x1b[31m\nx\u202e
    >>> visible("a\tb", keep="\t")
    'a\tb'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch in keep or ch.isprintable() else
                   ch.encode("unicode_escape").decode("ascii") for ch in text)


@record
class SourceSpan(Record):
    """A region of a source text: 1-based line and column, end exclusive."""

    filename: str
    text: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None

    def _lines(self) -> list[str]:
        # The parser's line ends only (not splitlines()'s \f, \x1c, \u2028, ...).
        return re.split(r"\r\n|\r|\n", self.text.removesuffix("\n"))

    def source_line(self) -> str:
        lines = self._lines()
        if 1 <= self.line <= len(lines):
            return lines[self.line - 1]
        return ""

    def caret(self) -> str:
        """The source line, and under it a caret (and tildes) marking the span."""
        src = self.source_line()
        if not src and (not self.text or self.line > len(self._lines())):
            return ""
        col = max(1, self.column)
        width = 1
        if self.end_line == self.line and self.end_column and self.end_column > col:
            width = self.end_column - col
        width = max(1, min(width, max(1, len(src) - col + 1), MAX_ECHOED_LINE // 2))
        before, after = src[: col - 1], src[col - 1:]
        if len(src) > MAX_ECHOED_LINE:  # a window around the caret, cut with "..."
            keep = MAX_ECHOED_LINE // 2
            if len(before) > keep:
                before = "..." + before[-keep:]
            if len(after) > keep:
                after = after[:keep] + "..."
        # Control characters are shown escaped; tabs are kept so that the caret lines up
        # under tab-indented text.
        before, after = visible(before, keep="\t"), visible(after, keep="\t")
        pad = "".join(ch if ch == "\t" else " " * columns(ch) for ch in before)
        marked = columns(visible(src[col - 1:col - 1 + width], keep="\t"))  # wide: 2 each
        return f"{before}{after}\n{pad}^{'~' * (max(1, marked) - 1)}"


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: 2 for a wide East Asian character, 0 for a
    combining mark, else 1 (a tab counts 1; the caret line keeps tabs as they are).

    >>> columns("dense"), columns("全连接层"), columns("é")
    (5, 8, 1)
    """
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class SymparamsError(Exception):
    """Base of every error symparams raises for user input.

    Attributes: ``message`` (one line, no location), ``span`` (a :class:`SourceSpan` or None),
    ``layer`` (the layer's name, when the error belongs to one) and ``hint``.
    """

    def __init__(
        self,
        message: str,
        span: SourceSpan | None = None,
        *,
        layer: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.span = span
        self.layer = layer
        self.hint = hint
        super().__init__(self.render())

    @property
    def filename(self) -> str | None:
        return self.span.filename if self.span else None

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None

    @property
    def column(self) -> int | None:
        return self.span.column if self.span else None

    def render(self) -> str:
        where = ""
        if self.span is not None:
            where = f"{visible(self.span.filename)}:{self.span.line}:{self.span.column}: "
        head = f"{where}error: "
        if self.layer and self.layer not in self.message:
            head += f"in layer {visible(self.layer)}: "
        parts = [head + visible(self.message)]
        if self.span is not None:
            caret = self.span.caret()
            if caret:
                parts.append(caret)
        if self.hint:
            parts.append(f"hint: {visible(self.hint)}")
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.render()

    def __reduce__(self):  # keep errors picklable (multiprocessing, hypothesis)
        return (_rebuild, (type(self), self.message, self.span, self.layer, self.hint))


def _rebuild(cls, message, span, layer, hint):
    return cls(message, span, layer=layer, hint=hint)


class DSLSyntaxError(SymparamsError, ValueError):
    """The text does not follow the grammar."""


class UnknownLayerError(SymparamsError, NameError):
    """A layer type that the registry does not know."""


class ArgumentError(SymparamsError, TypeError):
    """An unknown, missing, duplicated or ill-typed layer argument."""


class UndeclaredSymbolError(SymparamsError, NameError):
    """A name used as a dimension that the model header does not declare."""


class DeclarationError(SymparamsError, ValueError):
    """A bad declaration: a duplicate model, symbol or input name, a keyword as a name, a
    non-positive value, a block that uses itself, ``assume`` outside a model."""


class ShapeError(SymparamsError, ValueError):
    """A layer applied to an input of the wrong rank or an incompatible shape."""


class InvalidValueError(SymparamsError, ValueError):
    """A layer that is invalid at the concrete values given (e.g. kernel larger than input)."""


class ValueBindingError(SymparamsError, ValueError):
    """A bad ``--set NAME=VALUE`` or ``evaluate(**values)``: unknown name, missing or bad value."""


class LimitError(SymparamsError, ValueError):
    """Input beyond a resource limit (source size, nesting depth, integer size, ...)."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, or None.

    >>> did_you_mean("Dens", ["Dense", "Dropout", "Flatten"])
    "did you mean 'Dense'?"
    >>> did_you_mean("dense", ["Dense", "Flatten"])
    "did you mean 'Dense'?"
    """
    pool = sorted(set(candidates))
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return f"did you mean '{lowered[word.lower()]}'?"
    import difflib  # only when a name is wrong: a run without errors goes without it

    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        close_lower = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close_lower]
    return f"did you mean '{close[0]}'?" if close else None
