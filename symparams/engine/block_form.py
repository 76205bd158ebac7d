r"""A block's count in its own parameters, derived once, and each use of it as values.

A teacher writes a block's count once in the block's own terms, ``Bottleneck(filters)`` on an
input of ``c`` channels, then instantiates it: ``Bottleneck(64)`` at ``c = 64``. The engine
does the same: :func:`block_use` elaborates the block again with every number its call passes
(and every size of its input) as a symbol named after the parameter (the sizes ``h, w, c``),
and gives the use's values for those symbols, checked: the form at those values is the
use's count, or no form is given. Where the block's layers depend on a parameter through an
``if`` the symbols cannot decide, the answer is the reason, one phrase.

>>> import symparams
>>> m = symparams.parse('''
... block Res(d)(x):
...     h = Dense(d)(x)
...     Add()(x, h)
... model m(n=8):
...     Input(shape=(n,))
...     Res(n)
...     Dense(4)
...     Res(4)
... ''')["m"]
>>> use = block_use(m.layers[2])
>>> use.form.inputs, use.form.count, use.form.shown
((('x', (d,)),), d*(d + 1), (d,))
>>> {str(k): v for k, v in use.values.items()}
{'d': 4, 'c': 4}
>>> block_use(m.layers[0]).form is use.form
True
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import sympy
from sympy import Expr

from ..errors import SymparamsError
from ..layers import registry
from ..layers.merging import EQUALITY, provably_equal
from ..record import Record, record
from ..symbolic.integers import NONE_DIM, substitute
from ..syntax import ast
from .binding import Tensor
from .block_args import is_literal
from .expr import ExprBuilder
from .helpers import configure
from .model import Layer

__all__ = ["BlockForm", "BlockUse", "block_use", "general_use", "dimension_names"]


@record
class BlockForm(Record):
    """A block elaborated in its own parameters: ``layer`` (its rows and count in them),
    ``params`` (the symbols of the numbers its call passes, in the definition's order) and
    ``inputs`` (each input tensor's name and its shape of symbols)."""

    type: str
    layer: Layer
    params: tuple[sympy.Symbol, ...]
    inputs: tuple[tuple[str, tuple[Expr, ...]], ...]

    @property
    def count(self) -> Expr:
        return self.layer.params

    @property
    def shown(self) -> tuple[sympy.Symbol, ...]:
        """The symbols its count has: parameters first, then input sizes."""
        free = self.count.free_symbols
        sizes = [d for _, shape in self.inputs for d in shape
                 if d in free and d not in self.params]
        return (*(p for p in self.params if p in free), *sizes)


@record
class BlockUse(Record):
    """A use of a block: its :class:`BlockForm` and the values of the form's symbols there
    (numbers, or formulas in the model's symbols)."""

    form: BlockForm
    values: Mapping[sympy.Symbol, Expr]


def block_use(layer: Layer) -> BlockUse | str | None:
    """``layer`` (a block's row) as a use of its block's form, checked; a phrase saying why
    there is none when the block's count cannot be given in its parameters; None when there
    is nothing to give (not a block, a count of 0 or of no symbol of the block's own)."""
    if layer.general is None:
        return None
    found = layer.general()
    if found is None or isinstance(found, str):
        return found
    if not found.form.count.free_symbols:
        return None
    shown = substitute(found.form.count, dict(found.values))
    if not _same(shown, layer.params):
        return "its formula in its parameters did not check against this use"
    return found


def _same(a: Expr, b: Expr) -> bool:
    """``a == b`` for every value of the symbols (floors compared by structural rules)."""
    token = EQUALITY.set(None)
    try:
        return provably_equal(a, b)
    finally:
        EQUALITY.reset(token)


#: The names of an input's sizes by its rank (channels last, as Keras).
_DIMENSIONS = {1: ("c",), 2: ("t", "c"), 3: ("h", "w", "c"), 4: ("d", "h", "w", "c")}


def dimension_names(rank: int, taken: set[str], tensor: str = "", several: bool = False
                    ) -> tuple[str, ...]:
    """Names for the sizes of an input of ``rank`` dimensions, none in ``taken`` (the
    block's parameters); ``several``: the block has several inputs, so each name says
    whose (``c_x``).

    >>> dimension_names(3, set()), dimension_names(2, {"t"}, "x")
    (('h', 'w', 'c'), ('t_x', 'c_x'))
    >>> dimension_names(1, set(), "y", True)
    ('c_y',)
    """
    names = _DIMENSIONS.get(rank) or tuple(f"n_{i + 1}" for i in range(rank))
    if several or taken & set(names):
        names = tuple(f"{n}_{tensor or 'x'}" for n in names)
    while taken & set(names):
        names = tuple(n + "_in" for n in names)
    return names


@dataclass
class _Scope:
    """What :meth:`GraphBuilder.block` reads of the scope it is called from."""

    ctx: object


#: Forms found, per graph builder and kind of call: a kind is elaborated once.
_FORMS_KEPT = 2_000


def general_use(builder, call: ast.Call, definition: ast.BlockDef, inputs: list[Tensor],
                values: Mapping[str, Expr], ctx) -> BlockUse | str | None:
    """The use of a block by ``call`` (with ``values``, its bound numbers, on ``inputs``) as
    values of the block's form, elaborated by a fresh copy of the graph ``builder`` (once
    per kind of call, kept on ``builder``); unchecked (see :func:`block_use`)."""
    passed: dict[str, ast.Expr] = dict(zip([p.name for p in definition.params], call.args,
                                           strict=False))
    passed.update((kw.name, kw.value) for kw in call.keywords if kw.name != "name")
    taken = {p.name for p in definition.params}
    own: dict[str, Expr] = {}
    use: dict[sympy.Symbol, Expr] = {}
    keywords: list[ast.Keyword] = []
    fixed: list = []
    for name, node in passed.items():
        value = values.get(name)
        if value is None and _number_node(node):
            value = ctx.builder.value(node)  # 0.5: read exactly, 1/2
        sym = _own_symbol(name, value)
        if sym is not None:
            own[name], use[sym] = sym, value
            node = ast.Name(name, node.pos)
        elif not _pure_literal(node):
            return None  # a tensor shape or a call: the block stays as it is
        else:
            fixed.append((name, _plain(node)))
        keywords.append(ast.Keyword(name, node, node.pos))
    tensors: list[Tensor] = []
    shapes: list[tuple[str, tuple[Expr, ...]]] = []
    several = len(inputs) > 1
    for tensor_name, tensor in zip(definition.inputs or ("x",), inputs, strict=False):
        names = dimension_names(len(tensor.shape), taken, tensor_name, several)
        shape = []
        for dim_name, size in zip(names, tensor.shape, strict=True):
            if size == NONE_DIM:
                shape.append(size)
                continue
            sym = sympy.Symbol(dim_name, integer=True, positive=True)
            shape.append(sym)
            use[sym] = size
        shapes.append((tensor_name, tuple(shape)))
        tensors.append(Tensor(tuple(shape), tensor.source))
    key = (definition.name, tuple(sorted(own)), tuple(fixed),
           tuple(tuple(d == NONE_DIM for d in t.shape) for t in inputs))
    forms = builder.__dict__.setdefault("general_forms", {})
    if key not in forms:
        if len(forms) >= _FORMS_KEPT:  # pragma: no cover - a bound on memory
            forms.clear()
        generic = dataclasses.replace(call, args=(), keywords=tuple(keywords))
        forms[key] = _elaborate(builder, generic, definition, tensors, own, ctx, shapes)
    form = forms[key]
    if form is None or isinstance(form, str):
        return form
    for (_, shape), tensor in zip(form.inputs, inputs, strict=False):
        if not all(_same(substitute(d, use), size) for d, size in zip(shape, tensor.shape,
                                                                   strict=True)):
            return "its input does not have the sizes its formula assumes"
    return BlockUse(form, use)


def _elaborate(builder, call, definition, tensors, own, ctx, shapes) -> BlockForm | str:
    """The block called by ``call`` with its parameters ``own`` as symbols, on ``tensors``;
    the reason when that cannot be done. A merge that needs an input size to be a formula
    of the others (``Add()(x, h)``: ``c = 4·filters``) makes it so, and the block is
    elaborated again on that input."""
    sizes = [d for _, shape in shapes for d in reversed(shape) if isinstance(d, sympy.Symbol)
             and d != NONE_DIM]
    learned: dict[sympy.Symbol, Expr] = {}
    for _ in range(len(sizes) + 1):
        before = dict(learned)
        inputs = [Tensor(tuple(d.xreplace(before) for d in t.shape), t.source) for t in tensors]
        fresh = type(builder)(builder.elaborator, builder.blocks, None, builder.functions,
                              builder.assumptions)
        inner = type(ctx)(ctx.filename, ctx.text, ctx.limits, [])
        inner.builder = ExprBuilder(dict(own), inner.span, ctx.limits,
                                    tuple(registry.layer_names()))
        configure(inner.builder, builder.functions, builder.assumptions)
        counted = builder.elaborator.layer_count
        token = EQUALITY.set(partial(_learn, learned, [s for s in sizes if s not in learned],
                                     set(own.values())))
        try:
            layer = fresh.block(call, inputs, _Scope(inner))
        except SymparamsError as err:
            if learned != before:
                continue
            found = re.match(r"cannot decide the condition '([^']*)'", err.message)
            if found:
                return f"its layers depend on whether {found.group(1)}"
            return "its layers need numbers for its parameters"
        except Exception:  # noqa: BLE001 - a helper that needs numbers: the block as it is
            return "its layers need numbers for its parameters"
        finally:
            EQUALITY.reset(token)
            builder.elaborator.layer_count = counted
        if learned == before:
            params = tuple(s for s in own.values() if isinstance(s, sympy.Symbol))
            shown = tuple((name, tuple(d.xreplace(learned) for d in shape))
                          for name, shape in shapes)
            return BlockForm(definition.name, layer, params, shown)
    return "its layers need numbers for its parameters"  # pragma: no cover - sizes run out


def _learn(learned: dict, sizes: list, params: set, difference: Expr) -> Expr:
    """``difference`` (of two sizes a merge wants equal) with the sizes learned so far in
    place; made 0 by learning one input size as a formula of the others (the last size,
    the channels, first) when it is a ``± size + rest``; else returned as it is."""
    shown = sympy.expand(difference.xreplace(learned))
    if shown == 0:
        return shown
    for size in sizes:
        if size in learned or size not in shown.free_symbols:
            continue
        poly = shown.as_poly(size)
        if poly is None or poly.degree() != 1 or poly.LC() not in (1, -1):
            continue
        value = sympy.expand(-(shown - poly.LC() * size) / poly.LC())
        if value.free_symbols <= (params | set(sizes)) - {size} and value.is_positive is not False:
            learned[size] = value
            return sympy.Integer(0)
    return shown


def _own_symbol(name: str, value) -> sympy.Symbol | None:
    """The symbol standing for a parameter whose use gives it ``value``: an integer or a
    rational, positive (or, an integer, non-negative); None for anything else."""
    if not isinstance(value, Expr) or value == NONE_DIM or value.is_Boolean:
        return None
    if value.is_integer and value.is_positive:
        return sympy.Symbol(name, integer=True, positive=True)
    if value.is_integer and value.is_nonnegative and not value.is_zero:
        return sympy.Symbol(name, integer=True, nonnegative=True)
    if value.is_rational and value.is_positive:
        return sympy.Symbol(name, rational=True, positive=True)
    return None


def _number_node(node: ast.Expr) -> bool:
    return isinstance(node, ast.Float) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Float))


def _pure_literal(node) -> bool:
    """A literal, or a tuple or list of them: the same in any scope."""
    if isinstance(node, (ast.TupleExpr, ast.ListExpr)):
        return all(_pure_literal(item) for item in node.items)
    return is_literal(node)


def _plain(node):
    """``node`` without its positions, to compare calls."""
    if isinstance(node, (tuple, list)):
        return tuple(_plain(item) for item in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return (type(node).__name__, *(_plain(getattr(node, f.name))
                                       for f in dataclasses.fields(node) if f.name != "pos"))
    return node
