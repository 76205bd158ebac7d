r"""A block derived once in its own parameters, in LaTeX: its heading, its closing row (its
layers' terms, then its closed form) and each use's row, the closed form with the use's
numbers (:mod:`symparams.report.block_derivation`).

>>> import symparams
>>> from symparams.report.block_derivation import block_plan
>>> m = symparams.parse('block Res(d)(x):\n    h = Dense(d)(x)\n    Add()(x, h)\n'
...                     'model m(n=8):\n    Input(shape=(n,))\n    Res(n)\n    Dense(4)\n'
...                     '    Res(4)\n')["m"]
>>> plan = block_plan(m)
>>> p = FormulaPrinter.for_model(m).with_symbols(plan_symbols(plan))
>>> heading(plan.kinds[0].form, p).label
'Res$(d)$ on an input $\\left(d,\\right)$'
>>> row = use_row(m.layers[2], plan.uses[id(m.layers[2])], p, {}, 28)
>>> row.label, row.formula, row.stages
('Res$(4)$', [], [['4^{2}', '+ 4'], ['20']])
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy import Expr

from ..engine.block_form import BlockForm, BlockUse
from ..engine.model import Layer
from ..report.block_derivation import (
    BlockPlan,
    at_values,
    call_arguments,
    closed_form,
    count_of,
    short_names,
    use_count,
)
from .latex_align import Row
from .latex_lines import tex_width
from .latex_printer import FormulaPrinter, escape_text

__all__ = ["plan_symbols", "legend", "heading", "closing", "use_row", "use_label", "count_of",
           "reason_text", "reason_lines"]


def plan_symbols(plan: BlockPlan, taken: set[str] = frozenset()) -> dict[sympy.Symbol, str | None]:
    """Every symbol of the kinds' forms with its LaTeX name: a parameter of a long name by
    its initial (:func:`~symparams.report.block_derivation.short_names`), else None (the
    default name)."""
    return {sym: (name if name != sym.name else None)
            for sym, name in short_names(plan, taken).items()}


def legend(form: BlockForm, names: Mapping[sympy.Symbol, str | None]) -> str:
    """``$f$: filters, $b$: blocks``: the parameters a derivation writes by an initial."""
    free = form.count.free_symbols
    return ", ".join(f"${names[s]}$: {escape_text(s.name)}" for s in form.params
                     if s in free and names.get(s))


def _signature(form: BlockForm, p: FormulaPrinter) -> str:
    free = form.count.free_symbols
    shown = [p.doprint(s) for s in form.params if s in free]
    return f"{escape_text(form.type)}$({', '.join(shown)})$"


def heading(form: BlockForm, p: FormulaPrinter, note: str = "") -> Row:
    """The row that opens a kind's derivation: ``Bottleneck(f) on an input (h, w, c)``,
    then ``note`` (the :func:`legend`) in brackets."""
    inputs = [(name, shape) for name, shape in form.inputs]
    if len(inputs) == 1:
        where = f" on an input ${p.shape(inputs[0][1])}$"
    else:
        where = " on inputs " + ", ".join(
            rf"$\mathtt{{{escape_text(name)}}} = {p.shape(shape)}$" for name, shape in inputs)
    return Row(_signature(form, p) + where + (f" ({note})" if note else ""), [])


def closing(form: BlockForm, terms: list[str], p: FormulaPrinter, room: int,
            count: int = 0) -> Row:
    """The row that closes a kind's derivation: its layers' terms in order (``terms``, when
    there are several; ``count`` of them in all), then its closed form when it has another
    number of terms."""
    closed = p.terms(closed_form(form), width=room)
    if not terms:
        return Row(_signature(form, p), closed)
    stages = [closed] if count != len(sympy.Add.make_args(closed_form(form))) else []
    if tex_width(" ".join(terms)) <= room:
        return Row(_signature(form, p), terms, stages)
    return Row(_signature(form, p), [], [terms, *stages])


def use_label(layer: Layer, use: BlockUse, p: FormulaPrinter,
              subs: Mapping[sympy.Symbol, int] | None) -> str:
    """``Bottleneck(128), c = 256``: the use's arguments and input sizes, at the model's
    values when it has them (else as formulas in its symbols)."""
    numbers = at_values(use, subs)

    def shown(sym: sympy.Symbol, value: Expr) -> str:
        number = sympy.Rational(numbers[sym]) if numbers is not None else value
        if number.is_Rational and not number.is_Integer:  # 1/2 in a label, not a stacked ½
            return f"{p.number(number.p)}/{p.number(number.q)}"
        return p.doprint(number)

    args = []
    for name, value, keyword in call_arguments(use):
        sym = next(s for s in use.form.params if s.name == name)
        text = shown(sym, value)
        args.append(f"{p.doprint(sym)} = {text}" if keyword else text)
    label = f"{escape_text(layer.type)}$({', '.join(args)})$"
    sizes = [s for s in use.form.shown if s not in use.form.params and use.values[s] != s]
    if sizes:
        label += ", $" + ", ".join(f"{p.doprint(s)} = {shown(s, use.values[s])}"
                                   for s in sizes) + "$"
    return label


def use_row(layer: Layer, use: BlockUse, p: FormulaPrinter,
            subs: Mapping[sympy.Symbol, int] | None, room: int, indent: str = "") -> Row:
    """A use's row: its form's closed form with the use's numbers in place, then its count
    (without the model's values: the closed form in the model's symbols)."""
    label = indent + use_label(layer, use, p, subs)
    numbers = at_values(use, subs)
    if numbers is None:
        return Row(label, p.terms(use_count(use), width=room))
    value = closed_form(use.form).xreplace({k: sympy.Rational(v) for k, v in numbers.items()})
    # the working after the "=", where the line is widest
    return Row(label, [], [p.terms(closed_form(use.form), numbers, width=room),
                           [p.number(int(value))]])


def reason_text(reason: str) -> str:
    r"""A reason (model-language text) in LaTeX text mode: ``!=`` as :math:`\neq`."""
    text = escape_text(reason)
    for op, tex in (("!=", r"\neq"), ("==", "="), ("<=", r"\leq"), (">=", r"\geq")):
        text = text.replace(f" {op} ", f" ${tex}$ ")
    return text


def reason_lines(reason: str, width: int) -> list[str]:
    r"""A reason in LaTeX text (:func:`reason_text`), in lines of at most ``width``
    characters, broken between words.

    >>> reason_lines("MBConv, worked out per use: its layers depend on whether e != 1", 30)
    ['MBConv, worked out per use:', 'its layers depend on whether', 'e $\\neq$ 1']
    """
    lines: list[str] = []
    for word in reason.replace(" != ", "\0!=\0").replace(" == ", "\0==\0").split():
        word = word.replace("\0", " ")
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return [reason_text(f" {line} ").strip() if " " in line else reason_text(line)
            for line in lines]
