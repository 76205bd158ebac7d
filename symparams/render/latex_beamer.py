r"""Beamer frames: a model's table (:mod:`~symparams.render.latex_slide_tables`) and its
derivation, spread over frames by their estimated height (never a frame past its text area:
each is also measured by TeX and, as a last resort, scaled down), in ``\small`` type with
sans-serif subscripts and slashed floors.

A model of more rows than a frame takes gets a table of its top-level layers and blocks,
then one frame per kind of block with the layers inside it.

>>> import symparams
>>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
>>> frames = latex_beamer([(m, m.values)])
>>> frames.count(r"\begin{frame}"), r"\small" in frames
(2, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..engine.model import Model
from ..report.derivation import derive, nested_steps
from . import shown_columns, shown_depth
from .latex_derivation import FLUSH_LEFT, align_groups, derivation_rows
from .latex_printer import FormulaPrinter, escape_text
from .latex_slide_tables import frame_title, table_frames
from .latex_table import is_long, symbols_line

__all__ = ["latex_beamer", "values_note", "FRAME_BUDGET", "SLIDE_WIDTH"]

#: Height in points a frame's table or derivation may take (a 4:3 frame's text area is
#: 269 pt, less its title and navigation bar).
FRAME_BUDGET = 222.0
#: Width in characters of a derivation's line on a slide, in ``\small`` type.
SLIDE_WIDTH = 46
#: Points (measured in ``\small``): a derivation's line (a fraction's taller; one with a
#: ``\Bigl(`` or ``\Bigr)`` by ``BIG_LINE``).
LINE, FRACTION, BIG_LINE = 15.0, 9.0, 5.0


def values_note(model: Model, values: Mapping[str, int | None]) -> str:
    """``, at $h = 30$``: the values given beside the header's (``--set``), for titles."""
    p = FormulaPrinter.for_model(model, sans=True)
    changed = [
        f"{p.doprint(model.symbols[name])} = {p.number(value)}"
        for name, value in values.items()
        if value is not None and name in model.symbols and model.values.get(name) != value
    ]
    joined = ",\\ ".join(changed)
    return f", at ${joined}$" if changed else ""


def _expansions(model: Model, values) -> list[tuple[object, list]]:
    """Each kind of block (its first occurrence) with the steps of its own layers, depth 0."""
    everything = nested_steps(derive(model, values))
    seen: set[str] = set()
    out = []
    for index, (level, step) in enumerate(everything):
        layer = step.layer
        if not layer.layers or layer.type in seen:
            continue
        if layer.repeat is not None and len(layer.layers) == 1 and layer.layers[0].layers:
            continue  # "Repeat" of one block: that block is expanded instead
        seen.add(layer.type)
        inner = []
        for deeper, other in everything[index + 1:]:
            if deeper <= level:
                break
            if deeper == level + 1:
                inner.append((0, other))
        out.append((layer, inner))
    return out


def _line_height(line: str) -> float:
    return (LINE + (FRACTION if r"\frac" in line else 0.0) + 16.0 * line.count(r"\begin{cases}")
            + (BIG_LINE if r"\Bigl" in line or r"\Bigr" in line else 0.0))


def _layout(rows) -> list[str]:
    return [line for group in align_groups(rows, SLIDE_WIDTH) for line in group]


def _derivation_chunks(rows, budget: float) -> list[list[str]]:
    """The derivation's lines per frame: rows added to a frame while it fits, each frame laid
    out alone (its columns as wide as its own rows need); a row taller than a frame (a long
    sum) is cut between its lines."""
    chunks: list[list[str]] = []
    current: list = []
    for row in rows:
        trial = _layout([*current, row])
        if sum(map(_line_height, trial)) <= budget:
            current.append(row)
            continue
        if current:
            chunks.append(_layout(current))
        current = [row]
        alone = _layout([row])
        if sum(map(_line_height, alone)) > budget:
            piece: list[str] = []
            for line in alone:
                if piece and sum(map(_line_height, [*piece, line])) > budget:
                    chunks.append(piece)
                    piece = []
                piece.append(line)
            chunks.append(piece)
            current = []
    if current:
        chunks.append(_layout(current))
    return chunks


def _derivation_frames(model: Model, values, note: str) -> list[str]:
    p = FormulaPrinter.for_model(model, sans=True, slashed=True)
    # a long model's compute counts per layer are in its compute frames: here the totals
    rows = derivation_rows(model, values, p, SLIDE_WIDTH, compute_layers=not is_long(model))
    chunks = _derivation_chunks(rows, FRAME_BUDGET - 28.0)
    out = []
    for number, lines in enumerate(chunks, 1):
        what = "derivation" + (f" ({number}/{len(chunks)})" if len(chunks) > 1 else "")
        out += [f"\\begin{{frame}}{{{frame_title(model, what, note)}}}", r"\small" + FLUSH_LEFT,
                r"\begin{alignat*}{2}", " \\\\\n".join(lines), r"\end{alignat*}",
                "\\end{frame}"]
    return out


def latex_beamer(models: Sequence[tuple[Model, Mapping[str, int | None]]]) -> str:
    r"""For each model, frames with its table and frames with its derivation, ready to
    ``\input`` into a Beamer deck that loads ``booktabs``; titles say the values given
    beside the header's ("at $h = 30$")."""
    out = [
        "% symparams: Beamer frames; needs \\usepackage{booktabs} "
        "(Beamer loads amsmath and graphicx)"
    ]
    for model, values in models:
        note = values_note(model, values)
        symbols = symbols_line(model, values, FormulaPrinter.for_model(model, sans=True))
        tables = [("parameters", False)] + ([("compute", True)] if shown_columns() else [])
        for what, compute in tables:
            first = symbols if not compute else ""
            if shown_depth() is None and is_long(model):
                top = nested_steps(derive(model, values), 0)
                out += table_frames(model, values, top, what, note, first, True, compute)
                for block, inner in _expansions(model, values):
                    inside = ("compute " if compute else "") + \
                        rf"inside \texttt{{{escape_text(block.name)}}}"
                    out += table_frames(model, values, inner, inside, note, "", False,
                                         compute)
            else:
                out += table_frames(model, values, None, what, note, first, True, compute)
        out += _derivation_frames(model, values, note)
        out.append("")
    return "\n".join(out)
