"""Text to syntax tree: the grammar in ``grammar/symparams.lark`` and a Transformer.

>>> module = parse_module("model m(n=3):\\n    Dense(n)\\n")
>>> module.models[0].body[0].call.func
'Dense'
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import tempfile
from fractions import Fraction
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput, VisitError
from lark.indenter import DedentError, Indenter

from ..errors import DSLSyntaxError, LimitError, SourceSpan
from ..limits import DEFAULT_LIMITS, Limits, prescan
from . import ast
from .checks import claim
from .display_names import (
    DISPLAY_NAME_HINT,
    display_name_problem,
    token_offset,
    unquote_display_name,
)
from .identifiers import lookalike_notes, normalize_name
from .indentation import check_indentation
from .keras_names import layer_func
from .source import decode_source, read_source, too_large
from .syntax_errors import dedent_line, syntax_error

__all__ = ["parse_module", "grammar_text", "read_source", "decode_source", "nesting_ceiling"]

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
        lexer_callbacks={"NAME": _normalized},  # identifiers in NFKC form, as in Python
        cache=_can_cache(),  # the built LALR tables, in the temp dir: saves ~0.2 s per cold start
    )


def _normalized(token: Token) -> Token:
    return token if token.isascii() else token.update(value=normalize_name(token))


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
            tuple(f for f in items if isinstance(f, ast.FunctionDef)),
        )

    def def_stmt(self, meta, items):
        name, params, *body = items
        names = [p.name for p in params or ()]
        if len(set(names)) != len(names):
            self._duplicate(params)
        return ast.FunctionDef(str(name), tuple(params or ()), tuple(body), _pos(meta),
                               _tok_pos(name))

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
        target, value = items
        app = _as_application(value)
        if app is not None:
            return app.statement(_pos(meta), str(target))
        return ast.Let(str(target), value, _pos(meta))

    def unpack_stmt(self, meta, items):
        *names, value = items
        targets = tuple(str(t) for t in names if t is not None)
        for index, tok in enumerate(t for t in names if t is not None):
            if targets.index(str(tok)) != index:
                raise self._error(f"'{tok}' is named twice", _tok_pos(tok))
        return ast.Unpack(targets, value, _pos(meta))

    def aug_stmt(self, meta, items):
        target, op, value = items
        return ast.AugAssign(str(target), str(op)[:-1], value, _pos(meta))

    def return_stmt(self, meta, items):
        return ast.Return(items[0], _pos(meta))

    def if_stmt(self, meta, items):
        test, body, *rest = items
        orelse = rest.pop() if rest else None
        branches = ((test, body), *rest)
        return ast.If(tuple(branches), orelse, _pos(meta))

    def elif_clause(self, meta, items):
        return (items[0], items[1])

    def else_clause(self, meta, items):
        return items[0]

    def suite(self, meta, items):
        return tuple(items)

    def repeat_stmt(self, meta, items):
        count, name, index, *body = items
        if index is not None and str(index) == str(name):
            raise self._error(f"'{index}' names both the running tensor and the index",
                              _tok_pos(index))
        return ast.Repeat(count, str(name) if name is not None else None, tuple(body),
                          _pos(meta), str(index) if index is not None else None)

    def ternary(self, meta, items):
        body, test, orelse = items
        return ast.IfExp(test, body, orelse, _pos(meta))

    def or_(self, meta, items):
        return _bool_op("or", items, _pos(meta))

    def and_(self, meta, items):
        return _bool_op("and", items, _pos(meta))

    def not_(self, meta, items):
        return ast.Not(items[0], _pos(meta))

    def compare(self, meta, items):
        left, rest = items[0], items[1:]
        return ast.Compare(left, tuple(rest[0::2]), tuple(rest[1::2]), _pos(meta))

    def comp_op(self, meta, items):
        return str(items[0])

    def is_(self, meta, items):
        return "is"

    def is_not(self, meta, items):
        return "is not"

    def attribute(self, meta, items):
        value, name = items
        return ast.Attribute(value, str(name), _pos(meta))

    def subscript(self, meta, items):
        value, index = items
        return ast.Subscript(value, index, _pos(meta))

    def applied(self, meta, items):
        call, (names, names_pos) = items[0], items[1]
        return ast.Applied(call, names, names_pos, _pos(meta))

    def model(self, meta, items):
        name, decls, *body = items
        return ast.ModelDef(
            str(name), tuple(decls or ()), tuple(body), _pos(meta), _tok_pos(name)
        )

    def symbol_decls(self, meta, items):
        return tuple(items)

    def symbol_decl(self, meta, items):
        name, value, latex = items
        latex_text = None
        if latex is not None:
            latex_text = unquote_display_name(str(latex))
            problem = display_name_problem(latex_text)
            if problem is not None:  # located at the character, counted in the token
                offset, message = problem
                column = latex.column + 1 + token_offset(str(latex), offset)
                raise self._error(message, ast.Pos(latex.line, column, latex.line, column + 1),
                                  hint=DISPLAY_NAME_HINT)
        rational = isinstance(value, Fraction)  # `alpha=1.0` too: a rational symbol
        return ast.SymbolDecl(str(name), value, _pos(meta), latex_text, rational)

    def header_float(self, meta, items):
        tok = items[0]
        text = str(tok).replace("_", "")
        if len(text) > self.limits.max_int_digits:
            raise LimitError(f"number has {len(text)} characters; the limit is "
                             f"{self.limits.max_int_digits}", self._span(_tok_pos(tok)))
        return Fraction(text)

    def header_fraction(self, meta, items):
        numerator, denominator = (self._int(t) for t in items)
        if denominator == 0:
            raise self._error("division by zero", _tok_pos(items[1]))
        return Fraction(numerator, denominator)

    def assume_stmt(self, meta, items):
        comparisons = []
        for item in items:
            if not (isinstance(item, ast.Compare) and len(item.ops) == 1
                    and item.ops[0] not in ("is", "is not")):
                raise self._error("'assume' takes comparisons such as 'H % 32 == 0' or "
                                  "'k <= H'", item.pos)
            comparisons.append(ast.Comparison(item.ops[0], item.left, item.comparators[0],
                                              item.pos))
        return ast.Assume(tuple(comparisons), _pos(meta))

    def check_stmt(self, meta, items):
        claims = tuple(claim(item, self._error) for item in items)
        return ast.CountCheck(claims, _pos(meta))

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
        token = items[0]
        head, dot, attr = str(token).rpartition(".")
        if dot and attr == "shape" and "." not in head:  # `x.shape`, not a Keras path
            pos = _tok_pos(token)
            base = ast.Name(head, ast.Pos(pos.line, pos.column, pos.line,
                                          pos.column + len(head)))
            return ast.Attribute(base, attr, pos)
        return ast.Name(str(token), _tok_pos(token))

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


def _bool_op(op: str, items, pos: ast.Pos) -> ast.BoolOp:
    left, right = items
    values = left.values if isinstance(left, ast.BoolOp) and left.op == op else (left,)
    return ast.BoolOp(op, (*values, right), pos)


def _as_application(value) -> _Application | None:
    """``Dense(d)``, ``Dense(d)(x)``, ``Dense(d) * L`` on the right of ``=``: a layer (or
    block) statement, if the called name turns out to be one (the engine decides)."""
    count = None
    if isinstance(value, ast.BinOp) and value.op == "*" and isinstance(
            value.left, (ast.Call, ast.Applied)):
        value, count = value.left, value.right
    if isinstance(value, ast.Call):
        return _Application(value, None, count)
    if isinstance(value, ast.Applied):
        return _Application(value.call, (value.inputs, value.inputs_pos), count)
    return None


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


def nesting_ceiling() -> int:
    """The deepest parse tree that the recursive passes (lark, elaboration, SymPy) can take
    under the current recursion limit, whatever ``Limits.max_nesting`` says.

    >>> nesting_ceiling() == sys.getrecursionlimit() // 4
    True
    """
    return sys.getrecursionlimit() // 4


def _check_nesting(tree: Tree, filename: str, text: str, limits: Limits) -> None:
    """Reject trees nested deeper than the limit, before recursive passes see them; a limit
    raised past what Python's recursion limit allows stops at that ceiling
    (:func:`nesting_ceiling`) instead of crashing."""
    allowed = min(limits.max_nesting, nesting_ceiling())
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > allowed:
            meta = node.meta
            beyond = "" if allowed == limits.max_nesting else (
                " (the most that Python's recursion limit lets symparams analyse)")
            raise LimitError(
                f"expression nested deeper than {allowed} levels{beyond}",
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
    check_indentation(text, filename)  # tabs and spaces that mean different things
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
        module = _ToAST(filename, text, limits).transform(tree)
        notes = lookalike_notes(text)
        return dataclasses.replace(module, notes=tuple(notes)) if notes else module
    except VisitError as err:
        if isinstance(err.orig_exc, (DSLSyntaxError, LimitError)):
            raise err.orig_exc from None
        raise
