r"""Which blocks a derivation works out once in their own parameters, and in what order.

A kind of block used more than once in a model (``Bottleneck`` in each ResNet stage) is
derived once, its count in its own parameters (:mod:`symparams.engine.block_form`), and each
use then instantiates it: ``Bottleneck(128)`` at ``c = 256``. A block used once keeps its
working in place; a kind whose layers depend on its parameters through a condition keeps
it too, with the reason.

>>> import symparams
>>> m = symparams.parse("block Pair(u)(x):\n    Dense(u)(x)\n    Dense(2*u)\n"
...                     "model m(n=8):\n    Input(shape=(n,))\n    Pair(n)\n    Pair(3)\n")["m"]
>>> plan = block_plan(m)
>>> [(kind.form.type, len(kind.uses)) for kind in plan.kinds]
[('Pair', 2)]
>>> [(name, str(value)) for name, value, keyword in call_arguments(plan.uses[id(m.layers[1])])]
[('u', '3')]
>>> [(step.layer.type, str(step.formula)) for _, step in form_steps(plan.kinds[0].form)]
[('Dense', 'u*(c + 1)'), ('Dense', '2*u*(u + 1)')]
>>> str(use_count(plan.uses[id(m.layers[1])]))
'6*n + 27'
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy import Expr

from ..engine.block_form import BlockForm, BlockUse, block_use
from ..engine.model import Layer, Model
from ..record import Record, record
from ..symbolic.integers import NONE_DIM, substitute
from .derivation import Step

__all__ = ["BlockKind", "BlockPlan", "block_plan", "form_steps", "call_arguments", "closed_form",
           "use_count", "at_values", "short_names", "count_of"]


@record
class BlockKind(Record):
    """A kind of block derived once: its form and its uses in the model, in model order."""

    form: BlockForm
    uses: tuple[Layer, ...]


@record
class BlockPlan(Record):
    """The kinds to derive, each after the kinds its own layers use; each use of one by its
    row's id; and, per block type left as it is, why (one phrase)."""

    kinds: tuple[BlockKind, ...]
    uses: Mapping[int, BlockUse]
    reasons: Mapping[str, str]


def block_plan(model: Model) -> BlockPlan:
    """The blocks of ``model`` to derive in their own parameters (see the module)."""
    found: dict[str, list[tuple[Layer, BlockUse | str | None]]] = {}
    order: list[str] = []

    def visit(layer: Layer) -> None:
        for inner in layer.layers:
            visit(inner)
        if layer.layers and layer.repeat is None and layer.general is not None:
            if layer.type not in found:
                found[layer.type] = []
                order.append(layer.type)
            found[layer.type].append((layer, block_use(layer)))

    for top in model.layers:
        visit(top)
    kinds: list[BlockKind] = []
    uses: dict[int, BlockUse] = {}
    reasons: dict[str, str] = {}
    for kind in order:
        pairs = found[kind]
        if len(pairs) < 2:
            continue
        why = next((use for _, use in pairs if isinstance(use, str)), None)
        # calls that pass different arguments (a stride given or left to its default) are
        # one kind when their counts are the same formula in the same symbols
        forms = {(use.form.count, tuple(map(str, use.form.shown)), use.form.inputs)
                 for _, use in pairs if isinstance(use, BlockUse)}
        if why is not None:
            reasons[kind] = why
        elif len(forms) == 1 and all(isinstance(use, BlockUse) for _, use in pairs):
            kinds.append(BlockKind(pairs[0][1].form, tuple(layer for layer, _ in pairs)))
            uses.update((id(layer), use) for layer, use in pairs)
    # first uses are visited inside out: a kind comes after the kinds inside it
    return BlockPlan(tuple(kinds), uses, reasons)


def form_steps(form: BlockForm, plan: BlockPlan | None = None) -> list[tuple[int, Step]]:
    """The rows of a kind's derivation: its layers, one level deeper for each block inside
    that is not itself a kind of ``plan`` (a use of one is a row of its own)."""
    out: list[tuple[int, Step]] = []
    derived = {kind.form.type for kind in plan.kinds} if plan is not None else set()

    def visit(layer: Layer, level: int) -> None:
        out.append((level, Step(layer, layer.params, None, None, None)))
        if layer.type in derived and layer.repeat is None:
            return
        for inner in layer.layers:
            visit(inner, level + 1)

    for layer in form.layer.layers:
        visit(layer, 0)
    return out


def call_arguments(use: BlockUse) -> list[tuple[str, Expr, bool]]:
    """The arguments a use gives its form's parameters that its count has, as (name,
    value, written as a keyword): positional until one is left out."""
    form = use.form
    free = form.count.free_symbols
    out: list[tuple[str, Expr, bool]] = []
    keyword = False
    for param in form.params:
        if param not in free:
            keyword = True
            continue
        out.append((str(param), use.values[param], keyword))
    return out


def closed_form(form: BlockForm) -> Expr:
    """A kind's count as one polynomial in its symbols (expanded)."""
    return sympy.expand(form.count)


def use_count(use: BlockUse) -> Expr:
    """A use's count from its form: the closed form with the use's values."""
    return substitute(closed_form(use.form), dict(use.values))


def at_values(use: BlockUse, subs: Mapping[sympy.Symbol, int] | None
              ) -> dict[sympy.Symbol, int] | None:
    """The values of the form's symbols at the model's values ``subs`` (None without)."""
    if subs is None:
        return None
    exact = {k: sympy.Integer(v) for k, v in subs.items()}
    out: dict[sympy.Symbol, int] = {}
    for sym in use.form.count.free_symbols:
        value = use.values[sym]
        value = value.xreplace(exact) if isinstance(value, Expr) else sympy.Rational(value)
        if not value.is_Rational:
            return None
        out[sym] = value
    return out


def short_names(plan: BlockPlan, taken: set[str] = frozenset()) -> dict[sympy.Symbol, str]:
    """Every symbol of the kinds' forms (parameters, then input sizes) with the name a
    derivation writes: a parameter of a long name by its initial, as a teacher writes ``f``
    for ``filters``, when no other symbol of the forms or of ``taken`` (the model's symbol
    names) has that name or initial; else its own name."""
    symbols: list[sympy.Symbol] = []
    for kind in plan.kinds:
        for sym in (*kind.form.params, *(d for _, shape in kind.form.inputs for d in shape
                                         if isinstance(d, sympy.Symbol))):
            if sym not in symbols and sym != NONE_DIM:
                symbols.append(sym)
    used = set(taken) | {s.name for s in symbols}
    initials = [s.name[0] for s in symbols if len(s.name) > 1]
    out: dict[sympy.Symbol, str] = {}
    for sym in symbols:
        initial = sym.name[0]
        if (len(sym.name) > 1 and sym.name.isalpha() and sym.name.isascii()
                and initial not in used and initials.count(initial) == 1):
            out[sym] = initial
            used.add(initial)
        else:
            out[sym] = sym.name
    return out


def count_of(layer: Layer, plan: BlockPlan) -> Expr:
    """A layer's count as a derivation writes it: a use of a derived kind (or a repetition
    of one) by the kind's closed form, any other as the engine gives it."""
    derived = {kind.form.type for kind in plan.kinds}
    if layer.repeat is not None and len(layer.layers) == 1 and layer.index is None:
        inner = count_of(layer.layers[0], plan)
        return layer.repeat * inner if inner is not layer.layers[0].params else layer.params
    if layer.layers and layer.repeat is None and layer.type in derived:
        use = block_use(layer)
        if isinstance(use, BlockUse):
            return use_count(use)
    return layer.params
