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
from .latex import FormulaPrinter

__all__ = ["summary_markdown", "document_markdown", "escape_markdown"]


def escape_markdown(text: str) -> str:
    """Text safe in a table cell: Markdown's punctuation escaped.

    >>> escape_markdown("max_pooling2d|x")
    'max\\\\_pooling2d\\\\|x'
    """
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+!|$~" else ch for ch in text)


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    # GFM: "\|" is a literal bar in a table cell, code spans included.
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


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


def summary_markdown(model: Model, values: Mapping[str, int | None] | None = None) -> str:
    """One model: a heading, its symbols and input shape, and a table of its layers with
    formulas, values (when every symbol has one), totals and the trainable split."""
    values = model.values if values is None else values
    d = derive(model, values)
    p = FormulaPrinter.for_model(model)
    ev = d.evaluation
    out = [f"### Model {_code(model.name)}", ""]
    facts = []
    if model.symbols:
        facts.append("Symbols: " + ", ".join(
            _math(p.doprint(sympy.Eq(sym, sympy.Rational(values[name]), evaluate=False)))
            if values.get(name) is not None else _math(p.doprint(sym))
            for name, sym in model.symbols.items()
        ) + ".")
    facts.append(inputs_line(model, ev, lambda dims: _math(p.shape(dims)), _plain_shape,
                             _code) + ".")
    out += [" ".join(facts), ""]
    head = ["Layer", "Type", "Output shape", "Parameters"] + (["Value"] if ev else [])
    out.append(_row(head))
    out.append(_row([":---"] * 4 + (["---:"] if ev else [])))
    nested = False
    for depth, step in nested_steps(d, shown_depth()):
        layer = step.layer
        shape = _math(p.shape(layer.output_shape))
        if step.shape_value is not None and any(not s.is_Integer for s in layer.output_shape):
            shape += " = " + _plain_shape(step.shape_value)
        kind = escape_markdown(layer.type)
        if layer.repeat is not None:
            kind += r" × " + _math(p.count(layer.repeat))
        # A block's layers follow it, indented (one copy of a repeated body).
        cells = ["&emsp;" * depth + _code(layer.name), kind, shape,
                 _math(p.doprint(step.formula))]
        if ev is not None:  # an inner count is part of its block's: not to be added again
            cells.append(f"*{step.value:,}*" if depth else f"{step.value:,}")
        out.append(_row(cells))
        nested = nested or depth > 0
    same = sympy.expand(model.trainable - model.params) == 0
    totals: list[tuple[str, Expr | None, int | None]] = [
        ("**Total params**", model.params, ev.params if ev else None),
        ("Trainable", None if same else model.trainable, ev.trainable if ev else None),
        ("Non-trainable", model.non_trainable, ev.non_trainable if ev else None),
    ]
    for index, (label, expr, value) in enumerate(totals):
        cells = [label, "", "", "" if expr is None else _math(p.doprint(expr))]
        if ev is not None:
            cells.append(f"**{value:,}**" if index == 0 else f"{value:,}")
        out.append(_row(cells))
    if nested:
        out += ["", NESTED_NOTE]
    return "\n".join(out) + "\n"


def document_markdown(models: Iterable[tuple[Model, Mapping[str, int | None]]]) -> str:
    """Every model's :func:`summary_markdown`, separated by blank lines."""
    return "\n".join(summary_markdown(m, v) for m, v in models)
