"""A derivation as text for a terminal (``symparams explain``): per layer its count worked
out, what the formula means and its output shape, then the total.

>>> import symparams
>>> from symparams.report.derivation import derive
>>> doc = symparams.parse('''
... model rnn(V=10000, E=32, T=600, h=15):
...     Embedding(input_dim=V, output_dim=E, input_length=T)
...     SimpleRNN(h, return_sequences=True)
... ''')
>>> print(step_text(derive(doc["rnn"]).steps[1]))
h*(E + h) + h = 15*(32 + 15) + 15 = 720
"""

from __future__ import annotations

import sympy
from sympy import Tuple

from ..report.derivation import Derivation, Step, nested_steps
from ..symbolic.forms import ReadablePrinter, displayed
from . import inputs_line
from .escape import terminal_text

__all__ = ["TextPrinter", "step_text", "explain_text"]


class TextPrinter(ReadablePrinter):
    """SymPy's ``str`` printer that can print numbers in place of symbols (``values``) and
    prints ``floor`` of a sum over a common denominator as ``floor((H - k + 1)/2)``.

    >>> H, k = sympy.symbols("H k", integer=True, positive=True)
    >>> e = sympy.floor((H - k + 1) / 2)
    >>> TextPrinter().doprint(e), TextPrinter({"values": {H: 55, k: 7}}).doprint(e)
    ('floor((H - k + 1)/2)', 'floor((55 - 7 + 1)/2)')
    """

    _default_settings = {**ReadablePrinter._default_settings, "values": None}

    def doprint(self, expr) -> str:
        """``expr`` in the current display form (``--form``), printed."""
        return super().doprint(displayed(expr))

    def _print_Symbol(self, expr):
        values = self._settings.get("values")
        if values and expr in values:
            return str(values[expr])
        return super()._print_Symbol(expr)

    def _print_floor(self, expr):
        return self._rounding(expr, "floor")

    def _print_ceiling(self, expr):
        return self._rounding(expr, "ceil")

    def _rounding(self, expr, name: str) -> str:
        numerator, denominator = sympy.fraction(sympy.together(expr.args[0].doit()))
        if denominator == 1:
            return f"{name}({self._print(expr.args[0])})"
        top = self._print(numerator)
        if not (numerator.is_Atom or numerator.is_Pow or numerator.is_Function):
            top = f"({top})"
        bottom = self._print(denominator)
        if not denominator.is_Atom:
            bottom = f"({bottom})"
        return f"{name}({top}/{bottom})"

    def _print_Tuple(self, expr):
        inner = ", ".join(self._print(item) for item in expr)
        return f"({inner},)" if len(expr) == 1 else f"({inner})"

def step_text(step: Step) -> str:
    """``formula = numbers = result``."""
    texts = [TextPrinter({"values": values}).doprint(expr) for expr, values in step.stages()]
    if step.value is not None and not step.formula.is_Integer:
        texts.append(str(step.value))
    return " = ".join(texts)


def _shape_text(shape) -> str:
    return TextPrinter().doprint(Tuple(*shape))


def explain_text(d: Derivation, depth: int | None = None) -> str:
    """The derivation for a terminal: per layer its count worked out, what the formula means,
    and its output shape (a block's layers indented under it, ``depth`` levels of them at
    most); then the total and the trainable split."""
    model = d.model
    printer = TextPrinter()
    head = f'Model "{model.name}"'
    if model.symbols:
        given = d.values or {k: v for k, v in model.values.items() if v is not None}
        head += " with " + ", ".join(
            f"{n}={given[n]}" if n in given else n for n in model.symbols
        )
    out = [head]
    out += [inputs_line(model, d.evaluation, _shape_text, _shape_text), ""]
    for level, step in nested_steps(d, depth):
        layer = step.layer
        indent = "    " * level  # a block's layers under it, one copy of a repeated body
        kind = layer.type
        if layer.repeat is not None:
            count = printer.doprint(layer.repeat)
            kind += f" × ({count})" if layer.repeat.is_Add else f" × {count}"
        if step.at_copy is not None:  # a growing repetition's layer: the numbers of a copy
            kind += f", at {step.at_copy[0]} = {step.at_copy[1]}"
        name = terminal_text(layer.name)
        out.append(f"{indent}{name} ({kind}): {step_text(step)} parameters"
                   if step.formula != 0 else f"{indent}{name} ({kind}): 0 parameters")
        out.append(f"{indent}    {layer.derivation}")
        shape = f"{indent}    output shape {_shape_text(layer.output_shape)}"
        if step.shape_value is not None and any(not s.is_Integer for s in layer.output_shape):
            shape += f" = {_shape_text(step.shape_value)}"
        out.append(shape)
    out.append("")
    out.append(f"Total params: {printer.doprint(model.params)}")
    if d.evaluation is not None:
        ev = d.evaluation
        terms = [str(s.value) for s in d.steps if s.value]
        if not model.params.is_Integer:
            sums = " + ".join(terms) + " = " if len(terms) > 1 else ""
            out.append(f"    = {sums}{ev.params}")
        out.append(f"Trainable: {ev.trainable}, non-trainable: {ev.non_trainable}")
    else:
        out.append(f"Trainable: {printer.doprint(model.trainable)}, "
                   f"non-trainable: {printer.doprint(model.non_trainable)}")
    return "\n".join(out) + "\n"
