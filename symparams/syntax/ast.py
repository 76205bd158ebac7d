"""The syntax tree: frozen dataclasses with source positions, and nothing else.

The parser's Transformer builds these; meaning (symbols, shapes, formulas) comes later, in
:mod:`symparams.engine.elaborate`. Nothing here knows about SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

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


@dataclass(frozen=True)
class Pos:
    """1-based line and column of a node's first character, and of the end (exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Int:
    value: int
    pos: Pos


@dataclass(frozen=True)
class Float:
    value: float
    text: str
    pos: Pos


@dataclass(frozen=True)
class Str:
    value: str
    pos: Pos


@dataclass(frozen=True)
class Const:
    """``True``, ``False`` or ``None``."""

    value: bool | None
    pos: Pos


@dataclass(frozen=True)
class Name:
    id: str
    pos: Pos


@dataclass(frozen=True)
class BinOp:
    """``left op right`` with op one of ``+ - * // / % **``."""

    op: str
    left: Expr
    right: Expr
    pos: Pos


@dataclass(frozen=True)
class UnaryOp:
    op: str  # "-" or "+"
    operand: Expr
    pos: Pos


@dataclass(frozen=True)
class TupleExpr:
    items: tuple[Expr, ...]
    pos: Pos


@dataclass(frozen=True)
class ListExpr:
    items: tuple[Expr, ...]
    pos: Pos


@dataclass(frozen=True)
class Keyword:
    name: str
    value: Expr
    pos: Pos


@dataclass(frozen=True)
class Call:
    """A layer call ``Name(arg, ..., key=value, ...)``; also usable as an argument."""

    func: str
    args: tuple[Expr, ...]
    keywords: tuple[Keyword, ...]
    pos: Pos
    func_pos: Pos


@dataclass(frozen=True)
class Attribute:
    """``value.attr``: only ``x.shape`` (a tensor's shape) has a meaning."""

    value: Expr
    attr: str
    pos: Pos


@dataclass(frozen=True)
class Subscript:
    """``value[index]``: ``x.shape[-1]``."""

    value: Expr
    index: Expr
    pos: Pos


@dataclass(frozen=True)
class Compare:
    """``a < b <= c``: ``ops`` between ``left`` and each of ``comparators`` (``is``,
    ``is not`` too)."""

    left: Expr
    ops: tuple[str, ...]
    comparators: tuple[Expr, ...]
    pos: Pos


@dataclass(frozen=True)
class BoolOp:
    """``a and b`` or ``a or b``."""

    op: str
    values: tuple[Expr, ...]
    pos: Pos


@dataclass(frozen=True)
class Not:
    operand: Expr
    pos: Pos


@dataclass(frozen=True)
class IfExp:
    """``body if test else orelse``."""

    test: Expr
    body: Expr
    orelse: Expr
    pos: Pos


@dataclass(frozen=True)
class Applied:
    """``Dense(d)(x, y)``: a call applied to named tensors (a statement's right-hand side)."""

    call: Call
    inputs: tuple[str, ...]
    inputs_pos: Pos
    pos: Pos


Expr = (Int | Float | Str | Const | Name | BinOp | UnaryOp | TupleExpr | ListExpr | Call
        | Attribute | Subscript | Compare | BoolOp | Not | IfExp | Applied)


@dataclass(frozen=True)
class SymbolDecl:
    """``name``, ``name=value`` or ``name=value as "latex"`` in a model header."""

    name: str
    value: int | Fraction | None
    pos: Pos
    latex: str | None = None
    rational: bool = False
    """Declared with a fraction or decimal example value (``alpha=3/4``, ``alpha=0.75``)."""


@dataclass(frozen=True)
class Comparison:
    """``left op right`` with op one of ``== != < <= > >=``."""

    op: str
    left: Expr
    right: Expr
    pos: Pos


@dataclass(frozen=True)
class Assume:
    """``assume H % 32 == 0, k <= H``: facts about the symbols, checked at values."""

    comparisons: tuple[Comparison, ...]
    pos: Pos


@dataclass(frozen=True)
class CountCheck:
    """``check simple_rnn.params == 1890, params <= 10**6``: counts claimed by the text
    around the model, each ``[layer.]quantity OP expression``, checked at values.

    ``claims`` are ``(layer or None, quantity, comparison)``; the comparison's ``left`` is
    the count's reference as written."""

    claims: tuple[tuple[str | None, str, Comparison], ...]
    pos: Pos


@dataclass(frozen=True)
class LayerStmt:
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


@dataclass(frozen=True)
class Repeat:
    """``repeat L as h:`` and a body that maps the running tensor ``h`` to its own shape."""

    count: Expr
    name: str | None
    body: tuple[Statement, ...]
    pos: Pos
    index: str | None = None
    """``repeat n as h, i:`` names the copy's index ``i`` (0 .. n-1)."""


@dataclass(frozen=True)
class Let:
    """``c = x.shape[-1]``: a value named in a body (not a layer's result)."""

    target: str
    value: Expr
    pos: Pos


@dataclass(frozen=True)
class Unpack:
    """``h, w, c = x.shape``."""

    targets: tuple[str, ...]
    value: Expr
    pos: Pos


@dataclass(frozen=True)
class AugAssign:
    """``v += e`` (``-=``, ``*=``, ``//=``, ``/=``)."""

    target: str
    op: str
    value: Expr
    pos: Pos


@dataclass(frozen=True)
class Return:
    """``return e``: a helper's result."""

    value: Expr
    pos: Pos


@dataclass(frozen=True)
class If:
    """``if``/``elif`` branches as (test, body) pairs, then the ``else`` body (or None)."""

    branches: tuple[tuple[Expr, tuple[Statement, ...]], ...]
    orelse: tuple[Statement, ...] | None
    pos: Pos


Statement = LayerStmt | Assume | CountCheck | Repeat | Let | Unpack | AugAssign | Return | If


@dataclass(frozen=True)
class FunctionDef:
    """``def name(params): body``: a helper computing a value."""

    name: str
    params: tuple[BlockParam, ...]
    body: tuple[Statement, ...]
    pos: Pos
    name_pos: Pos


@dataclass(frozen=True)
class BlockParam:
    """``d`` or ``d=4`` or ``bias=True`` in a block header."""

    name: str
    default: Expr | None
    pos: Pos


@dataclass(frozen=True)
class BlockDef:
    """``block Name(params)(inputs): body``: a sub-model used like a layer."""

    name: str
    params: tuple[BlockParam, ...]
    inputs: tuple[str, ...]
    body: tuple[Statement, ...]
    pos: Pos
    name_pos: Pos


@dataclass(frozen=True)
class Use:
    """``use "file.sp"`` (``path``) or ``use stdlib.transformer`` (``module``)."""

    path: str | None
    module: str | None
    pos: Pos


@dataclass(frozen=True)
class ModelDef:
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


@dataclass(frozen=True)
class Module:
    """A whole source file: its models in order, its blocks and its ``use`` lines."""

    models: tuple[ModelDef, ...]
    blocks: tuple[BlockDef, ...] = ()
    uses: tuple[Use, ...] = ()
    functions: tuple[FunctionDef, ...] = ()
    #: ``(message, line, column)`` of what the reader should know (look-alike names).
    notes: tuple[tuple[str, int, int], ...] = ()
