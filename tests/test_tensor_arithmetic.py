"""Arithmetic on tensors (``y = h + 3``, ``a * b``, ``-h``, ``h ** 2``) against Keras.

Hypothesis draws programs of operators on one or two inputs (shapes that broadcast, sizes as
symbols), numbers and Dense layers; the same program is written in the DSL and run in a
Keras child (``x + 3.0`` on a KerasTensor is an operation of the functional model). Every row
(Keras's class name, name, shape, weights) must match, and so must XLA's ``flops`` and
``transcendentals`` of the whole forward pass where symparams knows them. Then a table of
mistakes and their messages.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import symparams
from symparams.errors import ShapeError
from symparams.layers.tensor_ops import FUNCTIONS
from symparams.syntax.keras_names import TENSOR_FUNCTIONS

from .conftest import assert_error_at
from .keras_subprocess import worker_fixture

WORKER = r"""
import json, math, operator, sys
import jax, keras

BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
          "**": operator.pow, "//": operator.floordiv, "%": operator.mod}

def value(v):
    return v if isinstance(v, int) else v[0] / v[1]

def build(spec, tensors):
    for step in spec["steps"]:
        kind = step[0]
        if kind == "neg":
            tensors.append(-tensors[step[1]])
        elif kind == "fn":
            tensors.append(getattr(keras.ops, step[2])(tensors[step[1]]))
        elif kind == "dense":
            tensors.append(keras.layers.Dense(step[2])(tensors[step[1]]))
        else:
            _, op, left, right, swapped = step
            a, b = tensors[left], (tensors[right[1]] if right[0] == "t" else value(right[1]))
            tensors.append(BINARY[op](b, a) if swapped else BINARY[op](a, b))

for line in sys.stdin:
    spec = json.loads(line)
    keras.backend.clear_session()  # names from add, not add_7
    inputs = [keras.Input(tuple(shape)) for shape in spec["inputs"]]
    tensors = list(inputs)
    try:
        build(spec, tensors)
    except ValueError as error:  # shapes that do not broadcast
        print(json.dumps({"error": str(error)}), flush=True)
        continue
    read = {step[2] if step[0] == "op" else step[1] for step in spec["steps"]} | {
        step[3][1] for step in spec["steps"] if step[0] == "op" and step[3][0] == "t"}
    model = keras.Model(inputs, [t for i, t in enumerate(tensors)
                                 if i >= len(inputs) and i not in read])
    rows = []
    for op in model.operations:
        if type(op).__name__ == "InputLayer":
            continue
        weights = sum(math.prod(w.shape) for w in getattr(op, "weights", []))
        rows.append([type(op).__name__, op.name,
                     list(op._inbound_nodes[0].output_tensors[0].shape[1:]), weights])
    def forward(tv, *xs):
        y, _ = model.stateless_call(tv, [], list(xs), training=False)
        return y
    struct = lambda s, d: jax.ShapeDtypeStruct(tuple(s), d)
    cost = jax.jit(forward).lower([struct(v.shape, v.dtype) for v in model.trainable_variables],
                                  *[struct((1, *s), "float32") for s in spec["inputs"]]
                                  ).compile().cost_analysis()
    cost = cost[0] if isinstance(cost, list) else cost
    print(json.dumps({"rows": rows, "flops": int(cost.get("flops", 0)),
                      "transcendentals": int(cost.get("transcendentals", 0))}), flush=True)
"""

keras_ops = worker_fixture(WORKER)

OPERATORS = ["+", "-", "*", "/", "**", "//", "%"]
EXPONENTS = [0, 1, 2, 3, -1, 4, Fraction(1, 2)]


@st.composite
def programs(draw):
    """(spec for the Keras child, DSL source, values of the sizes)."""
    rank = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(2, 6), min_size=rank, max_size=rank))
    first = tuple(sizes)
    second = tuple(1 if draw(st.booleans()) else s for s in first[-draw(st.integers(1, rank)):])
    shapes = [first] + ([second] if draw(st.booleans()) else [])
    steps, lines, count = [], [], len(shapes)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["op", "op", "op", "neg", "dense", "fn"]))
        left = draw(st.integers(0, count - 1))
        if kind == "neg":
            step, line = ["neg", left], f"t{count} = -t{left}"
        elif kind == "fn":
            name = draw(st.sampled_from(sorted(FUNCTIONS)))
            written = draw(st.sampled_from([name, f"ops.{name}", f"keras.ops.{name}"]))
            step, line = ["fn", left, name], f"t{count} = {written}(t{left})"
        elif kind == "dense":
            units = draw(st.integers(1, 4))
            step, line = ["dense", left, units], f"t{count} = Dense({units})(t{left})"
        else:
            op = draw(st.sampled_from(OPERATORS))
            swapped = draw(st.booleans())
            if draw(st.booleans()) and op not in ("**", "//", "%"):
                # two tensors: only where they broadcast (a Dense may have changed the last axis)
                right = draw(st.integers(0, count - 1))
                step = ["op", op, left, ["t", right], swapped]
                a, b = (f"t{right}", f"t{left}") if swapped else (f"t{left}", f"t{right}")
            else:
                number = draw(st.sampled_from(EXPONENTS)) if op == "**" and not swapped else \
                    draw(st.sampled_from([0, 1, 2, 3, Fraction(1, 6), 6]))
                text = f"({number})" if isinstance(number, Fraction) or number < 0 else \
                    str(number)
                step = ["op", op, left, ["n", [number.numerator, number.denominator]
                                          if isinstance(number, Fraction) else number], swapped]
                a, b = (text, f"t{left}") if swapped else (f"t{left}", text)
            line = f"t{count} = {a} {op} {b}"
        if _same(step) in map(_same, steps):  # XLA computes a repeated computation once
            continue                              # (CSE); see compute.md
        steps.append(step)
        lines.append(line)
        count += 1
    names = {size: f"s{i}" for i, size in enumerate(sorted(set(sizes)))}
    header = ", ".join(f"{name}={size}" for size, name in names.items())

    def dims(shape):
        return ", ".join("1" if d == 1 else names[d] for d in shape) + ("," if len(shape) == 1
                                                                        else "")
    inputs = [f"t{i} = Input(shape=({dims(shape)}))" for i, shape in enumerate(shapes)]
    source = f"model m({header}):\n" + "".join(f"    {line}\n" for line in inputs + lines)
    return {"inputs": [list(s) for s in shapes], "steps": steps}, source


def _same(step: list) -> list:
    """A step as XLA's CSE sees it: ``1 + x`` is ``x + 1``."""
    return [*step[:4], False] if step[0] == "op" and step[1] in ("+", "*") else step


def rows_of(model) -> list[list]:
    return [[row.type, row.name, list(row.output_shape), row.trainable + row.non_trainable]
            for row in model.evaluate().layers]


def dense_read_twice(spec) -> bool:
    """A Dense whose output two operations read: XLA repeats its bias add in each fusion
    (not derived; docs/compute.md)."""
    reads = [step[2] if step[0] == "op" else step[1] for step in spec["steps"]] + [
        step[3][1] for step in spec["steps"] if step[0] == "op" and step[3][0] == "t"]
    first = len(spec["inputs"])
    return any(step[0] == "dense" and reads.count(first + i) > 1
               for i, step in enumerate(spec["steps"]))


@pytest.mark.oracle
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
@example(({"inputs": [[2]], "steps": [["neg", 0], ["op", "**", 1, ["n", 0], False]]},
          "model m():\n    t0 = Input(shape=(2,))\n    t1 = -t0\n    t2 = t1 ** 0\n"))
@example(({"inputs": [[2]], "steps": [["op", "/", 0, ["t", 0], False],
                                      ["op", "/", 1, ["n", 1], True]]},
          "model m():\n    t0 = Input(shape=(2,))\n    t1 = t0 / t0\n    t2 = 1 / t1\n"))
def test_like_keras(keras_ops, program):
    spec, source = program
    try:
        model = symparams.parse(source)["m"]
        ours = rows_of(model)
    except ShapeError as error:  # two tensors that do not broadcast: Keras refuses too, or
        # their sizes are different symbols that happen to be equal here (assume s0 == 3)
        assert "differ in dimension" in error.message, source
        return
    answer = keras_ops(spec)
    assert sorted(ours) == sorted(answer["rows"]), source
    costs = model.evaluate().costs
    if costs["xla"] is not None and not dense_read_twice(spec):
        assert (costs["xla"], costs["transcendentals"]) == \
            (answer["flops"], answer["transcendentals"]), source


def test_a_layer_applied_inside_an_expression_is_its_own_row(keras_ops):
    """``(Dense(n)(x) + 3) * x``, as Keras scripts write it: the Dense row, then the sum."""
    model = symparams.parse("model m(s0=4):\n    t0 = Input(shape=(s0,))\n"
                            "    t1 = (Dense(3)(t0) + 3) * (1/6)\n")["m"]
    spec = {"inputs": [[4]], "steps": [["dense", 0, 3], ["op", "+", 1, ["n", 3], False],
                                       ["op", "*", 2, ["n", [1, 6]], False]]}
    answer = keras_ops(spec)
    assert rows_of(model) == answer["rows"]
    assert model.evaluate().costs["xla"] == answer["flops"]


HEADER = "model m(n=4):\n    x = Input(shape=(5, n))\n    h = Dense(n)(x)\n"

MISTAKES = [  # (line, message, column of the caret)
    ("y = +h", "'h' is a tensor: only + - * / ** // %, a leading - and keras.ops functions", 10),
    ("y = max(h, 3)", "'h' is a tensor", 13),
    ("y = h[0]", "'h' is a tensor", 9),
    ("y = h + (1, 2)", "a tensor combines with a number or another tensor, not with a tuple",
     13),
    ("y = max(Dense(2)(x), 3)", "'Dense(...)(...)' is a tensor", 13),
    ("y = h + Dense(3)(x)", "inputs 1 and 2 differ in dimension 2: n vs 3", 9),
    ("y = h + z", "undeclared symbol 'z'", 13),
]


@pytest.mark.parametrize(("line", "message", "column"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_mistakes_are_named_where_they_are(line, message, column):
    assert_error_at(HEADER + f"    {line}\n", message, 4, column)


def test_a_shape_read_is_still_a_value():
    model = symparams.parse(HEADER + "    c = h.shape[-1] * 2\n    Dense(c)(h)\n")["m"]
    assert [row.type for row in model.layers] == ["Dense", "Dense"]
    assert model.evaluate().output_shape == (5, 8)


PRODUCT_OR_COPIES = [  # (line, the rows' types, a warning expected)
    ("y = Dense(n)(x) * h", ["Dense", "Dense", "Multiply"], False),
    ("y = Dense(n)(x) * 0.5", ["Dense", "Dense", "Multiply"], False),
    ("y = Dense(n)(x) * (1/6)", ["Dense", "Dense", "Multiply"], False),
    ("y = Dense(n)(x) * k", ["Dense", "Repeat"], False),
    ("y = Dense(n)(x) * 2", ["Dense", "Repeat"], True),
]


@pytest.mark.parametrize(("line", "types", "warned"), PRODUCT_OR_COPIES,
                         ids=[p[0] for p in PRODUCT_OR_COPIES])
def test_a_layer_times_a_tensor_or_a_fraction_is_keras_product(line, types, warned):
    """``Block(...)(x) * L`` chains copies (the language's repetition); times a tensor or a
    fraction it can only be Keras's product, and a literal integer warns."""
    document = symparams.parse("model m(n=4, k=3):\n    x = Input(shape=(5, n))\n"
                               f"    h = Dense(n)(x)\n    {line}\n")
    assert [row.type for row in document["m"].layers] == types
    assert any("chains 2 copies" in w.message for w in document.warnings) == warned


def test_the_language_knows_every_function_that_has_a_cost():
    """The parser-side names (syntax.keras_names) and the cost table are one list."""
    assert set(FUNCTIONS) == TENSOR_FUNCTIONS
