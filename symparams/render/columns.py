r"""The optional columns of a summary table, as every format shows them: the batch dimension
(Keras's ``(None, 26, 26, 32)``), which layers a layer reads (Keras's "Connected to") and
whether its weights are trained (Keras's ``show_trainable=True``).

A format lists its columns in a table (see :data:`symparams.render.text.COLUMNS`); the
options that switch these on are one :class:`SummaryOptions`.

>>> import symparams
>>> m = symparams.parse('''
... model m(d=4):
...     x = Input(shape=(d,))
...     h = Dense(8, trainable=False)(x)
...     y = Dense(8)(x)
...     s = Add()(h, y)
... ''')["m"]
>>> [(layer.name, connected_to(layer), trainable_flag(layer)) for layer in m.layers]
[('dense', 'input', 'N'), ('dense_1', 'input', 'Y'), ('add', 'dense, dense_1', '-')]
>>> with_batch((m.symbols["d"],), "None")
(None, d)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sympy
from sympy import Expr

from ..record import Record, record

__all__ = [
    "SummaryOptions", "OPTIONAL_COLUMNS", "COMPUTE_COLUMNS", "TABLE_COLUMNS", "with_batch",
    "connected_to", "trainable_flag", "check_batch_name", "compute_formula", "compute_keys",
    "unknown_types", "unknown_count_text", "value_at",
]

#: The compute columns (opt-in, docs/compute.md), by key, with their headers: a
#: convention of :meth:`symparams.engine.model.Layer.count`, or the output's elements.
COMPUTE_COLUMNS = {"macs": "MACs", "flops": "FLOPs", "xla": "FLOPs (XLA)",
                   "fvcore": "FLOPs (fvcore)", "activations": "Activations"}

#: The optional columns, by key, with the header Keras gives them (the compute columns'
#: their own). ``memory`` adds no column to a table: it adds the bytes of the weights and
#: the activations at :attr:`SummaryOptions.dtype` under it (in JSON: per layer too).
OPTIONAL_COLUMNS = {"connected": "Connected to", "trainable": "Trainable", **COMPUTE_COLUMNS,
                    "memory": "Memory"}

#: The optional columns a table shows as columns (``memory`` shows under it).
TABLE_COLUMNS = tuple(key for key in OPTIONAL_COLUMNS if key != "memory")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}")


@record
class SummaryOptions(Record):
    """What a summary shows beyond Keras's default three columns: ``batch`` (None, or how
    the batch dimension is written: ``"None"`` as Keras, or a name such as ``"B"``) and the
    extra columns, keys of :data:`OPTIONAL_COLUMNS` in the order given; ``dtype`` is the
    dtype of the ``memory`` bytes."""

    batch: str | None = None
    columns: tuple[str, ...] = ()
    dtype: str = "float32"

    @property
    def table_columns(self) -> tuple[str, ...]:
        """The extra columns of a table: :attr:`columns` without ``memory``."""
        return tuple(key for key in self.columns if key in TABLE_COLUMNS)

    def __post_init__(self) -> None:
        if self.batch is not None:
            check_batch_name(self.batch)
        for key in self.columns:
            if key not in OPTIONAL_COLUMNS:
                raise ValueError(f"unknown column {key!r}; expected one of "
                                 f"{', '.join(OPTIONAL_COLUMNS)}")
        from ..engine.memory import DTYPE_BYTES

        if self.dtype not in DTYPE_BYTES:
            raise ValueError(f"unknown dtype {self.dtype!r}; expected one of "
                             f"{', '.join(DTYPE_BYTES)}")


def compute_keys(text: str) -> tuple[str, ...]:
    """The keys of a comma-separated list of compute columns (``macs,flops``), checked;
    ``ValueError`` names an unknown one.

    >>> compute_keys("macs, flops,activations")
    ('macs', 'flops', 'activations')
    """
    keys = tuple(key.strip() for key in text.split(",") if key.strip())
    for key in keys:
        if key not in OPTIONAL_COLUMNS:
            raise ValueError(f"unknown column {key!r}; expected one of "
                             f"{', '.join(OPTIONAL_COLUMNS)}")
    return keys


def compute_formula(item, key: str) -> Expr | None:
    """A layer's or model's compute count ``key`` (a key of :data:`COMPUTE_COLUMNS`) as a
    formula; None where symparams does not know it (never 0 for unknown)."""
    if not hasattr(item, "layer_type"):  # a model: the sum of its layers', if all known
        parts = [compute_formula(layer, key) for layer in item.layers]
        return None if any(p is None for p in parts) else sympy.Add(*parts)
    formula = item.activations if key == "activations" else item.count(key)
    if formula is not None and item.index is not None and item.index in formula.free_symbols:
        return None  # a growing repetition: its copies differ, and their sum is not derived
    return formula


def value_at(formula: Expr, values) -> int | None:
    """``formula`` at ``values`` (symbols to numbers), None without them or if not a whole
    number.

    >>> d = sympy.Symbol("d")
    >>> value_at(3 * d, {d: 4}), value_at(d / 3, {d: 4}), value_at(d, None)
    (12, None, None)
    """
    if values is None:
        return None
    number = formula.xreplace({sym: sympy.Rational(v) for sym, v in values.items()})
    return int(number) if isinstance(number, sympy.Integer) else None


def unknown_types(item, key: str) -> list[str]:
    r"""The types of the layers (inside blocks too) whose count ``key`` is unknown, in order.

    >>> import symparams
    >>> source = ('model m:\n    Input(shape=(8, 8, 3))\n'
    ...           '    UpSampling2D(2, interpolation="bilinear")\n')
    >>> m = symparams.parse(source)["m"]
    >>> unknown_types(m, "macs"), unknown_types(m, "activations")
    (['UpSampling2D'], [])
    """
    found: list[str] = []
    for layer in item.layers:
        if compute_formula(layer, key) is not None:
            continue
        inner = unknown_types(layer, key) if layer.layers else []
        if not inner and layer.index is not None:  # known copies, not summed over i
            inner = ["a growing repetition"]
        found += [t for t in inner or [layer.type] if t not in found]
    return found


def unknown_count_text(types) -> str:
    """Why a total is unknown, for a reader.

    >>> unknown_count_text(["SimpleRNN"]), unknown_count_text([])
    ('not known for SimpleRNN yet', 'a growing repetition’s copies are not summed yet')
    """
    if not types:
        return "a growing repetition’s copies are not summed yet"
    return "not known for " + ", ".join(types) + " yet"


def check_batch_name(name: str) -> str:
    """``name`` if it can stand for the batch dimension (a plain name), else ``ValueError``.

    >>> check_batch_name("B"), check_batch_name("None")
    ('B', 'None')
    """
    if not _NAME.fullmatch(name):
        raise ValueError(f"the batch dimension is written as a name (None, B, batch), "
                         f"not {name!r}")
    return name


def with_batch(shape: Sequence, batch: str | None) -> tuple:
    """``shape`` with the batch dimension in front, written ``batch`` (unchanged if None);
    an integer shape gets it too: ``(None, 26, 26, 32)``."""
    if batch is None:
        return tuple(shape)
    return (sympy.Symbol(batch), *shape)


def connected_to(layer) -> str:
    """The tensors ``layer`` reads, by the name of the layer (or input) that made them:
    Keras's "Connected to" without its ``[0][0]`` node and tensor indices, which are always
    0 here (a symparams layer is called once). A model's only input is ``input``."""
    return ", ".join(layer.inbound) if layer.inbound else "-"


def trainable_flag(layer) -> str:
    """Keras's ``show_trainable`` mark: ``Y`` if the layer's weights are trained, ``N`` if it
    was frozen (``trainable=False``), ``-`` if it has no weights; a block is ``Y`` or ``N``
    when all its layers with weights agree, else ``mixed``."""
    if layer.layers:
        marks = {trainable_flag(inner) for inner in layer.layers} - {"-"}
        return marks.pop() if len(marks) == 1 else ("-" if not marks else "mixed")
    if _is_zero(layer.params):
        return "-"
    return "N" if layer.args.get("trainable") is False else "Y"


def _is_zero(expr: Expr) -> bool:
    return expr == 0 or sympy.expand(expr) == 0
