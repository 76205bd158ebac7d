r"""What a symbol's display name (``d_model=512 as "d_{\mathrm{model}}"``) may be: a small
LaTeX maths fragment from an allow-list, checked when the file is parsed.

A display name is copied into LaTeX, Markdown, HTML and ``_repr_latex_`` output as it is, so
it must not be able to do anything but print a symbol: no ``\input``, ``\openout``,
``\catcode``, ``^^5c`` (TeX's way of writing any character), ``%``, ``#``, ``$``, ``&``,
``~``, ``<``, ``>``, quotes, control characters or unbalanced braces. What is allowed: ASCII
letters and digits, spaces, ``_ ^ { } ' , . ( ) [ ] + - * / = |``, and the commands in
:data:`ALLOWED_COMMANDS` (Greek letters, font commands such as ``\mathrm``, accents such as
``\hat``, a few symbols and spaces).

In the quoted text only ``\\``, ``\"`` and ``\'`` are escapes, so ``"\nu"`` is the Greek
letter nu, not a newline (:func:`unquote_display_name`).

>>> unquote_display_name('"\\nu_{\\\\mathrm{in}}"')
'\\nu_{\\mathrm{in}}'
>>> display_name_problem(r"d_{\mathrm{model}}") is None
True
>>> display_name_problem(r"d\input{/etc/passwd}")
(2, "'\\input' is not an allowed LaTeX command in a display name")
>>> display_name_problem("x^^5cinput")
(2, "'^' must be followed by a letter, a digit, a command or '{' in a display name")
"""

from __future__ import annotations

import re

__all__ = ["ALLOWED_COMMANDS", "MAX_DISPLAY_NAME", "DISPLAY_NAME_HINT", "unquote_display_name",
           "display_name_problem", "token_offset"]

_GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa "
    "lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
#: Commands that take one argument (``\mathrm{model}``, ``\hat x``).
_WITH_ARGUMENT = (
    "mathrm mathit mathbf mathsf mathtt mathcal mathbb mathfrak boldsymbol operatorname "
    "hat widehat tilde widetilde bar overline underline vec dot ddot check breve acute grave"
)
_SYMBOLS = "ell prime infty partial nabla star ast circ cdot times dagger imath jmath hbar"

#: Every LaTeX command a display name may use.
ALLOWED_COMMANDS: frozenset[str] = frozenset(
    (_GREEK + " " + _WITH_ARGUMENT + " " + _SYMBOLS).split()) | frozenset(",;:!")
_TAKES_ARGUMENT = frozenset(_WITH_ARGUMENT.split())

#: Longest display name, in characters.
MAX_DISPLAY_NAME = 200

#: Said under every display-name error.
DISPLAY_NAME_HINT = (
    r"a display name is a LaTeX maths fragment: letters, digits, _ ^ { } and commands such as "
    r"\alpha or \mathrm{...} (see docs/security.md)"
)

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                   " '.,()[]+-*/=|")
_TOKEN = re.compile(r"\\([A-Za-z]+|.?)|(.)", re.DOTALL)


def unquote_display_name(token: str) -> str:
    r"""The text of a quoted display name: only ``\\``, ``\"`` and ``\'`` are escapes.

    >>> unquote_display_name('"\\tau"'), unquote_display_name('"a\\\\,b"')
    ('\\tau', 'a\\,b')
    """
    return re.sub(r"\\([\\\"'])", r"\1", token[1:-1])


def token_offset(token: str, offset: int) -> int:
    r"""Where, counted from the character after the opening quote of ``token``, the
    ``offset``-th (1-based) character of its unquoted text is.

    >>> token_offset('"a\\\\b"', 3)
    3
    """
    position = 0
    for _ in range(max(0, offset - 1)):
        position += 2 if token[1 + position] == "\\" and token[2 + position] in "\\\"'" else 1
    return position


def display_name_problem(text: str) -> tuple[int, str] | None:
    r"""Why ``text`` is not an allowed display name, as (1-based offset in ``text``,
    message), or None when it is allowed.

    >>> display_name_problem(r"\hat{x}_1^{(2)}") is None
    True
    >>> display_name_problem("d}{")
    (2, "unbalanced '}' in a display name")
    >>> display_name_problem("a%b")
    (2, "'%' is not allowed in a display name")
    """
    if not text.strip():
        return 1, "a display name may not be empty"
    if len(text) > MAX_DISPLAY_NAME:
        return MAX_DISPLAY_NAME + 1, (f"a display name may have at most {MAX_DISPLAY_NAME} "
                                      "characters")
    depth = 0
    need_operand: str | None = None
    for match in _TOKEN.finditer(text):
        offset = match.start() + 1
        command, char = match.group(1), match.group(2)
        if need_operand is not None:
            if char is not None and (char == "{" or char.isascii() and char.isalnum()):
                pass
            elif command is None or command not in ALLOWED_COMMANDS or not command.isalpha():
                return offset - 1, (f"'{need_operand}' must be followed by a letter, a digit, "
                                    "a command or '{' in a display name")
            need_operand = None
        if command is not None:
            if command not in ALLOWED_COMMANDS:
                shown = "\\" + command if command.isprintable() else repr("\\" + command)
                return offset, f"'{shown}' is not an allowed LaTeX command in a display name"
            if command in _TAKES_ARGUMENT:
                need_operand = "\\" + command
            continue
        if char in "^_":
            need_operand = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return offset, "unbalanced '}' in a display name"
        elif char not in _PLAIN:
            shown = char if char.isprintable() else char.encode("unicode_escape").decode()
            return offset, f"'{shown}' is not allowed in a display name"
    if need_operand is not None:
        return len(text), f"'{need_operand}' must be followed by something in a display name"
    if depth:
        return len(text), "unbalanced '{' in a display name"
    return None
