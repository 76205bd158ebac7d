"""A harness that checks a DSL model against a network of ``keras.applications``, layer by
layer.

**Keras's side.** A worker child (:mod:`tests.keras_subprocess`: jax, inside
``StatelessScope(initialize_variables=False)``, so Xception builds in well under a second)
calls a builder of ``keras.src.applications`` (``"xception.Xception"``,
``"densenet.DenseNet"``, ...) with ``weights=None`` and the spec's arguments, and answers
one record per layer of the functional model (``InputLayer`` left out): its class name,
output shape without the batch axis, trainable and non-trainable parameter counts, plus the
model's totals. ``ranges`` rebuilds *the same Keras code* at another depth: ``{"8": 4}``
makes every ``range(8)`` in the builder's module run ``range(4)`` (Xception's middle flow is
``for i in range(8)``), so a symbolic depth is checked against Keras's own construction,
not against a copy of it written here; ``arguments`` likewise calls one of the module's
helpers with another argument (DenseNet's ``conv_block(x, 32, name)`` at growth rate 12).

**symparams's side.** :func:`leaf_records` walks the model's rows (``Layer.walk()`` order)
and keeps the plain layers, the leaves: a block row is only the sum of its inner rows, so
comparing it too would count its layers twice. A repetition lists one copy of its body; each
of its leaves counts as many times as the repetition's count at these values (nested
repetitions multiply).

**What is compared, and why a multiset.** Each side becomes a multiset of ``(type, output
shape, trainable, non-trainable)``, one element per layer, and the two must be equal,
together with the totals and the model's output shape. Keras orders a functional model's
layers by graph depth, which for branching modules (Inception's four branches, a residual's
projection) interleaves branches differently from the order in which the DSL (or Keras's own
source) writes them, so a position-by-position comparison would test Keras's topological
sort, not the counts. The multiset still checks every single layer: a missing, extra or
wrongly sized layer, or one with a wrong count, is an element on one side only, and
:func:`assert_matches_keras` names it with the number of times it occurs on each side.
What the multiset cannot see is which tensor feeds which layer when two wirings give the same
shapes everywhere; those shapes are then the same, and so are the counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import sympy

from symparams.layers.tensor_ops import is_operation

__all__ = ["WORKER", "Record", "leaf_records", "keras_spec", "assert_matches_keras",
           "describe_difference"]

#: One layer: (type, output shape, trainable, non-trainable).
Record = tuple[str, tuple[int, ...], int, int]

#: The worker: one JSON spec per line in, one JSON answer per line out.
WORKER = """
import builtins, importlib, json, math, sys
import keras

def count(weights):
    return sum(math.prod(int(d) for d in w.shape) for w in weights)

def with_arguments(original, positions):
    def patched(*args, **kwargs):
        args = list(args)
        for index, value in positions.items():
            args[int(index)] = value
        return original(*args, **kwargs)
    return patched

def build(spec):
    module_name, function = spec["builder"].rsplit(".", 1)
    module = importlib.import_module("keras.src.applications." + module_name)
    saved = {}
    ranges = {int(k): v for k, v in spec.get("ranges", {}).items()}
    spans = {tuple(int(p) for p in k.split(",")): v
             for k, v in spec.get("spans", {}).items()}
    def patched_range(*a):
        if len(a) == 1:
            return builtins.range(ranges.get(a[0], a[0]))
        return builtins.range(*spans.get(tuple(a), a))
    if ranges or spans:
        module.range = patched_range
    for helper, positions in spec.get("arguments", {}).items():
        saved[helper] = getattr(module, helper)
        setattr(module, helper, with_arguments(saved[helper], positions))
    try:
        return getattr(module, function)(*spec.get("args", []), weights=None,
                                         **spec.get("kwargs", {}))
    finally:
        if ranges or spans:
            del module.range
        for helper, original in saved.items():
            setattr(module, helper, original)

def records(model):
    # every layer (a nested model's in its place) and every Keras op that is no layer
    # (ConvNeXt's `inputs + layer(x)`), as [type, shape, trainable, non-trainable]
    out = []
    for op in getattr(model, "operations", None) or model.layers:  # (a Sequential: layers)
        kind = type(op).__name__
        if kind == "InputLayer":
            continue
        if isinstance(op, keras.Model):
            out.extend(records(op))
            continue
        shape = list(op._inbound_nodes[0].output_tensors[0].shape[1:])
        if isinstance(op, keras.layers.Layer):
            out.append([kind, shape, count(op.trainable_weights),
                        count(op.non_trainable_weights)])
        else:
            out.append(["op:" + kind, shape, 0, 0])
    return out

for line in sys.stdin:
    spec = json.loads(line)
    model = build(spec)
    if spec.get("frozen"):  # base_model.trainable = False, as transfer learning does
        model.trainable = False
    print(json.dumps({"layers": records(model),
                      "trainable": count(model.trainable_weights),
                      "non_trainable": count(model.non_trainable_weights),
                      "output_shape": list(model.output.shape[1:])}), flush=True)
"""


def keras_spec(builder: str, *args: Any, ranges: Mapping[int, int] | None = None,
               arguments: Mapping[str, Mapping[int, Any]] | None = None,
               spans: Mapping[tuple[int, int], tuple[int, int]] | None = None,
               frozen: bool = False, **kwargs: Any) -> dict:
    """The worker's spec for ``keras.src.applications.<builder>(*args, weights=None,
    **kwargs)``, with ``range(k)`` run as ``range(ranges[k])`` in the builder's module (and
    ``range(a, b)`` as ``range(*spans[a, b])``: InceptionResNetV2's ``range(1, 11)``), and
    every call of the module's function ``f`` given ``arguments[f][i]`` as its positional
    argument ``i`` (DenseNet's ``conv_block(x, 32, name)`` at another growth rate:
    ``arguments={"conv_block": {1: 12}}``); ``frozen``: the model's ``trainable`` set to
    False once built.

    >>> keras_spec("xception.Xception", input_shape=(71, 71, 3), ranges={8: 2})
    {'builder': 'xception.Xception', 'args': [], 'kwargs': {'input_shape': [71, 71, 3]}, \
'ranges': {'8': 2}, 'arguments': {}, 'spans': {}}
    """
    plain = {key: list(value) if isinstance(value, tuple) else value
             for key, value in kwargs.items()}
    return {"builder": builder, "args": list(args), "kwargs": plain,
            "ranges": {str(k): v for k, v in (ranges or {}).items()},
            "arguments": {f: {str(i): v for i, v in at.items()}
                          for f, at in (arguments or {}).items()},
            "spans": {f"{a},{b}": list(v) for (a, b), v in (spans or {}).items()},
            **({"frozen": True} if frozen else {})}


def _leaves(layer, subs: Mapping, times: int) -> Iterator[tuple[Record, int]]:
    """(record, multiplicity) of every plain layer under ``layer`` at ``subs``, ``times``
    copies of it. A growing repetition (``repeat n as h, i:``, whose row has an ``index``)
    differs from copy to copy: each copy ``i`` is evaluated on its own."""
    if times == 0:
        return
    if not layer.layers:
        values = layer.evaluate_at(subs)
        kind = ("op:" if is_operation(layer.layer_type) else "") + layer.type
        yield (kind, tuple(values.output_shape), values.trainable, values.non_trainable), times
        return
    count = 1 if layer.repeat is None else int(layer.repeat.xreplace(subs))
    index = getattr(layer, "index", None)
    if index is None:  # a block, or copies that are all alike
        for inner in layer.layers:
            yield from _leaves(inner, subs, times * count)
        return
    for copy in range(count):
        at_copy = {**subs, index: sympy.Integer(copy)}
        for inner in layer.layers:
            yield from _leaves(inner, at_copy, times)


def leaf_records(model, values: Mapping[str, Any] | None = None) -> Counter:
    """Every plain layer of ``model`` at ``values``, as a multiset of :data:`Record` s.

    >>> import symparams
    >>> m = symparams.parse('''
    ... model m(d=4, L=3):
    ...     Input(shape=(d,))
    ...     repeat L as h:
    ...         Dense(d)
    ...     Dense(2)
    ... ''')["m"]
    >>> sorted(leaf_records(m).items())
    [(('Dense', (2,), 10, 0), 1), (('Dense', (4,), 20, 0), 3)]
    """
    evaluation = model.evaluate(values or {})  # checks every condition and assumption
    subs = {model.symbols[k]: sympy.Rational(v) for k, v in evaluation.values.items()}
    records: Counter = Counter()
    for layer in model.layers:
        for record, times in _leaves(layer, subs, 1):
            records[record] += times
    return records


def describe_difference(ours: Counter, theirs: Counter, limit: int = 12) -> str:
    """The records whose multiplicities differ, as lines ``record: ours N, Keras M``.

    >>> describe_difference(Counter({("Dense", (4,), 20, 0): 2}),
    ...                     Counter({("Dense", (4,), 20, 0): 3}))
    "('Dense', (4,), 20, 0): symparams 2, Keras 3"
    """
    lines = [f"{record}: symparams {ours[record]}, Keras {theirs[record]}"
             for record in sorted(set(ours) | set(theirs), key=repr)
             if ours[record] != theirs[record]]
    more = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def assert_matches_keras(model, values: Mapping[str, int], ask: Callable[[dict], Any],
                         spec: dict, as_ops: tuple[str, ...] = ()) -> dict:
    """``model`` at ``values`` has, layer for layer, the layers of the Keras model ``spec``
    builds (see the module docstring), the same totals and the same output shape. A layer
    of a type in ``as_ops`` is Keras's op of that name (``Add`` for ConvNeXt's
    ``inputs + layer(x)``: the DSL has no tensor arithmetic); any other Keras op that is no
    layer is a difference. Returns Keras's answer."""
    answer = ask(spec)
    theirs = Counter((kind, tuple(shape), trainable, non_trainable)
                     for kind, shape, trainable, non_trainable in answer["layers"])
    ours = Counter()
    for (kind, *rest), times in leaf_records(model, values).items():
        ours[("op:" + kind if kind in as_ops else kind, *rest)] += times
    assert ours == theirs, (f"{model.name} at {dict(values)} differs from {spec}:\n"
                            + describe_difference(ours, theirs))
    evaluation = model.evaluate(values)
    assert (evaluation.trainable, evaluation.non_trainable, list(evaluation.output_shape)) == \
        (answer["trainable"], answer["non_trainable"], answer["output_shape"])
    return answer
