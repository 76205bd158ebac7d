"""Step-by-step derivations of parameter counts, as a teacher writes them: the formula, then
the numbers in place of the symbols, then the result ("Embedding: 10000 x 32 = 320000").

:func:`derive` gathers the steps; ``symparams explain`` prints them as text
(:func:`explain_text`) and ``symparams latex --derivation`` as LaTeX
(:func:`symparams.render.latex.latex_derivation`).

>>> import symparams
>>> doc = symparams.parse('''
... model rnn(V=10000, E=32, T=600, h=15):
...     Embedding(input_dim=V, output_dim=E, input_length=T)
...     SimpleRNN(h, return_sequences=True)
... ''')
>>> d = derive(doc["rnn"])
>>> [(s.layer.name, s.value) for s in d.steps]
[('embedding', 320000), ('simple_rnn', 720)]
>>> print(d.steps[1].text_line())
h*(E + h) + h = 15*(32 + 15) + 15 = 720
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy
from sympy import Expr, Integer, Tuple
from sympy.printing.str import StrPrinter

from .model import Evaluation, Layer, Model

__all__ = [
    "Step", "Derivation", "derive", "nested_steps", "TextPrinter", "explain_text", "displayed",
]


def displayed(expr):
    """``expr`` in the display form chosen with :func:`symparams.render.display_form`
    (``--form``); tuples (shapes) entry by entry."""
    from .forms import display
    from .render import _FORM

    form = _FORM.get()
    if isinstance(expr, (tuple, Tuple)):
        return Tuple(*(displayed(item) for item in expr))
    return display(expr, form) if isinstance(expr, Expr) else expr


class TextPrinter(StrPrinter):
    """SymPy's ``str`` printer that can print numbers in place of symbols (``values``) and
    prints ``floor`` of a sum over a common denominator as ``floor((H - k + 1)/2)``.

    >>> H, k = sympy.symbols("H k", integer=True, positive=True)
    >>> e = sympy.floor((H - k + 1) / 2)
    >>> TextPrinter().doprint(e), TextPrinter({"values": {H: 55, k: 7}}).doprint(e)
    ('floor((H - k + 1)/2)', 'floor((55 - 7 + 1)/2)')
    """

    _default_settings = {**StrPrinter._default_settings, "values": None}

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
        return self._rounding(expr, "ceiling")

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


@dataclass(frozen=True)
class Step:
    """One layer's count: its formula, and its value and output shape when numbers are known."""

    layer: Layer
    formula: Expr
    value: int | None
    shape_value: tuple[int, ...] | None
    values: Mapping[sympy.Symbol, int] | None

    def stages(self) -> list[tuple[Expr, Mapping[sympy.Symbol, int] | None]]:
        """What to print, in order, before the result: the formula (no values); the formula
        with every symbol's value; and, if it has ``floor`` s and the like, the formula with
        those worked out (``3*(99*24*24 + 1)``). Stages that say nothing new are dropped."""
        out: list[tuple[Expr, Mapping[sympy.Symbol, int] | None]] = [(self.formula, None)]
        if self.values is not None and self.formula.free_symbols:
            out.append((self.formula, self.values))
            worked = worked_functions(self.formula, self.values)
            if worked is not None:
                out.append(worked)
        return out

    def text_line(self) -> str:
        """``formula = numbers = result``."""
        texts = [TextPrinter({"values": values}).doprint(expr) for expr, values in self.stages()]
        if self.value is not None and not self.formula.is_Integer:
            texts.append(str(self.value))
        return " = ".join(texts)


def worked_functions(
    expr: Expr, values: Mapping[sympy.Symbol, int]
) -> tuple[Expr, dict[sympy.Symbol, int]] | None:
    """``expr`` with each function application (``floor(...)``) replaced by a placeholder
    symbol whose value is the application's value at ``values``; None if there is none.

    >>> H, k, n = sympy.symbols("H k n", integer=True, positive=True)
    >>> expr, vals = worked_functions(n * sympy.floor((H - k + 1) / 2), {H: 55, k: 7, n: 3})
    >>> TextPrinter({"values": vals}).doprint(expr)
    '3*24'
    """
    found: dict[sympy.Symbol, int] = dict(values)
    count = 0

    def hide(e: Expr) -> Expr:
        nonlocal count
        if e.is_Function:
            count += 1
            # '~' sorts after letters: placeholders keep their place after the symbols.
            placeholder = sympy.Symbol(f"~{count}", integer=True, positive=True)
            found[placeholder] = int(e.xreplace({k: Integer(v) for k, v in values.items()}))
            return placeholder
        if not e.args:
            return e
        return e.func(*(hide(arg) for arg in e.args))

    hidden = hide(expr)
    return (hidden, found) if count else None


@dataclass(frozen=True)
class Derivation:
    """A model's steps; ``evaluation`` is None unless every symbol has a value."""

    model: Model
    values: dict[str, int] | None
    steps: tuple[Step, ...]
    evaluation: Evaluation | None

    @property
    def total(self) -> int | None:
        return self.evaluation.params if self.evaluation is not None else None

    def _repr_latex_(self) -> str:
        from .render.latex import latex_derivation

        body = latex_derivation(self.model, self.values or self.model.values)
        # Jupyter's MathJax wants display maths, not comments.
        return "\n".join(line for line in body.splitlines() if not line.startswith("%"))

    def __str__(self) -> str:
        return explain_text(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(explain_text(self).rstrip("\n"))


def derive(model: Model, values: Mapping[str, int | None] | None = None) -> Derivation:
    """The derivation of every layer's count at the header's values, overridden by
    ``values`` (a ``None`` value removes one)."""
    values = {**model.values, **(values or {})}
    known = {k: v for k, v in values.items() if v is not None and k in model.symbols}
    evaluation = model.evaluate(known) if len(known) == len(model.symbols) else None
    subs = None
    if evaluation is not None:
        subs = {model.symbols[k]: v for k, v in evaluation.values.items()}
    steps = []
    for index, layer in enumerate(model.layers):
        lv = evaluation.layers[index] if evaluation is not None else None
        steps.append(
            Step(
                layer,
                layer.params,
                lv.params if lv else None,
                lv.output_shape if lv else None,
                subs,
            )
        )
    return Derivation(
        model,
        dict(evaluation.values) if evaluation is not None else None,
        tuple(steps),
        evaluation,
    )


def nested_steps(d: Derivation, depth: int | None = None) -> list[tuple[int, Step]]:
    r"""Every step with its depth: a block's inner layers (one copy of a repeated body) right
    after it, one deeper, as the reports list them; ``depth`` levels of them at most.

    >>> import symparams
    >>> m = symparams.parse('block B(d)(x):\n    Dense(d)(x)\n'
    ...                     'model m(d=4):\n    Input(shape=(d,))\n    B(d)\n')["m"]
    >>> [(depth, step.layer.name, step.value) for depth, step in nested_steps(derive(m))]
    [(0, 'b', 20), (1, 'dense', 20)]
    """
    subs = d.steps[0].values if d.steps else None
    out: list[tuple[int, Step]] = []

    def visit(step: Step, lv, level: int) -> None:
        out.append((level, step))
        if depth is not None and level >= depth:
            return
        inner = lv.layers if lv is not None else (None,) * len(step.layer.layers)
        for layer, values in zip(step.layer.layers, inner, strict=True):
            visit(Step(layer, layer.params, values.params if values else None,
                       values.output_shape if values else None, subs), values, level + 1)

    layers = d.evaluation.layers if d.evaluation is not None else (None,) * len(d.steps)
    for step, lv in zip(d.steps, layers, strict=True):
        visit(step, lv, 0)
    return out


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
    from .render import inputs_line

    out += [inputs_line(model, d.evaluation, _shape_text, _shape_text), ""]
    for level, step in nested_steps(d, depth):
        layer = step.layer
        indent = "    " * level  # a block's layers under it, one copy of a repeated body
        kind = layer.type
        if layer.repeat is not None:
            count = printer.doprint(layer.repeat)
            kind += f" × ({count})" if layer.repeat.is_Add else f" × {count}"
        out.append(f"{indent}{layer.name} ({kind}): {step.text_line()} parameters"
                   if step.formula != 0 else f"{indent}{layer.name} ({kind}): 0 parameters")
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
