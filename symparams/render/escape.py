r"""Text from the input (layer names, model names, file names) made safe for each output
context: one function per context, and every output format calls it.

Control and invisible formatting characters (ESC, NUL, newlines, bidirectional overrides)
are first shown as their escapes (``\x1b``, ``\n``, ``\u202e``) by
:func:`symparams.errors.visible`, so a name can never move the cursor, colour a terminal,
start a new table row or paragraph, or hide text; then the context's own special characters
are escaped.

>>> name = "x`` <img src=x onerror=alert(1)> ``y\n<script>"
>>> print(terminal_text("dense\x1b[2J"))
dense\x1b[2J
>>> print(markdown_code(name))
``` x`` <img src=x onerror=alert(1)> ``y\n<script> ```
>>> print(html_text(name))
x`` &lt;img src=x onerror=alert(1)&gt; ``y\n&lt;script&gt;
>>> print(latex_text("50% {x}\n\nα"))
50\% \{x\}\textbackslash{}n\textbackslash{}n\textbackslash{}u03b1
"""

from __future__ import annotations

import re

from ..errors import visible

__all__ = ["terminal_text", "markdown_code", "markdown_text", "html_text", "latex_text",
           "strip_invisible"]

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "'": r"\textquotesingle{}",  # (a plain ' prints as a closing quote)
    "`": r"\textasciigrave{}",
}
#: Between two characters that TeX's text fonts join into one glyph (two hyphens, two
#: commas; quotes are commands): ``{}`` keeps them apart.
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=,)(?=,)")
_MARKDOWN_PUNCTUATION = "\\`*_{}[]<>()#+!|$~&"
# Characters that act on a terminal or hide text, wherever they appear in an output.
_INVISIBLE = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def terminal_text(text: str) -> str:
    r"""Text for a terminal (text tables, ``explain``, error messages): control characters
    shown as escapes.

    >>> terminal_text("a\x9b31m")
    'a\\x9b31m'
    """
    return visible(text)


def strip_invisible(text: str) -> str:
    r"""Whole output (any format) with any character that could still act on a terminal
    shown as a ``\uXXXX`` escape (which is also valid inside a JSON string); newlines
    (also CRLF) and tabs stay. The last line of defence in ``cli.output.emit``.

    >>> strip_invisible('{"name": "a\u202eb"}\n')
    '{"name": "a\\u202eb"}\n'
    """
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def markdown_code(text: str) -> str:
    r"""Text as a Markdown code span that works in a table cell: a fence longer than any run
    of backticks inside, ``|`` escaped as GFM requires, no raw newline.

    >>> markdown_code("dense_1"), markdown_code("a`b"), markdown_code("a|b")
    ('`dense_1`', '`` a`b ``', '`a\\|b`')
    """
    text = visible(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def markdown_text(text: str) -> str:
    r"""Text in a Markdown table cell or paragraph: Markdown's punctuation escaped, no raw
    newline.

    >>> print(markdown_text("max_pooling2d|<b>"))
    max\_pooling2d\|\<b\>
    """
    return "".join("\\" + ch if ch in _MARKDOWN_PUNCTUATION else ch for ch in visible(text))


def html_text(text: str) -> str:
    r"""Text in HTML (element content or a quoted attribute).

    >>> html_text('<b a="1">&')
    '&lt;b a=&quot;1&quot;&gt;&amp;'
    """
    import html  # with html.entities' 2,000-name table: only a notebook's HTML needs it

    return html.escape(visible(text), quote=True)


def latex_text(text: str) -> str:
    r"""Text in LaTeX text mode: the special characters escaped, control characters and
    characters outside printable ASCII and Latin-1 (which ``pdflatex`` with T1 fonts may not
    typeset) shown as their escapes, so that no blank line ends a paragraph and no input
    stops ``pdflatex``.

    The pairs TeX's fonts join into one glyph (``--`` an en dash, two quotes a double
    quote, ``,,``) are kept apart, so that a name prints as written.

    >>> print(latex_text("max_pooling2d"), latex_text("é"), latex_text("中"))
    max\_pooling2d é \textbackslash{}u4e2d
    >>> print(latex_text("conv--1"), latex_text("a'b"))
    conv-{}-1 a\textquotesingle{}b
    """
    shown = "".join(ch if " " <= ch <= "~" or "\xa1" <= ch <= "\xff" else visible_char(ch)
                    for ch in text)
    return _LIGATURE.sub("{}", "".join(_LATEX_SPECIALS.get(ch, ch) for ch in shown))


def visible_char(ch: str) -> str:
    r"""One character as its Python escape (``\n``, ``\x1b``, ``\u4e2d``).

    >>> visible_char("\n"), visible_char("中")
    ('\\n', '\\u4e2d')
    """
    return ch.encode("unicode_escape").decode("ascii")
