"""XLA computes a cheap element-wise chain again inside every fusion that reads it.

XLA's instruction fusion (``may_duplicate``) fuses an element-wise producer into each
element-wise consumer, copying it when other users need it too; a convolution cannot fuse
its input, so the producer is also computed once on its own for the convolution. A fusion
holds one copy of each operation it reaches, walking back through element-wise producers
up to a convolution (or any other layer), the inputs, or an ``Add`` that a convolution also
reads: a merge of two full tensors is copied only when every reader fuses it (XLA's
``ComputeGloballyUnfusible``), so such an ``Add`` is computed once and read by the others.

So MobileNetV2's ``BatchNormalization`` read by the next block's convolution and ``Add``
is computed twice, and ResNet's ``Activation("relu")`` read by the next identity block's
convolution and ``Add`` brings its whole chain (``Add``, ``BatchNormalization``s, the
previous blocks' chains) into that ``Add``'s fusion: the copies nest along a stage.

A fused copy of ``BatchNormalization`` costs ``2·E + 4·C`` (E elements, C channels: the
scale and shift per element, their per-channel terms; ``var + epsilon`` and its ``rsqrt``
stay once), of a convolution its bias add (E; a ``Dense`` keeps its bias add with its
dot), of an ``Add``, ``ReLU`` or ``Activation("relu")`` its own count. The ``xla`` count
gains ``(copies - 1)·copy`` per row, on the row (or on the outermost repetition holding
it: the copies differ from copy to copy); the other conventions do not change. The
graph is analysed when an ``xla`` count is first asked for (a ``Later`` part of the
rows' costs): a summary, MACs or FLOPs never pay for it.

Not derived, so the ``xla`` count is unknown: a chain read twice that another kind of layer
reads too; a copied ``BatchNormalization`` without ``center`` or ``scale``, on another
axis or with ``renorm``; a copied row in a repetition whose count is a symbol, above 64,
or grows. A ``GlobalAveragePooling`` reading a copied chain is derived only below
:data:`REDUCE_FUSION_FROM` input elements: from there XLA's CPU backend (YNNPACK) fuses the
pooling with the convolution before it and the chain, and copies less; its row's ``xla``
count is unknown from that size on, and when the size is a formula not provably smaller.

>>> import symparams
>>> m = symparams.parse('''
... model m():
...     x = Input(shape=(4, 4, 4))
...     Conv2D(4, 1, use_bias=False)(x)
...     b = BatchNormalization()
...     Conv2D(4, 1, use_bias=False)(b)
...     h = BatchNormalization()
...     Add()(b, h)
... ''')["m"]
>>> m.count("xla") - (m.count("flops") - 2 * 4)   # one more BN: 2·64 + 4·4 (no rsqrt)
144
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import sympy
from sympy import Expr, Integer
from sympy.logic.boolalg import Boolean

from ..layers.cost import Cost, Later, activation_name
from ..symbolic.integers import is_provably_ge
from .broadcast_sinking import sunk_rows
from .graph_layers import group_cost
from .model import Layer
from .padding_fold import FOLDING
from .xla_tails import (
    crops_all_but_padding,
    has_tail,
    moves_with_repeat,
    pools_gaps,
    reduces_reshaped,
    reduces_rows,
    softmax_of_a_multiply,
)

__all__ = ["copy_fused_chains", "REDUCE_FUSION_FROM"]

_UNARY = ("BatchNormalization", "ReLU", "Activation")
_UNROLLED = 64  # a longer repetition is analysed as three copies, as a symbolic one is


@dataclass(eq=False)
class _Node:
    """One copy of a leaf row in the unrolled graph."""

    row: Layer
    target: tuple[str, ...]  # the row that carries its extra (an enclosing repetition's)
    symbolic: bool  # inside a repetition whose count is a symbol or that grows
    inputs: list[_Node | None] = field(default_factory=list)
    readers: list[_Node] = field(default_factory=list)


def _kind(row: Layer) -> str:
    """``unary``/``merge``: element-wise and cheap; ``conv``: reads a materialized tensor
    (a convolution, its bias add and activation fused like ``unary``, or ``Dense``);
    ``other``: not derived."""
    if row.type == "Add":
        return "merge"
    if row.type in _UNARY and (row.type != "Activation"
                               or activation_name(row.args.get("activation")) == "relu"):
        return "unary"
    return "conv" if row.type in FOLDING or row.type == "Dense" else "other"


def _biased(row: Layer) -> bool:
    """A convolution whose bias add (or activation) XLA fuses into its readers (a
    ``Dense``'s stays with its dot)."""
    return row.type in FOLDING and (bool(row.args.get("use_bias", True))
                                     or activation_name(row.args.get("activation"))
                                     != "linear")


def _copy_cost(row: Layer) -> Expr | None:
    """What XLA counts for one more fused copy of ``row``; None if not derived."""
    size = sympy.Mul(*row.output_shape)
    if row.type == "BatchNormalization":
        args = row.args
        if not (args.get("center") and args.get("scale")) or args.get("axis") not in (
                -1, len(row.output_shape)) or args.get("renorm"):
            return None
        return 2 * size + 4 * row.output_shape[-1]
    if row.type in FOLDING:  # its bias add, then its activation
        fused = {"linear": 0, "relu": 1}.get(activation_name(row.args.get("activation")))
        if fused is None:
            return None
        return size * (fused + bool(row.args.get("use_bias", True)))
    cost = row.cost
    return None if cost is None else cost.count("xla")


class _Unroller:
    def __init__(self) -> None:
        self.nodes: list[_Node] = []

    def rows(self, rows: Sequence[Layer], env: dict, target: tuple[str, ...] | None,
             symbolic: bool, outer: tuple[str, ...]) -> _Node | None:
        last = None
        for row in rows:
            here = (*outer, row.name)
            if row.layers and row.repeat is not None:
                last = self.repeat(row, env, target or here, symbolic, here)
            elif row.layers:
                last = self.rows(row.layers, dict(env), target, symbolic, here)
            else:
                last = _Node(row, target or here, symbolic,
                             [env.get(name) for name in row.inbound])
                self.nodes.append(last)
            env[row.name] = last
        return last

    def repeat(self, row: Layer, env: dict, target, symbolic, here) -> _Node | None:
        known = row.repeat.is_Integer and row.index is None and row.repeat <= _UNROLLED
        copies = int(row.repeat) if known else 3
        current = env.get(row.inbound[0]) if row.inbound else None
        for copy in range(copies):
            inner = dict(env)
            if row.inbound:
                inner[row.inbound[0]] = current
            current = self.rows(row.layers, inner, target, symbolic or not known,
                                (*here, str(copy)))
        return current


#: XLA on CPU (YNNPACK) fuses a global average pooling of this many elements or more with
#: the convolution and element-wise chain before it, which then copies less; not derived.
REDUCE_FUSION_FROM = 4096


def _one_position(node: _Node) -> Boolean | None:
    """Where a convolution reading ``node`` needs it materialized and XLA still copies it
    into its element-wise readers: true, a condition, or None (not derived).

    Where the tensor has one position (every axis but the channels is 1), XLA computes a
    chain ending in a ``BatchNormalization`` or a bias add once; one ending in a ``ReLU``
    it copies as anywhere else, except for one channel or a 1×1 depthwise reader (both
    measured, not derived)."""
    if not any(_kind(r.row) == "conv" for r in node.readers):
        return sympy.true
    shape = node.row.output_shape
    channels = 0 if node.row.args.get("data_format") == "channels_first" else len(shape) - 1
    positions = sympy.Mul(*(d for i, d in enumerate(shape) if i != channels))
    if is_provably_ge(positions, Integer(2)):
        return sympy.true
    if node.row.type in ("BatchNormalization", *FOLDING):
        return sympy.Ne(positions, 1)
    if not is_provably_ge(shape[channels], Integer(2)) or any(
            r.row.type == "DepthwiseConv2D" and _one_tap(r.row) for r in node.readers):
        return None
    return sympy.true


def _one_tap(row: Layer) -> bool:
    size = row.args.get("kernel_size")
    return all(k == 1 for k in (size if isinstance(size, tuple) else (size,)))


#: The operations of one fusion, by node: each with the condition under which the fusion
#: holds it (a copy through a tensor of one position is not made: :func:`_one_position`).
Fusion = dict[int, tuple[_Node, Boolean]]


def _fusions(nodes: list[_Node], output: _Node | None, fused: set[int], made: set[int]
             ) -> tuple[dict[int, Fusion], bool]:
    """The operations of each materialized fusion, by its root; and whether a chain read
    twice is also read by a layer whose fusion is not derived."""
    def barrier(node: _Node) -> bool:  # a merge some convolution reads: computed once
        return _kind(node.row) == "merge" and any(id(r) not in fused for r in node.readers)

    fusions: dict[int, Fusion] = {}
    unknown = False
    for root in nodes:
        if id(root) not in made:
            continue
        outside = [r for r in root.readers if id(r) not in fused]
        if len(outside) < len(root.readers) and any(_kind(r.row) == "other" for r in outside):
            unknown = True
        if root is not output and root.readers and not outside:
            continue
        seen: Fusion = {id(root): (root, sympy.true)}
        stack = [root]
        while stack:
            node = stack.pop()
            for source in node.inputs if id(node) in fused else ():
                if source is None or id(source) not in made or id(source) in seen \
                        or barrier(source):
                    continue
                gate = _one_position(source)
                if gate is None:
                    unknown = True
                elif gate is not sympy.false:
                    seen[id(source)] = (source, sympy.And(seen[id(node)][1], gate))
                    stack.append(source)
        fusions[id(root)] = seen
    return fusions, unknown


def _reduce_guard(reader: Layer) -> Expr | None:
    """0 where a global average pooling reading a copied chain is derived (provably fewer
    than :data:`REDUCE_FUSION_FROM` input elements), else None (unknown)."""
    if not reader.type.startswith("GlobalAveragePooling"):
        return None
    size = sympy.Mul(*reader.input_shape)
    return Integer(0) if is_provably_ge(Integer(REDUCE_FUSION_FROM - 1), size) else None


#: The extra ``xla`` work of one row: parts worked out when its cost is asked for.
Parts = list[Callable[[], Expr | None]]


def _plain(fusion: Fusion, fused: set[int]) -> bool:
    """Whether a fusion reads only convolutions, ``Dense``, merges computed once and the
    inputs: as measured; a fusion that also reads another layer (EfficientNet's ``Add``
    reads a ``Dropout`` after its block's squeeze-and-excitation) copies less."""
    return all(source is None or id(source) in fusion or _kind(source.row) == "conv"
               or (id(source) in fused and _kind(source.row) == "merge")
               for node, _ in fusion.values() if id(node) in fused for source in node.inputs)


def _copies_cost(row: Layer, more: Expr) -> Expr | None:
    cost = _copy_cost(row)
    return None if cost is None else more * cost


def _unknown() -> None:
    return None


def _extras(layers: Sequence[Layer]) -> dict[tuple[str, ...], Parts] | None:
    """The extra ``xla`` work per row (by its path of names); None: not derived."""
    unroller = _Unroller()
    output = unroller.rows(layers, {}, None, False, ())
    nodes = unroller.nodes
    for node in nodes:
        for source in {id(s): s for s in node.inputs if s is not None}.values():
            source.readers.append(node)
    fused = {id(n) for n in nodes if _kind(n.row) in ("unary", "merge")}
    made = fused | {id(n) for n in nodes if _biased(n.row)}  # fusible producers
    fusions, unknown = _fusions(nodes, output, fused, made)
    if unknown:
        return None
    copies: dict[int, list[Boolean]] = {}
    for fusion in fusions.values():
        for key, (_, gate) in fusion.items():
            copies.setdefault(key, []).append(gate)
    extras: dict[tuple[str, ...], Parts] = {}
    for node in nodes:
        gates = copies.get(id(node), [])
        if len(gates) > 1:
            more = sympy.Add(*(sympy.Piecewise((1, g), (0, True)) for g in gates)) - 1
            extras.setdefault(node.target, []).append(
                _unknown if node.symbolic else partial(_copies_cost, node.row, more))
        fusion = fusions.get(id(node), {})
        if any(len(copies[key]) > 1 for key in fusion):
            if not _plain(fusion, fused):
                extras.setdefault(node.target, []).append(_unknown)
            for reader in node.readers:  # a copied chain read by a pooling
                if _kind(reader.row) == "other":
                    extras.setdefault(reader.target, []).append(
                        partial(_reduce_guard, reader.row))
    for node in nodes:  # reductions reading an element-wise tail or gaps: not derived
        if reduces_rows(node.row) and node.inputs and has_tail(node.inputs[0]) \
                or pools_gaps(node) or reduces_reshaped(node) or crops_all_but_padding(node) \
                or softmax_of_a_multiply(node):
            extras.setdefault(node.target, []).append(_unknown)
    for node, part in sunk_rows(nodes, moves_with_repeat):  # computed before a repeat
        copied = len(copies.get(id(node), ())) > 1 or node.symbolic
        extras.setdefault(node.target, []).append(_unknown if part is None or copied else part)
    return extras


def _later_part(analysis: Later, path: tuple[str, ...], last: bool) -> Expr | None:
    """The extra ``xla`` work of the row at ``path`` once the graph is analysed; None where
    it is not derived (the model's last row carries a graph not derived as a whole)."""
    extras = analysis()
    if extras is None:
        return None if last else Integer(0)
    parts = [part() for part in extras.get(path, ())]
    return None if None in parts else sympy.Add(*parts)


def _with_later(rule, part: Callable[[], Expr | None]):
    def cost() -> Cost | None:
        base = rule()
        return None if base is None else base.with_later(Later(part))
    return cost


def _carries(row: Layer) -> bool:
    """Whether the analysis may give a leaf row extra work: every row but a convolution
    without a bias add and a ``Dense`` (a ``Dense`` chain stays as built)."""
    return _kind(row) != "conv" or _biased(row)


def _wrap(row: Layer, analysis: Later, here: tuple[str, ...], last: bool) -> Layer:
    path = (*here, row.name)
    inner, rule = row.layers, row.cost_rule
    if row.layers and row.repeat is None:  # a repetition carries its rows' extras itself
        inner = tuple(_wrap(r, analysis, path, False) for r in row.layers)
        if any(a is not b for a, b in zip(inner, row.layers, strict=True)):
            rule = _regroup(inner, row.repeat)
        else:
            inner = row.layers
    carries = last or (row.repeat is not None if row.layers else _carries(row))
    if carries and rule is not None:
        rule = _with_later(rule, partial(_later_part, analysis, path, last))
    if inner is row.layers and rule is row.cost_rule:
        return row
    return dataclasses.replace(row, layers=inner, cost_rule=rule)


def _regroup(layers, repeat):
    return lambda: group_cost(layers, repeat)


def copy_fused_chains(layers: list[Layer]) -> list[Layer]:
    """The model's top-level rows with XLA's fused copies in their ``xla`` counts (see the
    module). The graph is analysed when an ``xla`` count is first asked for, not before."""
    if not layers:
        return layers
    analysis = Later(partial(_extras, tuple(layers)))
    return [_wrap(row, analysis, (), i == len(layers) - 1) for i, row in enumerate(layers)]
