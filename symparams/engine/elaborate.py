"""Syntax tree to analysed models: resolve symbols, bind arguments, derive shapes and counts.

A model body is a graph of named tensors (see :mod:`symparams.engine.graph`); a plain chain of
layers, each applied to the previous one's output, is its simplest case.
"""

from __future__ import annotations

import keyword
from functools import partial
from pathlib import Path

import sympy
from sympy import Integer

from ..errors import (
    ArgumentError,
    DeclarationError,
    LimitError,
    ShapeError,
    SourceSpan,
)
from ..layers import registry
from ..layers.core import INPUT_PARAMS
from ..layers.registry import (
    Condition,
    LayerType,
    Reject,
    positivity_conditions,
)
from ..limits import DEFAULT_LIMITS, Limits, expressions_problem, limit_hint, rounding_problem
from ..symbolic.assumptions import build_assumptions
from ..symbolic.functions import FUNCTION_NAMES
from ..symbolic.integers import NONE_DIM, has_none_dim, is_provably_ge, symbol
from ..symbolic.refine import refine_model
from ..syntax import ast
from .binding import INPUT_NAMES, BoundLayer, ModelContext, own_arguments
from .checks import build_checks
from .derived import derive
from .expr import ExprBuilder
from .fusion_copies import copy_fused_chains
from .graph import run_model_body
from .helpers import bind_value, configure
from .imports import collect_blocks
from .memo import run_memo
from .model import Document, Layer, Model, Warning_, distinct_warnings

__all__ = ["elaborate"]

class _Elaborator:
    def __init__(self, module: ast.Module, filename: str, text: str, limits: Limits) -> None:
        self.module = module
        self.filename = filename
        self.text = text
        self.limits = limits
        self.warnings: list[Warning_] = [  # look-alike names, found by the parser
            Warning_(message, SourceSpan(filename, text, line, column))
            for message, line, column in module.notes]
        self.layer_count = 0

    def span(self, pos: ast.Pos) -> SourceSpan:
        return SourceSpan(
            self.filename, self.text, pos.line, pos.column, pos.end_line, pos.end_column
        )

    def run(self) -> Document:
        found = collect_blocks(self.module, self.filename, self.text, self.limits)
        self.blocks = {n: s for n, s in found.items()
                       if not isinstance(s.definition, ast.FunctionDef)}
        self.functions = {n: s for n, s in found.items()
                          if isinstance(s.definition, ast.FunctionDef)}
        for name, source in self.functions.items():
            if name in FUNCTION_NAMES:
                raise DeclarationError(
                    f"helper '{name}' has the name of a built-in function",
                    SourceSpan(source.filename, source.text, source.definition.name_pos.line,
                               source.definition.name_pos.column))
        for name, source in found.items():
            if registry.lookup(name) is not None or name in INPUT_NAMES:
                raise DeclarationError(
                    f"block '{name}' has the name of a layer",
                    SourceSpan(source.filename, source.text, source.definition.name_pos.line,
                               source.definition.name_pos.column))
        models: dict[str, Model] = {}
        for model_def in self.module.models:
            if model_def.name in models:
                raise DeclarationError(
                    f"model '{model_def.name}' is defined twice", self.span(model_def.name_pos)
                )
            models[model_def.name] = self.model(model_def)
        files = sorted({source.filename for source in found.values()
                        if source.filename != self.filename
                        and Path(source.filename).is_absolute()})  # (not the stdlib's)
        return Document(models, self.filename, self.text, distinct_warnings(self.warnings),
                        tuple(files))

    def symbols(self, model_def: ast.ModelDef):
        symbols: dict[str, sympy.Symbol] = {}
        values: dict[str, int | sympy.Rational | None] = {}
        may_be_zero = _declared_nonnegative(model_def)
        for decl in model_def.symbols:
            if keyword.iskeyword(decl.name):
                raise DeclarationError(
                    f"'{decl.name}' is a Python keyword, not a valid symbol name",
                    self.span(decl.pos),
                )
            if decl.name in symbols:
                raise DeclarationError(
                    f"symbol '{decl.name}' is declared twice", self.span(decl.pos)
                )
            if registry.lookup(decl.name) is not None or decl.name in INPUT_NAMES:
                raise DeclarationError(
                    f"'{decl.name}' is a layer name, not a valid symbol name",
                    self.span(decl.pos),
                )
            least = 0 if decl.name in may_be_zero else 1
            if decl.value is not None and (decl.value <= 0 if decl.rational
                                           else decl.value < least):
                raise DeclarationError(
                    f"symbols are {'positive' if least else 'non-negative'} "
                    f"{'numbers' if decl.rational else 'integers'}; '{decl.name}' has "
                    f"example value {decl.value}",
                    self.span(decl.pos),
                )
            if decl.rational:
                symbols[decl.name] = sympy.Symbol(decl.name, rational=True, positive=True)
                values[decl.name] = sympy.Rational(decl.value.numerator,
                                                   decl.value.denominator)
            else:
                symbols[decl.name] = symbol(decl.name) if least else \
                    sympy.Symbol(decl.name, integer=True, nonnegative=True)
                values[decl.name] = decl.value
        return symbols, values

    def model(self, model_def: ast.ModelDef) -> Model:
        symbols, values = self.symbols(model_def)
        ctx = ModelContext(self.filename, self.text, self.limits, self.warnings)
        ctx.builder = ExprBuilder(symbols, ctx.span, self.limits, tuple(registry.layer_names()))
        assumptions = build_assumptions(model_def.assumptions, ctx.expr, ctx.span)
        configure(ctx.builder, self.functions, assumptions)
        statements = [s for s in model_def.body if not isinstance(s, ast.Assume)]
        if not [s for s in statements if not isinstance(s, ast.CountCheck)]:
            raise ShapeError(f"model '{model_def.name}' has no layers",
                             self.span(model_def.name_pos))
        input_shape, first_call = None, None
        inputs, spans, statements = self.inputs(statements, ctx)
        first = statements[0] if statements else None
        if inputs:
            input_shape = inputs[0][1]
        elif isinstance(first, ast.LayerStmt) and first.inputs is None \
                and first.call.func not in self.blocks:
            first_call = first.call
            bound = ctx.bind(_without_tied(first_call))
            input_shape = self.input_shape(model_def, bound, ctx)
        if input_shape is None:
            raise ShapeError(f"model '{model_def.name}' does not say its input shape",
                             self.span(model_def.name_pos),
                             hint="start the model with Input(shape=(...))")
        inputs = inputs or [("input", tuple(input_shape))]
        several = len(inputs) > 1
        input_conditions = tuple(
            Condition(d, Integer(1), f"input {name} dimension" if several else "input dimension",
                      span=spans.get(name))
            for name, shape in inputs for d in shape
            if not d.is_Integer and not is_provably_ge(d, 1)
        )
        layers = copy_fused_chains(run_model_body(  # XLA's fused copies: fusion_copies
            self, ctx, statements, inputs, self.blocks, first_call, assumptions, spans,
            self.functions))
        checks = build_checks([s for s in model_def.body if isinstance(s, ast.CountCheck)],
                              ctx.expr, ctx.span,
                              [row.name for top in layers for row in top.walk()],
                              model_def.name)
        return refine_model(Model(
            model_def.name,
            symbols,
            values,
            input_shape,
            tuple(layers),
            self.span(model_def.name_pos),
            input_conditions,
            {d.name: d.latex for d in model_def.symbols if d.latex is not None},
            assumptions,
            limits=self.limits,
            inputs=tuple(inputs) if len(inputs) > 1 else (),
            checks=checks,
        ))

    def inputs(self, statements, ctx) -> tuple[list[tuple[str, tuple]], dict, list]:
        """The model's leading ``Input`` statements as (name, shape), where each is written,
        and the other statements. Several inputs must each be named: ``a = Input(...)``.
        Named values may come first (``d = 2 * n``, then ``Input(shape=(n, d))``): they are
        worked out here, as the body would."""
        inputs: list[tuple[str, tuple]] = []
        spans: dict[str, SourceSpan] = {}
        rest = list(statements)
        while rest and isinstance(rest[0], (ast.Let, ast.Unpack, ast.AugAssign, ast.LayerStmt)):
            if not (isinstance(rest[0], ast.LayerStmt) and rest[0].call.func in INPUT_NAMES):
                if inputs or not bind_value(rest[0], ctx, self.functions):
                    break
                rest.pop(0)
                continue
            stmt = rest.pop(0)
            call = stmt.call
            if stmt.inputs is not None or stmt.repeat is not None:
                raise ShapeError(f"{call.func} takes no tensors", ctx.span(call.func_pos))
            try:
                input_values, _ = ctx._bind_arguments(call, call.func, list(INPUT_PARAMS))
            except ArgumentError as err:  # "Input: shape must be a shape tuple ..."
                message = err.message.removeprefix(f"{call.func} ")
                raise ArgumentError(f"{call.func}{' ' if message != err.message else ': '}"
                                    f"{message}", err.span, hint=err.hint) from None
            name = stmt.target or "input"
            if any(name == seen for seen, _ in inputs):
                raise DeclarationError(
                    f"two inputs are named '{name}'", ctx.span(stmt.pos),
                    hint="name each input: a = Input(shape=(...)), b = Input(shape=(...))")
            inputs.append((name, tuple(input_values["shape"])))
            spans[name] = ctx.span(stmt.pos)
        return inputs, spans, rest

    def input_shape(self, model_def, bound: BoundLayer, ctx):
        """Without ``Input``: the first layer's ``input_shape=`` or ``input_dim=`` (Keras 2's
        ``Dense(32, input_dim=784)``), or ``Embedding(input_length=...)`` (Keras 2)."""
        args = bound.args
        if "input_shape" in args.given:
            return args.input_shape
        if "input_dim" in args.given and "input_dim" not in own_arguments(bound):
            return (args.input_dim,)
        if "input_length" in args.given and args.input_length is not None:
            return (args.input_length,)
        raise ShapeError(
            f"model '{model_def.name}' does not say its input shape",
            ctx.span(bound.call.pos),
            hint="start the model with Input(shape=(...)), or give the first layer "
            "input_shape=(...)",
        )

    def layer(self, bound: BoundLayer, x, name: str, ctx, inbound: tuple[str, ...] = ()
              ) -> Layer:
        """The row of ``bound`` on an input of shape ``x``, reading the tensors ``inbound``."""
        layer_type, args, call = bound.type, bound.args, bound.call
        span = ctx.span(call.pos)
        if not layer_type.rank_ok(len(x)):
            shown = "(" + ", ".join(map(str, x)) + ("," if len(x) == 1 else "") + ")"
            raise ShapeError(
                f"{layer_type.name} expects {layer_type.rank_text()}"
                + (f" {layer_type.input_doc}" if layer_type.input_doc else "")
                + f", got the {len(x)}-D input {shown}",
                ctx.span(call.func_pos),
                layer=name,
                hint=_rank_hint(layer_type, len(x)),
            )
        problem = rounding_problem(x, self.limits)
        if problem:  # counted work: floors that symbolic strides grew, refused before dividing
            raise LimitError(problem, ctx.span(call.func_pos), layer=name,
                             hint=limit_hint("max_rounding_size"))
        try:
            out, trainable, non_trainable, conditions = derive(layer_type, args, x)
            conditions = list(conditions)
        except Reject as err:
            raise ShapeError(err.message, ctx.span(call.func_pos), layer=name,
                             hint=err.hint) from None
        problem = expressions_problem((*out, trainable, non_trainable), self.limits)
        if problem:  # e.g. a product of huge dimensions: refuse before anything expands it
            raise LimitError(problem, ctx.span(call.func_pos), layer=name)
        trainable, non_trainable, out, conditions = _with_none_dims(
            trainable, non_trainable, out, conditions, x, name, ctx.span(call.func_pos))
        if args.get("trainable") is False:
            trainable, non_trainable = Integer(0), trainable + non_trainable
        conditions += positivity_conditions(layer_type.params, args)
        layer = Layer(
            name, layer_type.name, layer_type, args, tuple(x), out, trainable, non_trainable,
            tuple(conditions), span,
            inbound=inbound,
            cost_rule=partial(layer_type.cost, args, tuple(x), out) if layer_type.cost else None,
        )
        layer.check({})  # conditions without symbols are decided now, as Keras does at build
        for i, d in enumerate(out):
            if d.is_Integer and int(d) < 1:  # (an int: no SymPy comparison)
                raise ShapeError(
                    f"{name} would have output size {d} in dimension {i + 1}",
                    ctx.span(call.func_pos),
                    layer=name,
                )
        return layer

    def layer_name(self, bound: BoundLayer, used: set[str], counters: dict[str, int], ctx):
        """``name=`` if given, else Keras's stem numbered per model: dense, dense_1, ..."""
        given = bound.args.get("name")
        if isinstance(given, ast.Str):
            if given.value in used:
                raise ArgumentError(
                    f"{bound.type.name} ({given.value}): layer name '{given.value}' is used "
                    "twice", ctx.span(given.pos), layer=given.value)
            used.add(given.value)
            return given.value
        if given is not None and not isinstance(given, ast.Const):
            raise ArgumentError(f"{bound.type.name}: name must be a string",
                                ctx.span(given.pos))
        stem = bound.type.keras_name
        while True:
            count = counters.get(stem, 0)
            counters[stem] = count + 1
            name = stem if count == 0 else f"{stem}_{count}"
            if name not in used:
                used.add(name)
                return name


def _declared_nonnegative(model_def: ast.ModelDef) -> set[str]:
    """Symbols the model allows to be 0: ``assume n >= 0`` (or ``0 <= n``)."""
    found = set()
    for statement in model_def.assumptions:
        for comp in statement.comparisons:
            pairs = {">=": (comp.left, comp.right), "<=": (comp.right, comp.left)}
            if comp.op in pairs:
                name, zero = pairs[comp.op]
                if isinstance(name, ast.Name) and isinstance(zero, ast.Int) \
                        and zero.value == 0:
                    found.add(name.id)
    return found


def _with_none_dims(trainable, non_trainable, out, conditions, x, name, span):
    """Keras's ``None`` sizes: an output dimension computed from one is None; a condition on
    one cannot be checked (Keras does not either); a count that depends on one is an error."""
    if has_none_dim(trainable) or has_none_dim(non_trainable):
        shown = "(" + ", ".join(map(str, x)) + ("," if len(x) == 1 else "") + ")"
        raise ShapeError(
            f"the parameter count of {name} depends on a None dimension of its input {shown}",
            span, layer=name,
            hint="give that dimension a size: declare a symbol in the model header, e.g. "
            "model m(T=100), and write it in the input shape, e.g. Input(shape=(T, 8))")
    out = tuple(NONE_DIM if has_none_dim(d) else d for d in out)
    conditions = [c for c in conditions if not (has_none_dim(c.lhs) or has_none_dim(c.rhs))]
    return trainable, non_trainable, out, conditions


def _without_tied(call: ast.Call) -> ast.Call:
    """The call without the graph's own ``tied_to=`` argument (see
    :mod:`symparams.engine.graph`)."""
    keywords = tuple(k for k in call.keywords if k.name != "tied_to")
    return call if keywords == call.keywords else \
        ast.Call(call.func, call.args, keywords, call.pos, call.func_pos)


def _rank_hint(layer_type: LayerType, rank: int) -> str | None:
    if layer_type.name.startswith("Conv") and rank == layer_type.rank - 1:
        return "add a channels axis to the input shape, e.g. (H, W, 1)"
    if layer_type.rank == 2 and rank == 1:
        return "recurrent layers take (timesteps, features); use an Embedding or Reshape first"
    if rank > 1 and layer_type.rank == 1:
        return "add Flatten() before it"
    return None


def elaborate(
    module: ast.Module, filename: str, text: str, limits: Limits = DEFAULT_LIMITS
) -> Document:
    """Analyse every model of a parsed module."""
    try:
        with run_memo():
            return _Elaborator(module, filename, text, limits).run()
    except RecursionError:
        raise LimitError(
            "expression too deeply nested to analyse", SourceSpan(filename, text, 1, 1)
        ) from None
