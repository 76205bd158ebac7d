r"""GitHub-flavoured Markdown: a table per model with ``$...$`` maths (GitHub, Jupyter,
MkDocs and Pandoc render it); the table's rows are :mod:`symparams.render.summary_rows`'s,
as the HTML format's.

>>> import symparams
>>> m = symparams.parse('model m(d=784, u=30):\n    Input(shape=(d,))\n    Dense(u)\n')["m"]
>>> print(summary_markdown(m, m.values))  # doctest: +NORMALIZE_WHITESPACE
### Model `m`
<BLANKLINE>
Symbols: $d = 784$, $u = 30$. Input shape: $\left(d,\right)$ = (784,).
<BLANKLINE>
| Layer | Type | Output shape | Parameters | Value |
| :--- | :--- | :--- | :--- | ---: |
| `dense` | Dense | $\left(u,\right)$ = (30,) | $u \left(d + 1\right)$ | 23,550 |
| **Total params** | | | $u \left(d + 1\right)$ | **23,550** |
| Trainable | | | $u \left(d + 1\right)$ | 23,550 |
| Non-trainable | | | | 0 |
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..engine.model import Model
from .columns import SummaryOptions
from .escape import markdown_code, markdown_text
from .summary_rows import NESTED_NOTE, Cell, summary_table

__all__ = ["summary_markdown", "document_markdown", "escape_markdown", "NESTED_NOTE"]


def escape_markdown(text: str) -> str:
    """Text safe in a table cell (:func:`.escape.markdown_text`).

    >>> escape_markdown("max_pooling2d|x")
    'max\\\\_pooling2d\\\\|x'
    """
    return markdown_text(text)


def _math(latex: str) -> str:
    # A "|" would end the table cell; GitHub takes "\|" as a literal bar.
    return "$" + latex.replace("|", r"\|") + "$"


def _cell(cell: Cell) -> str:
    out = []
    for kind, text in cell:
        if kind == "math":
            out.append(_math(text))
        elif kind == "code":
            out.append(markdown_code(text))
        elif kind == "user":
            out.append(escape_markdown(text))
        else:
            out.append(text)
    return "".join(out)


def _row(cells: Sequence[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def summary_markdown(model: Model, values: Mapping[str, int | None] | None = None,
                     options: SummaryOptions | None = None) -> str:
    """One model: a heading, its symbols and input shape, and a table of its layers with
    formulas, values (every one whose symbols have values), totals and the trainable split;
    ``options`` add the batch dimension and the optional columns (Keras's and compute)."""
    table = summary_table(model, values, options)
    out = [f"### Model {markdown_code(table.name)}", "", _cell(table.facts), ""]
    out.append(_row(table.header))
    out.append(_row([":---"] * (len(table.header) - (table.value_column is not None))
                    + (["---:"] if table.value_column is not None else [])))
    for row in table.rows:
        cells = [_cell(cell) for cell in row.cells]
        if row.kind == "layer" and row.depth:  # an inner count is part of its block's
            cells[0] = "&emsp;" * row.depth + cells[0]
            if table.value_column is not None and cells[-1]:
                cells[-1] = f"*{cells[-1]}*"
        elif row.kind == "total":
            cells[0] = f"**{cells[0]}**"
            if table.value_column is not None and cells[-1]:
                cells[-1] = f"**{cells[-1]}**"
        out.append(_row(cells))
    for note in table.notes:
        out += ["", note]
    return "\n".join(out) + "\n"


def document_markdown(models: Iterable[tuple[Model, Mapping[str, int | None]]],
                      options: SummaryOptions | None = None) -> str:
    """Every model's :func:`summary_markdown`, separated by blank lines."""
    return "\n".join(summary_markdown(m, v, options) for m, v in models)
