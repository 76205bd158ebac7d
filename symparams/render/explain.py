r"""A derivation as text for a terminal (``symparams explain``): per layer its count worked
out as mathematics (:mod:`symparams.render.mathtext`), what the formula means and its output
shape, then the total; lines at most 100 characters.

>>> import symparams
>>> from symparams.report.derivation import derive
>>> doc = symparams.parse('''
... model rnn(V=10000, E=32, T=600, h=15):
...     Embedding(input_dim=V, output_dim=E, input_length=T)
...     SimpleRNN(h, return_sequences=True)
... ''')
>>> print(step_text(derive(doc["rnn"]).steps[0]))
E·V = 32·10,000 = 320,000
>>> print(step_text(derive(doc["rnn"]).steps[1]))
h·(E + h) + h = 15·(32 + 15) + 15 = 720
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import sympy
from sympy import Tuple

from ..engine.block_form import block_use
from ..report.block_derivation import (
    at_values,
    block_plan,
    count_of,
    form_steps,
    short_names,
    use_count,
)
from ..report.derivation import (
    Derivation,
    Step,
    nested_steps,
    numbers_in_place,
    worked_numbers,
)
from . import inputs_line
from .columns import (
    COMPUTE_COLUMNS,
    compute_formula,
    unknown_count_text,
    unknown_types,
    value_at,
)
from .conventions import DOT, TIMES, count_text, group_digits
from .escape import terminal_text
from .mathtext import math_text
from .text import SHAPE_BREAKS, WIDTH, WORD_BREAKS, wrap

__all__ = ["step_text", "explain_text"]


#: Where a gloss may break: after a ``;``, else after a space, outside brackets first.
_WORDS = ((re.compile(r"(?<=; )"), 0), (re.compile(r"(?<= )(?=\S)"), 0),
          (re.compile(r"(?<= )(?=\S)"), 1))


def _stage_texts(step: Step, key: str | None = None) -> list[str]:
    """The formula (its numbers kept apart: ``64·(1·1·64 + 1)``, as the LaTeX derivation
    shows it), the numbers in place of the symbols, the functions worked out, and the
    result (each once); ``key``: the step is of that compute count."""
    worked = worked_numbers(step.layer, key) if not step.at_copy else None
    if worked is not None:
        # the numbers among its arguments kept apart, as the LaTeX derivation shows them:
        # 64·(1·1·64 + 1) = 4,160, classes·(2048 + 1)
        expr, numbers = worked
        texts = [math_text(expr, numbers)]
        if step.values is not None and step.formula.free_symbols:
            texts += [math_text(e, v) for e, v in numbers_in_place(expr, step.values, numbers)]
        if step.value is None and step.formula.is_Integer:
            texts.append(group_digits(int(step.formula)))
    else:
        texts = [math_text(expr, values) for expr, values in step.stages()]
    if step.value is not None and (worked is not None or not step.formula.is_Integer):
        texts.append(group_digits(step.value))
    out: list[str] = []
    for text in texts:
        if not out or out[-1] != text:
            out.append(text)
    return out


def step_text(step: Step) -> str:
    """``formula = numbers = result``, as mathematics."""
    return " = ".join(_stage_texts(step))


def _equation(head: str, pieces: Sequence[str], indent: str, suffix: str = "") -> list[str]:
    """``head`` and ``pieces`` joined by `` = ``, a piece that does not fit on the line
    starting the next line (``indent`` and four spaces, then ``= ...``), the result never
    alone on its line when the piece before can join it; a piece wider than a line is
    broken at its operators. Lines of at most :data:`~symparams.render.text.WIDTH`
    characters."""
    start = f"{indent}    = "
    rows: list[list[str]] = [[pieces[0]]]
    for piece in pieces[1:]:
        row = rows[-1]
        used = len(head if len(rows) == 1 else start) + len(" = ".join(row))
        if used + 3 + len(piece) + (len(suffix) if piece is pieces[-1] else 0) <= WIDTH:
            row.append(piece)
        else:
            rows.append([piece])
    if len(rows) > 1 and len(rows[-1]) == 1 and len(rows[-2]) > 1 and \
            len(start) + len(rows[-2][-1]) + 3 + len(rows[-1][0]) + len(suffix) <= WIDTH:
        rows[-1].insert(0, rows[-2].pop())  # the result keeps the step before it company
    lines = [(head if number == 0 else start) + " = ".join(row) for number, row in enumerate(rows)]
    lines[-1] += suffix
    out = []
    for text in lines:
        out += wrap(text, WIDTH, indent + "        ") if len(text) > WIDTH else [text]
    return out


def _shape_text(shape) -> str:
    return math_text(Tuple(*shape))


def _count(repeat) -> str:
    """A repetition's count, bracketed when it is a sum: ``L``, ``(b − 1)``."""
    return f"({math_text(repeat)})" if repeat.is_Add else math_text(repeat)


def _kind(step: Step) -> str:
    """``Dense``; a repetition's count (``Repeat × L``); the copy a growing one shows."""
    layer = step.layer
    kind = layer.type
    if layer.repeat is not None:
        count = math_text(layer.repeat)
        kind += f" {TIMES} ({count})" if layer.repeat.is_Add else f" {TIMES} {count}"
    if step.at_copy is not None:  # a growing repetition's layer: the numbers of a copy
        kind += f", at {step.at_copy[0]} = {step.at_copy[1]}"
    return kind


def _gloss(layer, frozen: bool = True) -> str:
    """What the layer's formula means; a repetition's count in it as mathematics (the
    engine writes it as the model language does); that it is frozen, unless ``frozen`` is
    False (said of the block holding it)."""
    gloss = layer.derivation
    if layer.repeat is not None and not layer.repeat.is_Atom:
        gloss = gloss.replace(str(layer.repeat), math_text(layer.repeat), 1)
    if frozen and _frozen(layer):
        gloss += "; frozen (trainable=False): all of it non-trainable"
    return gloss


def _frozen(layer) -> bool:
    """Whether every weight of ``layer`` was frozen by ``trainable=False`` (on it, or on the
    block holding it)."""
    if layer.layers:
        weighted = [inner for inner in layer.layers if inner.params != 0]
        return bool(weighted) and all(_frozen(inner) for inner in weighted)
    return layer.args.get("trainable") is False and layer.params != 0


def _compute_lines(step: Step, keys: Sequence[str], indent: str) -> list[str]:
    """The compute counts ``keys`` of a step's layer, each worked out as its parameters are
    (``MACs: f·C·k²·... = 99·1·7²·... = 11,647,251``); unknown ones said so."""
    out = []
    for key in keys:
        formula = compute_formula(step.layer, key)
        head = f"{indent}    {COMPUTE_COLUMNS[key]}: "
        if formula is None:
            unknown = unknown_types(step.layer, key) if step.layer.layers else [step.layer.type]
            out.append(f"{head}unknown ({unknown_count_text(unknown)})")
            continue
        value = value_at(formula, step.values)
        worked = Step(step.layer, formula, value, None, step.values, step.at_copy)
        out += _equation(head, _stage_texts(worked, key), indent + "    ")
    return out


def explain_text(d: Derivation, depth: int | None = None,
                 compute: Sequence[str] = ()) -> str:
    """The derivation for a terminal: per layer its count worked out, what the formula means,
    and its output shape (a block's layers indented under it, ``depth`` levels of them at
    most), and the compute counts ``compute`` (keys of
    :data:`~symparams.render.columns.COMPUTE_COLUMNS`) worked out; then the totals and the
    trainable split."""
    model = d.model
    head = f'Model "{terminal_text(model.name)}"'
    if model.symbols:
        given = d.values or {k: v for k, v in model.values.items() if v is not None}
        head += " with " + ", ".join(
            f"{n}={given[n]}" if n in given else n for n in model.symbols
        )
    out = wrap(head, WIDTH, "    ", WORD_BREAKS)
    out += [inputs_line(model, d.evaluation, _shape_text, _shape_text), ""]
    plan = block_plan(model)
    rename = {sym: sympy.Symbol(name, **sym.assumptions0)
              for sym, name in short_names(plan, set(model.symbols)).items()}
    for kind in plan.kinds:
        out += _kind_lines(kind, plan, rename) + [""]
    hidden: int | None = None  # inside a use of a kind derived above: its level
    told: set[str] = set()  # block types whose reason is said
    frozen_at: int | None = None  # the level of a block said to be frozen
    for level, step in nested_steps(d, depth):
        layer = step.layer
        if hidden is not None and level > hidden:
            continue
        hidden = None
        indent = "    " * level  # a block's layers under it, one copy of a repeated body
        use = plan.uses.get(id(layer))
        if use is not None:
            out += _use_lines(layer, use, step, rename, indent)
            hidden = level
            continue
        start = f"{indent}{terminal_text(layer.name)} ({_kind(step)}): "
        if step.formula == 0:
            out.append(f"{start}0 parameters")
        else:
            out += _equation(start, _stage_texts(step), indent, " parameters")
        if frozen_at is not None and level <= frozen_at:
            frozen_at = None
        gloss = _gloss(layer, frozen_at is None)
        if frozen_at is None and layer.layers and _frozen(layer):
            frozen_at = level  # said once, of the outermost frozen block
        reason = plan.reasons.get(layer.type) if layer.layers and layer.repeat is None else None
        if reason and layer.type not in told:  # once: why it is worked out per use
            told.add(layer.type)
            gloss += f"; worked out per use: {math_text_reason(reason)}"
        out += wrap(f"{indent}    {gloss}", WIDTH, indent + "      ", _WORDS)
        shape = f"{indent}    output shape {_shape_text(layer.output_shape)}"
        if step.shape_value is not None and any(not s.is_Integer for s in layer.output_shape):
            shape += f" = {_shape_text(step.shape_value)}"
        out += wrap(shape, WIDTH, indent + "      ", breaks=SHAPE_BREAKS)
        out += _compute_lines(step, compute, indent)
    out.append("")
    out += _total(d, "Total params", model.params, d.evaluation.params if d.evaluation else None,
                  [s.value for s in d.steps])
    if d.evaluation is not None:
        ev = d.evaluation
        out.append(f"Trainable: {group_digits(ev.trainable)}; "
                   f"non-trainable: {group_digits(ev.non_trainable)}")
    else:
        out += wrap(f"Trainable: {math_text(model.trainable)}; "
                    f"non-trainable: {math_text(model.non_trainable)}", WIDTH, "    ")
    for key in compute:
        formula = compute_formula(model, key)
        label = f"Total {COMPUTE_COLUMNS[key]}"
        if formula is None:
            out.append(f"{label}: unknown ({unknown_count_text(unknown_types(model, key))})")
            continue
        subs = d.steps[0].values if d.steps else None
        terms = [value_at(f, subs) if f is not None else None
                 for f in (compute_formula(s.layer, key) for s in d.steps)]
        out += _total(d, label, formula, value_at(formula, subs), terms)
    return "\n".join(out) + "\n"


def math_text_reason(reason: str) -> str:
    """A reason (model-language text) with mathematics' operators: ``expansion ≠ 1``."""
    for python, maths in ((" != ", " ≠ "), (" == ", " = "), (" >= ", " ≥ "), (" <= ", " ≤ ")):
        reason = reason.replace(python, maths)
    return terminal_text(reason)


def _signature(form, rename: Mapping, values: Mapping | None = None) -> str:
    """``Bottleneck(f)``, or with ``values`` (symbol -> text) ``Bottleneck(128)``."""
    free = form.count.free_symbols
    args = [values[p] if values is not None else str(rename.get(p, p))
            for p in form.params if p in free]
    return f"{terminal_text(form.type)}({', '.join(args)})"


def _kind_lines(kind, plan, rename: Mapping) -> list[str]:
    """A kind of block derived once in its own parameters: a heading, its layers' counts
    (their numbers kept apart), then its count as their terms and its closed form."""
    form = kind.form
    free = form.count.free_symbols
    named = [f"{rename[p]} = {p}" for p in form.params
             if p in free and str(rename.get(p, p)) != str(p)]
    shapes = ", ".join(_shape_text(tuple(d.xreplace(rename) for d in shape))
                       for _, shape in form.inputs)
    head = (f"{_signature(form, rename)} on an input {shapes}"
            + (f", {', '.join(named)}" if named else "")
            + f": used {len(kind.uses)} times, derived once")
    out = wrap(head, WIDTH, "    ", WORD_BREAKS)
    terms = []
    for level, step in form_steps(form, plan):
        layer = step.layer
        indent = "    " * (level + 1)
        count = count_of(layer, plan)
        worked = worked_numbers(layer) if count is layer.params else None
        text = math_text(worked[0].xreplace(rename), worked[1]) if worked is not None \
            else math_text(count.xreplace(rename))
        if layer.repeat is not None and layer.index is None and count != 0:  # L·(one copy)
            one = sympy.Add(*(count_of(inner, plan) for inner in layer.layers))
            copies = math_text(layer.repeat.xreplace(rename))
            copies = f"({copies})" if layer.repeat.is_Add else copies
            text = f"{copies}{DOT}({math_text(one.xreplace(rename))})"
        name = f"Repeat {TIMES} {_count(layer.repeat.xreplace(rename))}" \
            if layer.repeat is not None else \
            layer.type if not (layer.layers and layer.repeat is None
                                  and layer.type in {k.form.type for k in plan.kinds}) \
            else _signature(block_use(layer).form, rename)
        out += _equation(f"{indent}{terminal_text(name)}: ", [text], indent)
        if level == 0 and count != 0:
            terms.append(f"({text})" if isinstance(count, sympy.Add) else text)
    closed = math_text(sympy.expand(form.count).xreplace(rename))
    pieces = [" + ".join(terms)] if len(terms) > 1 else []
    out += _equation(f"    {_signature(form, rename)} = ", [*pieces, closed], "    ")
    return out


def _use_lines(layer, use, step: Step, rename: Mapping, indent: str) -> list[str]:
    """A use of a kind derived above: its closed form with the use's numbers, its count,
    which values it takes, its output shape."""
    form = use.form
    closed = sympy.expand(form.count)
    numbers = at_values(use, step.values)
    if numbers is not None:
        shown = {p: math_text(sympy.Rational(numbers[p])) for p in numbers}
    else:
        shown = {p: math_text(use.values[p]) for p in form.count.free_symbols}
    sizes = [s for s in form.shown if s not in form.params and use.values[s] != s]
    call = _signature(form, rename, shown) + "".join(
        f", {rename.get(s, s)} = {shown[s]}" for s in sizes)
    start = f"{indent}{terminal_text(layer.name)} ({call}): "
    if numbers is not None:
        texts = [math_text(closed, numbers), group_digits(step.value)]
    else:
        texts = [math_text(use_count(use))]
    out = _equation(start, texts, indent, " parameters")
    out += wrap(f"{indent}    {_signature(form, rename)} above", WIDTH, indent + "      ", _WORDS)
    shape = f"{indent}    output shape {_shape_text(layer.output_shape)}"
    if step.shape_value is not None and any(not s.is_Integer for s in layer.output_shape):
        shape += f" = {_shape_text(step.shape_value)}"
    return out + wrap(shape, WIDTH, indent + "      ", breaks=SHAPE_BREAKS)


def _total(d: Derivation, label: str, formula, value: int | None,
           terms: Sequence[int | None]) -> list[str]:
    """``Total ...: formula``, then ``= term + term + ... = value`` with the layers' terms
    in layer order (those that are not 0)."""
    out = _equation(f"{label}: ", [math_text(formula)], "")
    if value is not None and not formula.is_Integer:
        shown = [count_text(t) for t in terms if t != 0]
        sums = " + ".join(shown) + " = " if len(shown) > 1 else ""
        out += wrap(f"    = {sums}{group_digits(value)}", WIDTH, "      ")
    return out
