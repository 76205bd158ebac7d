"""Stage 6, renderers: a Model or Document (and its derivation) as text, JSON, Markdown,
LaTeX and HTML.

Every renderer prints expressions through :func:`expr_text`, so that one place decides the
form formulas are shown in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from sympy import Expr

from ..symbolic.forms import current_form, display, display_form, readable_text

__all__ = [
    "expr_text", "sympy_text", "shape_text", "int_text", "int_shape_text", "display_form",
    "display_depth", "shown_depth", "inputs_line",
]

_DEPTH: ContextVar[int | None] = ContextVar("symparams_depth", default=None)


@contextmanager
def display_depth(depth: int | None) -> Iterator[None]:
    """Show blocks' inner layers down to ``depth`` levels inside this block (0: none; None:
    all), as Keras's ``summary(expand_nested=...)`` does; JSON always has them all."""
    token = _DEPTH.set(depth)
    try:
        yield
    finally:
        _DEPTH.reset(token)


def shown_depth() -> int | None:
    """The ``display_depth`` in force: how many levels of inner layers reports show."""
    return _DEPTH.get()


def expr_text(expr: Expr, form: str | None = None) -> str:
    """A formula as a person reads it (``max(8, d)``, ``H % 2``, ``(a if d > 9 else b)``;
    :class:`~symparams.symbolic.forms.ReadablePrinter`) in a display form: ``form`` defaults
    to :func:`display_form`'s, else the textbook default."""
    return readable_text(expr, form or current_form())


def sympy_text(expr: Expr, form: str | None = None) -> str:
    """A formula as SymPy's ``str()`` prints it (``Max(8, d)``, ``Mod(H, 2)``,
    ``Piecewise(...)``), which ``sympify`` reads back: the JSON contract's form."""
    return str(display(expr, form or current_form()))


def shape_text(shape: Sequence[Expr]) -> str:
    """``(H - k + 1, W - k + 1, f)``; a 1-tuple keeps its comma: ``(u,)``."""
    inner = ", ".join(expr_text(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def inputs_line(model, evaluation, shape: Callable[[Sequence[Expr]], str],
                value: Callable[[Sequence[int]], str], name: Callable[[str], str] = str) -> str:
    r"""``Input shape: (d,) = (784,)``, or for several inputs ``Inputs: a (d,) = (4,), b ...``:
    shapes printed by ``shape``, their values (when the shape is not numbers already) by
    ``value``, input names by ``name``.

    >>> import symparams
    >>> m = symparams.parse("model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n")["m"]
    >>> inputs_line(m, m.evaluate(), shape_text, int_shape_text)
    'Input shape: (d,) = (4,)'
    """
    known: dict[str, Sequence[int]] = {}
    if evaluation is not None:
        known = dict(evaluation.inputs) if model.inputs else {"input": evaluation.input_shape}
    parts = []
    for input_name, dims in model.input_shapes:
        text = shape(dims)
        if input_name in known and any(not d.is_Integer for d in dims):
            text += " = " + value(known[input_name])
        parts.append(f"{name(input_name)} {text}" if model.inputs else text)
    return ("Inputs: " if model.inputs else "Input shape: ") + ", ".join(parts)


def int_text(value: int) -> str:
    """Thousands separated as Keras's summary does: ``176,025``."""
    return f"{value:,}"


def int_shape_text(shape: Sequence[int]) -> str:
    inner = ", ".join(str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"
