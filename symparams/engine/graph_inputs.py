"""The tensors a layer statement applies to: ``Dense(d)`` the current one, ``Add()(x, h)``
the named ones, with Keras's call arguments after them checked
(:mod:`.call_keywords`); a name that is no tensor here is an error at that name."""

from __future__ import annotations

import dataclasses
import re

from ..errors import ShapeError, SourceSpan, did_you_mean
from ..syntax import ast
from .binding import Tensor
from .call_keywords import check_call_keywords

__all__ = ["statement_inputs", "name_span"]


def statement_inputs(stmt: ast.LayerStmt, scope, hidden: str = "") -> list[Tensor]:
    """The tensors ``stmt`` reads in ``scope`` (``hidden``: a tensor name never shown)."""
    check_call_keywords(stmt.call_keywords, stmt.call.func, scope.ctx)
    if stmt.inputs is None:
        return [scope.current]
    span = scope.ctx.span(stmt.inputs_pos or stmt.pos)
    if not stmt.inputs:
        raise ShapeError(f"{stmt.call.func} is applied to no tensor", span)
    found = []
    for name in stmt.inputs:
        if name in scope.shared:
            raise ShapeError(f"'{name}' is a layer, not a tensor", name_span(span, name),
                             hint=f"apply it to a tensor: {name}(x)")
        if name not in scope.tensors:
            known = [n for n in scope.tensors if n != hidden]
            close = did_you_mean(name, known)
            listed = ", ".join(known) or "none"
            hint = close or f"name a result first, e.g. 'h = Dense(8)'; tensors here: {listed}"
            if scope.kind == "block" and not close:
                hint = ("a block sees only its own tensors and what it names; pass "
                        f"'{name}' in as a tensor parameter, e.g. block B(d)(x, {name}); "
                        f"tensors here: {listed}")
            raise ShapeError(f"no tensor named '{name}'", name_span(span, name), hint=hint)
        found.append(scope.tensors[name])
    return found


def name_span(span: SourceSpan, name: str) -> SourceSpan:
    """The place of ``name`` inside ``span`` (a ``(x, y)`` list of tensors), else ``span``."""
    line = span.source_line()
    found = re.compile(rf"\b{re.escape(name)}\b").search(line, span.column - 1)
    if found is None:
        return span
    return dataclasses.replace(span, column=found.start() + 1, end_line=span.line,
                               end_column=found.end() + 1)
