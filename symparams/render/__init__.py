"""Stage 6, renderers: a Model or Document (and its derivation) as text, JSON, Markdown,
LaTeX and HTML.

Every renderer prints expressions through :func:`expr_text`, so that one place decides the
form formulas are shown in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from sympy import Expr

from ..symbolic.forms import current_form, display, display_form, readable_text
from .conventions import group_digits, int_shape_text, tuple_text

__all__ = [
    "expr_text", "sympy_text", "shape_text", "int_text", "int_shape_text", "display_form",
    "display_depth", "shown_depth", "display_columns", "shown_columns", "inputs_line",
]

_DEPTH: ContextVar[int | None] = ContextVar("symparams_depth", default=None)
_COLUMNS: ContextVar[tuple[str, ...]] = ContextVar("symparams_columns", default=())


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


@contextmanager
def display_columns(keys: Sequence[str]) -> Iterator[None]:
    """Add the compute columns ``keys`` (keys of
    :data:`symparams.render.columns.COMPUTE_COLUMNS`, in order) to the LaTeX tables, and
    their working to the LaTeX derivations (``latex --columns``)."""
    token = _COLUMNS.set(tuple(keys))
    try:
        yield
    finally:
        _COLUMNS.reset(token)


def shown_columns() -> tuple[str, ...]:
    """The ``display_columns`` in force (none by default)."""
    return _COLUMNS.get()


def expr_text(expr: Expr, form: str | None = None) -> str:
    """A formula as a person reads it (``max(8, d)``, ``H % 2``, ``(a if d > 9 else b)``;
    :class:`~symparams.symbolic.forms.ReadablePrinter`) in a display form: ``form`` defaults
    to :func:`display_form`'s, else the textbook default."""
    form = form or current_form()
    if form == "default":
        return _printed_default(expr)
    return readable_text(expr, form)  # under a time limit that adds notes: never cached


@lru_cache(maxsize=4096)
def _printed_default(expr: Expr) -> str:
    """A formula in the default form, printed once: a network repeats the same shapes in
    many rows (an InceptionV3 summary prints 1,500 dimensions, a few dozen distinct)."""
    return readable_text(expr, "default")


def sympy_text(expr: Expr, form: str | None = None) -> str:
    """A formula as SymPy's ``str()`` prints it (``Max(8, d)``, ``Mod(H, 2)``,
    ``Piecewise(...)``), which ``sympify`` reads back: the JSON contract's form."""
    return str(display(expr, form or current_form()))


def shape_text(shape: Sequence[Expr]) -> str:
    """``(H - k + 1, W - k + 1, f)``; a 1-tuple keeps its comma: ``(u,)``."""
    return tuple_text(expr_text(d) for d in shape)


def inputs_line(model, evaluation, shape: Callable[[Sequence[Expr]], str],
                value: Callable[[Sequence[int]], str], name: Callable[[str], str] = str,
                value_of: Callable[[Sequence[Expr]], str | None] | None = None) -> str:
    r"""``Input shape: (d,) = (784,)``, or for several inputs ``Inputs: a (d,) = (4,), b ...``:
    shapes printed by ``shape``, their values (when the shape is not numbers already) by
    ``value``, input names by ``name``; or, if given, ``value_of(shape)`` says the value
    (None: no value shown), whatever ``evaluation`` is.

    >>> import symparams
    >>> m = symparams.parse("model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n")["m"]
    >>> inputs_line(m, m.evaluate(), shape_text, int_shape_text)
    'Input shape: (d,) = (4,)'
    """
    known: dict[str, Sequence[int]] = {}
    if evaluation is not None and value_of is None:
        known = dict(evaluation.inputs) if model.inputs else {"input": evaluation.input_shape}
    parts = []
    for input_name, dims in model.input_shapes:
        text = shape(dims)
        if any(not d.is_Integer for d in dims):
            said = value_of(dims) if value_of is not None else \
                value(known[input_name]) if input_name in known else None
            if said is not None:
                text += " = " + said
        parts.append(f"{name(input_name)} {text}" if model.inputs else text)
    return ("Inputs: " if model.inputs else "Input shape: ") + ", ".join(parts)


def int_text(value: int) -> str:
    """Thousands separated as Keras's summary does: ``176,025``
    (:func:`.conventions.group_digits`)."""
    return group_digits(value)
