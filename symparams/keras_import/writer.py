"""Imported models written as model text, comments where the code had them.

>>> from .ir import Call, ImportedModel, LayerLine
>>> m = ImportedModel("sequential", [LayerLine(Call("Input", (), (("shape", (28,)),))),
...     LayerLine(Call("Dense", (30,)), comments=["# hidden layer"])], symbols={"u1": 30})
>>> print(write_models([m]), end="")
model sequential(u1=30):
    Input(shape=(28,))
    # hidden layer
    Dense(30)
"""

from __future__ import annotations

from .ir import ImportedModel, LayerLine, Operation, argument_texts, show

__all__ = ["write_models", "statement_text"]

INDENT = "    "


def write_models(models: list[ImportedModel], header: list[str] = (),
                 trailer: list[str] = (), blocks: list[ImportedModel] = ()) -> str:
    """The model file: ``header`` comment lines, each block (its symbols its parameters),
    each model, then ``trailer`` comments."""
    out = list(header)
    for model in [*blocks, *models]:
        if out:
            out.append("")
        out.extend(model.comments)
        if model in blocks:
            out.append(f"block {model.name}({', '.join(model.symbols)}):")
        else:
            symbols = ", ".join(f"{name}={value}" for name, value in model.symbols.items())
            out.append(f"model {model.name}({symbols}):" if symbols
                       else f"model {model.name}:")
        for line in model.lines:
            out.extend(INDENT + c for c in line.comments)
            out.extend(INDENT + text for text in statement_text(line))
    if trailer:
        out.append("")
        out.extend(trailer)
    return "\n".join(out) + "\n"


def statement_text(line: LayerLine) -> list[str]:
    """One statement as one or more lines (more when the code's call spanned lines that
    carried comments: each argument stays on its line, with its comment)."""
    if line.untranslated is not None:
        return [f"# {line.untranslated}"]
    call = line.call
    if isinstance(call, Operation):  # arithmetic on tensors: target = a + b
        comment = "  ".join(line.inline[k] for k in sorted(line.inline))
        return [f"{line.target} = {show(call)}" + (f"  {comment}" if comment else "")]
    head = (f"{line.target} = " if line.target else "") + call.func + "("
    after = [*(line.inputs or ()), *(f"{k}={v}" for k, v in line.call_keywords)]
    tail = ")" + (f"({', '.join(after)})" if line.inputs is not None else "")
    pieces = argument_texts(call)
    if not line.inline or len(call.arg_lines) != len(pieces) or not pieces:
        comment = "  ".join(line.inline[k] for k in sorted(line.inline))
        return [head + ", ".join(pieces) + tail + (f"  {comment}" if comment else "")]
    groups: list[tuple[int, list[str]]] = []
    for piece, source_line in zip(pieces, call.arg_lines, strict=True):
        if groups and groups[-1][0] == source_line:
            groups[-1][1].append(piece)
        else:
            groups.append((source_line, [piece]))
    notes: dict[int, list[str]] = {}
    for source_line in sorted(line.inline):  # each comment goes with the group it follows
        at = max((i for i, g in enumerate(groups) if g[0] <= source_line), default=0)
        notes.setdefault(at, []).append(line.inline[source_line])
    out = []
    for index, (_, items) in enumerate(groups):
        text = (head if index == 0 else " " * len(head)) + ", ".join(items)
        text += tail if index == len(groups) - 1 else ","
        out.append(text + ("  " + "  ".join(notes[index]) if index in notes else ""))
    return out
