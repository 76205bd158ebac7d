"""The syntax tree: frozen dataclasses (:mod:`.node`) with source positions, and nothing else.

The parser's Transformer builds these; meaning (symbols, shapes, formulas) comes later, in
:mod:`symparams.engine.elaborate`. Nothing here knows about SymPy.
"""

from __future__ import annotations

from fractions import Fraction

from .node import Node, node

__all__ = [
    "Pos",
    "Int",
    "Float",
    "Str",
    "Const",
    "Name",
    "BinOp",
    "UnaryOp",
    "TupleExpr",
    "ListExpr",
    "Call",
    "Keyword",
    "Attribute",
    "Subscript",
    "Compare",
    "BoolOp",
    "Not",
    "IfExp",
    "Applied",
    "Expr",
    "SymbolDecl",
    "Comparison",
    "Assume",
    "CountCheck",
    "Statement",
    "LayerStmt",
    "Repeat",
    "Let",
    "Unpack",
    "AugAssign",
    "Return",
    "If",
    "FunctionDef",
    "BlockParam",
    "BlockDef",
    "Use",
    "ModelDef",
    "Module",
]


@node
class Pos(Node):
    """1-based line and column of a node's first character, and of the end (exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


@node
class Int(Node):
    value: int
    pos: Pos


@node
class Float(Node):
    value: float
    text: str
    pos: Pos


@node
class Str(Node):
    value: str
    pos: Pos


@node
class Const(Node):
    """``True``, ``False`` or ``None``."""

    value: bool | None
    pos: Pos


@node
class Name(Node):
    id: str
    pos: Pos


@node
class BinOp(Node):
    """``left op right`` with op one of ``+ - * // / % **``."""

    op: str
    left: Expr
    right: Expr
    pos: Pos


@node
class UnaryOp(Node):
    op: str  # "-" or "+"
    operand: Expr
    pos: Pos


@node
class TupleExpr(Node):
    items: tuple[Expr, ...]
    pos: Pos


@node
class ListExpr(Node):
    items: tuple[Expr, ...]
    pos: Pos


@node
class Keyword(Node):
    name: str
    value: Expr
    pos: Pos


@node
class Call(Node):
    """A layer call ``Name(arg, ..., key=value, ...)``; also usable as an argument."""

    func: str
    args: tuple[Expr, ...]
    keywords: tuple[Keyword, ...]
    pos: Pos
    func_pos: Pos


@node
class Attribute(Node):
    """``value.attr``: only ``x.shape`` (a tensor's shape) has a meaning."""

    value: Expr
    attr: str
    pos: Pos


@node
class Subscript(Node):
    """``value[index]``: ``x.shape[-1]``."""

    value: Expr
    index: Expr
    pos: Pos


@node
class Compare(Node):
    """``a < b <= c``: ``ops`` between ``left`` and each of ``comparators`` (``is``,
    ``is not`` too)."""

    left: Expr
    ops: tuple[str, ...]
    comparators: tuple[Expr, ...]
    pos: Pos


@node
class BoolOp(Node):
    """``a and b`` or ``a or b``."""

    op: str
    values: tuple[Expr, ...]
    pos: Pos


@node
class Not(Node):
    operand: Expr
    pos: Pos


@node
class IfExp(Node):
    """``body if test else orelse``."""

    test: Expr
    body: Expr
    orelse: Expr
    pos: Pos


@node
class Applied(Node):
    """``Dense(d)(x, y)``: a call applied to named tensors (a statement's right-hand side)."""

    call: Call
    inputs: tuple[str, ...]
    inputs_pos: Pos
    pos: Pos
    call_keywords: tuple[Keyword, ...] = ()
    """Keras's call arguments after the tensors (``training=False``)."""


Expr = (Int | Float | Str | Const | Name | BinOp | UnaryOp | TupleExpr | ListExpr | Call
        | Attribute | Subscript | Compare | BoolOp | Not | IfExp | Applied)


@node
class SymbolDecl(Node):
    """``name``, ``name=value`` or ``name=value as "latex"`` in a model header."""

    name: str
    value: int | Fraction | None
    pos: Pos
    latex: str | None = None
    rational: bool = False
    """Declared with a fraction or decimal example value (``alpha=3/4``, ``alpha=0.75``)."""


@node
class Comparison(Node):
    """``left op right`` with op one of ``== != < <= > >=``."""

    op: str
    left: Expr
    right: Expr
    pos: Pos


@node
class Assume(Node):
    """``assume H % 32 == 0, k <= H``: facts about the symbols, checked at values."""

    comparisons: tuple[Comparison, ...]
    pos: Pos


@node
class CountCheck(Node):
    """``check simple_rnn.params == 1890, params <= 10**6``: counts claimed by the text
    around the model, each ``[layer.]quantity OP expression``, checked at values.

    ``claims`` are ``(layer or None, quantity, comparison)``; the comparison's ``left`` is
    the count's reference as written."""

    claims: tuple[tuple[str | None, str, Comparison], ...]
    pos: Pos


@node
class LayerStmt(Node):
    """A layer (or block) applied to tensors: ``Dense(d)``, ``h = Dense(d)(x)``,
    ``Add()(x, h)``, ``Encoder(d) * L``.

    ``inputs`` names the tensors it applies to (None: the current tensor), ``target`` the name
    given to its result, ``repeat`` the number of copies chained one after the other.
    """

    call: Call
    pos: Pos
    inputs: tuple[str, ...] | None = None
    target: str | None = None
    repeat: Expr | None = None
    inputs_pos: Pos | None = None
    call_keywords: tuple[Keyword, ...] = ()
    """Keras's call arguments after the tensors: ``training=False``, ``mask=m``."""


@node
class Repeat(Node):
    """``repeat L as h:`` and a body that maps the running tensor ``h`` to its own shape."""

    count: Expr
    name: str | None
    body: tuple[Statement, ...]
    pos: Pos
    index: str | None = None
    """``repeat n as h, i:`` names the copy's index ``i`` (0 .. n-1)."""


@node
class Let(Node):
    """``c = x.shape[-1]``: a value named in a body (not a layer's result)."""

    target: str
    value: Expr
    pos: Pos


@node
class Unpack(Node):
    """``h, w, c = x.shape``."""

    targets: tuple[str, ...]
    value: Expr
    pos: Pos


@node
class AugAssign(Node):
    """``v += e`` (``-=``, ``*=``, ``//=``, ``/=``)."""

    target: str
    op: str
    value: Expr
    pos: Pos


@node
class Return(Node):
    """``return e``: a helper's result."""

    value: Expr
    pos: Pos


@node
class If(Node):
    """``if``/``elif`` branches as (test, body) pairs, then the ``else`` body (or None)."""

    branches: tuple[tuple[Expr, tuple[Statement, ...]], ...]
    orelse: tuple[Statement, ...] | None
    pos: Pos


Statement = LayerStmt | Assume | CountCheck | Repeat | Let | Unpack | AugAssign | Return | If


@node
class FunctionDef(Node):
    """``def name(params): body``: a helper computing a value."""

    name: str
    params: tuple[BlockParam, ...]
    body: tuple[Statement, ...]
    pos: Pos
    name_pos: Pos


@node
class BlockParam(Node):
    """``d`` or ``d=4`` or ``bias=True`` in a block header."""

    name: str
    default: Expr | None
    pos: Pos


@node
class BlockDef(Node):
    """``block Name(params)(inputs): body``: a sub-model used like a layer."""

    name: str
    params: tuple[BlockParam, ...]
    inputs: tuple[str, ...]
    body: tuple[Statement, ...]
    pos: Pos
    name_pos: Pos


@node
class Use(Node):
    """``use "file.sp"`` (``path``) or ``use stdlib.transformer`` (``module``)."""

    path: str | None
    module: str | None
    pos: Pos


@node
class ModelDef(Node):
    name: str
    symbols: tuple[SymbolDecl, ...]
    body: tuple[Statement, ...]
    pos: Pos
    name_pos: Pos

    @property
    def layers(self) -> tuple[LayerStmt, ...]:
        return tuple(s for s in self.body if isinstance(s, LayerStmt))

    @property
    def assumptions(self) -> tuple[Assume, ...]:
        return tuple(s for s in self.body if isinstance(s, Assume))


@node
class Module(Node):
    """A whole source file: its models in order, its blocks and its ``use`` lines."""

    models: tuple[ModelDef, ...]
    blocks: tuple[BlockDef, ...] = ()
    uses: tuple[Use, ...] = ()
    functions: tuple[FunctionDef, ...] = ()
    #: ``(message, line, column)`` of what the reader should know (look-alike names).
    notes: tuple[tuple[str, int, int], ...] = ()
