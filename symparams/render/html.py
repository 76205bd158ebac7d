"""A model as an HTML table for the notebook: formulas as ``\\(...\\)`` for MathJax, every
name and value escaped for HTML."""

from __future__ import annotations

from ..report.derivation import derive
from .escape import html_text
from .latex import FormulaPrinter

__all__ = ["model_html"]


def model_html(model, values) -> str:
    """One model's table at ``values`` (a name to int mapping, ``None`` where unknown)."""
    d = derive(model, values)
    p = FormulaPrinter.for_model(model)
    known = model.known(values)  # every value that can be computed is shown

    def value(expr) -> str:
        number = model.value_of(expr, known)
        return "?" if number is None else f"{number:,}"

    ev = bool(known) or not model.symbols

    def math(text: str) -> str:
        return r"\(" + html_text(text) + r"\)"

    def cell(text: str, tag: str = "td", right: bool = False) -> str:
        style = ' style="text-align:right"' if right else ' style="text-align:left"'
        return f"<{tag}{style}>{text}</{tag}>"

    head = ["Layer", "Type", "Output shape", "Parameters"] + (["Value"] if ev else [])
    rows = ["<tr>" + "".join(cell(h, "th", h == "Value") for h in head) + "</tr>"]
    for step in d.steps:
        layer = step.layer
        shape = math(p.shape(layer.output_shape))
        dims = [model.value_of(x, known) for x in layer.output_shape]
        if None not in dims and any(not s.is_Integer for s in layer.output_shape):
            shape += " = (" + ", ".join(str(x) for x in dims) + ")"
        cells = [cell(f"<code>{html_text(layer.name)}</code>"), cell(html_text(layer.type)),
                 cell(shape), cell(math(p.doprint(step.formula)))]
        if ev:
            cells.append(cell(value(layer.params), right=True))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    total = [cell("<b>Total params</b>"), cell(""), cell(""), cell(math(p.doprint(model.params)))]
    if ev:
        total.append(cell(f"<b>{value(model.params)}</b>", right=True))
    rows.append("<tr>" + "".join(total) + "</tr>")
    split = ", ".join(
        f"{label} {value(expr)}" if model.value_of(expr, known) is not None
        else f"{label} {math(p.doprint(expr))}"
        for label, expr in (("trainable", model.trainable),
                            ("non-trainable", model.non_trainable)))
    symbols = ", ".join(
        f"{html_text(n)}={known[n]}" if n in known else html_text(n)
        for n in model.symbols
    )
    return (
        f"<div><p><b>Model <code>{html_text(model.name)}</code></b>"
        + (f" ({symbols})" if symbols else "")
        + "</p>\n<table>\n" + "\n".join(rows) + "\n</table>\n"
        + f"<p>{split}</p></div>"
    )
