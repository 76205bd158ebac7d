r"""What went wrong in a text the grammar refuses, said in the user's terms: the token lark
stopped at, what it expected in words, the bracket left open, the line of a bad dedent.

>>> from symparams.syntax.parser import parse_module
>>> parse_module("model m(n=3):\n    Dense(n\n", "m.sp")
Traceback (most recent call last):
...
symparams.errors.DSLSyntaxError: m.sp:2:10: error: '(' was never closed
    Dense(n
         ^
hint: add the missing ')'
"""

from __future__ import annotations

from ..errors import DSLSyntaxError, SourceSpan
from .generated_parser import (
    DedentError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

__all__ = ["syntax_error", "dedent_line"]


_TOKEN_NAMES = {
    "NAME": "a name",
    "INT": "an integer",
    "FLOAT": "a number",
    "STRING": "a string",
    "LPAR": "'('",
    "RPAR": "')'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "COLON": "':'",
    "EQUAL": "'='",
    "_NEWLINE": "end of line",
    "_INDENT": "an indented block",
    "_DEDENT": "end of block",
    "MODEL": "'model'",
    "BLOCK": "'block'",
    "USE": "'use'",
    "REPEAT": "'repeat'",
    "AS": "'as'",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
    "DOT": "'.'",
    "COMPARE": "a comparison",
    "$END": "end of file",
}


def _describe(expected) -> str:
    if "_NEWLINE" in expected and set(expected) <= {"_NEWLINE", "LPAR", "STAR"}:
        expected = {"_NEWLINE"}  # after a statement's call `(tensors)` or `* count` may follow,
        # but "end of line" is the useful advice
    names = sorted({_TOKEN_NAMES.get(t, t) for t in expected if t in _TOKEN_NAMES})
    if not names:
        return ""
    if len(names) > 6:
        names = names[:6] + ["..."]
    return "expected " + ", ".join(names)


def syntax_error(err: UnexpectedInput, filename: str, text: str) -> DSLSyntaxError:
    line = getattr(err, "line", None)
    column = getattr(err, "column", None)
    if not isinstance(line, int) or line < 1:
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    span = SourceSpan(filename, text, line, column if isinstance(column, int) else 1)
    hint = None
    if isinstance(err, UnexpectedCharacters):
        char = text[err.pos_in_stream] if err.pos_in_stream < len(text) else ""
        message = f"unexpected character {char!r}"
        if char == ".":
            hint = "attribute access and method calls are not part of the language"
        elif char in "'\"":
            hint = "this string is not closed on its line"
        elif char in "{}":
            hint = "dictionaries are not part of the language"
    elif isinstance(err, UnexpectedToken):
        tok = err.token
        opened = _unclosed_bracket(text, err.pos_in_stream if tok.type != "$END" else len(text))
        if tok.type in ("$END", "_DEDENT", "_NEWLINE", "_INDENT") and opened is not None:
            line, column, char = opened
            return DSLSyntaxError(
                f"'{char}' was never closed",
                SourceSpan(filename, text, line, column),
                hint=f"add the missing '{_CLOSING[char]}'",
            )
        if opened is not None and tok.type == "NAME" and opened[0] < line \
                and _starts_its_line(text, line, column):  # Python: "was never closed"
            return DSLSyntaxError(
                f"'{opened[2]}' was never closed", SourceSpan(filename, text, *opened[:2]),
                hint=f"add the missing '{_CLOSING[opened[2]]}'")
        header = _open_header(text, line, column) if tok.type == "NAME" else None
        if header is not None:
            return DSLSyntaxError(
                f"expected an indented block after line {header}", span,
                hint=f"indent the lines of the body under line {header} (4 spaces)")
        if tok.type == "_INDENT":
            line, column = _next_line_indent(text, line)
            span = SourceSpan(filename, text, line, column)
        if tok.type == "$END":
            message = "unexpected end of file"
        elif tok.type == "_NEWLINE":
            message = "unexpected end of line"
        elif tok.type == "_INDENT":
            message = "unexpected indentation"
        elif tok.type == "_DEDENT":
            message = "unexpected end of block"
        else:
            message = f"unexpected {str(tok)!r}"
        expected = _describe(err.expected) if tok.type != "_INDENT" else ""
        if expected:
            message += f"; {expected}"
        if tok.type == "NAME" and "_INDENT" not in err.expected and text.strip():
            if "MODEL" in err.expected:
                hint = "layers go inside a 'model NAME(symbols):' block"
    elif isinstance(err, UnexpectedEOF):
        message = "unexpected end of file"
    else:  # pragma: no cover - lark's family is closed
        message = "syntax error"
    return DSLSyntaxError(message, span, hint=hint)


_CLOSING = {"(": ")", "[": "]"}


def _starts_its_line(text: str, line: int, column) -> bool:
    """Whether only spaces come before ``column`` on ``line``."""
    lines = text.splitlines()
    return isinstance(column, int) and 0 < line <= len(lines) \
        and not lines[line - 1][:column - 1].strip()


def _open_header(text: str, line: int, column) -> int | None:
    """The line of a header ending in ``:`` just before ``line``, when the token at
    ``column`` starts its line no deeper than that header: a body left unindented."""
    lines = text.splitlines()
    if not _starts_its_line(text, line, column):
        return None
    before = line - 2
    while before >= 0 and (not lines[before].strip() or lines[before].lstrip().startswith("#")):
        before -= 1
    if before < 0:
        return None
    header = lines[before].split("#")[0].rstrip()
    indent = len(lines[before]) - len(lines[before].lstrip())
    return before + 1 if header.endswith(":") and column - 1 <= indent else None


def _unclosed_bracket(text: str, end: int) -> tuple[int, int, str] | None:
    """Line, column and character of the last bracket left open before ``end``, if any."""
    stack: list[tuple[int, int, str]] = []
    line, column, i, quote = 1, 1, 0, None
    end = min(end, len(text))
    while i < end:
        ch = text[i]
        if quote:
            if ch == "\\":
                i, column = i + 2, column + 2
                continue
            if ch == quote or ch == "\n":
                quote = None
        elif ch == "#":
            while i < end and text[i] != "\n":
                i += 1
            continue
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            stack.append((line, column, ch))
        elif ch in ")]" and stack:
            stack.pop()
        if ch == "\n":
            line, column = line + 1, 1
        else:
            column += 1
        i += 1
    return stack[-1] if stack else None


def _next_line_indent(text: str, line: int) -> tuple[int, int]:
    """The first non-blank line after ``line`` and the column of its first character."""
    lines = text.split("\n")
    for number in range(line + 1, len(lines) + 1):
        raw = lines[number - 1]
        stripped = raw.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            return number, len(raw) - len(stripped) + 1
    return line, 1


def dedent_line(text: str, err: DedentError) -> int:
    """Best guess at the line of an inconsistent dedent (lark does not say)."""
    indents: list[int] = [0]
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        width = len(raw.expandtabs(8)) - len(stripped.expandtabs(8))
        if width > indents[-1]:
            indents.append(width)
        elif width < indents[-1]:
            while indents and width < indents[-1]:
                indents.pop()
            if not indents or indents[-1] != width:
                return number
    return 1
