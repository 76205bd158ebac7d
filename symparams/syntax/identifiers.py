r"""Identifiers as Python reads them: NFKC-normalised (``ﬁ`` is ``fi``, fullwidth ``ｄ`` is
``d``), and a warning for names that look alike but are not the same (Latin ``a`` and
Cyrillic ``а``), or that mix scripts in one name.

>>> normalize_name("ﬁlters"), normalize_name("ｄ")
('filters', 'd')
>>> for message, line, column in lookalike_notes("model m(a=1, \u0430=2):\n"):
...     print(line, column, message)
1 14 'а' (U+0430 CYRILLIC SMALL LETTER A) looks like 'a' but is a different name
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_name", "lookalike_notes", "script_of"]

# Letters of other scripts that are drawn like a Latin letter (a subset of Unicode's
# confusables: the ones a keyboard layout or a copy from a PDF really produces).
_LIKE_LATIN = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "ρ": "p",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})
_IDENTIFIER = re.compile(r"""#[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|([^\W\d]\w*)""")


def normalize_name(name: str) -> str:
    """An identifier in NFKC form, as Python compares identifiers."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def script_of(ch: str) -> str:
    """The script of a letter, from its Unicode name (``LATIN``, ``CYRILLIC``, ``GREEK``,
    ...); digits and ``_`` have none.

    >>> script_of("a"), script_of("\u0430"), script_of("_")
    ('LATIN', 'CYRILLIC', '')
    """
    if not ch.isalpha():
        return ""
    return unicodedata.name(ch, "UNKNOWN").split(" ")[0]


def lookalike_notes(text: str) -> list[tuple[str, int, int]]:
    """``(message, line, column)`` for each identifier in ``text`` (outside strings and
    comments) that mixes letters of several scripts, or that looks like another identifier
    of the text without being it; empty for ASCII text."""
    if text.isascii():
        return []
    first: dict[str, tuple[int, int]] = {}
    for match in _IDENTIFIER.finditer(text):
        name = match.group(1)
        if name is not None:
            name = normalize_name(name)
            if name not in first:
                line = text.count("\n", 0, match.start()) + 1
                first[name] = (line, match.start() - text.rfind("\n", 0, match.start()))
    by_look: dict[str, list[str]] = {}
    for name in first:
        by_look.setdefault(name.translate(_LIKE_LATIN), []).append(name)
    notes = []
    for name, (line, column) in first.items():
        scripts = sorted({script_of(ch) for ch in name} - {""})
        twins = [other for other in by_look[name.translate(_LIKE_LATIN)] if other != name]
        if twins and not name.isascii():
            odd = next(ch for ch in name if not ch.isascii())
            notes.append((f"'{name}' (U+{ord(odd):04X} {unicodedata.name(odd, '?')}) looks "
                          f"like '{twins[0]}' but is a different name", line, column))
        elif len(scripts) > 1:
            notes.append((f"'{name}' mixes {' and '.join(s.title() for s in scripts)} "
                          "letters", line, column))
    return notes
