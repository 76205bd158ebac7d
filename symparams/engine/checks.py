"""A model's ``check`` statements given meaning: each claim as a :class:`ModelCheck` whose
count (the model's, or a named layer's) is compared with an integer expression. Deciding them
at values is :mod:`symparams.algebra.checks`'s work.

>>> import symparams
>>> m = symparams.parse('''
... model mlp(d=784, u=30):
...     Input(shape=(d,))
...     Dense(u)
...     check dense.params == 23550, params <= 10**6
... ''')["mlp"]
>>> [(c.layer, c.quantity, c.op, c.expected) for c in m.checks]
[('dense', 'params', '==', 23550), (None, 'params', '<=', 1000000)]
>>> [c.text for c in m.checks]
['dense.params == 23550', 'params <= 10**6']
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import field

from sympy import Expr

from ..errors import ArgumentError, SourceSpan, UndeclaredSymbolError, did_you_mean
from ..record import Record, record

__all__ = ["ModelCheck", "build_checks", "OPERATORS"]

#: A check's comparison as a function of (actual, expected).
OPERATORS: dict[str, Callable[[int, int], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}


@record
class ModelCheck(Record):
    """``[layer.]quantity op expected``: a count the text around the model claims."""

    layer: str | None
    quantity: str
    op: str
    expected: Expr
    text: str
    span: SourceSpan | None = field(default=None, compare=False)

    def holds(self, actual: int, expected: int) -> bool:
        return OPERATORS[self.op](actual, expected)


def _text(span: SourceSpan) -> str:
    line = span.source_line()
    end = span.end_column - 1 if span.end_line == span.line and span.end_column else None
    return " ".join(line[span.column - 1:end].split())


def build_checks(statements: Iterable, build: Callable, span_of: Callable,
                 layer_names: Iterable[str], model_name: str) -> tuple[ModelCheck, ...]:
    """The ``check`` statements (``ast.CountCheck``) of a model: layer names checked, the
    expected side built with ``build``."""
    names = list(layer_names)
    result = []
    for statement in statements:
        for layer, quantity, comp in statement.claims:
            span = span_of(comp.pos)
            if layer is not None and layer not in names:
                raise UndeclaredSymbolError(
                    f"model '{model_name}' has no layer '{layer}' to check",
                    span_of(comp.left.pos),
                    hint=did_you_mean(layer, names) or "its layers are " + ", ".join(names[:12]))
            expected = build(comp.right)
            if not (expected.is_integer or expected.free_symbols):
                raise ArgumentError("a check compares a count with an integer",
                                    span_of(comp.right.pos))
            result.append(ModelCheck(layer, quantity, comp.op, expected, _text(span), span))
    return tuple(result)
