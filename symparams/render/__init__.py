"""Renderers: a Model or Document to text, JSON, and (later) Markdown and LaTeX.

Every renderer prints expressions through :func:`expr_text`, so that one place decides the
form formulas are shown in.
"""

from __future__ import annotations

from collections.abc import Sequence

from sympy import Expr

__all__ = ["expr_text", "shape_text", "int_text", "int_shape_text"]


def expr_text(expr: Expr) -> str:
    """A formula as SymPy's ``str()`` prints it (the JSON contract's form)."""
    return str(expr)


def shape_text(shape: Sequence[Expr]) -> str:
    """``(H - k + 1, W - k + 1, f)``; a 1-tuple keeps its comma: ``(u,)``."""
    inner = ", ".join(expr_text(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def int_text(value: int) -> str:
    """Thousands separated as Keras's summary does: ``176,025``."""
    return f"{value:,}"


def int_shape_text(shape: Sequence[int]) -> str:
    inner = ", ".join(str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"
