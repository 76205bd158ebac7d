"""Helper functions in Keras code, written out where they are called: after
``def conv_block(x, filters): ...; return x``, the line ``c1 = conv_block(inputs, 16)`` is
the function's layers applied to ``inputs`` with ``filters`` 16, as Python runs it.

A parameter given a tensor names that tensor inside the body; one given a value is that
value's expression wherever the body reads it (``filters * 2`` is ``16 * 2``, or
``n * 2`` for a script's integer ``n``, which stays a symbol). The body's own names do not
outlive the call, and each call makes layers of its own (a layer object the function makes
is not shared between two calls; one made outside it and applied inside is).

>>> import ast
>>> func = ast.parse("def block(x, filters, k=3, *, act='relu'): pass").body[0]
>>> call = ast.parse("block(h, 2 * n, act=None)").body[0].value
>>> {name: ast.unparse(node) for name, node in arguments(func, call).items()}
{'x': 'h', 'filters': '2 * n', 'k': '3', 'act': 'None'}
>>> ast.unparse(substituted(ast.parse("y = Dense(filters * k)(x)").body[0],
...                         {"filters": ast.parse("2 * n").body[0].value}))
'y = Dense(2 * n * k)(x)'
"""

from __future__ import annotations

import ast as pyast
import copy
from collections.abc import Mapping
from typing import Any

from .loops import bind_target, iterations
from .python_values import MODEL_CLASSES, Untranslatable, dotted

__all__ = ["MAX_DEPTH", "MAX_WRITTEN_OUT", "MAX_VALUE_NODES", "HelperCalls", "arguments",
           "substituted", "is_main_guard"]

#: Calls of helper functions inside helper functions written out at most this deep (a
#: function calling itself is refused there).
MAX_DEPTH = 16
#: Helper calls and loop passes written out, at most, for one file.
MAX_WRITTEN_OUT = 20_000
#: A value a helper or loop names (``f = 2 * f``) has at most this many nodes.
MAX_VALUE_NODES = 2_000


class _Substitute(pyast.NodeTransformer):
    def __init__(self, values: Mapping[str, pyast.expr]) -> None:
        self.values = values

    def visit_Name(self, node: pyast.Name) -> pyast.expr:
        if isinstance(node.ctx, pyast.Load) and node.id in self.values:
            return pyast.copy_location(copy.deepcopy(self.values[node.id]), node)
        return node

    def visit_FunctionDef(self, node: pyast.FunctionDef) -> pyast.FunctionDef:
        return node  # a nested def reads its own parameters


def substituted(node: pyast.AST, values: Mapping[str, pyast.expr]) -> pyast.AST:
    """``node`` (a statement or expression) with each name of ``values`` it reads replaced
    by that value's expression; ``node`` itself is left as it is."""
    if not values:
        return node
    return _Substitute(values).visit(copy.deepcopy(node))


def arguments(func: pyast.FunctionDef, call: pyast.Call) -> dict[str, pyast.expr]:
    """Each parameter of ``func`` and the expression ``call`` gives it (or its default), as
    Python binds them; ``*args`` and ``**kwargs`` are not read."""
    spec = func.args
    where = f"{pyast.unparse(call)!r}: {func.name}()"
    if spec.vararg or spec.kwarg or any(isinstance(a, pyast.Starred) for a in call.args) \
            or any(kw.arg is None for kw in call.keywords):
        raise Untranslatable(call, f"{where} with *args or **kwargs")
    positional = [p.arg for p in (*spec.posonlyargs, *spec.args)]
    if len(call.args) > len(positional):
        raise Untranslatable(call, f"{where} takes {len(positional)} positional arguments")
    bound = dict(zip(positional, call.args, strict=False))
    names = [*positional, *(p.arg for p in spec.kwonlyargs)]
    for kw in call.keywords:
        if kw.arg not in names or kw.arg in bound:
            raise Untranslatable(call, f"{where} got {kw.arg}= "
                                 + ("twice" if kw.arg in bound else "(no such parameter)"))
        bound[kw.arg] = kw.value
    defaults = dict(zip(positional[len(positional) - len(spec.defaults):], spec.defaults,
                        strict=True))
    defaults.update({p.arg: d for p, d in zip(spec.kwonlyargs, spec.kw_defaults, strict=True)
                     if d is not None})
    for name in names:
        if name not in bound:
            if name not in defaults:
                raise Untranslatable(call, f"{where} is missing its argument {name}")
            bound[name] = defaults[name]
    return {name: bound[name] for name in names}


def is_main_guard(test: pyast.expr) -> bool:
    """``__name__ == "__main__"``: the body a script runs.

    >>> is_main_guard(pyast.parse("__name__ == '__main__'").body[0].value)
    True
    """
    return isinstance(test, pyast.Compare) and len(test.ops) == 1 \
        and isinstance(test.ops[0], pyast.Eq) and {pyast.unparse(test.left),
                                                   pyast.unparse(test.comparators[0])} \
        == {"__name__", "'__main__'"}


#: Python's functions of numbers that the model text has too (``max(16, n)``).
_NUMBER_FUNCTIONS = frozenset({"max", "min", "int", "round", "abs"})


class HelperCalls:
    """The translator's part that writes out helper functions' calls and the loops the code
    decides by itself (:mod:`.loops`). It reads the translator's ``graph``
    (:class:`~.functional.FunctionalGraph`), ``reader``, ``sequential``, ``models`` and
    ``result``, and keeps ``functions`` (by name), ``values`` (what the body being written
    out names: its parameters given values, its own named values, a loop's names),
    ``calls`` (the calls open, innermost last), ``loops`` (the loops open) and ``passes``."""

    functions: dict[str, pyast.FunctionDef]
    values: dict[str, pyast.expr]
    calls: list[int]
    passes: int
    loops: int
    result: Any
    graph: Any
    reader: Any
    sequential: dict[str, Any]
    models: set[str]

    def helper(self, call: pyast.Call) -> pyast.FunctionDef | None:
        """The helper function ``call`` calls, if the code defines one of that name."""
        name = dotted(call.func)
        return self.functions.get(name) if name is not None else None

    def written_out(self, node: pyast.AST) -> None:
        """Count one helper call or loop pass; past :data:`MAX_WRITTEN_OUT`, refuse."""
        self.passes += 1
        if self.passes > MAX_WRITTEN_OUT:
            raise Untranslatable(node, f"the code writes out more than {MAX_WRITTEN_OUT:,} "
                                 "helper calls and loop passes")

    def makes_tensor(self, value: pyast.expr) -> bool:
        """Whether ``value`` may be a tensor or model (it reads one, or calls anything but
        Python's ``max``, ``min``, ``int``, ``round`` and ``abs``), not a value of numbers a
        helper's body names (``filters = 2 * f``, ``max(16, n)``)."""
        return any((isinstance(node, pyast.Call) and not (
            isinstance(node.func, pyast.Name) and node.func.id in _NUMBER_FUNCTIONS
            and node.func.id not in self.functions)) or (
            isinstance(node, pyast.Name) and (node.id in self.graph.variables
                                              or node.id in self.sequential
                                              or node.id in self.models))
            for node in pyast.walk(value))

    def call_helper(self, call: pyast.Call) -> list[str]:
        """The tensors a helper function returns, its body written out with ``call``'s
        arguments: a tensor argument names the tensor, a value stands for its expression."""
        func = self.helper(call)
        assert func is not None
        self.written_out(call)
        if len(self.calls) >= MAX_DEPTH:
            raise Untranslatable(call, f"{func.name}() called {MAX_DEPTH} deep (calling "
                                 "itself?)")
        tensors, values = {}, {}
        for name, node in arguments(func, call).items():
            if self.makes_tensor(node):
                tensors[name] = self.graph.tensor(node, call.lineno, self.layer_call)
            else:
                values[name] = node
        graph = self.graph
        saved = (self.values, dict(graph.variables), dict(graph.objects), dict(graph.made_in),
                 dict(self.sequential), set(self.models))
        graph.call_count += 1
        self.calls.append(graph.call_count)
        self.values = values
        for name in values:
            graph.forget(name)
        graph.variables.update(tensors)
        try:
            return self.helper_body(func.body)
        finally:
            self.calls.pop()
            (self.values, graph.variables, graph.objects, graph.made_in, self.sequential,
             self.models) = saved

    def helper_body(self, statements: list[pyast.stmt]) -> list[str]:
        """A helper's statements up to its ``return``; the tensors returned."""
        for stmt in statements:
            stmt = substituted(stmt, self.values)
            if isinstance(stmt, pyast.Return):
                return self.returned(stmt)
            try:
                self.statement(stmt)
            except Untranslatable as err:
                self.problem(err.node, err.message)
        return []

    def returned(self, stmt: pyast.Return) -> list[str]:
        """``return x``, ``return c, p``, ``return Dense(1)(x)``: the tensors; a model a
        builder function makes (``return keras.Model(inputs, outputs)``) is made here."""
        value = stmt.value
        found = []
        for item in value.elts if isinstance(value, pyast.Tuple) else [] if value is None \
                else [value]:
            func = self.reader.resolve(dotted(item.func)) if isinstance(item, pyast.Call) \
                else None
            if (func or "").rpartition(".")[2] in MODEL_CLASSES:
                self.assign("\0model", item, stmt)
            elif not (isinstance(item, pyast.Name) and (item.id in self.sequential
                                                         or item.id in self.models)):
                found.append(self.graph.tensor(item, stmt.lineno, self.layer_call))
        return found

    def unpack(self, target: pyast.expr, tensors: list[str], call: pyast.Call) -> None:
        """``c1 = conv_block(...)``, ``c, p = encoder(...)``: the names of what it returned."""
        names = [target] if isinstance(target, pyast.Name) else list(target.elts)
        if not tensors:
            for name in names:
                if isinstance(name, pyast.Name):
                    self.graph.forget(name.id)
            return
        if len(names) != len(tensors) or not all(isinstance(n, pyast.Name) for n in names):
            raise Untranslatable(call, f"{pyast.unparse(call)!r} returns {len(tensors)} "
                                 f"tensors, assigned to {pyast.unparse(target)}")
        for name, tensor in zip(names, tensors, strict=True):
            self.values = {k: v for k, v in self.values.items() if k != name.id}
            self.graph.forget(name.id)
            self.sequential.pop(name.id, None)
            self.graph.variables[name.id] = tensor

    def helper_tensor(self, call: pyast.Call, line: int) -> str | None:
        """A helper's call where a tensor goes (``add([x, block(x)])``); None if ``call`` is
        not one."""
        func = dotted(call.func)
        if func is not None and self.submodel(func, line):  # decoder(encoder(x))
            return self.graph.apply("\0nested", call, line, self.layer_call)
        if self.helper(call) is None:
            return None
        tensors = self.call_helper(call)
        if len(tensors) != 1:
            raise Untranslatable(call, f"{pyast.unparse(call)!r} returns {len(tensors)} "
                                 "tensors where one goes")
        return tensors[0]

    def unrolled(self, stmt: pyast.For) -> bool:
        """Write out a loop the code decides by itself (``for f in (32, 64):``,
        ``for i in range(N)``), each pass with the loop's names as values; False if it is
        not one (an iterable the code computes, ``break``, ``else:``)."""
        items = iterations(stmt.iter, self.reader.constants, self.reader.tuples)
        if items is None or stmt.orelse or any(
                isinstance(node, (pyast.Break, pyast.Continue, pyast.Return))
                for node in pyast.walk(stmt)):
            return False
        read = sorted({n.id for n in pyast.walk(stmt.iter) if isinstance(n, pyast.Name)}
                      & set(self.reader.constants))
        if read:
            said = ", ".join(f"{name}={self.reader.constants[name]}" for name in read)
            self.result.header.append(f"# {self.where(stmt.lineno)}: the loop is written out "
                                      f"for {said}; import again for other values")
        self.loops += 1
        try:
            for item in items:
                self.written_out(stmt)
                bound = bind_target(stmt.target, item)
                if bound is None:
                    raise Untranslatable(stmt, f"the loop's names {pyast.unparse(stmt.target)}"
                                         f" do not fit {pyast.unparse(item)}")
                for name in bound:
                    self.graph.forget(name)
                self.values = {**self.values, **bound}
                self.body(stmt.body)
        finally:
            self.loops -= 1
        return True
