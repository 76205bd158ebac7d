r"""The width arithmetic of LaTeX lines: a formula's rough printed width in characters, its
pieces packed into balanced lines no wider than a width, and a derivation's stage as such
lines (:mod:`~symparams.render.latex_printer` prints the pieces).

>>> pack(["4 d", "+ 2 d^{2} h", "+ 2 d"], 10)
['4 d + 2 d^{2} h', '+ 2 d']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["tex_width", "pack", "stage_lines"]


def tex_width(tex: str) -> int:
    r"""A rough printed width, in characters, of LaTeX maths or text: layout commands and
    braces count nothing, other commands one character, ``+ - =`` two (their spaces).

    >>> tex_width(r"2{,}097{,}152 \left\lfloor \frac{H}{32} \right\rfloor + 4096")
    20
    >>> tex_width(r"\hspace*{1.5em}\texttt{dense}")
    8
    """
    tex = tex.replace(r"\_", "x")
    tex = re.sub(r"\\hspace\*?\{(\d+(?:\.\d+)?)em\}", lambda m: "x" * round(2 * float(m[1])),
                 tex)
    tex = re.sub(r"\\(?:left|right|mathrm|mathit|frac|text|texttt)(?![a-zA-Z])", "", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex).replace("{,}", ",")
    return sum(2 if ch in "+-=" else 0 if ch in "{}\\^_ $" else 1 for ch in tex)


def pack(pieces: Sequence[str], width: int) -> list[str]:
    """Pieces joined by spaces into the fewest lines no wider than ``width`` (a wider piece
    stays alone), balanced: the widest line as narrow as it can be, then the lines as even
    as they can be (no lone ``+ 2d`` under two full lines).

    >>> pack(["1", "+ 2", "+ 3"], 5), pack(["1", "+ 2", "+ 3"], 80)
    (['1 + 2', '+ 3'], ['1 + 2 + 3'])
    >>> pack(["aaaa", "+ bbbb", "+ cccc", "+ d"], 16)  # not 'aaaa + bbbb + cccc', '+ d'
    ['aaaa + bbbb', '+ cccc + d']
    """
    sizes = [tex_width(piece) for piece in pieces]  # widths add up: spaces count nothing
    ends = [0]
    for size in sizes:
        ends.append(ends[-1] + size)

    def fits(start: int, stop: int, most: int) -> bool:
        return stop - start == 1 or ends[stop] - ends[start] <= most

    def lines_within(most: int) -> list[int] | None:
        """The cuts of the fewest lines no wider than ``most``, the most even (the least
        sum of squared widths), or None."""
        n = len(pieces)
        best: list[tuple[int, int, int] | None] = [(0, 0, 0)] + [None] * n
        for stop in range(1, n + 1):
            for start in range(stop - 1, -1, -1):
                if not fits(start, stop, most):
                    break
                before = best[start]
                if before is None:
                    continue
                size = ends[stop] - ends[start]
                candidate = (before[0] + 1, before[1] + size * size, start)
                if best[stop] is None or candidate[:2] < best[stop][:2]:
                    best[stop] = candidate
        if best[n] is None:
            return None
        cuts, stop = [], n
        while stop:
            cuts.append(stop)
            stop = best[stop][2]
        return cuts[::-1]

    greedy = lines_within(width)
    if not pieces or greedy is None:
        return []
    count = len(greedy)
    # the narrowest widest line that keeps the fewest lines
    candidates = sorted({ends[j] - ends[i] for i in range(len(pieces))
                         for j in range(i + 1, len(pieces) + 1) if ends[j] - ends[i] <= width})
    low, high, cuts = 0, len(candidates) - 1, greedy
    while low <= high:  # fewer lines need no narrower a line: a binary search
        middle = (low + high) // 2
        found = lines_within(candidates[middle])
        if found is not None and len(found) == count:
            cuts, high = found, middle - 1
        else:
            low = middle + 1
    out, start = [], 0
    for stop in cuts:
        out.append(" ".join(pieces[start:stop]))
        start = stop
    return out


def stage_lines(stage: Sequence[str], width: int, room: int) -> tuple[list[str], bool]:
    r"""A derivation's stage (``= ...``) as balanced lines of ``width``, the first after
    ``=`` and the rest indented; and whether they are set across the columns: all of them
    when one is wider than ``room`` (the ``=`` column's), so that a sum's lines keep one
    left edge and none hangs alone at the right.

    >>> stage_lines(["4 d", "+ 2 d^{2} h", "+ 2 d"], 10, 8)
    (['= 4 d + 2 d^{2} h', '\\quad {} + 2 d'], True)
    >>> stage_lines(["12"], 12, 8)
    (['= 12'], False)
    """
    lines = [("= " if not number else r"\quad {} " if text.startswith(("+ ", "- "))
              else r"\quad ") + text for number, text in enumerate(pack(stage, width))]
    return lines, any(tex_width(line) > room for line in lines)

