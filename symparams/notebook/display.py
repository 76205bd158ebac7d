r"""Rich display in Jupyter: documents, models and layers show as tables with typeset maths.

:class:`RichDisplay` gives :class:`~symparams.model.Document`, :class:`~symparams.model.Model`
and :class:`~symparams.model.Layer` the ``_repr_markdown_``, ``_repr_latex_`` and
``_repr_html_`` methods that IPython looks for; each delegates to a function here.
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

__all__ = ["RichDisplay", "markdown", "latex", "html", "plain", "show", "model_from_cell"]


class RichDisplay:
    """Mixin: IPython's rich display hooks, delegating to this module."""

    def _repr_markdown_(self) -> str:
        return markdown(self)

    def _repr_latex_(self) -> str:
        return latex(self)

    def _repr_html_(self) -> str:
        return html(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        """IPython's ``text/plain``: the summary table rather than the dataclass fields."""
        printer.text(plain(self))


def plain(obj: Any, values: Mapping[str, int] | None = None) -> str:
    """The text summary of a Document or Model (as ``symparams summary``); a layer's repr."""
    from .model import Layer
    from .render.text import summary_text

    if isinstance(obj, Layer):
        return repr(obj)
    return "\n".join(summary_text(m, v) for m, v in _pairs(obj, values)).rstrip("\n")


def _pairs(obj: Any, values: Mapping[str, int] | None = None):
    """``(model, values)`` pairs of a Document or Model, header values overridden."""
    from .model import Document, Model

    models = list(obj) if isinstance(obj, Document) else [obj] if isinstance(obj, Model) else []
    out = []
    for model in models:
        merged = dict(model.values)
        merged.update({k: v for k, v in (values or {}).items() if k in model.symbols})
        out.append((model, merged))
    return out


def markdown(obj: Any, values: Mapping[str, int] | None = None) -> str:
    """A Document or Model as GitHub Markdown tables; a Layer as one line."""
    from .model import Layer
    from .render.markdown import document_markdown

    if isinstance(obj, Layer):
        return latex(obj)
    return document_markdown(_pairs(obj, values))


def latex(obj: Any, values: Mapping[str, int] | None = None) -> str:
    """Maths for ``text/latex`` (MathJax, nbconvert): a model's derivation as aligned
    equations; a layer as one inline formula."""
    from .model import Layer
    from .render.latex import FormulaPrinter, escape_text, latex_derivation

    if isinstance(obj, Layer):
        p = FormulaPrinter()
        return (rf"$\texttt{{{escape_text(obj.name)}}}\ \text{{({escape_text(obj.type)})}}"
                rf"\colon\ {p.shape(obj.output_shape)},\ {p.doprint(obj.params)}$")
    parts = []
    for model, vals in _pairs(obj, values):
        body = latex_derivation(model, vals)
        parts.append("\n".join(line for line in body.splitlines() if not line.startswith("%")))
    return "\n".join(parts)


def html(obj: Any, values: Mapping[str, int] | None = None) -> str:
    """An HTML table per model, formulas as ``\\(...\\)`` for the notebook's MathJax."""
    from .model import Layer

    if isinstance(obj, Layer):
        return "<p>" + _html.escape(latex(obj).strip("$")).join((r"\(", r"\)")) + "</p>"
    return "\n".join(_model_html(model, vals) for model, vals in _pairs(obj, values))


def _model_html(model, values) -> str:
    from .derivation import derive
    from .render.latex import FormulaPrinter

    d = derive(model, values)
    p = FormulaPrinter.for_model(model)
    ev = d.evaluation

    def math(text: str) -> str:
        return r"\(" + _html.escape(text) + r"\)"

    def cell(text: str, tag: str = "td", right: bool = False) -> str:
        style = ' style="text-align:right"' if right else ' style="text-align:left"'
        return f"<{tag}{style}>{text}</{tag}>"

    head = ["Layer", "Type", "Output shape", "Parameters"] + (["Value"] if ev else [])
    rows = ["<tr>" + "".join(cell(h, "th", h == "Value") for h in head) + "</tr>"]
    for step in d.steps:
        layer = step.layer
        shape = math(p.shape(layer.output_shape))
        if step.shape_value is not None and any(not s.is_Integer for s in layer.output_shape):
            shape += " = (" + ", ".join(str(x) for x in step.shape_value) + ")"
        cells = [cell(f"<code>{_html.escape(layer.name)}</code>"), cell(layer.type),
                 cell(shape), cell(math(p.doprint(step.formula)))]
        if ev:
            cells.append(cell(f"{step.value:,}", right=True))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    total = [cell("<b>Total params</b>"), cell(""), cell(""), cell(math(p.doprint(model.params)))]
    if ev:
        total.append(cell(f"<b>{ev.params:,}</b>", right=True))
    rows.append("<tr>" + "".join(total) + "</tr>")
    if ev:
        split = f"trainable {ev.trainable:,}, non-trainable {ev.non_trainable:,}"
    else:
        split = (f"trainable {math(p.doprint(model.trainable))}, non-trainable "
                 f"{math(p.doprint(model.non_trainable))}")
    symbols = ", ".join(
        f"{_html.escape(n)}={values[n]}" if values.get(n) is not None else _html.escape(n)
        for n in model.symbols
    )
    return (
        f"<div><p><b>Model <code>{_html.escape(model.name)}</code></b>"
        + (f" ({symbols})" if symbols else "")
        + "</p>\n<table>\n" + "\n".join(rows) + "\n</table>\n"
        + f"<p>{split}</p></div>"
    )


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
        from .derivation import derive, explain_text

        return "\n".join(explain_text(derive(m, v)) for m, v in _pairs(self.obj, self.values))


def show(source: Any, **values: int) -> _Shown:
    r"""Display model source text (or a Document or Model) at the header's values, or at
    ``values`` (``show(text, h=30)``); the last expression of a notebook cell.

    >>> import symparams
    >>> shown = symparams.show('model m(u=3):\n    Input(shape=(4,))\n    Dense(u)\n', u=5)
    >>> print(repr(shown).splitlines()[3])
    dense (Dense): 5*u = 5*5 = 25 parameters
    """
    from . import parse

    obj = parse(source, "<cell>") if isinstance(source, str) else source
    unknown = [k for k in values if not any(k in m.symbols for m, _ in _pairs(obj))]
    if unknown:
        from .errors import ValueBindingError

        raise ValueBindingError(f"no model declares a symbol '{unknown[0]}'")
    return _Shown(obj, values)


def model_from_cell(source: str, name: str | None = None):
    """The model defined by ``source`` (the only one, or the one called ``name``)."""
    from . import parse

    doc = parse(source, "<cell>")
    if name is None:
        if len(doc) != 1:
            raise ValueError(f"the cell defines {len(doc)} models; give the name of one")
        return next(iter(doc))
    return doc[name]
