"""Text to syntax tree: the grammar in ``grammar/symparams.lark`` (its LALR parser generated
ahead of time into :mod:`symparams.syntax.generated_parser`) and a Transformer.

>>> module = parse_module("model m(n=3):\\n    Dense(n)\\n")
>>> module.models[0].body[0].call.func
'Dense'
"""

from __future__ import annotations

import dataclasses
import functools
import sys

from ..errors import DSLSyntaxError, LimitError, SourceSpan
from ..limits import DEFAULT_LIMITS, Limits, prescan
from . import ast
from .generated_parser import (
    DedentError,
    Indenter,
    Lark,
    Lark_StandAlone,
    Token,
    Tree,
    UnexpectedInput,
    VisitError,
)
from .identifiers import lookalike_notes, normalize_name
from .indentation import check_indentation
from .source import decode_source, read_source, too_large
from .syntax_errors import dedent_line, syntax_error
from .to_ast import ToAST

__all__ = ["parse_module", "read_source", "decode_source", "nesting_ceiling"]


class _Indenter(Indenter):
    NL_type = "_NEWLINE"
    OPEN_PAREN_types = ["LPAR", "LSQB"]
    CLOSE_PAREN_types = ["RPAR", "RSQB"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 8


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    """The parser, from the tables generated with ``propagate_positions`` and
    ``maybe_placeholders`` (``grammar/generate.py``): nothing is built, cached or written."""
    return Lark_StandAlone(
        postlex=_Indenter(),
        lexer_callbacks={"NAME": _normalized},  # identifiers in NFKC form, as in Python
    )


def _normalized(token: Token) -> Token:
    return token if token.isascii() else token.update(value=normalize_name(token))


def nesting_ceiling() -> int:
    """The deepest parse tree that the recursive passes (lark, elaboration, SymPy) can take
    under the current recursion limit, whatever ``Limits.max_nesting`` says.

    >>> nesting_ceiling() == sys.getrecursionlimit() // 4
    True
    """
    return sys.getrecursionlimit() // 4


def _check_nesting(tree: Tree, filename: str, text: str, limits: Limits) -> None:
    """Reject trees nested deeper than the limit, before recursive passes see them; a limit
    raised past what Python's recursion limit allows stops at that ceiling
    (:func:`nesting_ceiling`) instead of crashing."""
    allowed = min(limits.max_nesting, nesting_ceiling())
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > allowed:
            meta = node.meta
            beyond = "" if allowed == limits.max_nesting else (
                " (the most that Python's recursion limit lets symparams analyse)")
            raise LimitError(
                f"expression nested deeper than {allowed} levels{beyond}",
                SourceSpan(filename, text, meta.line, meta.column),
                hint="simplify the expression or raise Limits.max_nesting",
            )
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + 1))


def parse_module(
    text: str, filename: str = "<string>", limits: Limits = DEFAULT_LIMITS
) -> ast.Module:
    """Parse model source text into an :class:`symparams.syntax.ast.Module`.

    Raises :class:`symparams.errors.DSLSyntaxError` (or ``LimitError``) for bad text.
    """
    if len(text) > limits.max_source_bytes or (
        len(text.encode("utf-8", "surrogatepass")) > limits.max_source_bytes
    ):
        raise too_large(filename, limits)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    prescan(text, filename, limits)  # nesting, statement length, layer count: before lark
    check_indentation(text, filename)  # tabs and spaces that mean different things
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as err:
        raise syntax_error(err, filename, text) from None
    except DedentError as err:
        line = dedent_line(text, err)
        raise DSLSyntaxError(
            "indentation does not match any outer block",
            SourceSpan(filename, text, line, 1),
        ) from None
    _check_nesting(tree, filename, text, limits)
    try:
        module = ToAST(filename, text, limits).transform(tree)
        notes = lookalike_notes(text)
        return dataclasses.replace(module, notes=tuple(notes)) if notes else module
    except VisitError as err:
        if isinstance(err.orig_exc, (DSLSyntaxError, LimitError)):
            raise err.orig_exc from None
        raise
