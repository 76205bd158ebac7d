"""EinsumDense: a kernel contracted with the input by an einsum equation.

The equation (``"ab,bc->ac"``, ``"...b,bc->...c"``, ``"abc,cde->abde"``) is user text: a small
parser here reads it (no regular expression on the whole, no eval) into its three letter
strings and where its ellipsis is. Sizes then follow Keras's ``_analyze_einsum_string``
(``keras/src/layers/core/einsum_dense.py``), whatever the equation: the input part's first
letter is the batch axis (unless an ellipsis on the left takes it); a kernel letter takes its
size from ``output_shape`` if it is in the output part, else from the input; the bias has the
sizes of the ``bias_axes`` letters.

Where Keras's reported output shape differs from the tensor einsum computes (an
``output_shape`` longer than the equation's output, two or more axes under a left ellipsis
in an order Keras reverses), the layer is rejected: no single answer would be right.

>>> eq = parse_equation("...b,bc->...c")
>>> eq.inputs, eq.kernel, eq.output, eq.ellipsis
('b', 'bc', 'c', 'left')
"""

from __future__ import annotations

import sympy
from sympy import Expr

from ..errors import ArgumentError
from ..record import Record, record
from ..symbolic.integers import symbol
from ..syntax import ast
from .argkinds import ActivationArg, Anything, Dim, Kind, Optional
from .cost import Cost, activation_cost, dot
from .lora import with_lora
from .merging import provably_equal
from .registry import Condition, LayerType, Param, Reject, register

__all__ = ["Equation", "EquationError", "parse_equation", "EquationArg", "BiasAxes",
           "PartialShape", "einsum_sizes"]


class EquationError(ValueError):
    """A malformed equation; ``offset`` is the character it is about."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message, self.offset = message, offset


@record
class Equation(Record):
    """``inputs,kernel->output`` with an optional ellipsis ``"left"`` or ``"right"`` of the
    input and output parts (the kernel part never has one)."""

    inputs: str
    kernel: str
    output: str
    ellipsis: str | None
    text: str


def _letters(text: str, start: int, what: str, stops: str) -> tuple[str, str | None, int]:
    """Letters from ``start`` up to one of ``stops`` or the end, with an ellipsis before or
    after them; returns (letters, ellipsis side, next offset)."""
    side = None
    i = start
    if text.startswith("...", i):
        side, i = "left", i + 3
    begin = i
    while i < len(text) and text[i].isascii() and text[i].isalpha():
        i += 1
    letters = text[begin:i]
    if text.startswith("...", i):
        if side is not None:
            raise EquationError(f"the {what} part has two ellipses", i)
        side, i = "right", i + 3
    if not letters:
        raise EquationError(f"the {what} part needs at least one letter", i)
    if stops and i >= len(text):
        raise EquationError(f"{stops!r} missing after the {what} part", i)
    if i < len(text) and not (stops and text.startswith(stops, i)):
        raise EquationError(f"unexpected {text[i]!r} in the {what} part"
                            + (f" (expected {stops!r} next)" if stops else ""), i)
    return letters, side, i


def parse_equation(text: str) -> Equation:
    """Parse ``inputs,kernel->output``; raises :class:`EquationError` with an offset.

    >>> parse_equation("abc,cde->abde").output
    'abde'
    >>> parse_equation("ab,bc->ac,")
    Traceback (most recent call last):
    ...
    symparams.layers.einsum.EquationError: unexpected ',' in the output part
    """
    inputs, side_in, i = _letters(text, 0, "input", ",")
    kernel, side_k, j = _letters(text, i + 1, "kernel", "->")
    if side_k is not None:
        raise EquationError("the kernel part cannot have an ellipsis", i + 1)
    output, side_out, _ = _letters(text, j + 2, "output", "")
    if side_in != side_out:
        raise EquationError("the input and output parts must both have an ellipsis on the "
                            "same side, or neither", j + 2)
    if side_in == "right" and len(inputs) < 2:
        raise EquationError("Keras needs two or more input letters before a right ellipsis",
                            0)
    for part, letters, start in (("input", inputs, 0), ("output", output, j + 2)):
        seen = set()
        for letter in letters:
            if letter in seen:
                raise EquationError(f"letter {letter!r} appears twice in the {part} part",
                                    start + letters.index(letter))
            seen.add(letter)
    for letter in output:
        if letter not in inputs and letter not in kernel:
            raise EquationError(f"output letter {letter!r} is in neither the input nor the "
                                "kernel part", j + 2 + output.index(letter))
    for letter in kernel:
        if letter not in inputs and letter not in output:
            raise EquationError(f"kernel letter {letter!r} is in neither the input nor the "
                                "output part: Keras cannot size it", i + 1 + kernel.index(letter))
    return Equation(inputs, kernel, output, side_in, text)


def _char_pos(node: ast.Str, offset: int) -> ast.Pos:
    """The position of one character of a one-line string literal without escapes."""
    pos = node.pos
    if pos.line == pos.end_line and pos.end_column - pos.column == len(node.value) + 2:
        column = pos.column + 1 + min(offset, max(len(node.value) - 1, 0))
        return ast.Pos(pos.line, column, pos.line, column + 1)
    return pos


class EquationArg(Kind):
    """An einsum equation string such as ``"abc,cd->abd"``."""

    label = 'an einsum equation such as "ab,bc->ac"'

    def convert(self, node, ctx):
        if not isinstance(node, ast.Str):
            self.fail(node, ctx)
        try:
            return parse_equation(node.value)
        except EquationError as err:
            raise ArgumentError(f"equation {node.value!r}: {err.message}",
                                ctx.span(_char_pos(node, err.offset)),
                                hint='write it as inputs,kernel->output, e.g. "abc,cd->abd" '
                                'or "...b,bc->...c"') from None


class BiasAxes(Kind):
    """Letters of the equation's output part, as a string (``"d"``, ``"uh"``)."""

    label = 'a string of output letters such as "d"'

    def convert(self, node, ctx):
        if not isinstance(node, ast.Str) or not node.value or not (
                node.value.isascii() and node.value.isalpha()):
            self.fail(node, ctx)
        return node.value


class PartialShape(Kind):
    """``output_shape``: one size or a tuple of sizes and ``None`` (inferred)."""

    label = "a positive integer or a tuple of positive integers and None"

    def convert(self, node, ctx):
        if isinstance(node, (ast.TupleExpr, ast.ListExpr)):
            return tuple(Optional(Dim()).convert(item, ctx) for item in node.items)
        return (Dim().convert(node, ctx),)


BATCH = None
"""The batch axis, whose size is unknown (Keras's ``None``)."""


def einsum_sizes(a, x) -> tuple[dict[str, Expr], tuple, list[tuple[Expr, Expr, str]]]:
    """Letter sizes, the output shape (batch excluded) and the equalities Keras checks
    (``(output_shape entry, input size, letter)``) for input shape ``x``."""
    eq: Equation = a.equation
    full = (BATCH, *x)
    elided = len(full) - len(eq.inputs)
    if elided < 0 or (eq.ellipsis is None and elided != 0):
        raise Reject(
            f"the equation's input part {eq.inputs!r} has {len(eq.inputs)} axes (batch "
            f"included), the input has {len(full)}",
            hint="an ellipsis (...) stands for the axes the letters do not name")
    left = eq.ellipsis == "left" and elided > 0
    partial = tuple(a.output_shape)
    wanted = len(eq.output) - (0 if left else 1)
    if len(partial) != wanted:
        raise Reject(f"output_shape has {len(partial)} entries; the output part "
                     f"{eq.output!r} needs {wanted} (batch and ellipsis axes excluded)")
    lead = full[1:elided] if left else ()
    checks = []
    for p, q in zip(lead, lead[::-1], strict=True):
        if p.is_Integer and q.is_Integer and p != q:
            raise Reject(
                f"with {len(lead)} axes under the left ellipsis, Keras reports them in "
                "reverse order (its output shape differs from the tensor it computes)",
                hint="name those axes with letters instead of an ellipsis")
        checks.append((p, q, "..."))
    start = elided if eq.ellipsis == "left" else 0
    sizes: dict[str, Expr] = {c: full[start + i] for i, c in enumerate(eq.inputs)}
    batch = None if left else eq.inputs[0]
    if not left and eq.output[0] != batch:
        raise Reject(f"the output part {eq.output!r} must start with the batch letter "
                     f"{batch!r}, as the input part does")
    reported = dict(zip(eq.output[0 if left else 1:], partial, strict=True))
    for letter, given in reported.items():
        if letter in sizes:
            if given is not None:
                if given.is_Integer and sizes[letter].is_Integer and given != sizes[letter]:
                    raise Reject(f"output_shape gives letter {letter!r} size {given}, but it "
                                 f"is the input's axis of size {sizes[letter]}")
                checks.append((given, sizes[letter], letter))
        elif given is None:
            raise Reject(f"output_shape gives None for {letter!r}, a kernel axis: Keras "
                         "cannot size the kernel")
        else:
            sizes[letter] = given
    for letter in eq.kernel:
        if letter == batch or (letter in reported and reported[letter] is None):
            raise Reject(f"kernel letter {letter!r} has no known size (the batch axis, or "
                         "None in output_shape)")
    middle = tuple(sizes[c] for c in eq.output if c != batch)
    tail = tuple(full[len(full) - elided:]) if eq.ellipsis == "right" and elided else ()
    return sizes, (*lead, *middle, *tail), checks


def _shape(a, x):
    return einsum_sizes(a, x)[1]


def _kernel(a, x) -> tuple[Expr, Expr]:
    """The kernel's size and last axis (the size of the kernel part's last letter)."""
    sizes, _, _ = einsum_sizes(a, x)
    eq: Equation = a.equation
    return sympy.Mul(*(sizes[c] for c in eq.kernel)), sizes[eq.kernel[-1]]


def _params(a, x):
    sizes, _, _ = einsum_sizes(a, x)
    eq: Equation = a.equation
    kernel = sympy.Mul(*(sizes[c] for c in eq.kernel))
    if a.bias_axes is None:
        return kernel
    left = eq.ellipsis == "left" and len(x) + 1 > len(eq.inputs)
    for letter in a.bias_axes:
        if letter not in eq.output:
            raise Reject(f"bias_axes letter {letter!r} is not in the output part "
                         f"{eq.output!r}")
        if (not left and letter == eq.inputs[0]) or (
                letter in eq.inputs and letter in eq.output
                and _partial_none(a, letter, left)):
            raise Reject(f"bias_axes letter {letter!r} has no known size (the batch axis, "
                         "or None in output_shape)")
    return kernel + sympy.Mul(*(sizes[c] for c in dict.fromkeys(a.bias_axes)))


def _cost(a, x, y) -> Cost:
    """MACs: the product of all distinct letters' sizes and the ellipsis axes (every output
    number a sum over the letters not in the output); the bias adds and the activation.
    XLA first sums the input's letters that are in neither the kernel nor the output (its
    count: those adds, then a product
    over the letters the two share), and counts a product as :func:`dot` does."""
    sizes, _, _ = einsum_sizes(a, x)
    eq: Equation = a.equation

    def size(letters) -> Expr:
        return sympy.Mul(*(sizes[c] for c in dict.fromkeys(letters)))

    alone = [c for c in eq.inputs if c not in eq.kernel + eq.output]
    shared = [c for c in eq.inputs if c in eq.kernel and c not in eq.output]
    outputs = sympy.Mul(*y)
    products = dot(outputs, size(shared))
    reductions = (size(alone) - 1) * sympy.Mul(*x) / size(alone)
    macs = outputs * size(shared) * size(alone)
    xla = products.xla_macs if products.xla_macs is not None else products.macs
    cost = Cost(macs=macs, xla_macs=xla, xla_ops=reductions)
    bias = Cost(ops=outputs) if a.bias_axes is not None else Cost()
    return cost + bias + activation_cost(a.activation, y)


def _partial_none(a, letter: str, left: bool) -> bool:
    eq: Equation = a.equation
    index = eq.output.index(letter) - (0 if left else 1)
    return 0 <= index < len(a.output_shape) and a.output_shape[index] is None


def _conditions(a, x):
    out = []
    for given, size, letter in einsum_sizes(a, x)[2]:
        if not provably_equal(given, size):
            what = (f"output_shape size of {letter!r} (the input's axis)" if letter != "..."
                    else "axes under the left ellipsis, in reverse order (Keras reports "
                    "them reversed)")
            out += [Condition(given, size, what), Condition(size, given, what)]
    return out


register(with_lora(
    LayerType(
        name="EinsumDense",
        family="einsum", cost=_cost,
        params=(
            Param("equation", EquationArg()),
            Param("output_shape", PartialShape()),
            Param("activation", ActivationArg(), None),
            Param("bias_axes", Optional(BiasAxes()), None),
            *(Param(name, Anything(), None) for name in (
                "kernel_initializer", "bias_initializer", "kernel_regularizer",
                "bias_regularizer", "kernel_constraint", "bias_constraint")),
        ),
        rank=(1, None),
        input_doc="(as many axes as the equation's input part, batch included)",
        shape=_shape,
        trainable=_params,
        conditions=_conditions,
        derivation="the product of the kernel letters' sizes, plus the product of the "
        "bias_axes letters' sizes",
        doc="A dense layer whose contraction is an einsum equation (shown: "
        "`\"abc,cde->abde\"`, `output_shape=(None, h, k)`, `bias_axes=\"de\"`).",
        extra={
            "example_input": ("T", "F"),
            "example_args": {"equation": parse_equation("abc,cde->abde"),
                             "output_shape": (None, symbol("h"), symbol("k")),
                             "bias_axes": "de"},
            "subtleties": (
                "the input part's first letter is the batch axis unless an ellipsis "
                "comes first",
                "output_shape excludes the batch and ellipsis axes; None takes the input's "
                "size (Keras then reports None for that axis, the tensor has the input's "
                "size)",
                "an output_shape entry for a letter of the input must equal the input's "
                "size",
                "Keras reverses two or more axes under a left ellipsis in its reported "
                "shape: rejected unless the reversal changes nothing",
                "the bias has the sizes of the bias_axes letters (a letter twice counts "
                "once)",
            ),
        },
    ),
    _kernel,
))
