r"""LaTeX for slides and papers: derivations, Beamer frames and whole documents, around the
tables of :mod:`symparams.render.latex_table`; every formula printed by
:class:`~symparams.render.latex_printer.FormulaPrinter`.

>>> import symparams
>>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
>>> print(latex_derivation(m).splitlines()[3])
  \text{Dense: } 2 \left(d + 1\right) = 2 \cdot \left(4 + 1\right) = 10
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..engine.model import Model
from ..report.derivation import Derivation, derive, nested_steps
from . import inputs_line, shown_depth
from .latex_printer import FormulaPrinter, escape_text, pack, symbol_latex, tex_width
from .latex_table import (
    Unit,
    build_table,
    fit,
    inline_math,
    is_long,
    latex_table,
    symbols_line,
)

__all__ = [
    "FormulaPrinter",
    "symbol_latex",
    "escape_text",
    "latex_table",
    "latex_derivation",
    "latex_beamer",
    "latex_standalone",
    "PREAMBLE_PACKAGES",
]

#: What a document needs to ``\input`` the table and derivation fragments.
PREAMBLE_PACKAGES = ("amsmath", "booktabs", "graphicx", "longtable")
#: Width in characters of a derivation's line (see :func:`tex_width`).
LINE_WIDTH = 56
#: Beamer: frames of at most this many table rows; a table taller than FRAME_HEIGHT of the
#: frame is scaled down.
FRAME_ROWS = 20
FRAME_HEIGHT = r"0.78\textheight"
#: A total of more counts than this is given without listing them.
TOTAL_TERMS = 30
#: Lines of one ``align*`` listing the layers without parameters (blocks can break).
LIST_LINES = 5


def _label(step, model: Model) -> str:
    types = [layer.type for layer in model.layers]
    layer = step.layer
    if types.count(layer.type) == 1:
        return escape_text(layer.type)
    return f"{escape_text(layer.type)} ({escape_text(layer.name)})"


def latex_derivation(model: Model, values: Mapping[str, int | None] | None = None,
                     breakable: bool = True) -> str:
    r"""One ``align*`` per layer: the formula, then the numbers substituted, then the result,
    and one for the total; needs ``amsmath``. A line too long for a page or a slide breaks
    between the top-level terms of its sum. A block's layers with parameters follow it,
    labelled "Dense (dense) in block" (one copy of a repeated body;
    :func:`~symparams.render.display_depth` limits how deep). ``breakable`` lets a page or
    a slide break inside a formula (for a document; MathJax wants the formulas alone)."""
    values = model.values if values is None else values
    d: Derivation = derive(model, values)
    p = FormulaPrinter.for_model(model)
    # A formula taller than a page or a slide (a growing repeat's sum, a whole network as
    # one block) may break between its lines: one align* that does not fit stops Beamer's
    # frame breaking, leaving the rest on one overfull slide. Scoped to the derivation.
    out = [f"% symparams: derivation of model {model.name}; needs \\usepackage{{amsmath}}"]
    if breakable:
        out.append(r"\begingroup\allowdisplaybreaks")
    parents: dict[int, object] = {}
    for level, step in nested_steps(d, shown_depth()):
        parents[level] = step.layer
        if step.formula == 0:
            continue
        label = r"\text{" + _label(step, model) + ": }"
        if level:  # a block's layer, after it: "Dense (dense) in gpt_block"
            parent = parents[level - 1]
            where = ", one copy in" if parent.repeat is not None else " in"
            if step.at_copy is not None:  # a growing repetition: the numbers of one copy
                where = f", at {escape_text(str(step.at_copy[0]))} = {step.at_copy[1]}, in"
            label = (rf"\text{{{escape_text(step.layer.type)} ({escape_text(step.layer.name)})"
                     rf"{where} {escape_text(parent.name)}: }}")
        room = _room(label)
        stages = [p.terms(expr, vals or None, width=room) for expr, vals in step.stages()]
        if step.value is not None and not step.formula.is_Integer:
            stages.append([p.number(step.value)])
        out.append(_align(label, stages))
    empty = [step for step in d.steps if step.formula == 0]
    if empty:
        out += _without_parameters(empty, model)
    if d.evaluation is not None and len(d.steps) > 1:
        terms = [p.number(s.value) for s in d.steps if s.value]
        label, total = r"\text{Total: }", [p.number(d.evaluation.params)]
        if len(terms) > TOTAL_TERMS:
            label = rf"\text{{Total of the {len(terms)} counts above: }}"
        stages = [total] if len(terms) <= 1 or len(terms) > TOTAL_TERMS else [
            [terms[0], *("+ " + term for term in terms[1:])], total]
        out.append(_align(label, stages))
    if breakable:
        out.append(r"\endgroup")
    return "\n".join(out) + "\n"


def _without_parameters(empty: Sequence, model: Model) -> list[str]:
    """``\\text{MaxPooling2D, Flatten: } 0``; many layers are listed by type, over lines and
    several blocks."""
    label = ", ".join(_label(step, model) for step in empty)
    if tex_width(label) <= LINE_WIDTH - 4:
        return [_align(r"\text{" + label + ": }", [["0"]])]
    names: dict[str, list[str]] = {}
    for step in empty:
        names.setdefault(step.layer.type, []).append(escape_text(step.layer.name))
    pieces: list[str] = []
    types = [layer.type for layer in model.layers]
    for kind, group in names.items():
        if types.count(kind) == 1:
            pieces.append(escape_text(kind) + ",")
            continue
        if len(group) > 4:  # a long run of the same layer: its first and last names
            group = [f"{len(group)} layers: {group[0]}", r"\dots", group[-1]]
        words = [f"{escape_text(kind)} ({group[0]}", *group[1:]]
        pieces += [word + "," for word in words[:-1]] + [words[-1] + "),"]
    pieces[-1] = pieces[-1][:-1] + ":"
    lines = pack(pieces, LINE_WIDTH)
    blocks = []
    for start in range(0, len(lines), LIST_LINES):
        chunk = [rf"  &\text{{{line}}}" for line in lines[start:start + LIST_LINES]]
        if start + LIST_LINES >= len(lines):
            chunk[-1] = chunk[-1][:-1] + " } 0"
        blocks.append("\\begin{align*}\n" + " \\\\\n".join(chunk) + "\n\\end{align*}")
    return blocks


def _align(label: str, stages: list[list[str]]) -> str:
    """``label s0 = s1 = s2`` on one line when short, else one ``= stage`` per line, and a
    stage too long for the line broken between its terms (``\\quad + term``)."""
    whole = [" ".join(stage) for stage in stages]
    line = label + " " + " = ".join(whole)
    if sum(len(s) for s in whole) <= 90 and tex_width(line) <= LINE_WIDTH:
        return "\\begin{align*}\n  " + line + "\n\\end{align*}"
    room = _room(label)
    above = tex_width(label) > LINE_WIDTH // 2  # a long label gets a line of its own
    lines = [f"  &{label}"] if above else []
    for number, stage in enumerate(stages):
        for part, text in enumerate(pack(stage, room)):
            if part:
                lines.append(rf"  &\qquad {text}" if above else rf"  &\quad {text}")
            elif number:
                lines.append(rf"  &\quad = {text}" if above else f"  &= {text}")
            else:
                lines.append(rf"  &\quad {text}" if above else f"  {label} & {text}")
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def _room(label: str) -> int:
    """The width left for a derivation's formulas beside ``label`` (under it when it is
    long)."""
    if tex_width(label) > LINE_WIDTH // 2:
        return LINE_WIDTH - 6
    return LINE_WIDTH - tex_width(label) - 2


def _frame_title(model: Model, what: str) -> str:
    return rf"Model \texttt{{{escape_text(model.name)}}}: {what}"


def _frames(blocks: Sequence[Unit], rows: int) -> list[list[Unit]]:
    """Layers' blocks split into consecutive frames of about equal height, each at most
    ``rows`` table rows (the last also holds the totals)."""
    heights = [len(block) + 0.5 for block in blocks]
    count = max(1, math.ceil(sum(heights) / rows))
    target = sum(heights) / count
    frames: list[list[Unit]] = [[]]
    used = 0.0
    for block, height in zip(blocks, heights, strict=True):
        if frames[-1] and (used + height > rows or used + height / 2 > target):
            frames.append([])
            used = 0.0
        frames[-1].append(block)
        used += height
    return frames


def latex_beamer(models: Sequence[tuple[Model, Mapping[str, int | None]]]) -> str:
    """For each model, a frame with its table (several numbered frames, "(1/3)", for a long
    model) and a frame (breaking as needed) with its derivation; ready to ``\\input`` into a
    Beamer deck that loads ``booktabs``."""
    out = [
        "% symparams: Beamer frames; needs \\usepackage{booktabs} "
        "(Beamer loads amsmath and graphicx)"
    ]
    for model, values in models:
        p = FormulaPrinter.for_model(model)
        symbols = symbols_line(model, values, p)
        table = build_table(model, values)
        frames = _frames(table.blocks, FRAME_ROWS - len(table.totals))
        for number, blocks in enumerate(frames, 1):
            what = "parameters" + (f" ({number}/{len(frames)})" if len(frames) > 1 else "")
            out.append(f"\\begin{{frame}}{{{_frame_title(model, what)}}}")
            if symbols and number == 1:
                out.append(r"\small " + inline_math(symbols) + r"\par\medskip")
            out.append(r"\centering\footnotesize")
            out.append(f"% symparams: model {model.name}; needs "
                       "\\usepackage{amsmath,booktabs,graphicx}")
            body = table.tabular(blocks, totals=number == len(frames))
            out.append(fit(body, FRAME_HEIGHT).rstrip("\n"))
            out.append("\\end{frame}")
        # A long derivation breaks over several slides, numbered from the second on.
        out.append("{\\setbeamertemplate{frametitle continuation}[from second]")
        out.append(
            f"\\begin{{frame}}[allowframebreaks]{{{_frame_title(model, 'derivation')}}}"
        )
        out.append(r"\footnotesize")
        out.append(latex_derivation(model, values).rstrip("\n"))
        out.append("\\end{frame}}\n")
    return "\n".join(out)


def latex_standalone(models: Sequence[tuple[Model, Mapping[str, int | None]]],
                     title: str = "Parameter counts") -> str:
    """A complete ``article`` that compiles alone: per model its symbols, table and
    derivation."""
    long = any(is_long(model) for model, _ in models)
    packages = [pkg for pkg in PREAMBLE_PACKAGES if long or pkg != "longtable"]
    out = [
        "\\documentclass[11pt]{article}",
        "\\usepackage[T1]{fontenc}",
        "\\usepackage{lmodern}",
        "\\usepackage[margin=2.5cm]{geometry}",
        *(f"\\usepackage{{{pkg}}}" for pkg in packages),
        f"\\title{{{escape_text(title)}}}",
        "\\date{}",
        "\\begin{document}",
        "\\maketitle",
    ]
    for model, values in models:
        p = FormulaPrinter.for_model(model)
        out.append(f"\\section*{{Model \\texttt{{{escape_text(model.name)}}}}}")
        symbols = symbols_line(model, values, p)
        if symbols:
            shapes = inputs_line(model, None, lambda dims, p=p: inline_math(p.shape(dims)), str,
                                 lambda name: r"\texttt{" + escape_text(name) + "}")
            out.append("Symbols: " + inline_math(symbols) + ". " + shapes + ".\n")
        if is_long(model):
            out.append(latex_table(model, values).rstrip("\n"))
        else:
            out.append("\\begin{center}")
            out.append(latex_table(model, values).rstrip("\n"))
            out.append("\\end{center}")
        out.append(latex_derivation(model, values).rstrip("\n"))
    out.append("\\end{document}")
    return "\n".join(out) + "\n"
