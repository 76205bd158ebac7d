"""Step-by-step derivations of parameter counts, as data: per layer the formula, the formula
with the numbers in place of the symbols, and the result ("Embedding: 10000 x 32 = 320000").

:func:`derive` gathers the steps; renderers print them: ``symparams explain`` as text
(:func:`symparams.render.explain.explain_text`) and ``symparams latex --derivation`` as
LaTeX (:func:`symparams.render.latex.latex_derivation`).

>>> import symparams
>>> doc = symparams.parse('''
... model rnn(V=10000, E=32, T=600, h=15):
...     Embedding(input_dim=V, output_dim=E, input_length=T)
...     SimpleRNN(h, return_sequences=True)
... ''')
>>> d = derive(doc["rnn"])
>>> [(s.layer.name, s.value) for s in d.steps]
[('embedding', 320000), ('simple_rnn', 720)]
>>> [str(expr) for expr, values in d.steps[1].stages()]
['h*(E + h) + h', 'h*(E + h) + h']
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy import Expr

from ..engine.binding import to_sympy
from ..engine.model import Evaluation, Layer, Model
from ..engine.rich_display import RichDisplay, rich_text
from ..layers.registry import Args
from ..record import Record, record

__all__ = [
    "Step", "Derivation", "derive", "nested_steps", "worked_functions", "worked_constant",
    "worked_numbers", "numbers_in_place", "tied_to",
]


@record
class Step(Record):
    """One layer's count: its formula, and its value and output shape when numbers are known."""

    layer: Layer
    formula: Expr
    value: int | None
    shape_value: tuple[int, ...] | None
    values: Mapping[sympy.Symbol, int] | None
    #: In a growing repetition (``repeat n as h, i``), its index and the copy whose numbers
    #: are shown (the first, i = 0): ``values`` holds it too, so no row says ``... i = 256``.
    at_copy: tuple[sympy.Symbol, int] | None = None

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


def worked_functions(
    expr: Expr, values: Mapping[sympy.Symbol, int]
) -> tuple[Expr, dict[sympy.Symbol, int]] | None:
    """``expr`` with each function application (``floor(...)``) replaced by a placeholder
    symbol whose value is the application's value at ``values``; None if there is none.

    >>> H, k, n = sympy.symbols("H k n", integer=True, positive=True)
    >>> expr, vals = worked_functions(n * sympy.floor((H - k + 1) / 2), {H: 55, k: 7, n: 3})
    >>> sorted(vals.values())
    [3, 7, 24, 55]
    >>> expr.free_symbols == {n, *(s for s in vals if str(s).startswith("~"))}
    True
    """
    found: dict[sympy.Symbol, int] = dict(values)
    count = 0

    def hide(e: Expr) -> Expr:
        nonlocal count
        if e.is_Function:
            count += 1
            # '~' sorts after letters: placeholders keep their place after the symbols, and
            # '~x' after worked_numbers' '~w': floors after the layer's numbers.
            placeholder = sympy.Symbol(f"~x{count:03d}", integer=True, positive=True)
            found[placeholder] = int(e.xreplace({k: sympy.Rational(v) for k, v in values.items()}))
            return placeholder
        if not e.args:
            return e
        return e.func(*(hide(arg) for arg in e.args))

    hidden = hide(expr)
    return (hidden, found) if count else None


def worked_constant(layer: Layer) -> tuple[Expr, dict[sympy.Symbol, int]] | None:
    r"""The working of a count that is a number (a layer in a block called with numbers): the
    layer type's formula with a placeholder for each number among its arguments and its
    input's sizes, and the placeholders' values, so that it prints ``64·(1·1·64 + 1)``, not
    just 4,160; None for a count of symbols, of 0, a block or a tied layer, or when the
    formula with its numbers is not the count (the working is checked, never trusted).

    >>> import symparams
    >>> m = symparams.parse('model m():\n    Input(shape=(8, 8, 64))\n'
    ...                     '    Conv2D(64, 1)\n')["m"]
    >>> expr, vals = worked_constant(m.layers[0])
    >>> sorted(vals.values()), expr.xreplace(vals)
    ([1, 1, 64, 64], 4160)
    """
    if not layer.params.is_Integer:
        return None
    return worked_numbers(layer)


def worked_numbers(layer: Layer, key: str | None = None
                   ) -> tuple[Expr, dict[sympy.Symbol, int]] | None:
    r"""Like :func:`worked_constant` for any count: the numbers among a layer's arguments and
    input sizes kept apart from its formula (``classes·(2048 + 1)``, not ``2049·classes``);
    None when there are none, the count is 0, or the layer is a block or tied. ``key``: a
    compute count instead (``macs``, ``flops``, ``xla``, ``fvcore`` or ``activations``),
    its output's sizes kept apart too (``H·W·3·3·64·64``, not ``36864·H·W``).

    >>> import symparams
    >>> m = symparams.parse('model m(H=8):\n    Input(shape=(H, H, 3))\n'
    ...                     '    Conv2D(4, 3, padding="same")\n')["m"]
    >>> expr, vals = worked_numbers(m.layers[0], "macs")
    >>> sorted(vals.values()), expr.xreplace(vals) == m.layers[0].count("macs")
    ([3, 3, 3, 4], True)
    """
    if key is None:
        count = layer.params
    else:
        count = layer.activations if key == "activations" else layer.count(key)
    if count is None or layer.layers or count == 0 or tied_to(layer) is not None:
        return None
    found: dict[sympy.Symbol, int] = {}

    def hide(value, inside: bool = False):
        if isinstance(value, tuple):
            return tuple(hide(item, True) for item in value)
        if isinstance(value, bool) or not isinstance(value, (int, sympy.Integer)):
            return value
        # 1 as a scalar is a flag (groups=1), 1 in a tuple a size (a 1 x 1 kernel)
        if value < 1 or (value == 1 and not inside):
            return value
        # '~w' + a number: placeholders sort in the order of the arguments, then the input
        placeholder = sympy.Symbol(f"~w{len(found):03d}", integer=True, positive=True)
        found[placeholder] = int(value)
        return placeholder

    args = Args({k: hide(v) for k, v in layer.args.items()}, layer.args.given, layer.args.nodes)
    x = hide(tuple(layer.input_shape), True)
    kinds = layer.layer_type
    try:
        if key is None:
            expr = to_sympy(kinds.trainable(args, x)) + to_sympy(kinds.non_trainable(args, x))
        else:
            y = hide(tuple(layer.output_shape), True)
            expr = (sympy.Mul(*y) if key == "activations"
                    else to_sympy(kinds.cost(args, x, y).count(key)))
        worked = expr.xreplace({k: sympy.Integer(v) for k, v in found.items()})
    except Exception:  # noqa: BLE001 - a rule that branches on a number: no working shown
        return None
    if not isinstance(expr, Expr) or sympy.expand(worked - count) != 0:
        return None
    if not expr.free_symbols & set(found) or (expr.is_Symbol and count.is_Integer):
        return None  # "64 = 64" says nothing
    return expr, {k: v for k, v in found.items() if k in expr.free_symbols}


def numbers_in_place(expr: Expr, values: Mapping[sympy.Symbol, int],
                     numbers: Mapping[sympy.Symbol, int]) -> list[tuple[Expr, dict]]:
    """The stages after a :func:`worked_numbers` formula: with the symbols' ``values`` in
    place too, then its floors and the like worked out (if it has any).

    >>> h = sympy.Symbol("h", integer=True, positive=True)
    >>> w = sympy.Symbol("~w000", integer=True, positive=True)
    >>> [e.xreplace(v) for e, v in numbers_in_place(w * sympy.floor(h / 2), {h: 9}, {w: 3})]
    [12, 12]
    """
    both = {**values, **numbers}
    worked = worked_functions(expr, both)
    return [(expr, both), *([worked] if worked is not None else [])]


def tied_to(layer: Layer) -> str | None:
    """The layer whose weights ``layer`` uses (``Dense(..., tied_to="token_embedding")``)."""
    text = layer.derivation or ""
    if text.startswith("tied to "):
        return text[len("tied to "):].split(" (")[0]
    return None


@record
class Derivation(RichDisplay, Record):
    """A model's steps; ``evaluation`` is None unless every symbol has a value. In Jupyter it
    shows as the LaTeX derivation (see :mod:`symparams.notebook`)."""

    model: Model
    values: dict[str, int] | None
    steps: tuple[Step, ...]
    evaluation: Evaluation | None

    @property
    def total(self) -> int | None:
        return self.evaluation.params if self.evaluation is not None else None

    # IPython's pretty printer takes the dataclass's __repr__ before a base class's hook.
    _repr_pretty_ = RichDisplay._repr_pretty_

    def __str__(self) -> str:
        """The derivation as ``symparams explain`` prints it."""
        text = rich_text(self)
        return text if text is not None else repr(self)


def derive(model: Model, values: Mapping[str, int | None] | None = None) -> Derivation:
    """The derivation of every layer's count at the header's values, overridden by
    ``values`` (a ``None`` value removes one)."""
    values = {**model.values, **(values or {})}
    known = {k: v for k, v in values.items() if v is not None and k in model.symbols}
    evaluation = model.evaluate(known) if len(known) == len(model.symbols) else None
    subs = None
    if evaluation is not None:
        subs = {model.symbols[k]: v for k, v in evaluation.values.items()}
    if evaluation is None:  # some symbol has no value: each layer that needs only the others
        return Derivation(model, None, tuple(_partial_steps(model, known)), None)
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


def _partial_steps(model: Model, given: Mapping[str, int]) -> list[Step]:
    """The top-level steps when some symbol has no value: a layer whose count and shape need
    only symbols with values gets its numbers (as a summary shows them), the others none."""
    from ..engine.known_values import Known, known, value_of

    checked = known(model, given)  # validated; a symbol whose value was removed stays out
    values = Known((k, v) for k, v in checked.items() if k in given)
    subs = {model.symbols[k]: v for k, v in values.items()}
    steps = []
    for layer in model.layers:
        value = value_of(model, layer.params, values)
        shape = tuple(value_of(model, d, values) for d in layer.output_shape)
        steps.append(Step(layer, layer.params, value,
                          None if None in shape else shape, subs if value is not None else None))
    return steps


def nested_steps(d: Derivation, depth: int | None = None) -> list[tuple[int, Step]]:
    r"""Every step with its depth: a block's inner layers (one copy of a repeated body) right
    after it, one deeper, as the reports list them; ``depth`` levels of them at most. In a
    growing repetition the numbers are those of its first copy, its index set to 0 in the
    step's values and named in ``at_copy``.

    >>> import symparams
    >>> m = symparams.parse('block B(d)(x):\n    Dense(d)(x)\n'
    ...                     'model m(d=4):\n    Input(shape=(d,))\n    B(d)\n')["m"]
    >>> [(depth, step.layer.name, step.value) for depth, step in nested_steps(derive(m))]
    [(0, 'b', 20), (1, 'dense', 20)]
    >>> g = symparams.parse('model g(d=4, n=3):\n    Input(shape=(d,))\n'
    ...                     '    repeat n as h, i:\n        y = Dense(2)(h)\n'
    ...                     '        Concatenate()(h, y)\n')["g"]
    >>> [(s.layer.name, s.value, s.at_copy) for _, s in nested_steps(derive(g))][1]
    ('dense', 10, (i, 0))
    """
    out: list[tuple[int, Step]] = []

    def visit(step: Step, lv, level: int) -> None:
        out.append((level, step))
        if depth is not None and level >= depth:
            return
        subs, at_copy = step.values, step.at_copy
        index = step.layer.index
        if index is not None and subs is not None:
            subs, at_copy = {**subs, index: 0}, (index, 0)
        inner = lv.layers if lv is not None else (None,) * len(step.layer.layers)
        for layer, values in zip(step.layer.layers, inner, strict=True):
            visit(Step(layer, layer.params, values.params if values else None,
                       values.output_shape if values else None, subs, at_copy), values,
                  level + 1)

    layers = d.evaluation.layers if d.evaluation is not None else (None,) * len(d.steps)
    for step, lv in zip(d.steps, layers, strict=True):
        visit(step, lv, 0)
    return out
