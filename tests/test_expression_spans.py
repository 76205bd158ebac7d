"""An expression's source span covers all of its text, brackets around its first or last
operand included: error underlines and quoted source (``assumption '(d) > 5' does not
hold``) come from these spans."""

from __future__ import annotations

import pytest

from symparams.syntax import ast
from symparams.syntax.parser import parse_module

EXPRESSIONS = ["(a) + b", "b + (a)", "-(a)", "not (a)", "(a) < b", "(a) if b else c",
               "a if b else (c)", "(a) or b", "a and (b)", "(1.5) ** a", "(a)[0]", "b[(a)]",
               "((a)) * b", "(a + b) // (c)", "('s') == a", "(a).shape"]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_span_covers_the_brackets(expression: str) -> None:
    text = f"model m(a=1, b=2, c=3):\n    x = {expression}\n"
    (let,) = [s for s in parse_module(text).models[0].body if isinstance(s, ast.Let)]
    pos, line = let.value.pos, text.splitlines()[1]
    assert (pos.line, pos.end_line) == (2, 2)
    assert line[pos.column - 1:pos.end_column - 1] == expression
