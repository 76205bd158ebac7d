"""Tokens of the grammar as the syntax tree keeps them: a position from lark's metadata or
token, and a quoted string's value.

>>> unquote("'relu'")
'relu'
"""

from __future__ import annotations

from . import ast
from .generated_parser import Token

__all__ = ["meta_pos", "token_pos", "unquote", "ESCAPES"]


def meta_pos(meta) -> ast.Pos:
    return ast.Pos(meta.line, meta.column, meta.end_line, meta.end_column)


def token_pos(tok: Token) -> ast.Pos:
    return ast.Pos(tok.line, tok.column, tok.end_line, tok.end_column)


ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}


def unquote(token: str) -> str:
    """The value of a quoted string token; only simple escapes are interpreted.

    >>> unquote("'relu'"), unquote('"a\\\\"b"')
    ('relu', 'a"b')
    """
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append(ESCAPES.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)
