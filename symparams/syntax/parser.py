"""Text to syntax tree: the grammar in ``grammar/symparams.lark`` and a Transformer.

>>> module = parse_module("model m(n=3):\\n    Dense(n)\\n")
>>> module.models[0].body[0].call.func
'Dense'
"""

from __future__ import annotations

import functools
import tempfile
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput, VisitError
from lark.indenter import DedentError, Indenter

from ..errors import DSLSyntaxError, LimitError, SourceSpan
from ..limits import DEFAULT_LIMITS, Limits, prescan
from . import ast
from .keras_names import layer_func
from .source import decode_source, read_source, too_large
from .syntax_errors import dedent_line, syntax_error

__all__ = ["parse_module", "grammar_text", "read_source", "decode_source"]

GRAMMAR_FILE = "symparams.lark"


def grammar_text() -> str:
    """The grammar, from inside the installed package or from the source tree."""
    packaged = resources.files("symparams") / "grammar" / GRAMMAR_FILE
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source_tree = Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_FILE
    return source_tree.read_text(encoding="utf-8")


class _Indenter(Indenter):
    NL_type = "_NEWLINE"
    OPEN_PAREN_types = ["LPAR", "LSQB"]
    CLOSE_PAREN_types = ["RPAR", "RSQB"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 8


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        postlex=_Indenter(),
        propagate_positions=True,
        maybe_placeholders=True,
        cache=_can_cache(),  # the built LALR tables, in the temp dir: saves ~0.2 s per cold start
    )


def _can_cache() -> bool:
    """Lark caches in the temporary directory; without a usable one, build every time (lark
    itself carries on when the cache file cannot be read or written)."""
    try:
        tempfile.gettempdir()
    except OSError:
        return False
    return True


def _pos(meta) -> ast.Pos:
    return ast.Pos(meta.line, meta.column, meta.end_line, meta.end_column)


def _tok_pos(tok: Token) -> ast.Pos:
    return ast.Pos(tok.line, tok.column, tok.end_line, tok.end_column)


@v_args(meta=True)
class _ToAST(Transformer):
    """Parse tree to :mod:`symparams.syntax.ast` dataclasses; no meaning is attached here."""

    def __init__(self, filename: str, text: str, limits: Limits) -> None:
        super().__init__()
        self.filename = filename
        self.text = text
        self.limits = limits
        # lark's v_args re-wraps a method (functools.update_wrapper) on every attribute
        # access, i.e. per tree node: a third of the transform's time. Bind each once.
        for name, method in vars(type(self)).items():
            if hasattr(method, "visit_wrapper"):
                setattr(self, name, getattr(self, name))

    def start(self, meta, items):
        return ast.Module(
            tuple(m for m in items if isinstance(m, ast.ModelDef)),
            tuple(b for b in items if isinstance(b, ast.BlockDef)),
            tuple(u for u in items if isinstance(u, ast.Use)),
        )

    def block(self, meta, items):
        name, params, inputs, *body = items
        names = [p.name for p in params or ()]
        return ast.BlockDef(
            str(name), tuple(params or ()), tuple(inputs or ("input",)), tuple(body),
            _pos(meta), _tok_pos(name),
        ) if len(set(names)) == len(names) else self._duplicate(params)

    def _duplicate(self, params):
        seen: set[str] = set()
        for param in params:
            if param.name in seen:
                raise self._error(f"block parameter '{param.name}' is declared twice",
                                  param.pos)
            seen.add(param.name)
        return None  # pragma: no cover - only called with a duplicate

    def block_params(self, meta, items):
        return tuple(items)

    def block_param(self, meta, items):
        name, default = items
        return ast.BlockParam(str(name), default, _pos(meta))

    def tensor_names(self, meta, items):
        names = tuple(str(t) for t in items if t is not None)
        for index, tok in enumerate(items):
            if tok is not None and names.index(str(tok)) != index:
                raise self._error(f"input '{tok}' is named twice", _tok_pos(tok))
        return names

    def use_stmt(self, meta, items):
        (target,) = items
        if isinstance(target, Token):
            return ast.Use(_unquote(str(target)), None, _pos(meta))
        return ast.Use(None, target, _pos(meta))

    def dotted_name(self, meta, items):
        return ".".join(str(t) for t in items)

    def application(self, meta, items):
        call, inputs, repeat = items
        return _Application(call, inputs, repeat)

    def tensor_args(self, meta, items):
        return (tuple(str(t) for t in items if t is not None), _pos(meta))

    def assign_stmt(self, meta, items):
        target, app = items
        return app.statement(_pos(meta), str(target))

    def repeat_stmt(self, meta, items):
        count, name, *body = items
        return ast.Repeat(count, str(name) if name is not None else None, tuple(body),
                          _pos(meta))

    def model(self, meta, items):
        name, decls, *body = items
        return ast.ModelDef(
            str(name), tuple(decls or ()), tuple(body), _pos(meta), _tok_pos(name)
        )

    def symbol_decls(self, meta, items):
        return tuple(items)

    def symbol_decl(self, meta, items):
        name, value, latex = items
        latex_text = _unquote(str(latex)) if latex is not None else None
        return ast.SymbolDecl(str(name), value, _pos(meta), latex_text)

    def assume_stmt(self, meta, items):
        return ast.Assume(tuple(items), _pos(meta))

    def comparison(self, meta, items):
        left, op, right = items
        return ast.Comparison(str(op), left, right, _pos(meta))

    def signed_int(self, meta, items):
        return self._int(items[0])

    def negative_int(self, meta, items):
        return -self._int(items[0])

    def layer_stmt(self, meta, items):
        if isinstance(items[0], _Application):
            return items[0].statement(_pos(meta))
        return ast.LayerStmt(items[0], _pos(meta))

    def model_add(self, meta, items):
        method, call = items
        if str(method) != "add":
            raise self._error(
                f"'model.{method}(...)' is not a layer; only 'model.add(Layer(...))' lines "
                "paste in",
                _tok_pos(method),
                hint="write the layer call alone, e.g. 'Dense(10)'",
            )
        return call

    def qualified_name(self, meta, items):  # `tf.keras.layers.Dense`: one NAME token
        first, last = items[0], items[-1]
        return Token("NAME", ".".join(str(t) for t in items), first.start_pos, first.line,
                     first.column, last.end_line, last.end_column, last.end_pos)

    def call(self, meta, items):
        name, arguments = items
        args, keywords = [], []
        for item in arguments or ():
            if isinstance(item, ast.Keyword):
                keywords.append(item)
            elif keywords:
                raise self._error(
                    "positional argument follows keyword argument", item.pos
                )
            else:
                args.append(item)
        return ast.Call(layer_func(str(name)), tuple(args), tuple(keywords), _pos(meta),
                        _tok_pos(name))

    def layer_call(self, meta, items):  # a statement's call: the same node as `call`
        return self.call(meta, items)

    def arguments(self, meta, items):
        return tuple(items)

    def keyword(self, meta, items):
        name, value = items
        return ast.Keyword(str(name), value, _pos(meta))

    def _binop(op):  # noqa: N805 - a factory used in the class body
        def method(self, meta, items):
            return ast.BinOp(op, items[0], items[1], _pos(meta))

        return method

    add = _binop("+")
    sub = _binop("-")
    mul = _binop("*")
    floordiv = _binop("//")
    truediv = _binop("/")
    mod = _binop("%")
    pow = _binop("**")
    del _binop

    def neg(self, meta, items):
        return ast.UnaryOp("-", items[0], _pos(meta))

    def pos(self, meta, items):
        return ast.UnaryOp("+", items[0], _pos(meta))

    def int(self, meta, items):
        return ast.Int(self._int(items[0]), _tok_pos(items[0]))

    def float(self, meta, items):
        tok = items[0]
        return ast.Float(float(str(tok).replace("_", "")), str(tok), _tok_pos(tok))

    def string(self, meta, items):
        tok = items[0]
        return ast.Str(_unquote(str(tok)), _tok_pos(tok))

    def true(self, meta, items):
        return ast.Const(True, _pos(meta))

    def false(self, meta, items):
        return ast.Const(False, _pos(meta))

    def none(self, meta, items):
        return ast.Const(None, _pos(meta))

    def name(self, meta, items):
        return ast.Name(str(items[0]), _tok_pos(items[0]))

    def tuple(self, meta, items):
        return ast.TupleExpr(tuple(i for i in items if i is not None), _pos(meta))

    def list(self, meta, items):
        return ast.ListExpr(tuple(i for i in items if i is not None), _pos(meta))

    # -- helpers -----------------------------------------------------------------------------

    def _int(self, tok: Token) -> int:
        digits = str(tok).replace("_", "")
        if len(digits) > self.limits.max_int_digits:
            raise LimitError(
                f"integer literal has {len(digits)} digits; the limit is "
                f"{self.limits.max_int_digits}",
                self._span(_tok_pos(tok)),
            )
        return int(digits)

    def _span(self, pos: ast.Pos) -> SourceSpan:
        return SourceSpan(
            self.filename, self.text, pos.line, pos.column, pos.end_line, pos.end_column
        )

    def _error(self, message: str, pos: ast.Pos, hint: str | None = None) -> DSLSyntaxError:
        return DSLSyntaxError(message, self._span(pos), hint=hint)


class _Application:
    """``call``, ``call(tensors)`` or ``call * count``, before it becomes a statement."""

    def __init__(self, call: ast.Call, inputs, repeat) -> None:
        self.call, self.inputs, self.repeat = call, inputs, repeat

    def statement(self, pos: ast.Pos, target: str | None = None) -> ast.LayerStmt:
        names, names_pos = self.inputs if self.inputs is not None else (None, None)
        return ast.LayerStmt(self.call, pos, names, target, self.repeat, names_pos)


_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}


def _unquote(token: str) -> str:
    """The value of a quoted string token; only simple escapes are interpreted.

    >>> _unquote("'relu'"), _unquote('"a\\\\"b"')
    ('relu', 'a"b')
    """
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


# Human names for the grammar's terminals, for "expected ..." messages.


def _check_nesting(tree: Tree, filename: str, text: str, limits: Limits) -> None:
    """Reject trees nested deeper than the limit, before recursive passes see them."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limits.max_nesting:
            meta = node.meta
            raise LimitError(
                f"expression nested deeper than {limits.max_nesting} levels",
                SourceSpan(filename, text, meta.line, meta.column),
                hint="simplify the expression or raise Limits.max_nesting",
            )
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + 1))


def parse_module(
    text: str, filename: str = "<string>", limits: Limits = DEFAULT_LIMITS
) -> ast.Module:
    """Parse model source text into an :class:`symparams.syntax.ast.Module`.

    Raises :class:`symparams.errors.DSLSyntaxError` (or ``LimitError``) for bad text.
    """
    if len(text) > limits.max_source_bytes or (
        len(text.encode("utf-8", "surrogatepass")) > limits.max_source_bytes
    ):
        raise too_large(filename, limits)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    prescan(text, filename, limits)  # nesting, statement length, layer count: before lark
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as err:
        raise syntax_error(err, filename, text) from None
    except DedentError as err:
        line = dedent_line(text, err)
        raise DSLSyntaxError(
            "indentation does not match any outer block",
            SourceSpan(filename, text, line, 1),
        ) from None
    _check_nesting(tree, filename, text, limits)
    try:
        return _ToAST(filename, text, limits).transform(tree)
    except VisitError as err:
        if isinstance(err.orig_exc, (DSLSyntaxError, LimitError)):
            raise err.orig_exc from None
        raise
