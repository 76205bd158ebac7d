"""Keras code (a script, or a notebook's cells joined) to imported models, read with
:mod:`ast` and never executed.

Found: ``model = Sequential([...])`` then ``model.add(...)`` lines; functional code
(``x = Input(...)``, ``x = Dense(8)(x)``, ``Model(inputs, outputs)``); integer variables
(``n_classes = 10``), which become symbols. Reported, with their line, not guessed: a loop or
condition that builds layers, a custom layer class, a layer object applied twice, anything
else with no model-text equivalent.

>>> result = translate_python("from keras import layers, Sequential\\n"
...     "model = Sequential([layers.Input(shape=(4,)), layers.Dense(2)])  # tiny\\n")
>>> [(m.name, [line.call.func for line in m.lines]) for m in result.models]
[('sequential', ['Input', 'Dense'])]
"""

from __future__ import annotations

import ast as pyast
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import DSLSyntaxError, SourceSpan
from ..syntax.keras_names import layer_func
from .application_calls import ApplicationCalls
from .applications import application_name
from .arithmetic import is_arithmetic
from .comments import attach_comments, source_comments
from .functional import FunctionalGraph
from .inline import MAX_VALUE_NODES, HelperCalls, is_main_guard, substituted
from .ir import Call, ImportedModel, LayerLine, Operation, Problem, Ref, identifier
from .loops import decided
from .python_values import MODEL_CLASSES, Untranslatable, ValueReader, dotted, joined_tuple
from .tensor_functions import is_keras_function

__all__ = ["Translation", "translate_python"]

_IGNORED_METHODS = {"summary", "compile", "fit", "evaluate", "predict", "save", "build",
                    "load_weights", "save_weights", "count_params", "get_config", "to_json"}


@dataclass
class Translation:
    models: list[ImportedModel] = field(default_factory=list)
    blocks: list[ImportedModel] = field(default_factory=list)
    """Sequential models a script applies to a tensor (an autoencoder's ``encoder(x)``)."""
    problems: list[Problem] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)
    uses: list[str] = field(default_factory=list)
    """The stdlib modules the models use (``keras.applications`` networks)."""


class _Translator(HelperCalls, ApplicationCalls):
    def __init__(self, filename: str, text: str, where: Callable[[int], str]) -> None:
        self.filename, self.text, self.where = filename, text, where
        self.result = Translation()
        self.reader = ValueReader()
        self.sequential: dict[str, ImportedModel] = {}
        self.graph = FunctionalGraph(self.reader.resolve, self.reader.number)
        self.custom: dict[str, int] = {}
        self.names: set[str] = set()
        self.counters: dict[str, int] = {}
        self.models: set[str] = set()  # variables holding a functional model
        self.blocks: dict[str, ImportedModel] = {}  # Sequential models used as blocks
        self.block_inputs: dict[str, LayerLine | None] = {}  # each block's model's Input
        self.block_names: set[str] = set()
        self.loops = 0  # loops being written out
        self.passes = 0  # helper calls and loop passes written out (:mod:`.inline`)
        # helper functions (:mod:`.inline`): by name; the values a body being written out
        # reads (its parameters given values, its own named values); the calls open
        self.functions: dict[str, pyast.FunctionDef] = {}
        self.values: dict[str, pyast.expr] = {}
        self.calls: list[int] = []
        self.networks, self.shapes = {}, {}  # keras.applications (:mod:`.application_calls`)
        self.frozen_models: dict[str, bool] = {}
        self.graph.helper = self.made_tensor

    # -- statements ---------------------------------------------------------------------------

    def body(self, statements: list[pyast.stmt]) -> None:
        for stmt in statements:
            try:
                self.statement(substituted(stmt, self.values))
            except Untranslatable as err:
                self.problem(err.node, err.message)

    def statement(self, stmt: pyast.stmt) -> None:
        if isinstance(stmt, pyast.FunctionDef) and _parameters(stmt):
            self.functions[stmt.name] = stmt  # written out where it is called
            self.graph.forget(stmt.name)
        elif isinstance(stmt, (pyast.FunctionDef, pyast.AsyncFunctionDef, pyast.With,
                               pyast.AsyncWith)) or (isinstance(stmt, pyast.If)
                                                     and is_main_guard(stmt.test)):
            self.body(stmt.body)
        elif isinstance(stmt, pyast.Try):
            self.body(stmt.body)
        elif isinstance(stmt, pyast.ClassDef):
            bases = [dotted(b) or "" for b in stmt.bases]
            if any(b.rpartition(".")[2] in ("Layer", "Model", *MODEL_CLASSES) for b in bases):
                self.custom[stmt.name] = stmt.lineno
                self.problem(stmt, f"custom layer class {stmt.name}: its weights are made by "
                             "its own code, which an import does not run")
        elif isinstance(stmt, (pyast.Assign, pyast.For)) and self.freezes(stmt):
            pass  # base.trainable = False
        elif isinstance(stmt, pyast.For) and self.unrolled(stmt):
            pass
        elif isinstance(stmt, pyast.If) and (
                test := decided(stmt.test, self.reader.constants)) is not None:
            self.body(stmt.body if test else stmt.orelse)
        elif isinstance(stmt, (pyast.For, pyast.While, pyast.AsyncFor, pyast.If)):
            if self.builds_layers(stmt):
                kind = "condition" if isinstance(stmt, pyast.If) else "loop"
                self.problem(stmt, f"a Python {kind} builds layers: write it out, or as "
                             "'repeat' in the model file")
        elif isinstance(stmt, pyast.Assign) and all(isinstance(t, pyast.Name)
                                                   for t in stmt.targets):
            first, *more = (t.id for t in stmt.targets)  # x = h = Input(...): one tensor
            self.assign(first, stmt.value, stmt)
            for name in more:
                self.assign(name, pyast.Name(first, pyast.Load()), stmt)
        elif isinstance(stmt, pyast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], (pyast.Tuple, pyast.List)) \
                and isinstance(stmt.value, pyast.Call) and self.helper(stmt.value):
            self.unpack(stmt.targets[0], self.call_helper(stmt.value), stmt.value)
        elif isinstance(stmt, pyast.AugAssign) and isinstance(stmt.target, pyast.Name):
            name = stmt.target.id  # x += h is x = x + h
            value = pyast.copy_location(pyast.BinOp(
                pyast.Name(name, pyast.Load()), stmt.op, stmt.value), stmt.value)
            self.assign(name, value, stmt)
        elif isinstance(stmt, pyast.Expr) and isinstance(stmt.value, pyast.Call):
            self.call_statement(stmt.value)
        elif isinstance(stmt, pyast.Return) and isinstance(stmt.value, pyast.Call):
            self.assign("\0returned", stmt.value, stmt)
        elif isinstance(stmt, (pyast.Import, pyast.ImportFrom)):
            self.imports(stmt)

    def imports(self, stmt: pyast.Import | pyast.ImportFrom) -> None:
        """Remember the names an import gives a Keras layers module, layer or ``keras.ops``
        (``as``): ``KL.Dense`` is then ``keras.layers.Dense``; and a function or module of
        ``keras.ops`` or ``keras.activations`` imported by name (``from keras.ops import
        exp``: ``exp(h)`` is ``keras.ops.exp(h)``)."""
        base = stmt.module + "." if isinstance(stmt, pyast.ImportFrom) and stmt.module else ""
        for alias in stmt.names:
            target = base + alias.name
            bound = alias.asname or (alias.name if base else alias.name.partition(".")[0])
            layers = layer_func(target + ".X") == "X" or layer_func(target) != target
            # import keras.ops as K; from keras.ops import exp; from keras.ops import nn
            ops = is_keras_function(target) or is_keras_function(target + ".X")
            renamed = alias.asname is not None and alias.asname != alias.name
            apps = "applications" in target.split(".")  # from keras.applications import X
            if (layers and renamed) or ((ops or apps) and (renamed or base)):
                self.reader.aliases[bound] = target
            else:  # the name is something else now
                self.reader.aliases.pop(bound, None)

    def builds_layers(self, stmt: pyast.stmt) -> bool:
        for node in pyast.walk(stmt):
            if isinstance(node, (pyast.BinOp, pyast.UnaryOp, pyast.Call)) \
                    and is_arithmetic(self.graph, node):
                return True  # x = x * 2.0 in a loop: operations, n of them
            if isinstance(node, pyast.Call):
                func = self.reader.resolve(dotted(node.func)) or ""
                owner, _, method = func.rpartition(".")
                if method == "add" and owner in self.sequential:
                    return True
                if isinstance(node.func, pyast.Call) or func.rpartition(".")[2] in (
                        *MODEL_CLASSES, "Input") or self.graph.is_layer_object(func) \
                        or self.helper(node):
                    return True  # (a layer object called in a loop: shared weights, n calls)
        return False

    def assign(self, name: str, value: pyast.expr, stmt: pyast.stmt) -> None:
        self.sequential.pop(name, None)
        self.models.discard(name)
        self.values = {k: v for k, v in self.values.items() if k != name}  # rebound
        if isinstance(value, pyast.Name) and value.id in self.graph.variables:  # x = inputs
            self.graph.forget(name)
            self.graph.variables[name] = self.graph.variables[value.id]
            return
        if isinstance(value, pyast.Call) and self.helper(value):  # c1 = conv_block(x, 16)
            self.unpack(pyast.Name(name, pyast.Store()), self.call_helper(value), value)
            return
        if (self.calls or self.loops) and not self.makes_tensor(value):  # f = 2 * i
            if sum(1 for _ in pyast.walk(value)) > MAX_VALUE_NODES:
                raise Untranslatable(stmt, f"the value of {name} grows past "
                                     f"{MAX_VALUE_NODES:,} terms")
            self.graph.forget(name)
            self.values[name] = value
            return
        if self.application_alias(name, value):  # f = keras.applications.x.preprocess_input
            return
        if self.application_tensor(value, stmt.lineno, name):  # preprocess_input(x)
            return
        if isinstance(value, pyast.Constant) and type(value.value) is int:
            self.reader.constants[name] = value.value
            return
        shape = joined_tuple(value, self.reader.tuples)  # IMG_SIZE + (3,)
        if shape is not None:
            self.reader.tuples[name] = shape
            return
        if isinstance(value, pyast.Tuple) and all(
                isinstance(e, pyast.Constant) and type(e.value) is int for e in value.elts):
            self.reader.tuples[name] = tuple(e.value for e in value.elts)
            return
        if is_arithmetic(self.graph, value):  # y = h + 3.0, y = keras.ops.add(a, b)
            self.graph.arithmetic(name, value, stmt.lineno, self.layer_call)
            return
        if not isinstance(value, pyast.Call):
            self.graph.forget(name)
            return
        func = self.reader.resolve(dotted(value.func)) or ""
        short = func.rpartition(".")[2]
        if short == "Sequential":
            self.start_sequential(name, value, stmt)
        elif self.application(name, value, stmt.lineno):
            pass  # base = keras.applications.MobileNetV2(...): a block object
        elif short in ("Model", "Functional"):
            self.functional_model(value, stmt)
            self.models.add(name)
        elif isinstance(value.func, pyast.Call) or self.graph.is_layer_object(func) \
                or self.graph.merge_function(func) or self.submodel(func, stmt.lineno):
            self.graph.apply(name, value, stmt.lineno, self.layer_call)
        elif short in ("Input", "InputLayer"):
            self.graph.input(name, self.layer_call(value), stmt.lineno)
        elif short[:1].isupper():
            self.graph.layer_object(name, self.layer_call(value), stmt.lineno,
                                    self.calls[-1] if self.calls else 0)
        else:
            self.graph.forget(name)

    def call_statement(self, call: pyast.Call) -> None:
        func = self.reader.resolve(dotted(call.func)) or ""
        owner, _, method = func.rpartition(".")
        if method == "add" and owner in self.sequential:
            if len(call.args) != 1 or call.keywords:
                raise Untranslatable(call, f"{func}() takes one layer")
            self.sequential[owner].lines.append(self.layer_line(call.args[0]))
            self.input_of_block(self.sequential[owner])
        elif method == "add" and owner and not owner[:1].isupper():
            raise Untranslatable(call, f"{owner} is not a Sequential model made in this code")
        elif method in _IGNORED_METHODS or not owner:
            return

    # -- models -------------------------------------------------------------------------------

    def model_name(self, call: pyast.Call, default: str) -> str:
        for kw in call.keywords:
            if kw.arg == "name" and isinstance(kw.value, pyast.Constant) \
                    and isinstance(kw.value.value, str):
                return identifier(kw.value.value, self.names)
        count = self.counters.get(default, 0)
        self.counters[default] = count + 1
        return identifier(default if count == 0 else f"{default}_{count}", self.names)

    def start_sequential(self, name: str, call: pyast.Call, stmt: pyast.stmt) -> None:
        model = ImportedModel(self.model_name(call, "sequential"), [], stmt.lineno)
        self.result.models.append(model)
        self.sequential[name] = model
        listed = call.args[0] if call.args else next(
            (kw.value for kw in call.keywords if kw.arg == "layers"), None)
        if isinstance(listed, (pyast.List, pyast.Tuple)):
            model.lines.extend(self.layer_line(item) for item in listed.elts)
            self.input_of_block(model)
        elif listed is not None:
            raise Untranslatable(listed, "Sequential's layers must be a list written out")

    def functional_model(self, call: pyast.Call, stmt: pyast.stmt) -> None:
        given = dict(zip(("inputs", "outputs"), call.args, strict=False))
        given.update({kw.arg: kw.value for kw in call.keywords if kw.arg})
        if "inputs" not in given or "outputs" not in given:
            raise Untranslatable(call, "Model(...) without inputs and outputs (a subclassed "
                                 "model, or one built by calling it)")
        lines = self.graph.model_lines(given["inputs"], given["outputs"], self.layer_call)
        self.result.models.append(
            ImportedModel(self.model_name(call, "functional"), lines, stmt.lineno))

    # -- layers -------------------------------------------------------------------------------

    def layer_call(self, node: pyast.expr) -> Call:
        call = self.reader.value(node)
        if not isinstance(call, Call):
            raise Untranslatable(node, f"{pyast.unparse(node)!r} is not a layer call")
        if application_name(call.func) is not None:  # keras.applications.VGG16(...)
            return self.application_block(node, call)
        if call.func in self.custom:
            raise Untranslatable(node, f"custom layer {call.func} (class at line "
                                 f"{self.custom[call.func]})")
        return call

    def layer_line(self, node: pyast.expr) -> LayerLine:
        name = node.id if isinstance(node, pyast.Name) else None
        if name is not None and (self.graph.is_layer_object(name)
                                 or self.submodel(name, node.lineno)):
            return LayerLine(self.graph.take_object(name, node), node.lineno)
        try:
            return LayerLine(self.layer_call(node), node.lineno, end_line=node.end_lineno)
        except Untranslatable as err:
            self.problem(err.node, err.message)
            return LayerLine(Call("?"), node.lineno, untranslated=(
                f"cannot translate ({self.where(node.lineno)}): {pyast.unparse(node)}"))

    def submodel(self, name: str, line: int) -> bool:
        """Whether ``name`` is a Sequential model of this code, which applied to a tensor
        (``decoder(encoder(x))``) or listed in another model is a block of the model text:
        ``block Encoder(latent_dim): ...``, applied as ``Encoder(latent_dim)(x)``. It is
        then a layer object (applied twice, a shared block)."""
        model = self.sequential.get(name)
        if model is None:
            return False
        block = self.blocks.get(name)
        if block is None:
            lines = [line for line in model.lines
                     if not (isinstance(line.call, Call) and line.call.func in ("Input",
                                                                                "InputLayer"))]
            used = sorted(set().union(*(_symbols_in(line.call) for line in lines))
                          & set(self.reader.constants))
            title = "".join(part[:1].upper() + part[1:] for part in model.name.split("_"))
            block = ImportedModel(identifier(title, self.block_names), lines, model.line,
                                  {n: self.reader.constants[n] for n in used})
            self.blocks[name] = block
            self.result.blocks.append(block)
            self.block_inputs[block.name] = next(
                (line for line in model.lines if line not in lines), None)
        self.graph.layer_object(name, Call(block.name, tuple(Ref(n) for n in block.symbols)),
                                line)
        self.sequential[name] = model  # (layer_object forgets the name as a tensor only)
        return True

    def made_tensor(self, node: pyast.expr, line: int) -> str | None:
        """The tensor a call or attribute that is no layer makes: a network's ``output``,
        ``preprocess_input(x)``, a helper function's result; None if none of these."""
        made = self.application_tensor(node, line)
        if made is None and isinstance(node, pyast.Call):
            made = self.helper_tensor(node, line)
        return made

    def input_of_block(self, model: ImportedModel) -> None:
        """A Sequential model starting with another (``Sequential([tower, Dense(2)])``)
        takes that model's input: its ``Input`` line goes first; one starting with a
        ``keras.applications`` network, an ``Input`` of its ``input_shape``."""
        self.sequential_input(model.lines)
        first = model.lines[0] if model.lines else None
        made = self.block_inputs.get(first.call.func) if first is not None \
            and isinstance(first.call, Call) else None
        if made is not None:
            model.lines.insert(0, LayerLine(made.call, first.line))

    def problem(self, node: pyast.AST, message: str) -> None:
        self.result.problems.append(Problem(self.where(node.lineno), message))

    def finish(self) -> Translation:
        for model in self.result.models:
            used = set()
            for line in model.lines:
                used |= _symbols_in(line.call)  # (an Operation's numbers too)
            model.symbols = {n: self.reader.constants[n] for n in sorted(used)
                             if n in self.reader.constants}
        self.freeze_networks()
        attach_comments(self.result, source_comments(self.text))
        return self.result


def _parameters(func: pyast.FunctionDef) -> bool:
    spec = func.args
    return bool(spec.posonlyargs or spec.args or spec.kwonlyargs or spec.vararg or spec.kwarg)


def _symbols_in(call: Call | Operation) -> set[str]:
    names: set[str] = set()
    stack: list = list(call.operands) if isinstance(call, Operation) else \
        [*call.args, *(v for _, v in call.keywords)]
    while stack:
        value = stack.pop()
        if isinstance(value, Ref):
            names.update(part for part in _words(value.name))
        elif isinstance(value, (tuple, list)):
            stack.extend(value)
        elif isinstance(value, Call):
            stack.extend([*value.args, *(v for _, v in value.keywords)])
    return names


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d]\w*", text)


def translate_python(text: str, filename: str = "<string>",
                     where: Callable[[int], str] = lambda n: f"line {n}") -> Translation:
    """The models of a Python source text; ``where(line)`` names a line in problems."""
    try:
        tree = pyast.parse(text, filename)
    except SyntaxError as err:
        raise DSLSyntaxError(f"not valid Python ({where(err.lineno or 1)}): {err.msg}",
                             SourceSpan(filename, text, err.lineno or 1, err.offset or 1),
                             ) from None
    translator = _Translator(filename, text, where)
    translator.body(tree.body)
    return translator.finish()
