r"""LaTeX maths for identifiers that are not ASCII (``α``, ``中``, ``é``), such that plain
``pdflatex`` compiles it: Greek letters become their commands (``\alpha``, ``\Gamma``; a
capital with no command of its own is its Latin twin, ``\mathrm{A}``), any other character
is text (``\text{é}``), and one that ``pdflatex`` cannot typeset without extra fonts is shown
as its escape (``\text{\textbackslash{}u4e2d}``), never written raw.

>>> print(math_chars("α"), math_chars("αβ"), math_chars("中"), math_chars("é2"))
\alpha \alpha{}\beta{} \text{\textbackslash{}u4e2d} \text{é}2
>>> print(non_ascii_symbol("α_1"), non_ascii_symbol("中_in"), non_ascii_symbol("λ12"))
\alpha_{1} \text{\textbackslash{}u4e2d}_{\mathrm{in}} \lambda_{12}
"""

from __future__ import annotations

import re

from sympy.printing.latex import translate
from sympy.printing.pretty.pretty_symbology import greek_unicode

from .escape import latex_text

__all__ = ["math_chars", "non_ascii_symbol", "greek_command"]

_GREEK = {char: translate(name) for name, char in sorted(greek_unicode.items())}
_GREEK["ς"] = r"\varsigma"


def greek_command(ch: str) -> str | None:
    r"""``\alpha`` for ``α`` (None for a character that is not a Greek letter)."""
    return _GREEK.get(ch)


def math_chars(text: str) -> str:
    """``text`` as a run of maths: ASCII letters and digits as they are, ``_`` escaped,
    Greek letters as commands, anything else as escaped text."""
    if len(text) == 1 and greek_command(text):
        return greek_command(text)
    out = []
    for ch in text:
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif greek_command(ch):
            out.append(greek_command(ch) + "{}")
        elif ch == "_":
            out.append(r"\_")
        else:
            out.append(r"\text{" + latex_text(ch) + "}")
    return "".join(out)


def non_ascii_symbol(name: str) -> str:
    """The LaTeX name of a symbol whose name is not ASCII: the part after the first ``_`` a
    subscript (as for ASCII names), one Greek letter as its command, anything longer in
    ``\\mathit``."""
    digits = re.fullmatch(r"(\D+?)(\d+)", name)
    if digits:  # λ1 as λ with subscript 1, as SymPy prints x1
        return f"{non_ascii_symbol(digits[1])}_{{{digits[2]}}}"
    base, _, sub = name.partition("_")
    head = math_chars(base) if len(base) == 1 else r"\mathit{" + math_chars(base) + "}"
    if not sub:
        return head
    if len(sub) == 1 or sub.isdigit():
        return f"{head}_{{{math_chars(sub)}}}"
    return f"{head}_{{\\mathrm{{{math_chars(sub)}}}}}"
