"""``--symbolize``: literal sizes become named symbols, the literal their example value.

A role is what a size is (a Dense's ``units``, a convolution's ``filters`` or
``kernel_size``, an input dimension, ...); each distinct (role, value) gets one symbol, so
``Dense(30)`` and ``Dense(10)`` become ``Dense(u1)`` and ``Dense(u2)``, and the 3 of every
3 x 3 kernel the one symbol ``k1``. A 1 stays a literal.

>>> from .ir import Call, ImportedModel, LayerLine
>>> m = ImportedModel("m", [LayerLine(Call("Input", (), (("shape", (28, 28)),))),
...                         LayerLine(Call("Dense", (30,))), LayerLine(Call("Dense", (10,)))])
>>> symbolize(m, lambda func: ("units",) if func == "Dense" else ())
>>> from .ir import show
>>> m.symbols, [show(line.call) for line in m.lines]
({'n1': 28, 'u1': 30, 'u2': 10}, ['Input(shape=(n1, n1))', 'Dense(u1)', 'Dense(u2)'])
"""

from __future__ import annotations

from collections.abc import Callable

from .ir import Call, ImportedModel, Operation, Ref, identifier

__all__ = ["symbolize", "ROLES", "Signature"]

#: ``signature(layer)``: the names of its positional arguments, in order (empty if unknown).
Signature = Callable[[str], "tuple[str, ...]"]

#: Argument name -> the stem of its symbols.
ROLES = {
    "shape": "n", "input_shape": "n", "batch_input_shape": "n",
    "units": "u", "filters": "f", "kernel_size": "k", "pool_size": "p", "strides": "s",
    "input_dim": "v", "output_dim": "e", "input_length": "T",
    "num_heads": "h", "key_dim": "dk", "value_dim": "dv", "depth_multiplier": "m",
    "dilation_rate": "r", "size": "z", "cropping": "c", "padding": "q", "target_shape": "n",
    "n": "rep", "groups": "g", "num_tokens": "v", "output_sequence_length": "T",
    "max_tokens": "v", "intermediate_dim": "dff",
}


def symbolize(model: ImportedModel, signature: Signature) -> None:
    """Replace ``model``'s literal sizes by symbols (added to ``model.symbols``)."""
    taken = set(model.symbols) | {line.target for line in model.lines if line.target}
    for line in model.lines:
        taken |= set(line.inputs or ())
    chosen: dict[tuple[str, int], str] = {}
    counters: dict[str, int] = {}

    def name_for(role: str, value: int) -> str:
        if (role, value) not in chosen:
            while True:
                counters[role] = counters.get(role, 0) + 1
                candidate = f"{role}{counters[role]}"
                if candidate not in taken:
                    break
            chosen[(role, value)] = identifier(candidate, taken)
            model.symbols[chosen[(role, value)]] = value
        return chosen[(role, value)]

    def lift(role: str, value):
        if type(value) is int and value > 1:
            return Ref(name_for(role, value))
        if isinstance(value, (tuple, list)):
            items = [lift(role, item) for item in value]
            return tuple(items) if isinstance(value, tuple) else items
        return value

    def visit(call: Call) -> Call:
        names = signature(call.func)
        args = []
        for index, value in enumerate(call.args):
            role = ROLES.get(names[index]) if index < len(names) else None
            args.append(_nested(value, visit) if role is None else lift(role, value))
        keywords = tuple(
            (key, lift(ROLES[key], value) if key in ROLES else _nested(value, visit))
            for key, value in call.keywords)
        return Call(call.func, tuple(args), keywords, call.arg_lines)

    for line in model.lines:
        if line.untranslated is None and not isinstance(line.call, Operation):
            line.call = visit(line.call)  # (arithmetic's numbers are not sizes)


def _nested(value, visit):
    """A layer given as an argument (``Bidirectional(LSTM(64))``) is symbolized too."""
    return visit(value) if isinstance(value, Call) and value.func[:1].isupper() \
        and "." not in value.func else value
