r"""GitHub-flavoured Markdown: a table per model with ``$...$`` maths (GitHub, Jupyter,
MkDocs and Pandoc render it).

>>> import symparams
>>> m = symparams.parse('model m(d=784, u=30):\n    Input(shape=(d,))\n    Dense(u)\n')["m"]
>>> print(summary_markdown(m, m.values))  # doctest: +NORMALIZE_WHITESPACE
### Model `m`
<BLANKLINE>
Symbols: $d = 784$, $u = 30$. Input shape: $\left(d\right)$ = (784).
<BLANKLINE>
| Layer | Type | Output shape | Parameters | Value |
| :--- | :--- | :--- | :--- | ---: |
| `dense` | Dense | $\left(u\right)$ = (30) | $u \left(d + 1\right)$ | 23,550 |
| **Total params** | | | $u \left(d + 1\right)$ | **23,550** |
| Trainable | | | | 23,550 |
| Non-trainable | | | $0$ | 0 |
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sympy
from sympy import Expr

from ..engine.model import Model
from ..report.derivation import derive, nested_steps
from . import inputs_line, shown_depth
from .columns import (
    OPTIONAL_COLUMNS,
    SummaryOptions,
    connected_to,
    trainable_flag,
    with_batch,
)
from .escape import markdown_code, markdown_text
from .latex import FormulaPrinter

__all__ = ["summary_markdown", "document_markdown", "escape_markdown"]


def escape_markdown(text: str) -> str:
    """Text safe in a table cell (:func:`.escape.markdown_text`).

    >>> escape_markdown("max_pooling2d|x")
    'max\\\\_pooling2d\\\\|x'
    """
    return markdown_text(text)



def _math(latex: str) -> str:
    # A "|" would end the table cell; GitHub takes "\|" as a literal bar.
    return "$" + latex.replace("|", r"\|") + "$"


def _row(cells: Sequence[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def _plain_shape(shape: Sequence[int]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


#: Said under a table with a block's layers.
NESTED_NOTE = (
    "Indented rows are the layers inside the block above them (one copy of a repeated "
    "body); their counts, in italics, are part of the block's."
)


def summary_markdown(model: Model, values: Mapping[str, int | None] | None = None,
                     options: SummaryOptions | None = None) -> str:
    """One model: a heading, its symbols and input shape, and a table of its layers with
    formulas, values (every one whose symbols have values), totals and the trainable split;
    ``options`` add the batch dimension and Keras's optional columns."""
    values = model.values if values is None else values
    options = options or SummaryOptions()
    d = derive(model, values)
    known = model.known(values)
    p = FormulaPrinter.for_model(model)
    out = [f"### Model {markdown_code(model.name)}", ""]
    facts = []
    if model.symbols:
        facts.append("Symbols: " + ", ".join(
            _math(p.doprint(sympy.Eq(sym, sympy.Rational(known[name]), evaluate=False)))
            if name in known else _math(p.doprint(sym))
            for name, sym in model.symbols.items()
        ) + ".")

    def shape_value(dims) -> str | None:
        numbers = [model.value_of(dim, known) for dim in dims]
        return None if None in numbers else _plain_shape(with_batch(numbers, options.batch))

    # Keras's None is a word, not a product of four symbols, in the maths
    math_batch = r"\mathrm{None}" if options.batch == "None" else options.batch
    facts.append(inputs_line(model, None,
                             lambda dims: _math(p.shape(with_batch(dims, math_batch))),
                             str, markdown_code, value_of=shape_value) + ".")
    out += [" ".join(facts), ""]
    valued = bool(known) or not model.symbols
    extra = [OPTIONAL_COLUMNS[key] for key in options.columns]
    head = ["Layer", "Type", "Output shape", "Parameters"] + extra + (["Value"] if valued else [])
    out.append(_row(head))
    out.append(_row([":---"] * (4 + len(extra)) + (["---:"] if valued else [])))
    nested = False
    for depth, step in nested_steps(d, shown_depth()):
        layer = step.layer
        shape = _math(p.shape(with_batch(layer.output_shape, math_batch)))
        said = shape_value(layer.output_shape)
        if said is not None and any(not s.is_Integer for s in layer.output_shape):
            shape += " = " + said
        kind = escape_markdown(layer.type)
        if layer.repeat is not None:
            kind += r" × " + _math(p.count(layer.repeat))
        # A block's layers follow it, indented (one copy of a repeated body).
        cells = ["&emsp;" * depth + markdown_code(layer.name), kind, shape,
                 _math(p.doprint(step.formula))]
        cells += [escape_markdown(_EXTRA[key](layer)) for key in options.columns]
        if valued:  # an inner count is part of its block's: not to be added again
            value = model.value_of(layer.params, known)
            text = "?" if value is None else f"{value:,}"
            cells.append(f"*{text}*" if depth else text)
        out.append(_row(cells))
        nested = nested or depth > 0
    same = sympy.expand(model.trainable - model.params) == 0
    totals: list[tuple[str, Expr | None, Expr]] = [
        ("**Total params**", model.params, model.params),
        ("Trainable", None if same else model.trainable, model.trainable),
        ("Non-trainable", model.non_trainable, model.non_trainable),
    ]
    for index, (label, expr, total) in enumerate(totals):
        cells = [label, "", "", "" if expr is None else _math(p.doprint(expr))]
        cells += [""] * len(extra)
        if valued:
            value = model.value_of(total, known)
            text = "?" if value is None else f"{value:,}"
            cells.append(f"**{text}**" if index == 0 else text)
        out.append(_row(cells))
    if nested:
        out += ["", NESTED_NOTE]
    if valued and any(model.value_of(t, known) is None for _, _, t in totals):
        out += ["", "A value shown as ? needs a symbol that has no value ("
                + ", ".join(model.needs(model.params, known)) + ")."]
    return "\n".join(out) + "\n"


#: The optional columns' cells (see :mod:`symparams.render.columns`).
_EXTRA = {"connected": connected_to, "trainable": trainable_flag}


def document_markdown(models: Iterable[tuple[Model, Mapping[str, int | None]]],
                      options: SummaryOptions | None = None) -> str:
    """Every model's :func:`summary_markdown`, separated by blank lines."""
    return "\n".join(summary_markdown(m, v, options) for m, v in models)
