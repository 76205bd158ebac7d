"""Random multi-input graphs (``T`` steps, input widths ``d_i``, Dense layers and merges) as
specs that Keras builds (:data:`WORKER`) and as model-file text (:func:`graph_to_dsl`);
shared by ``test_multi_input.py`` and ``test_equality_assumptions.py``.

A spec is ``{"T": int, "widths": [int, ...], "ops": [op, ...]}``; an op is
``{"op": "dense", "src": i, "units": n, "bias": bool}`` or ``{"op": MERGE, "srcs": [i, ...]}``
with tensors numbered inputs first.

>>> print(graph_to_dsl({"T": 2, "widths": [3, 4], "ops": [{"op": "concat", "srcs": [0, 1]}]},
...                    assumes=["d1 == d0"])[0], end="")
model g(T, d0, d1):
    assume d1 == d0
    t0 = Input(shape=(T, d0))
    t1 = Input(shape=(T, d1))
    t2 = Concatenate()(t0, t1)
"""

from __future__ import annotations

__all__ = ["WORKER", "NAMES", "graph_to_dsl", "join_leaves"]

#: Builds each spec read from stdin in Keras; prints [trainable, non-trainable, shape].
WORKER = r"""
import json, math, sys, keras
L = keras.layers
MERGES = {"add": L.Add, "multiply": L.Multiply, "maximum": L.Maximum,
          "subtract": L.Subtract, "concat": L.Concatenate}
count = lambda ws: sum(math.prod(int(x) for x in w.shape) for w in ws)
for line in sys.stdin:
    spec = json.loads(line)
    inputs = [keras.Input((spec["T"], w)) for w in spec["widths"]]
    tensors = list(inputs)
    for op in spec["ops"]:
        if op["op"] == "dense":
            t = L.Dense(op["units"], use_bias=op["bias"])(tensors[op["src"]])
        else:
            t = MERGES[op["op"]]()([tensors[i] for i in op["srcs"]])
        tensors.append(t)
    out = tensors[-1]
    m = keras.Model(inputs, out)
    print(json.dumps([count(m.trainable_weights), count(m.non_trainable_weights),
                      list(out.shape[1:])]), flush=True)
"""

#: A merge op's layer name in the model language.
NAMES = {"add": "Add", "multiply": "Multiply", "maximum": "Maximum", "subtract": "Subtract",
         "concat": "Concatenate"}


def join_leaves(ops: list[dict], tensors: int) -> None:
    """Every input reaches the output: append a concatenation of whatever nothing reads."""
    used = {i for op in ops for i in op.get("srcs", [op.get("src")])}
    leaves = [i for i in range(tensors) if i not in used]
    if len(leaves) > 1:
        ops.append({"op": "concat", "srcs": leaves})


def graph_to_dsl(spec: dict, assumes: list[str] | tuple[str, ...] = ()) -> tuple[str, dict]:
    """The spec as a model ``g`` (with an ``assume`` line of ``assumes`` if any) and the
    values of its symbols ``T, d0, d1, ...``."""
    k = len(spec["widths"])
    values = {"T": spec["T"], **{f"d{i}": w for i, w in enumerate(spec["widths"])}}
    body = [f"    assume {', '.join(assumes)}"] if assumes else []
    body += [f"    t{i} = Input(shape=(T, d{i}))" for i in range(k)]
    for n, op in enumerate(spec["ops"], start=k):
        if op["op"] == "dense":
            call = f"Dense({op['units']}, use_bias={op['bias']})(t{op['src']})"
        else:
            call = f"{NAMES[op['op']]}()({', '.join(f't{i}' for i in op['srcs'])})"
        body.append(f"    t{n} = {call}")
    return f"model g({', '.join(values)}):\n" + "\n".join(body) + "\n", values
