"""Parse tree to syntax tree: lark's tree for the grammar in ``grammar/symparams.lark``
turned into :mod:`symparams.syntax.ast`'s frozen dataclasses, with their source positions
and nothing else (meaning comes later, in the engine).

>>> from symparams.syntax.parser import parse_module
>>> parse_module("model m(n=3):\\n    Dense(n)\\n").models[0].body[0].call.func
'Dense'
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import DSLSyntaxError, LimitError, SourceSpan
from ..limits import Limits
from . import ast
from .checks import claim
from .display_names import (
    DISPLAY_NAME_HINT,
    display_name_problem,
    token_offset,
    unquote_display_name,
)
from .generated_parser import Token, Transformer, v_args
from .keras_names import layer_func
from .tokens import meta_pos, token_pos, unquote

__all__ = ["ToAST"]


@v_args(meta=True)
class ToAST(Transformer):
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
        return ast.FunctionDef(str(name), tuple(params or ()), tuple(body), meta_pos(meta),
                               token_pos(name))

    def block(self, meta, items):
        name, params, inputs, *body = items
        names = [p.name for p in params or ()]
        return ast.BlockDef(
            str(name), tuple(params or ()), tuple(inputs or ("input",)), tuple(body),
            meta_pos(meta), token_pos(name),
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
        return ast.BlockParam(str(name), default, meta_pos(meta))

    def tensor_names(self, meta, items):
        names = tuple(str(t) for t in items if t is not None)
        for index, tok in enumerate(items):
            if tok is not None and names.index(str(tok)) != index:
                raise self._error(f"input '{tok}' is named twice", token_pos(tok))
        return names

    def use_stmt(self, meta, items):
        (target,) = items
        if isinstance(target, Token):
            return ast.Use(unquote(str(target)), None, meta_pos(meta))
        return ast.Use(None, target, meta_pos(meta))

    def dotted_name(self, meta, items):
        return ".".join(str(t) for t in items)

    def application(self, meta, items):
        call, inputs, repeat = items
        return _Application(call, inputs, repeat)

    def tensor_args(self, meta, items):
        items = [item for item in items if item is not None]
        keywords = tuple(item for item in items if isinstance(item, ast.Keyword))
        names = tuple(str(item) for item in items if not isinstance(item, ast.Keyword))
        first = next((i for i, item in enumerate(items) if isinstance(item, ast.Keyword)),
                     len(items))
        if first < len(names):
            raise self._error("a tensor after a keyword argument; name the tensors first",
                              token_pos(items[first + 1]) if not isinstance(
                                  items[first + 1], ast.Keyword) else items[first + 1].pos)
        return (names, meta_pos(meta), keywords)

    def assign_stmt(self, meta, items):
        target, value = items
        app = _as_application(value)
        if app is not None:
            return app.statement(meta_pos(meta), str(target))
        return ast.Let(str(target), value, meta_pos(meta))

    def unpack_stmt(self, meta, items):
        *names, value = items
        targets = tuple(str(t) for t in names if t is not None)
        for index, tok in enumerate(t for t in names if t is not None):
            if targets.index(str(tok)) != index:
                raise self._error(f"'{tok}' is named twice", token_pos(tok))
        return ast.Unpack(targets, value, meta_pos(meta))

    def aug_stmt(self, meta, items):
        target, op, value = items
        return ast.AugAssign(str(target), str(op)[:-1], value, meta_pos(meta))

    def return_stmt(self, meta, items):
        return ast.Return(items[0], meta_pos(meta))

    def if_stmt(self, meta, items):
        test, body, *rest = items
        orelse = rest.pop() if rest else None
        branches = ((test, body), *rest)
        return ast.If(tuple(branches), orelse, meta_pos(meta))

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
                              token_pos(index))
        return ast.Repeat(count, str(name) if name is not None else None, tuple(body),
                          meta_pos(meta), str(index) if index is not None else None)

    def ternary(self, meta, items):
        body, test, orelse = items
        return ast.IfExp(test, body, orelse, meta_pos(meta))

    def or_(self, meta, items):
        return _bool_op("or", items, meta_pos(meta))

    def and_(self, meta, items):
        return _bool_op("and", items, meta_pos(meta))

    def not_(self, meta, items):
        return ast.Not(items[0], meta_pos(meta))

    def compare(self, meta, items):
        left, rest = items[0], items[1:]
        return ast.Compare(left, tuple(rest[0::2]), tuple(rest[1::2]), meta_pos(meta))

    def comp_op(self, meta, items):
        return str(items[0])

    def is_(self, meta, items):
        return "is"

    def is_not(self, meta, items):
        return "is not"

    def in_(self, meta, items):
        return "in"

    def not_in(self, meta, items):
        return "not in"

    def attribute(self, meta, items):
        value, name = items
        return ast.Attribute(value, str(name), meta_pos(meta))

    def subscript(self, meta, items):
        value, index = items
        return ast.Subscript(value, index, meta_pos(meta))

    def applied(self, meta, items):
        call, (names, names_pos, keywords) = items[0], items[1]
        return ast.Applied(call, names, names_pos, meta_pos(meta), keywords)

    def model(self, meta, items):
        name, decls, *body = items
        return ast.ModelDef(
            str(name), tuple(decls or ()), tuple(body), meta_pos(meta), token_pos(name)
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
        return ast.SymbolDecl(str(name), value, meta_pos(meta), latex_text, rational)

    def header_float(self, meta, items):
        tok = items[0]
        text = str(tok).replace("_", "")
        if len(text) > self.limits.max_int_digits:
            raise LimitError(f"number has {len(text)} characters; the limit is "
                             f"{self.limits.max_int_digits}", self._span(token_pos(tok)))
        return Fraction(text)

    def header_fraction(self, meta, items):
        numerator, denominator = (self._int(t) for t in items)
        if denominator == 0:
            raise self._error("division by zero", token_pos(items[1]))
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
        return ast.Assume(tuple(comparisons), meta_pos(meta))

    def check_stmt(self, meta, items):
        claims = tuple(claim(item, self._error) for item in items)
        return ast.CountCheck(claims, meta_pos(meta))

    def signed_int(self, meta, items):
        return self._int(items[0])

    def negative_int(self, meta, items):
        return -self._int(items[0])

    def layer_stmt(self, meta, items):
        if isinstance(items[0], _Application):
            return items[0].statement(meta_pos(meta))
        return ast.LayerStmt(items[0], meta_pos(meta))

    def model_add(self, meta, items):
        method, call = items
        if str(method) != "add":
            raise self._error(
                f"'model.{method}(...)' is not a layer; only 'model.add(Layer(...))' lines "
                "paste in",
                token_pos(method),
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
        return ast.Call(layer_func(str(name)), tuple(args), tuple(keywords), meta_pos(meta),
                        token_pos(name))

    def layer_call(self, meta, items):  # a statement's call: the same node as `call`
        return self.call(meta, items)

    def arguments(self, meta, items):
        return tuple(items)

    def keyword(self, meta, items):
        name, value = items
        return ast.Keyword(str(name), value, meta_pos(meta))

    def _binop(op):  # noqa: N805 - a factory used in the class body
        def method(self, meta, items):
            return ast.BinOp(op, items[0], items[1], meta_pos(meta))

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
        return ast.UnaryOp("-", items[0], meta_pos(meta))

    def pos(self, meta, items):
        return ast.UnaryOp("+", items[0], meta_pos(meta))

    def int(self, meta, items):
        return ast.Int(self._int(items[0]), token_pos(items[0]))

    def float(self, meta, items):
        tok = items[0]
        return ast.Float(float(str(tok).replace("_", "")), str(tok), token_pos(tok))

    def string(self, meta, items):
        tok = items[0]
        return ast.Str(unquote(str(tok)), token_pos(tok))

    def true(self, meta, items):
        return ast.Const(True, meta_pos(meta))

    def false(self, meta, items):
        return ast.Const(False, meta_pos(meta))

    def none(self, meta, items):
        return ast.Const(None, meta_pos(meta))

    def name(self, meta, items):
        token = items[0]
        head, dot, attr = str(token).rpartition(".")
        if dot and attr == "shape" and "." not in head:  # `x.shape`, not a Keras path
            pos = token_pos(token)
            base = ast.Name(head, ast.Pos(pos.line, pos.column, pos.line,
                                          pos.column + len(head)))
            return ast.Attribute(base, attr, pos)
        return ast.Name(str(token), token_pos(token))

    def tuple(self, meta, items):
        return ast.TupleExpr(tuple(i for i in items if i is not None), meta_pos(meta))

    def list(self, meta, items):
        return ast.ListExpr(tuple(i for i in items if i is not None), meta_pos(meta))

    # -- helpers -----------------------------------------------------------------------------

    def _int(self, tok: Token) -> int:
        digits = str(tok).replace("_", "")
        if len(digits) > self.limits.max_int_digits:
            raise LimitError(
                f"integer literal has {len(digits)} digits; the limit is "
                f"{self.limits.max_int_digits}",
                self._span(token_pos(tok)),
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
        names, names_pos, keywords = self.inputs if self.inputs is not None else (None, None, ())
        return ast.LayerStmt(self.call, pos, names, target, self.repeat, names_pos, keywords)


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
        return _Application(value.call, (value.inputs, value.inputs_pos, value.call_keywords),
                            count)
    return None
