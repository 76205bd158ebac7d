"""The translator's part for ``keras.applications`` networks in code (see
:mod:`.applications`): a network made, frozen, applied, listed, its ``output`` and
``input``, and ``preprocess_input``. A network in a variable is a model of its own too (the
first below), as it is in Keras.

>>> from .python_code import translate_python
>>> result = translate_python('''
... import keras
... base = keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False)
... base.trainable = False
... model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D()])
... ''')
>>> [line.call.func for line in result.models[1].lines], result.uses
(['Input', 'MobileNetV2', 'GlobalAveragePooling2D'], ['stdlib.mobilenet'])
>>> result.models[1].lines[1].call.keywords
(('include_top', False), ('trainable', False))
"""

from __future__ import annotations

import ast as pyast
from dataclasses import dataclass

from .applications import application_name, block_call, preprocessing, with_trainable
from .functional import FunctionalGraph
from .ir import Call, ImportedModel, LayerLine, identifier
from .python_values import Untranslatable, ValueReader, dotted, integer

__all__ = ["ApplicationCalls"]


@dataclass
class _Network:
    """A network of ``keras.applications`` in a variable: its block call (the very object
    every use of it shares), its ``input_shape``, and what the code did with it."""

    call: Call
    shape: object
    frozen: bool = False
    input: str | None = None  # the tensor of its own input (``base.input``), once made
    output: str | None = None


class ApplicationCalls:
    """Mixed into the Python translator (:mod:`.python_code`), which has these."""

    graph: FunctionalGraph
    reader: ValueReader
    networks: dict[str, _Network]
    sequential: dict[str, ImportedModel]  # Sequential models by variable
    blocks: dict[str, ImportedModel]  # those used as blocks, by variable
    frozen_models: dict[str, bool]  # Sequential models whose trainable the code sets
    names: set[str]  # the model names taken
    calls: list[int]  # the helper calls being written out (:mod:`.inline`)
    shapes: dict[int, object]  # a block call's id -> the input_shape its Input takes

    def application_block(self, node: pyast.Call, call: Call) -> Call:
        """The block call of ``keras.applications.X(...)`` (its ``use`` line noted)."""
        func = self.reader.resolve(dotted(node.func)) or ""
        try:
            block, shape, use = block_call(func, call)
        except ValueError as err:
            raise Untranslatable(node, str(err)) from None
        if use not in self.result.uses:
            self.result.uses.append(use)
        self.shapes[id(block)] = shape
        return block

    def application(self, name: str, node: pyast.Call, line: int) -> bool:
        """``name = keras.applications.X(...)``: a block object; False if not one."""
        if application_name(self.reader.resolve(dotted(node.func)) or "") is None:
            return False
        block = self.layer_call(node)
        network = _Network(block, self.shapes[id(block)])
        for kw in node.keywords:  # input_tensor=inputs: base.input is that tensor
            if kw.arg == "input_tensor" and isinstance(kw.value, pyast.Name):
                network.input = self.graph.variables.get(kw.value.id)
        self.graph.layer_object(name, block, line)
        self.networks[name] = network
        if network.shape is not None and not self.calls:  # a model of its own, as in Keras
            # (one a helper function makes is local to it)
            title = identifier(block.func.lower(), self.names)
            self.result.models.append(ImportedModel(title, [
                LayerLine(Call("Input", (), (("shape", network.shape),)), line),
                LayerLine(block, line)], line))
        return True

    def application_alias(self, name: str, value: pyast.expr) -> bool:
        """``preprocess_input = keras.applications.mobilenet_v2.preprocess_input`` (or a
        network's function): ``name`` stands for it; False if ``value`` is not one."""
        func = self.reader.resolve(dotted(value)) if isinstance(
            value, (pyast.Name, pyast.Attribute)) else None
        if func is None or (application_name(func) is None and preprocessing(func) is None):
            return False
        self.graph.forget(name)
        self.reader.aliases[name] = func
        return True

    def freezes(self, stmt: pyast.stmt) -> bool:
        """``base.trainable = False``, or ``for layer in base.layers: layer.trainable =
        False``, for a network of ``keras.applications``: remembered (the last one said
        holds, as in Keras). Freezing part of its layers has no model-text form."""
        target, value, loop = None, None, None
        if isinstance(stmt, pyast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, pyast.For) and isinstance(stmt.target, pyast.Name) \
                and len(stmt.body) == 1 and isinstance(stmt.body[0], pyast.Assign) \
                and len(stmt.body[0].targets) == 1 and not stmt.orelse:
            loop, target, value = stmt, stmt.body[0].targets[0], stmt.body[0].value
        if not (isinstance(target, pyast.Attribute) and target.attr == "trainable"
                and isinstance(value, pyast.Constant) and isinstance(value.value, bool)):
            return False
        owner = target.value
        if loop is None and self.freezes_model(owner, not value.value, stmt):
            return True
        if loop is not None:
            if not (isinstance(owner, pyast.Name) and owner.id == loop.target.id):
                return False
            owner = loop.iter
            sliced = isinstance(owner, pyast.Subscript)
            owner = owner.value if sliced else owner
            if not (isinstance(owner, pyast.Attribute) and owner.attr == "layers"):
                return False
            owner = owner.value
            name = owner.id if isinstance(owner, pyast.Name) else None
            if sliced and name in self.networks:
                raise Untranslatable(stmt, f"part of {name}'s layers frozen: the model "
                                     "text freezes a whole block (trainable=False)")
        name = owner.id if isinstance(owner, pyast.Name) else None
        if name not in self.networks:
            return False
        self.networks[name].frozen = not value.value
        return True

    def freezes_model(self, owner: pyast.expr, frozen: bool, stmt: pyast.stmt) -> bool:
        """``model.trainable = False`` of a Sequential model (a GAN's discriminator: every
        use of it, and the model itself), or ``model.layers[0].trainable = False`` of one
        of its layers; False if ``owner`` is neither."""
        if isinstance(owner, pyast.Name) and owner.id in self.sequential:
            self.frozen_models[owner.id] = frozen
            return True
        if not (isinstance(owner, pyast.Subscript) and isinstance(owner.value, pyast.Attribute)
                and owner.value.attr == "layers" and isinstance(owner.value.value, pyast.Name)
                and owner.value.value.id in self.sequential):
            return False
        index = integer(owner.slice, self.reader.constants)
        model = self.sequential[owner.value.value.id]
        lines = [line for line in model.lines if not (
            isinstance(line.call, Call) and line.call.func in ("Input", "InputLayer"))]
        if index is None or not -len(lines) <= index < len(lines):
            raise Untranslatable(stmt, f"{pyast.unparse(owner)} is not one of its "
                                 f"{len(lines)} layers")
        line = lines[index]
        network = next((n for n in self.networks.values() if n.call is line.call), None)
        if network is not None:
            network.frozen = frozen
        elif isinstance(line.call, Call):
            line.call = with_trainable(line.call, frozen)
        return True

    def application_tensor(self, node: pyast.expr, line: int, name: str = "\0nested"
                           ) -> str | None:
        """A tensor ``node`` makes: ``base.output``, ``base.input``, or
        ``preprocess_input(x)``, bound to the variable ``name``; None if it is none of
        these."""
        made = self._application_tensor(node, line, name)
        if made is not None and not name.startswith("\0"):
            self.graph.forget(name)
            self.graph.variables[name] = made
        return made

    def _application_tensor(self, node: pyast.expr, line: int, name: str) -> str | None:
        if isinstance(node, pyast.Attribute) and isinstance(node.value, pyast.Name) \
                and node.value.id in self.networks and node.attr in ("input", "output"):
            network = self.networks[node.value.id]
            if network.input is None:
                if network.shape is None:
                    raise Untranslatable(node, f"{node.value.id} has no input_shape")
                network.input = self.graph.input(
                    "\0", Call("Input", (), (("shape", network.shape),)), line, "inputs")
            if node.attr == "output" and network.output is None:
                hidden = f"\0input of {node.value.id}"
                self.graph.variables[hidden] = network.input
                applied = pyast.copy_location(pyast.Call(
                    pyast.Name(node.value.id, pyast.Load()), [pyast.Name(hidden, pyast.Load())],
                    []), node)
                network.output = self.graph.apply(name, applied, line, self.layer_call)
            return network.input if node.attr == "input" else network.output
        if not isinstance(node, pyast.Call):
            return None
        mode = preprocessing(self.reader.resolve(dotted(node.func)) or "")
        if mode is None:
            return None
        if len(node.args) != 1 or node.keywords:
            raise Untranslatable(node, "preprocess_input of other than one tensor")
        if mode == "tf":  # x / 127.5 - 1.0, two Keras operations
            scaled = pyast.BinOp(pyast.BinOp(node.args[0], pyast.Div(), pyast.Constant(127.5)),
                                 pyast.Sub(), pyast.Constant(1.0))
            return self.graph.arithmetic(name, pyast.copy_location(scaled, node), line,
                                         self.layer_call)
        if mode != "none":
            self.problem(node, f"preprocess_input ({mode} mode: a channel flip or "
                         "per-channel statistics, operations without weights) is left out")
        return self.graph.tensor(node.args[0], line, self.layer_call)

    def sequential_input(self, lines: list[LayerLine]) -> None:
        """A Sequential model starting with a network of ``keras.applications`` takes an
        ``Input`` of its ``input_shape``."""
        first = lines[0] if lines else None
        shape = self.shapes.get(id(first.call)) if first is not None else None
        if shape is not None:
            lines.insert(0, LayerLine(Call("Input", (), (("shape", shape),)), first.line))

    def freeze_networks(self) -> None:
        """Every use of a frozen network says ``trainable=False``; so does every use of a
        frozen Sequential model, and each layer of the model itself."""
        calls = {id(n.call): with_trainable(n.call, True) for n in self.networks.values()
                 if n.frozen}
        blocks = {self.blocks[name].name: flag for name, flag in self.frozen_models.items()
                  if name in self.blocks}
        for model in (*self.result.models, *self.result.blocks):
            for line in model.lines:
                if id(line.call) in calls:
                    line.call = calls[id(line.call)]
                elif isinstance(line.call, Call) and line.call.func in blocks:
                    line.call = with_trainable(line.call, blocks[line.call.func])
        for name, flag in self.frozen_models.items():
            for line in self.sequential[name].lines if name in self.sequential else ():
                if isinstance(line.call, Call) and line.call.func not in ("Input", "InputLayer"):
                    line.call = with_trainable(line.call, flag)
