r"""A model's derivation in LaTeX: one ``alignat*`` whose rows are the layers in model order,
labels in a left column and the ``=`` signs aligned, then the total as the per-layer terms
in layer order and the simplified closed form.

>>> import symparams
>>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
>>> print(latex_derivation(m, breakable=False).splitlines()[2])
  & \text{Dense:}\quad & 2 \cdot \left(d + 1\right) &{}= 2 \cdot \left(4 + 1\right) = 10 \\
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy

from ..engine.block_form import BlockForm, BlockUse, block_use
from ..engine.model import Model
from ..report.block_derivation import BlockPlan, block_plan, form_steps
from ..report.derivation import (
    Derivation,
    Step,
    derive,
    nested_steps,
    numbers_in_place,
    tied_to,
    worked_numbers,
)
from . import shown_columns, shown_depth
from .columns import COMPUTE_COLUMNS, compute_formula, unknown_count_text, unknown_types, value_at
from .latex_align import FLUSH_LEFT, LINE_WIDTH, Row, align_groups, align_rows
from .latex_blocks import (
    closing,
    count_of,
    heading,
    legend,
    plan_symbols,
    reason_lines,
    use_label,
    use_row,
)
from .latex_lines import tex_width
from .latex_printer import FormulaPrinter, escape_text

__all__ = [
    "Row", "derivation_rows", "compute_rows", "latex_derivation", "align_rows", "align_groups",
    "LINE_WIDTH",
    "FLUSH_LEFT",
]

#: A total of more counts than this is given without listing them.
TOTAL_TERMS = 30
#: Rows of layers without parameters, side by side, listed in one row at most.
EMPTY_NAMES = 6


def _name(step: Step, model: Model) -> str:
    layer = step.layer
    kind = escape_text(layer.type)
    if sum(1 for other in model.layers if other.type == layer.type) == 1 and layer in model.layers:
        return kind
    return f"{kind} ({escape_text(layer.name)})"


def derivation_rows(model: Model, values: Mapping[str, int | None] | None = None,
                    printer: FormulaPrinter | None = None, width: int = LINE_WIDTH,
                    steps: Sequence[tuple[int, Step]] | None = None,
                    compute_layers: bool = True) -> list[Row]:
    """The rows of the derivation of ``model`` (of ``steps``, some of its nested steps, when
    given): first each kind of block used more than once, derived in its own parameters
    (:mod:`symparams.report.block_derivation`); then the layers, a use of such a block its
    closed form at the use's numbers, layers without parameters in place, a run of them in
    one row; then the compute counts of :func:`~symparams.render.shown_columns` worked out
    (``compute_layers``: per layer and in total, else the totals alone)."""
    values = model.values if values is None else values
    d: Derivation = derive(model, values)
    plan = block_plan(model) if steps is None else BlockPlan((), {}, {})
    names = plan_symbols(plan, set(model.symbols))
    p = (printer or FormulaPrinter.for_model(model)).with_symbols(names)
    room = width // 2
    rows: list[Row] = []
    for kind in plan.kinds:
        rows += _kind_rows(kind.form, plan, p, room, legend(kind.form, names))
    subs = d.steps[0].values if d.steps else None
    chosen = nested_steps(d, shown_depth()) if steps is None else steps
    rows += _layer_rows(chosen, model, p, room, plan, subs,
                        shown_depth() if steps is None else None)
    if steps is None:
        rows.append(_total(d, p, room, plan))
        for key in shown_columns():
            rows += compute_rows(d, key, p, room, compute_layers)
    return rows


def _kind_rows(form: BlockForm, plan: BlockPlan, p: FormulaPrinter, room: int,
               note: str = "") -> list[Row]:
    """A kind of block derived once: its heading (with ``note``), its layers (indented), and
    its count as their terms in layer order, then its closed form."""
    rows = [heading(form, p, note)]
    rows += _layer_rows(form_steps(form, plan), None, p, room, plan, None, None, 1)
    rows.append(closing(form, _terms(form.layer.layers, p, room, plan), p, room,
                        sum(len(sympy.Add.make_args(count_of(layer, plan)))
                            for layer in form.layer.layers if layer.params != 0)))
    return rows


def _layer_rows(chosen: Sequence[tuple[int, Step]], model: Model | None, p: FormulaPrinter,
                room: int, plan: BlockPlan, subs, limit: int | None,
                indent: int = 0) -> list[Row]:
    """The rows of ``chosen`` steps (of ``model``, or of a block's form when None)."""
    rows: list[Row] = []
    empty: list[str] = []
    skipped: set[int] = set()  # levels of a block said by the repetition above it
    skip: set[int] = set()
    seen: set[str] = set()  # block types derived once, at their first row
    hidden: int | None = None  # inside a block derived above: the level of its row
    for level, step in chosen:
        skipped = {lv for lv in skipped if lv < level}
        layer = step.layer
        if hidden is not None and level > hidden:
            continue
        hidden = None
        if id(layer) in skip:
            skipped.add(level)
            continue
        depth = sum(1 for lv in range(level) if lv not in skipped) + indent
        use = _use(layer, plan, model)
        if use is not None:  # a kind derived above: its closed form at the use's numbers
            if empty:
                rows.append(_empty_row(empty))
                empty = []
            rows.append(use_row(layer, use, p, subs, room, r"\quad " * depth))
            hidden = level
            continue
        again = False
        if layer.layers and layer.repeat is None:
            again, hidden = layer.type in seen, level if layer.type in seen else None
            seen.add(layer.type)
        label = _name(step, model) if not level and model is not None \
            else escape_text(layer.type)
        inner = layer.layers
        if layer.repeat is not None and len(inner) == 1 and inner[0].layers:
            # "GPTBlock (gpt_block) × n_layer": the repetition and its one block in one row
            one = _use(inner[0], plan, model, True)
            label = use_label(inner[0], one, p, subs) if one is not None else \
                f"{escape_text(inner[0].type)} ({escape_text(inner[0].name)})"
            skip.add(id(inner[0]))
        label = r"\quad " * depth + label
        tied = tied_to(layer)
        if tied is not None:
            label += rf", tied to \texttt{{{escape_text(tied)}}}"
        if step.at_copy is not None:  # a growing repetition's layer: the numbers of one copy
            index, at = step.at_copy
            label += rf", at ${p.doprint(index)} = {p.number(at)}$"
        if step.formula == 0 and tied is None:
            empty.append(label.replace(r"\quad ", ""))
            if len(empty) == 1:
                empty.insert(0, r"\quad " * depth)
            continue
        if empty:
            rows.append(_empty_row(empty))
            empty = []
        reason = plan.reasons.get(layer.type) if layer.layers and layer.repeat is None else None
        if again:
            note = "" if reason else ", its layers like the first's"
            row = Row(label + note, [p.number(step.value)]
                      if step.value is not None and step.formula.is_Integer else
                      p.terms(step.formula, width=room))
            if step.value is not None and not step.formula.is_Integer:
                row.stages.append([p.number(step.value)])
            rows.append(row)
            continue
        if layer.index is not None and model is None:  # a form's growing repetition
            last = p.doprint(layer.repeat - 1)
            label += rf", copies ${p.doprint(layer.index)} = 0, \dots, {last}$"
        if reason:  # one phrase, on lines of its own: why this kind is worked out per use
            rows += [Row(r"\quad " * depth + line, [], colon=False) for line in
                     reason_lines(f"{layer.type}, worked out per use: {reason}", room * 2 - 4)]
        rows.append(_row(step, label, p, room, limit is None or level < limit, plan))
    if empty:
        rows.append(_empty_row(empty))
    return rows


def _use(layer, plan: BlockPlan, model: Model | None, inside: bool = False) -> BlockUse | None:
    """``layer`` as a use of a kind derived above, if it is one: looked up in the model's
    (``plan.uses``), found again in a form's layers (``model`` None) or a repetition's."""
    if not layer.layers or layer.repeat is not None:
        return None
    if model is not None and not inside:
        return plan.uses.get(id(layer))
    if layer.type not in {kind.form.type for kind in plan.kinds}:
        return None
    use = plan.uses.get(id(layer)) or block_use(layer)
    return use if isinstance(use, BlockUse) else None


def _terms(layers, p: FormulaPrinter, room: int, plan: BlockPlan,
           own: bool = True) -> list[str]:
    """The counts of ``layers`` that are not 0 as one sum's pieces, in layer order (a
    repetition as ``L·(…)``; ``own``: a use of a kind derived above by the kind's closed
    form, else as the engine gives it); none when there are fewer than two or too many."""
    counted = [(layer, count_of(layer, plan) if own else layer.params) for layer in layers]
    counted = [(layer, count) for layer, count in counted if count != 0]
    if len(counted) < 2 or len(counted) > TOTAL_TERMS or sum(
            len(sympy.Add.make_args(count)) for _, count in counted) > TOTAL_TERMS:
        return []
    terms: list[str] = []
    for layer, count in counted:
        pieces = p.terms(count, width=room)
        if layer.repeat is not None and layer.layers and layer.index is None:
            pieces = _row(Step(layer, count, None, None, None), "", p, room,
                          plan=plan).formula
        elif isinstance(count, sympy.Add):  # a layer's sum in brackets: (h(E + h) + h)
            if tex_width(" ".join(pieces)) <= room:
                pieces = [rf"\left({' '.join(pieces)}\right)"]
            else:
                pieces = [r"\Bigl(" + pieces[0], *pieces[1:-1], pieces[-1] + r"\Bigr)"]
        if terms and not pieces[0].startswith("- "):
            pieces = ["+ " + pieces[0], *pieces[1:]]
        terms += pieces
    return terms


def compute_rows(d: Derivation, key: str, p: FormulaPrinter, room: int,
                 layers: bool = True) -> list[Row]:
    r"""The working of a compute count ``key`` (a key of
    :data:`~symparams.render.columns.COMPUTE_COLUMNS`): per layer of the model that has
    some, in model order, its formula, the numbers in place and the value; then the total as
    the layers' values in layer order and its closed form; unknown counts said so;
    without ``layers``, the total alone.

    >>> import symparams
    >>> m = symparams.parse('model m(d=4):\n    Input(shape=(d,))\n    Dense(2)\n')["m"]
    >>> [(r.label, r.formula, r.stages) for r in compute_rows(derive(m), "macs",
    ...                                                       FormulaPrinter(), 28)][0]
    ('MACs of Dense', ['d \\cdot 2'], [['4 \\cdot 2'], ['8']])
    """
    name = COMPUTE_COLUMNS[key]
    rows: list[Row] = []
    for step in d.steps if layers else ():
        formula = compute_formula(step.layer, key)
        label = f"{name} of {_name(step, d.model)}"
        if formula is None:
            unknown = unknown_types(step.layer, key) if step.layer.layers else [step.layer.type]
            rows.append(Row(label, [rf"\text{{{escape_text(unknown_count_text(unknown))}}}"]))
            continue
        if formula == 0:
            continue
        rows.append(_worked(label, formula, step, p, room, key))
    total = compute_formula(d.model, key)
    if total is None:
        why = unknown_count_text(unknown_types(d.model, key))
        return [*rows, Row(f"Total {name}", [rf"\text{{{escape_text(why)}}}"])]
    subs = d.steps[0].values if d.steps else None
    numbers = [value_at(compute_formula(step.layer, key), subs) for step in d.steps]
    numbers = [p.number(n) for n in numbers if n]
    stages = []
    if subs is not None and total.free_symbols:
        if 1 < len(numbers) <= TOTAL_TERMS:
            stages.append([numbers[0], *("+ " + n for n in numbers[1:])])
        stages.append([p.number(value_at(total, subs))])
    # the closed form, unless it has cases (wider than a line) or too many terms
    if stages and (total.has(sympy.Piecewise) or len(sympy.Add.make_args(total)) > TOTAL_TERMS):
        return [*rows, Row(f"Total {name}", [], stages)]  # after the =, as the total's
    return [*rows, Row(f"Total {name}", p.terms(total, width=room), stages)]


def _worked(label: str, formula, step: Step, p: FormulaPrinter, room: int, key: str) -> Row:
    r"""``label``'s row: ``formula`` (its numbers kept apart: ``H W \cdot 3 \cdot 3 \cdot 64
    \cdot 64``), the numbers in place (floors worked out), the value."""
    values = step.values
    value = value_at(formula, values)
    if formula.has(sympy.Piecewise) and value is not None:
        return Row(label, [p.number(value)])  # its cases are wider than a line
    worked = worked_numbers(step.layer, key) if not step.at_copy else None
    if worked is not None:
        row = Row(label, p.terms(worked[0], worked[1], width=room))
        if values is not None and formula.free_symbols:
            row.stages += [p.terms(e, v, width=room)
                           for e, v in numbers_in_place(worked[0], values, worked[1])]
    elif formula.is_Integer:
        return Row(label, [p.number(int(formula))])
    else:
        row = Row(label, p.terms(formula, width=room))
        for expr, vals in Step(step.layer, formula, None, None, values).stages()[1:]:
            row.stages.append(p.terms(expr, vals or None, width=room))
    # a working wider than a line (a block's sum of products of floors) is left out
    row.stages = [stage for stage in row.stages
                  if max(map(tex_width, stage), default=0) <= room * 3 // 2]
    if value is not None:
        row.stages.append([p.number(value)])
    return row


def _empty_row(labels: list[str]) -> Row:
    """Layers without parameters, side by side (after their indentation): one row, the
    middle of a long run elided."""
    indent, names = labels[0], labels[1:]
    if len(names) > EMPTY_NAMES:
        names = [*names[:2], rf"\dots\ ({len(names) - 3} more)", names[-1]]
    return Row(indent + ", ".join(names), ["0"])


def _row(step: Step, label: str, p: FormulaPrinter, room: int, expanded: bool = True,
         plan: BlockPlan | None = None) -> Row:
    """A layer's row; ``expanded``: its inner layers are shown (a block's count of numbers
    is then the sum of theirs)."""
    layer = step.layer
    formula = step.formula
    parts = [inner.params for inner in layer.layers if inner.params != 0]
    if (expanded and layer.repeat is None and formula.is_Integer and 1 < len(parts) <= 12
            and all(part.is_Integer for part in parts)):
        first, *rest = (p.number(int(part)) for part in parts)
        return Row(label, [first, *("+ " + part for part in rest)], [[p.number(int(formula))]])
    if layer.repeat is not None and layer.index is None and layer.layers:
        # L·(one copy), as a teacher writes a repetition, not the product multiplied out
        label += r" $\times$ " + f"${p.count(layer.repeat)}$"
        one = sympy.Add(*(count_of(inner, plan) if plan else inner.params
                          for inner in layer.layers))
        pieces = p.terms(one, width=room)
        whole = p.count(layer.repeat) + r" \cdot " + " ".join(pieces)
        if len(pieces) > 1 and tex_width(whole) + 4 <= room * 4 // 5:  # fits its column
            pieces = [" ".join(pieces)]  # one line: (b - 1)·(17f² + 30f)
        copy = (pieces if len(pieces) == 1 else [r"\Bigl(" + pieces[0], *pieces[1:-1],
                                                 pieces[-1] + r"\Bigr)"])
        if len(pieces) == 1 and isinstance(one, sympy.Add):
            copy = [rf"\left({pieces[0]}\right)"]
        first = p.count(layer.repeat) + r" \cdot "
        row = Row(label, [first + copy[0], *copy[1:]])
        if step.value is not None:
            subs = dict(step.values or {})
            numbers = (p.substituted(layer.repeat, subs) + r" \cdot "
                       + p.number(int(one.xreplace(
                           {k: sympy.Integer(v) for k, v in subs.items()}))))
            if numbers != row.formula[0]:
                row.stages.append([numbers])
            row.stages.append([p.number(step.value)])
        return row
    worked = worked_numbers(layer)
    if formula.is_Integer:
        if worked is None:
            return Row(label, [p.number(int(formula))])
        return Row(label, p.terms(worked[0], worked[1], width=room), [[p.number(int(formula))]])
    if worked is not None and not step.at_copy:  # classes·(2048 + 1): numbers kept apart
        row = Row(label, p.terms(worked[0], worked[1], width=room))
        if step.values is not None:
            row.stages += [p.terms(e, v, width=room)
                           for e, v in numbers_in_place(worked[0], step.values, worked[1])]
    else:
        row = Row(label, p.terms(formula, width=room))
        for expr, vals in step.stages()[1:]:
            row.stages.append(p.terms(expr, vals or None, width=room))
    if step.value is not None:
        row.stages.append([p.number(step.value)])
    return row


def _total(d: Derivation, p: FormulaPrinter, room: int, plan: BlockPlan) -> Row:
    """The per-layer terms in layer order, the closed form when it says more, then the
    numbers: all after the ``=``, where the line is widest."""
    counted = [step for step in d.steps if step.formula != 0]
    model = d.model
    terms = _terms([step.layer for step in counted], p, room, plan, own=False)
    row = Row("Total", [])
    if terms:
        row.stages.append(terms)
    # the closed form, when it is simpler than the sum of the layers' formulas
    simpler = sum(len(sympy.Add.make_args(step.formula)) for step in counted) != len(
        sympy.Add.make_args(model.params))
    if not row.stages or simpler:
        row.stages.append(p.terms(model.params, width=room))
    if d.evaluation is not None:
        numbers = [p.number(step.value) for step in counted if step.value]
        if 1 < len(numbers) <= TOTAL_TERMS:
            row.stages.append([numbers[0], *("+ " + n for n in numbers[1:])])
        row.stages.append([p.number(d.evaluation.params)])
    return row


def latex_derivation(model: Model, values: Mapping[str, int | None] | None = None,
                     breakable: bool = True, printer: FormulaPrinter | None = None,
                     width: int = LINE_WIDTH) -> str:
    r"""The derivation of ``model``'s counts as one ``alignat*{2}`` (needs ``amsmath``): a row
    per layer in model order (formula, numbers substituted, result; the working of a count
    of numbers; ``L·(…)`` for a repetition; a block's layers after it, to
    :func:`~symparams.render.display_depth`), then the total. ``breakable`` lets a page or a
    slide break between its rows (for a document; MathJax wants the formulas alone)."""
    rows = derivation_rows(model, values, printer, width)
    out = [f"% symparams: derivation of model {model.name}; needs \\usepackage{{amsmath}}"]
    if breakable:
        out.append(r"\begingroup\allowdisplaybreaks" + FLUSH_LEFT)
    out += [r"\begin{alignat*}{2}", " \\\\\n".join(align_rows(rows, width)),
            r"\end{alignat*}"]
    if breakable:
        out.append(r"\endgroup")
    return "\n".join(out) + "\n"
