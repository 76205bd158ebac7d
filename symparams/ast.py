"""The syntax tree: frozen dataclasses with source positions, and nothing else.

The parser's Transformer builds these; meaning (symbols, shapes, formulas) comes later, in
:mod:`symparams.elaborate`. Nothing here knows about SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    "Expr",
    "SymbolDecl",
    "Comparison",
    "Assume",
    "Statement",
    "LayerStmt",
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


Expr = Int | Float | Str | Const | Name | BinOp | UnaryOp | TupleExpr | ListExpr | Call


@dataclass(frozen=True)
class SymbolDecl:
    """``name``, ``name=value`` or ``name=value as "latex"`` in a model header."""

    name: str
    value: int | None
    pos: Pos
    latex: str | None = None


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
class LayerStmt:
    call: Call
    pos: Pos


Statement = LayerStmt | Assume


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
    """A whole source file: its models in order."""

    models: tuple[ModelDef, ...]
