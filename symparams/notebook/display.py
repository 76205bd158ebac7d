r"""Rich display in Jupyter: documents, models and layers show as tables with typeset maths.

Documents, models, layers and derivations get IPython's ``_repr_*_`` methods from
:class:`symparams.engine.rich_display.RichDisplay`; importing :mod:`symparams` registers
:func:`render` here as what they show, so the engine never imports this package.
:func:`show` displays a model written inline (or any of those objects, at other values).

>>> import symparams
>>> m = symparams.parse('model m(d=784, u=30):\n    Input(shape=(d,))\n    Dense(u)\n')["m"]
>>> print(markdown(m).splitlines()[0])
### Model `m`
>>> "<table" in html(m) and r"\(u \left(d + 1\right)\)" in html(m)
True
>>> print(latex(m.layers[0]))
$\texttt{dense}\ \text{(Dense)}\colon\ \left(u\right),\ u \left(d + 1\right)$
"""

from __future__ import annotations

import html as _html
from collections.abc import Mapping
from typing import Any

__all__ = ["render", "markdown", "latex", "html", "plain", "show", "model_from_cell"]


def render(kind: str, obj: Any) -> str | None:
    """``kind`` ("markdown", "latex", "html" or "plain") of a Document, Model, Layer or
    Derivation: what their ``_repr_*_`` methods show once :mod:`symparams` is imported."""
    from ..report.derivation import Derivation

    if isinstance(obj, Derivation):
        return _derivation(kind, obj)
    return {"markdown": markdown, "latex": latex, "html": html, "plain": plain}[kind](obj)


def _derivation(kind: str, d) -> str | None:
    """A derivation: LaTeX for MathJax, ``explain``'s text for ``text/plain``."""
    from ..render.explain import explain_text
    from ..render.latex import latex_derivation

    if kind == "plain":
        return explain_text(d)
    if kind != "latex":
        return None
    body = latex_derivation(d.model, d.values or d.model.values, breakable=False)
    # Jupyter's MathJax wants display maths, not comments.
    return "\n".join(line for line in body.splitlines() if not line.startswith("%"))


def plain(obj: Any, values: Mapping[str, int] | None = None) -> str:
    """The text summary of a Document or Model (as ``symparams summary``); a layer's repr."""
    from ..engine.model import Layer
    from ..render.text import summary_text

    if isinstance(obj, Layer):
        return repr(obj)
    return "\n".join(summary_text(m, v) for m, v in _pairs(obj, values)).rstrip("\n")


def _pairs(obj: Any, values: Mapping[str, int] | None = None):
    """``(model, values)`` pairs of a Document or Model, header values overridden."""
    from ..engine.model import Document, Model

    models = list(obj) if isinstance(obj, Document) else [obj] if isinstance(obj, Model) else []
    out = []
    for model in models:
        merged = dict(model.values)
        merged.update({k: v for k, v in (values or {}).items() if k in model.symbols})
        out.append((model, merged))
    return out


def markdown(obj: Any, values: Mapping[str, int] | None = None) -> str:
    """A Document or Model as GitHub Markdown tables; a Layer as one line."""
    from ..engine.model import Layer
    from ..render.markdown import document_markdown

    if isinstance(obj, Layer):
        return latex(obj)
    return document_markdown(_pairs(obj, values))


def latex(obj: Any, values: Mapping[str, int] | None = None) -> str:
    """Maths for ``text/latex`` (MathJax, nbconvert): a model's derivation as aligned
    equations; a layer as one inline formula."""
    from ..engine.model import Layer
    from ..render.latex import FormulaPrinter, escape_text, latex_derivation

    if isinstance(obj, Layer):
        p = FormulaPrinter()
        return (rf"$\texttt{{{escape_text(obj.name)}}}\ \text{{({escape_text(obj.type)})}}"
                rf"\colon\ {p.shape(obj.output_shape)},\ {p.doprint(obj.params)}$")
    parts = []
    for model, vals in _pairs(obj, values):
        body = latex_derivation(model, vals, breakable=False)
        parts.append("\n".join(line for line in body.splitlines() if not line.startswith("%")))
    return "\n".join(parts)


def html(obj: Any, values: Mapping[str, int] | None = None) -> str:
    """An HTML table per model, formulas as ``\\(...\\)`` for the notebook's MathJax."""
    from ..engine.model import Layer
    from ..render.html import model_html

    if isinstance(obj, Layer):
        return "<p>" + _html.escape(latex(obj).strip("$")).join((r"\(", r"\)")) + "</p>"
    return "\n".join(model_html(model, vals) for model, vals in _pairs(obj, values))


class _Shown:
    """What :func:`show` returns: displays as the given object at the given values."""

    def __init__(self, obj: Any, values: Mapping[str, int]) -> None:
        self.obj, self.values = obj, dict(values)

    def _repr_markdown_(self) -> str:
        return markdown(self.obj, self.values)

    def _repr_latex_(self) -> str:
        return latex(self.obj, self.values)

    def _repr_html_(self) -> str:
        return html(self.obj, self.values)

    def __repr__(self) -> str:
        from ..render.explain import explain_text
        from ..report.derivation import derive

        return "\n".join(explain_text(derive(m, v)) for m, v in _pairs(self.obj, self.values))


def show(source: Any, **values: int) -> _Shown:
    r"""Display model source text (or a Document or Model) at the header's values, or at
    ``values`` (``show(text, h=30)``); the last expression of a notebook cell.

    >>> import symparams
    >>> shown = symparams.show('model m(u=3):\n    Input(shape=(4,))\n    Dense(u)\n', u=5)
    >>> print(repr(shown).splitlines()[3])
    dense (Dense): 5*u = 5*5 = 25 parameters
    """
    from ..engine.parse import parse

    obj = parse(source, "<cell>") if isinstance(source, str) else source
    unknown = [k for k in values if not any(k in m.symbols for m, _ in _pairs(obj))]
    if unknown:
        from ..errors import ValueBindingError

        raise ValueBindingError(f"no model declares a symbol '{unknown[0]}'")
    return _Shown(obj, values)


def model_from_cell(source: str, name: str | None = None):
    """The model defined by ``source`` (the only one, or the one called ``name``)."""
    from ..engine.parse import parse

    doc = parse(source, "<cell>")
    if name is None:
        if len(doc) != 1:
            raise ValueError(f"the cell defines {len(doc)} models; give the name of one")
        return next(iter(doc))
    return doc[name]
