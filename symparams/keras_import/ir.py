"""What an import finds, before it is written as model text: values, layer lines, models.

Every translator (Python code, a Keras config) builds these; :mod:`.writer` writes them.

>>> show(Call("Dense", (30,), (("activation", "relu"),)))
"Dense(30, activation='relu')"
>>> show(Ref("tf.nn.relu")), show((28, 28)), show((None, 8)), show((4,))
('tf.nn.relu', '(28, 28)', '(None, 8)', '(4,)')
>>> show(Operation("*", (TensorRef("h"), Ref("1.0 / 6.0")))), show(Operation("-", (-2.0,)))
('h * (1.0 / 6.0)', '-(-2.0)')
>>> show(Operation("exp", (TensorRef("t"),)))
'exp(t)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..record import Record, record

__all__ = ["Ref", "TensorRef", "Call", "Operation", "Value", "LayerLine", "ImportedModel",
           "Problem", "show", "identifier", "TakenNames"]


@record
class Ref(Record):
    """A name written in the code: a function reference (``tf.nn.relu``) or a symbol."""

    name: str


@record
class Call(Record):
    """A call written as a value or a layer: ``Dense(30)``, ``regularizers.l2(0.01)``."""

    func: str
    args: tuple = ()
    keywords: tuple[tuple[str, object], ...] = ()
    arg_lines: tuple[int, ...] = ()
    """The source line of each argument, then of each keyword (empty if unknown)."""


@record
class TensorRef(Record):
    """A tensor an :class:`Operation` reads, by its model-text name."""

    name: str


@record
class Operation(Record):
    """Arithmetic on tensors, one Keras operation: ``h + 3.0`` (``op`` ``"+"``, two operands),
    ``-h`` (``op`` ``"-"``, one) or a function of one tensor, ``exp(h)`` (``op`` ``"exp"``).
    An operand is a :class:`TensorRef` or a number (a literal, or a :class:`Ref` to an
    expression of literals and constants)."""

    op: str
    operands: tuple


Value = int | float | str | bool | None | tuple | list | Ref | Call


@dataclass
class LayerLine:
    """One statement of a model: ``target = call(inputs)``, with its source line."""

    call: Call | Operation
    """A layer, or arithmetic on tensors (written ``target = a + b``)."""
    line: int | None = None
    target: str | None = None
    inputs: tuple[str, ...] | None = None
    comments: list[str] = field(default_factory=list)
    """Comments that stood on their own lines just before it."""
    inline: dict[int, str] = field(default_factory=dict)
    """Comments at the end of a line the statement spans, by source line."""
    untranslated: str | None = None
    """Set for a line that could not be translated: written as a comment."""
    end_line: int | None = None
    """The last source line the statement spans."""
    call_keywords: tuple[tuple[str, str], ...] = ()
    """Keras's call arguments after the tensors, as written: ``(("training", "False"),)``."""


@dataclass
class ImportedModel:
    name: str
    lines: list[LayerLine]
    line: int | None = None
    symbols: dict[str, int] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)


@record
class Problem(Record):
    """Something the import could not translate, and where (``where``: "line 12",
    "cell 3, line 2" or a layer name in a Keras config)."""

    where: str
    message: str

    def render(self, filename: str) -> str:
        return f"{filename}: {self.where}: cannot translate: {self.message}"


_STRING_ESCAPES = str.maketrans({"\\": "\\\\", "'": "\\'", "\n": "\\n", "\t": "\\t"})


def show(value: Value) -> str:
    """A value as model text (which reads Python's literals)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.translate(_STRING_ESCAPES) + "'"
    if isinstance(value, Ref):
        return value.name
    if isinstance(value, tuple):
        inner = ", ".join(show(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, Call):
        return value.func + "(" + ", ".join(argument_texts(value)) + ")"
    if isinstance(value, TensorRef):
        return value.name
    if isinstance(value, Operation):
        if value.op.isidentifier():  # exp(h)
            return f"{value.op}(" + ", ".join(show(item) for item in value.operands) + ")"
        texts = [_operand(item) for item in value.operands]
        return f"-{texts[0]}" if len(texts) == 1 else f" {value.op} ".join(texts)
    raise TypeError(f"cannot show {value!r}")  # pragma: no cover - translators build Values


def _operand(value: Value) -> str:
    """An operand as text, bracketed where it is not one word or a non-negative number."""
    text = show(value)
    return text if re.fullmatch(r"[\w.]+", text) else f"({text})"


def argument_texts(call: Call) -> list[str]:
    """Each argument of a call as text: positionals, then ``name=value``."""
    return [show(a) for a in call.args] + [f"{k}={show(v)}" for k, v in call.keywords]


def identifier(name: str, taken: set[str]) -> str:
    """A model-text name for ``name`` (a Keras layer or tensor name such as ``conv1/conv``),
    not in ``taken``; it is added to ``taken``.

    >>> taken = {"x"}
    >>> identifier("conv1/conv", taken), identifier("x", taken), identifier("1st", taken)
    ('conv1_conv', 'x_1', 't_1st')
    """
    base = re.sub(r"\W", "_", name) or "t"
    if base[0].isdigit():
        base = "t_" + base
    if base in _RESERVED:
        base += "_"
    counters = taken.counters if isinstance(taken, TakenNames) else {}
    count = counters.get(base, 0)
    candidate = base if count == 0 else f"{base}_{count}"
    while candidate in taken:
        count += 1
        candidate = f"{base}_{count}"
    counters[base] = count
    taken.add(candidate)
    return candidate


class TakenNames(set):
    """Names in use, remembering the last number given to each stem: the 20,000th ``x``
    is ``x_19999`` without trying the 19,999 before it."""

    def __init__(self) -> None:
        super().__init__()
        self.counters: dict[str, int] = {}


_RESERVED = frozenset({"model", "block", "use", "repeat", "assume", "check", "as", "None", "True",
                       "False", "input"})
