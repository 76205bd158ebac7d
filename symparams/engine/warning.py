"""A note for the user that is not an error (:class:`Warning_`, printed on stderr by the
CLI), each said once."""

from __future__ import annotations

from ..errors import SourceSpan, visible
from ..record import Record, record

__all__ = ["Warning_", "distinct_warnings"]


@record
class Warning_(Record):
    """A note for the user that is not an error (printed on stderr by the CLI)."""

    message: str
    span: SourceSpan | None

    def render(self) -> str:
        where = (f"{visible(self.span.filename)}:{self.span.line}:{self.span.column}: "
                 if self.span else "")
        caret = self.span.caret() if self.span else ""
        return f"{where}warning: {visible(self.message)}" + (f"\n{caret}" if caret else "")


def distinct_warnings(warnings) -> tuple[Warning_, ...]:
    """``warnings`` in order, each said once: a layer analysed twice (the first layer of a
    model without an ``Input`` line is read once for its ``input_shape=``) warns once.

    >>> w = Warning_("x", None)
    >>> distinct_warnings([w, Warning_("x", None), Warning_("y", None)])
    (Warning_(message='x', span=None), Warning_(message='y', span=None))
    """
    seen: dict[str, Warning_] = {}
    for warning in warnings:
        seen.setdefault(warning.render(), warning)
    return tuple(seen.values())
