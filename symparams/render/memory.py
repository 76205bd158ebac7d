"""A :class:`~symparams.engine.memory.Memory` estimate as text, JSON data or Markdown: a row
per layer (weights and output, in bytes) and the terms of the total, each a formula and its
value.

>>> from symparams import parse
>>> from symparams.engine.memory import memory
>>> model = parse('''model m(n=8):
...     Input(shape=(n,))
...     Dense(4)
... ''').models["m"]
>>> print(memory_text(memory(model, batch=2, optimizer="sgd")))
Memory of model m: float32 (4 bytes per number), batch 2, optimizer sgd
<BLANKLINE>
Layer           Weights (bytes)    Outputs (bytes)
dense (Dense)   16*(n + 1) = 144   32
<BLANKLINE>
Term              Bytes        Value    Size   Counts
weights           16*(n + 1)     144   144 B   every weight, trainable or not
activations       32              32    32 B   every layer's output for a batch of 2
input             8*n             64    64 B   the model's input for a batch of 2
gradients         16*(n + 1)     144   144 B   one per trainable weight
optimizer state   0                0     0 B   0 per trainable weight (sgd)
training          40*n + 64      384   384 B   the sum of the terms above
"""

from __future__ import annotations

from collections.abc import Sequence

from ..engine.memory import Memory
from ..errors import columns
from . import expr_text, int_text
from .escape import markdown_code, markdown_text, terminal_text

__all__ = ["memory_text", "memory_data", "memory_markdown", "human_bytes", "term_label",
           "term_value", "summary_memory_lines"]


def human_bytes(value: int | None) -> str:
    """``1536`` -> ``"1.50 KiB"``; exact below 1 KiB; ``"?"`` for an unknown value.

    >>> human_bytes(512), human_bytes(1536), human_bytes(3 * 2**30)
    ('512 B', '1.50 KiB', '3.00 GiB')
    """
    if value is None:
        return "?"
    for unit, power in (("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if value >= 2**power:
            hundredths = (value * 100 + 2**power // 2) // 2**power  # exact rounding
            return f"{hundredths // 100}.{hundredths % 100:02d} {unit}"
    return f"{value} B"


def _heading(mem: Memory) -> str:
    batch = "batch B" if not mem.batch.is_Integer else f"batch {mem.batch}"
    optimizer = f", optimizer {mem.optimizer}" if mem.optimizer else ""
    return (f"Memory of model {mem.model}: {mem.dtype} ({mem.bytes_per_number} bytes per "
            f"number), {batch}{optimizer}")


def _with_value(formula, value: int | None) -> str:
    text = expr_text(formula)
    return text if value is None or formula.is_Integer else f"{text} = {int_text(value)}"


def _aligned(rows: Sequence[tuple[str, ...]], right: Sequence[int] = ()) -> list[str]:
    widths = [max(columns(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:  # padded by terminal columns: a wide character takes 2
        cells = [" " * (widths[i] - columns(cell)) + cell if i in right else
                 cell + " " * (widths[i] - columns(cell)) for i, cell in enumerate(row)]
        lines.append("   ".join(cells).rstrip())
    return lines


def _value_text(term) -> str:
    """The value, or the formula in B at the model's values (``16384*B``), or ``?``."""
    if term.value is not None:
        return int_text(term.value)
    return "?" if term.at_values is None else expr_text(term.at_values)


def memory_text(mem: Memory) -> str:
    """The estimate as a plain-text report for a terminal."""
    layers = [("Layer", "Weights (bytes)", "Outputs (bytes)")] + [
        (f"{row.name} ({row.type})", _with_value(row.weights, row.weights_value),
         _with_value(row.activations, row.activations_value)) for row in mem.layers]
    terms = [("Term", "Bytes", "Value", "Size", "Counts")] + [
        (t.name, expr_text(t.formula), _value_text(t), human_bytes(t.value), t.what)
        for t in mem.terms]
    lines = [_heading(mem), "", *_aligned(layers), "", *_aligned(terms, right=(2, 3))]
    return "\n".join(terminal_text(line) for line in lines)


def memory_data(mem: Memory) -> dict:
    """The estimate as JSON-ready data (formulas as SymPy text, values as integers)."""
    from . import sympy_text

    return {
        "dtype": mem.dtype, "bytes_per_number": mem.bytes_per_number,
        "batch": sympy_text(mem.batch), "optimizer": mem.optimizer,
        "layers": [{"name": row.name, "type": row.type,
                    "weights": {"formula": sympy_text(row.weights),
                                "value": row.weights_value},
                    "outputs": {"formula": sympy_text(row.activations),
                                "value": row.activations_value}} for row in mem.layers],
        "terms": [{"name": t.name, "formula": sympy_text(t.formula), "value": t.value,
                   "at_values": None if t.at_values is None else sympy_text(t.at_values),
                   "counts": t.what} for t in mem.terms],
    }


def memory_markdown(mem: Memory) -> str:
    """The estimate as two GitHub tables."""
    lines = [f"### {markdown_text(_heading(mem))}", "",
             "| Layer | Weights (bytes) | Outputs (bytes) |", "|---|---|---|"]
    lines += [f"| {markdown_text(row.name)} ({markdown_text(row.type)}) | "
              f"{markdown_code(_with_value(row.weights, row.weights_value))} | "
              f"{markdown_code(_with_value(row.activations, row.activations_value))} |"
              for row in mem.layers]
    lines += ["", "| Term | Bytes | Value | Counts |", "|---|---|---:|---|"]
    lines += [f"| {markdown_text(t.name)} | {markdown_code(expr_text(t.formula))} | "
              f"{markdown_code(_value_text(t))}"
              f"{'' if t.value is None else f' ({human_bytes(t.value)})'} | "
              f"{markdown_text(t.what)} |" for t in mem.terms]
    return "\n".join(lines) + "\n"


def term_label(mem: Memory, name: str) -> str:
    """A summary's label of a memory term: ``Weights memory (float32)``,
    ``Activations memory (float32, batch B)``."""
    batch = "" if name == "weights" else f", batch {mem.batch}"
    return f"{name.capitalize()} memory ({mem.dtype}{batch})"


def term_value(term) -> str | None:
    """A term's value for a summary: ``1,282,944 bytes (1.22 MiB)``, ``57600*B bytes`` (in
    ``B`` at the model's values), or None if it needs another symbol."""
    if term.value is not None:
        size = human_bytes(term.value)
        return f"{int_text(term.value)} bytes" + ("" if size.endswith(" B") else f" ({size})")
    return None if term.at_values is None else f"{expr_text(term.at_values)} bytes"


def summary_memory_lines(mem: Memory) -> list[str]:
    """The memory terms under a text summary (``summary --columns memory``), one a line.

    >>> from symparams import parse
    >>> from symparams.engine.memory import memory
    >>> model = parse("model m(n=8):\\n    Input(shape=(n,))\\n    Dense(4)\\n").models["m"]
    >>> print("\\n".join(summary_memory_lines(memory(model))))
    Weights memory (float32): 16*(n + 1) = 144 bytes
    Activations memory (float32, batch B): 16*B bytes
    Input memory (float32, batch B): 4*B*n = 32*B bytes
    Total memory (float32, batch B): 4*(B*n + 4*B + 4*n + 4) = 48*(B + 3) bytes
    """
    lines = []
    for term in mem.terms:
        formula, value = expr_text(term.formula), term_value(term)
        if value is None:
            said = f"{formula} bytes (a value needs values of its symbols)"
        elif term.formula.is_Integer or value == f"{formula} bytes":
            said = value
        else:
            said = f"{formula} = {value}"
        lines.append(f"{term_label(mem, term.name)}: {said}")
    return lines
