r"""A model as an HTML table for the notebook: the rows of the Markdown table
(:mod:`symparams.render.summary_rows`: a block's inner rows indented under it, a repetition's
``× n`` count, the totals and the trainable split), formulas as ``\(...\)`` for MathJax,
every name and value escaped for HTML.

For a narrow pane the table scrolls sideways inside its own box, and the Value column stays
in view at the box's right edge (``position: sticky``).

>>> import symparams
>>> m = symparams.parse('model m(d=784, u=30):\n    Input(shape=(d,))\n    Dense(u)\n')["m"]
>>> page = model_html(m, m.values)
>>> r"\(u \left(d + 1\right)\)</td>" in page
True
>>> "(30,)" in page and "23,550" in page and "overflow-x:auto" in page
True
"""

from __future__ import annotations

from collections.abc import Mapping

from .columns import SummaryOptions
from .escape import html_text
from .summary_rows import Cell, summary_table

__all__ = ["model_html"]

#: The Value column: at the right edge of the scrolling box, over the cells behind it.
_STICKY = ("position:sticky;right:0;background:var(--jp-layout-color0,#fff);"
           "box-shadow:-1px 0 0 var(--jp-border-color2,#ddd)")


def _cell(cell: Cell) -> str:
    out = []
    for kind, text in cell:
        if kind == "math":
            out.append(r"\(" + html_text(text) + r"\)")
        elif kind == "code":
            out.append(f"<code>{html_text(text)}</code>")
        else:
            out.append(html_text(text))
    return "".join(out)


def model_html(model, values: Mapping[str, int | None],
               options: SummaryOptions | None = None) -> str:
    """One model's table at ``values`` (a name to int mapping, ``None`` where unknown);
    ``options`` add the batch dimension and the optional columns, as for Markdown."""
    table = summary_table(model, values, options)
    value_column = table.value_column

    def td(text: str, index: int, tag: str = "td", depth: int = 0) -> str:
        style = "text-align:left"
        if index == value_column:
            style = f"text-align:right;{_STICKY}"
        elif index == 0 and depth:
            style += f";padding-left:{1.5 * depth:g}em"
        if index in (2, 3) or 4 <= index < (value_column or len(table.header)):
            style += ";min-width:8em"  # formulas wrap rather than squeeze to a letter
        return f'<{tag} style="{style}">{text}</{tag}>'

    rows = ["<tr>" + "".join(td(html_text(h), i, "th") for i, h in enumerate(table.header))
            + "</tr>"]
    for row in table.rows:
        cells = [_cell(cell) for cell in row.cells]
        if row.kind == "total":
            cells[0] = f"<b>{cells[0]}</b>"
            if value_column is not None:
                cells[-1] = f"<b>{cells[-1]}</b>"
        elif row.depth and value_column is not None and cells[-1]:
            cells[-1] = f"<i>{cells[-1]}</i>"  # part of its block's count
        rows.append("<tr>" + "".join(td(c, i, depth=row.depth) for i, c in enumerate(cells))
                    + "</tr>")
    notes = "".join(f"<p>{html_text(note)}</p>" for note in table.notes)
    return (
        f"<div><p><b>Model <code>{html_text(table.name)}</code></b></p>\n"
        f"<p>{_cell(table.facts)}</p>\n"
        '<div style="overflow-x:auto;max-width:100%">\n<table>\n' + "\n".join(rows)
        + "\n</table>\n</div>\n" + notes + "</div>"
    )
