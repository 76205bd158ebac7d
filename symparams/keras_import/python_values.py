"""Python expressions (read with :mod:`ast`, never run) as import values.

>>> import ast as pyast
>>> reader = ValueReader({"n_classes": 10})
>>> reader.value(pyast.parse("Dense(n_classes * 2, activation=tf.nn.relu)").body[0].value)
Call(func='Dense', args=(Ref(name='n_classes * 2'),), keywords=(('activation', \
Ref(name='tf.nn.relu')),), arg_lines=(1, 1))
>>> sorted(reader.used)
['n_classes']
"""

from __future__ import annotations

import ast as pyast
import operator
from collections.abc import Callable, Mapping

from ..syntax.keras_names import layer_func
from .ir import Call, Ref, Value

__all__ = ["MODEL_CLASSES", "MAX_BITS", "Untranslatable", "ValueReader", "dotted", "integer",
           "joined_tuple"]


#: The classes a Keras model is made with (``keras.Model(inputs, outputs)``).
MODEL_CLASSES = ("Sequential", "Model", "Functional")


class Untranslatable(Exception):
    """A construct with no model-text equivalent; ``node`` says where it is."""

    def __init__(self, node: pyast.AST, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def dotted(node: pyast.AST) -> str | None:
    """``a.b.c`` for a name or attribute chain, else None.

    >>> import ast as pyast
    >>> dotted(pyast.parse("tf.keras.layers.Dense").body[0].value)
    'tf.keras.layers.Dense'
    """
    parts = []
    while isinstance(node, pyast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, pyast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


_ARITHMETIC = (pyast.Add, pyast.Sub, pyast.Mult, pyast.FloorDiv, pyast.Div, pyast.Mod,
               pyast.Pow)


#: The largest integer an import reads from the code, in bits (a loop count, ``2 ** i``).
MAX_BITS = 4096

_BINARY: dict[type, Callable[[int, int], int]] = {
    pyast.Add: operator.add, pyast.Sub: operator.sub, pyast.Mult: operator.mul,
    pyast.FloorDiv: operator.floordiv, pyast.Mod: operator.mod}

def integer(node: pyast.expr, constants: Mapping[str, int]) -> int | None:
    """``node``'s value if it is integer arithmetic on literals and ``constants``, else
    None. A power is read with a small exponent only (``2 ** i``, i up to 64), and no value
    past :data:`MAX_BITS` bits.

    >>> integer(pyast.parse("(2 ** 32) ** 64 * 3").body[0].value, {}) > 0
    True
    >>> integer(pyast.parse("((2 ** 64) ** 64) ** 64").body[0].value, {}) is None
    True
    """
    if isinstance(node, pyast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, pyast.Name):
        return constants.get(node.id)
    if isinstance(node, pyast.UnaryOp) and isinstance(node.op, pyast.USub):
        inner = integer(node.operand, constants)
        return None if inner is None else -inner
    if isinstance(node, pyast.BinOp):
        left, right = integer(node.left, constants), integer(node.right, constants)
        if left is None or right is None:
            return None
        if isinstance(node.op, pyast.Pow):
            fits = 0 <= right <= 64 and abs(left).bit_length() * right <= MAX_BITS
            return left ** right if fits else None
        if isinstance(node.op, (pyast.FloorDiv, pyast.Mod)) and right == 0:
            return None
        rule = _BINARY.get(type(node.op))
        value = None if rule is None else rule(left, right)
        return value if value is None or value.bit_length() <= MAX_BITS else None
    return None



class ValueReader:
    """Reads argument expressions. ``constants`` are the script's integer variables
    (``n_classes = 10``): a use becomes a symbol of that name (collected in ``used``);
    ``tuples`` are its tuple variables (``input_shape = (28, 28, 1)``), written out."""

    def __init__(self, constants: dict[str, int] | None = None,
                 tuples: dict[str, tuple] | None = None) -> None:
        self.constants = constants if constants is not None else {}
        self.tuples = tuples if tuples is not None else {}
        self.used: set[str] = set()
        self.aliases: dict[str, str] = {}  # `from keras import layers as KL`: KL -> keras.layers

    def resolve(self, name: str | None) -> str | None:
        """A dotted name with an imported alias written out: ``KL.Dense`` after
        ``from keras import layers as KL`` is ``keras.layers.Dense``."""
        if name is None:
            return None
        head, dot, rest = name.partition(".")
        return self.aliases[head] + dot + rest if head in self.aliases else name

    def value(self, node: pyast.AST) -> Value:
        if isinstance(node, pyast.Constant):
            if isinstance(node.value, (bool, int, float, str)) or node.value is None:
                return node.value
            raise Untranslatable(node, f"the constant {node.value!r}")
        if isinstance(node, (pyast.Tuple, pyast.List)):
            items = tuple(self.value(item) for item in node.elts)
            return items if isinstance(node, pyast.Tuple) else list(items)
        if isinstance(node, pyast.UnaryOp) and isinstance(node.op, (pyast.USub, pyast.UAdd)) \
                and isinstance(node.operand, pyast.Constant) \
                and isinstance(node.operand.value, (int, float)) \
                and not isinstance(node.operand.value, bool):
            return -node.operand.value if isinstance(node.op, pyast.USub) \
                else node.operand.value
        if isinstance(node, pyast.Name) and node.id in self.tuples:
            return self.tuples[node.id]
        if isinstance(node, pyast.Name) and node.id in self.constants:
            self.used.add(node.id)
            return Ref(node.id)
        name = self.resolve(dotted(node))
        if name is not None:
            return Ref(name)
        if isinstance(node, (pyast.BinOp, pyast.UnaryOp)):
            return self.arithmetic(node)
        if isinstance(node, pyast.Call):
            return self.call(node)
        raise Untranslatable(node, f"the expression {_text(node)!r}")

    def arithmetic(self, node: pyast.AST) -> Ref:
        """``28 * 28`` or ``units // 2``: integer arithmetic on literals and constants."""
        if not self._constant_arithmetic(node, (int,)):
            raise Untranslatable(node, f"the expression {_text(node)!r}")
        value = integer(node, {})  # literals only (a helper's 16 * 2): the number
        return Ref(_text(node)) if value is None else value

    def _constant_arithmetic(self, node: pyast.AST, numbers: tuple[type, ...]) -> bool:
        """Whether ``node`` is arithmetic on literals of ``numbers`` and integer constants
        (each one read is noted in ``used``)."""
        for part in pyast.walk(node):
            if isinstance(part, pyast.Name) and part.id in self.constants:
                self.used.add(part.id)
            elif isinstance(part, pyast.Name) or not isinstance(
                    part, (pyast.BinOp, pyast.UnaryOp, pyast.Constant, pyast.Load,
                           pyast.USub, pyast.UAdd, *_ARITHMETIC)) or (
                    isinstance(part, pyast.Constant) and type(part.value) not in numbers):
                return False
        return True

    def number(self, node: pyast.expr) -> Value:
        """A number that arithmetic on a tensor reads (``3.0`` in ``h + 3.0``): a literal, an
        integer constant (a symbol), or an expression of them written as the code has it
        (``1.0 / 6.0``)."""
        if isinstance(node, pyast.Constant) and type(node.value) in (int, float):
            return node.value
        if not self._constant_arithmetic(node, (int, float)):
            raise Untranslatable(node, f"{_text(node)!r} is not a tensor made in this code, "
                                 "nor a number")
        return Ref(_text(node))

    def call(self, node: pyast.Call) -> Call:
        func = self.resolve(dotted(node.func))
        if func is None:
            raise Untranslatable(node, f"the call {_text(node)!r}")
        args, keywords, lines = [], [], []
        for arg in node.args:
            if isinstance(arg, pyast.Starred):
                raise Untranslatable(arg, "a *args argument")
            args.append(self.value(arg))
            lines.append(arg.lineno)
        for kw in node.keywords:
            if kw.arg is None:
                raise Untranslatable(kw.value, "a **kwargs argument")
            keywords.append((kw.arg, self.value(kw.value)))
            lines.append(kw.lineno)
        return Call(layer_func(func), tuple(args), tuple(keywords), tuple(lines))


def _text(node: pyast.AST) -> str:
    return pyast.unparse(node)


def joined_tuple(node: pyast.expr, tuples: dict[str, tuple]) -> tuple | None:
    """``IMG_SIZE + (3,)``: integer tuples joined, else None."""
    if isinstance(node, pyast.Name):
        return tuples.get(node.id)
    if isinstance(node, pyast.Tuple):
        items = [e.value for e in node.elts if isinstance(e, pyast.Constant)
                 and type(e.value) is int]
        return tuple(items) if len(items) == len(node.elts) else None
    if isinstance(node, pyast.BinOp) and isinstance(node.op, pyast.Add):
        left, right = joined_tuple(node.left, tuples), joined_tuple(node.right, tuples)
        return None if left is None or right is None else left + right
    return None
