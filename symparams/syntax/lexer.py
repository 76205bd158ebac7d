"""A Pygments lexer for symparams model files, so that ``pygmentize -l symparams FILE.sp``,
Sphinx (``.. code-block:: symparams``) and LaTeX ``minted`` highlight them.

Registered as the ``pygments.lexers`` entry point ``symparams`` in ``pyproject.toml``. It
imports nothing but Pygments.

>>> from pygments.token import Keyword, Name
>>> tokens = list(SymparamsLexer().get_tokens("model m(d=4):\\n    Dense(d)\\n"))
>>> [(t, v) for t, v in tokens if t in (Keyword, Name.Function, Name.Class)]
[(Token.Keyword, 'model'), (Token.Name.Function, 'm'), (Token.Name.Class, 'Dense')]
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer, bygroups, include, words
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

__all__ = ["SymparamsLexer"]

_NAME = r"[^\W\d]\w*"


class SymparamsLexer(RegexLexer):
    """Keras-flavoured model files: ``model NAME(symbols):`` headers and layer calls."""

    name = "symparams"
    aliases = ["symparams", "sp-model"]
    filenames = ["*.sp"]
    mimetypes = ["text/x-symparams"]
    url = "https://pypi.org/project/symparams/"
    flags = re.MULTILINE | re.UNICODE

    tokens = {
        "root": [
            (r"[^\S\n]+", Whitespace),
            (r"\n", Whitespace),
            (r"#.*$", Comment.Single),
            (rf"(model)([^\S\n]*)(\.)({_NAME})",  # model.add(...)
             bygroups(Keyword, Whitespace, Punctuation, Name.Builtin)),
            (rf"(model)([^\S\n]+)({_NAME})", bygroups(Keyword, Whitespace, Name.Function)),
            (rf"(block)([^\S\n]+)({_NAME})", bygroups(Keyword, Whitespace, Name.Class)),
            (rf"(use)([^\S\n]+)({_NAME}(?:\.{_NAME})+)",  # use stdlib.resnet
             bygroups(Keyword.Namespace, Whitespace, Name.Namespace)),
            (r"(use)\b", Keyword.Namespace),
            (r"(as)\b", Keyword),
            (words(("assume", "check", "repeat"), suffix=r"\b"), Keyword),
            (words(("True", "False", "None"), suffix=r"\b"), Keyword.Constant),
            include("expression"),
        ],
        "expression": [
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (r"'(?:[^'\\\n]|\\.)*'", String.Single),
            (r"([0-9](_?[0-9])*)?\.[0-9](_?[0-9])*([eE][-+]?[0-9]+)?", Number.Float),
            (r"[0-9](_?[0-9])*\.([eE][-+]?[0-9]+)?", Number.Float),
            (r"[0-9](_?[0-9])*[eE][-+]?[0-9]+", Number.Float),
            (r"[0-9](_?[0-9])*", Number.Integer),
            (rf"({_NAME})(\s*)(=)(?!=)", bygroups(Name.Attribute, Whitespace, Operator)),
            (r"[A-Z]\w*(?=\s*\()", Name.Class),
            (rf"{_NAME}(?=\s*\()", Name.Function),
            (_NAME, Name.Variable),
            (r"\*\*|//|==|!=|<=|>=|[-+*/%<>]", Operator),
            (r"[(),:\[\]]", Punctuation),
            (r"\\\n", Text),
        ],
    }

    def analyse_text(text: str) -> float:
        """Model files start (after comments) with ``model NAME(``."""
        return 0.9 if re.search(r"^model\s+[^\W\d]\w*\s*\(", text, re.M) else 0.0
