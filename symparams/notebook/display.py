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
$\mathtt{dense}\ (\mathrm{Dense})\colon\ \left(u,\right),\ u \left(d + 1\right)$
>>> print(latex(symparams.parse('model r:\n    Input(shape=(5, 3))\n    SimpleRNN(2)\n')["r"]
...             .layers[0]))
$\mathtt{simple\_rnn}\ (\mathrm{SimpleRNN})\colon\ \left(2,\right),\ 12$
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Mapping, Sequence
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


def markdown(obj: Any, values: Mapping[str, int] | None = None,
             columns: Sequence[str] = ()) -> str:
    """A Document or Model as GitHub Markdown tables (``columns``: optional columns, as
    ``summary --columns``); a Layer as one line."""
    from ..engine.model import Layer
    from ..render.markdown import document_markdown

    if isinstance(obj, Layer):
        return latex(obj)
    return document_markdown(_pairs(obj, values), _options(columns))


def _options(columns: Sequence[str]):
    from ..render.columns import SummaryOptions, compute_keys

    keys = compute_keys(columns) if isinstance(columns, str) else tuple(columns)
    return SummaryOptions(columns=keys)


def latex(obj: Any, values: Mapping[str, int] | None = None) -> str:
    """Maths for ``text/latex`` (MathJax, nbconvert): a model's derivation as aligned
    equations; a layer as one inline formula."""
    from ..engine.model import Layer
    from ..render.latex import FormulaPrinter, latex_derivation

    if isinstance(obj, Layer):
        p = FormulaPrinter()
        name, kind = _math_name(obj.name, r"\mathtt"), _math_name(obj.type, r"\mathrm")
        return (rf"${name}\ ({kind})"
                rf"\colon\ {p.shape(obj.output_shape)},\ {p.doprint(obj.params)}$")
    parts = []
    for model, vals in _pairs(obj, values):
        body = latex_derivation(model, vals, breakable=False)
        parts.append("\n".join(line for line in body.splitlines() if not line.startswith("%")))
    return "\n".join(parts)


_PLAIN_NAME = re.compile(r"[A-Za-z0-9_]+")


def _math_name(name: str, font: str) -> str:
    r"""A name inside maths: ``\mathtt{simple\_rnn}`` (MathJax prints ``\texttt``'s and
    ``\text``'s contents as they are, ``\_`` included); a name with other characters in
    ``\text``, escaped as LaTeX text."""
    from ..render.latex import escape_text

    if _PLAIN_NAME.fullmatch(name):
        return font + "{" + name.replace("_", r"\_") + "}"
    return r"\text{" + escape_text(name) + "}"


def html(obj: Any, values: Mapping[str, int] | None = None,
         columns: Sequence[str] = ()) -> str:
    """An HTML table per model, formulas as ``\\(...\\)`` for the notebook's MathJax
    (``columns``: optional columns, as ``summary --columns``)."""
    from ..engine.model import Layer
    from ..render.html import model_html

    if isinstance(obj, Layer):
        return "<p>" + _html.escape(latex(obj).strip("$")).join((r"\(", r"\)")) + "</p>"
    options = _options(columns)
    return "\n".join(model_html(model, vals, options) for model, vals in _pairs(obj, values))


class _Shown:
    """What :func:`show` returns: displays as the given object at the given values."""

    def __init__(self, obj: Any, values: Mapping[str, int], columns: Sequence[str] = ()) -> None:
        self.obj, self.values, self.columns = obj, dict(values), columns

    def _repr_markdown_(self) -> str:
        return markdown(self.obj, self.values, self.columns)

    def _repr_latex_(self) -> str:
        return latex(self.obj, self.values)

    def _repr_html_(self) -> str:
        return html(self.obj, self.values, self.columns)

    def __repr__(self) -> str:
        from ..render.columns import COMPUTE_COLUMNS
        from ..render.explain import explain_text
        from ..report.derivation import derive

        compute = [key for key in self.columns if key in COMPUTE_COLUMNS]
        return "\n".join(explain_text(derive(m, v), compute=compute)
                         for m, v in _pairs(self.obj, self.values))


def show(source: Any, /, *, columns: str | Sequence[str] = (), **values: int) -> _Shown:
    r"""Display model source text (or a Document or Model) at the header's values, or at
    ``values`` (``show(text, h=30)``); the last expression of a notebook cell. ``columns``
    adds optional columns as ``summary --columns`` does (``columns="macs,flops"``), and the
    compute counts among them to the text (``explain --compute``).

    >>> import symparams
    >>> shown = symparams.show('model m(u=3):\n    Input(shape=(4,))\n    Dense(u)\n', u=5)
    >>> print(repr(shown).splitlines()[3])
    dense (Dense): u·(4 + 1) = 5·(4 + 1) = 25 parameters
    >>> shown = symparams.show('model m(u=3):\n    Input(shape=(4,))\n    Dense(u)\n',
    ...                        columns="macs")
    >>> "<th" in shown._repr_html_() and ">MACs<" in shown._repr_html_()
    True
    >>> print(repr(shown).splitlines()[6])
        MACs: u·4 = 3·4 = 12
    """
    from ..engine.parse import parse

    obj = parse(source, "<cell>") if isinstance(source, str) else source
    unknown = [k for k in values if not any(k in m.symbols for m, _ in _pairs(obj))]
    if unknown:
        from ..errors import ValueBindingError

        raise ValueBindingError(f"no model declares a symbol '{unknown[0]}'")
    return _Shown(obj, values, _options(columns).columns)


def model_from_cell(source: str, name: str | None = None):
    """The model defined by ``source`` (the only one, or the one called ``name``)."""
    from ..engine.parse import parse

    doc = parse(source, "<cell>")
    if name is None:
        if len(doc) != 1:
            raise ValueError(f"the cell defines {len(doc)} models; give the name of one")
        return next(iter(doc))
    return doc[name]
