"""Jupyter's display hooks for the engine's objects, without the engine knowing any format.

:class:`RichDisplay` gives a class the ``_repr_*_`` methods IPython looks for; each asks the
renderer registered with :func:`set_rich_display` (the :mod:`symparams` package registers
:mod:`symparams.notebook`'s). With none registered they return ``None`` and IPython falls
back to plain ``repr``.

>>> class Thing(RichDisplay):
...     pass
>>> previous = set_rich_display(lambda kind, obj: f"<{kind}>")
>>> Thing()._repr_html_()
'<html>'
>>> _ = set_rich_display(previous)
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["RichDisplay", "set_rich_display", "rich_text", "Renderer"]

Renderer = Callable[[str, object], "str | None"]
"""``renderer(kind, obj)`` with kind one of "markdown", "latex", "html", "plain"."""

_renderer: list[Renderer | None] = [None]


def set_rich_display(renderer: Renderer | None) -> Renderer | None:
    """Use ``renderer`` for every :class:`RichDisplay`; returns the one it replaces."""
    previous, _renderer[0] = _renderer[0], renderer
    return previous


def _render(kind: str, obj: object) -> str | None:
    renderer = _renderer[0]
    return renderer(kind, obj) if renderer is not None else None


def rich_text(obj: object) -> str | None:
    """The registered renderer's plain text for ``obj`` (None without a renderer)."""
    return _render("plain", obj)


class RichDisplay:
    """Mixin: IPython's rich display hooks, delegating to the registered renderer."""

    def _repr_markdown_(self) -> str | None:
        return _render("markdown", self)

    def _repr_latex_(self) -> str | None:
        return _render("latex", self)

    def _repr_html_(self) -> str | None:
        return _render("html", self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        """IPython's ``text/plain``: the summary table rather than the dataclass fields."""
        text = _render("plain", self)
        printer.text(text.rstrip("\n") if text is not None else repr(self))
