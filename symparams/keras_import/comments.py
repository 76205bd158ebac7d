"""Comments of the code, kept where they were: a comment on its own line goes before the
next model or layer written; one at the end of a line goes with the layer on that line.
Comments after the last of them go at the end of the file."""

from __future__ import annotations

import io
import tokenize

__all__ = ["attach_comments", "source_comments"]


def attach_comments(result, comments: dict[int, tuple[str, bool]]) -> None:
    """Distribute ``comments`` (by line: text, own line?) over ``result``'s models."""
    anchors = []  # (line, order, target): a model header, or a layer line
    for model in result.models:
        first = min([line.line for line in model.lines if line.line] + [model.line or 0])
        anchors.append((first, 0, model))
        anchors.extend((line.line, 1, line) for line in model.lines if line.line)
    anchors.sort(key=lambda a: (a[0], a[1]))
    for number in sorted(comments):
        text, own = comments[number]
        if not own:
            spanning = [a[2] for a in anchors if a[1] == 1 and
                        a[0] <= number <= (a[2].end_line or a[0])]
            if spanning:
                spanning[-1].inline[number] = text
                continue
        following = next((a[2] for a in anchors if a[0] > number or
                          (not own and a[0] == number)), None)
        if following is None:
            result.trailer.append(text)
        else:
            following.comments.append(text)


def source_comments(text: str) -> dict[int, tuple[str, bool]]:
    """Each comment by line: its text and whether it stands on its own line."""
    found: dict[int, tuple[str, bool]] = {}
    lines = text.splitlines()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                line, col = tok.start
                own = not lines[line - 1][:col].strip()
                found[line] = (tok.string, own)
    except (tokenize.TokenError, IndentationError):  # pragma: no cover - ast parsed it
        pass
    return found
