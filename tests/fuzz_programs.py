"""Hypothesis strategies that write whole programs in the language as it is now: ``use``
lines, helpers (``def``), blocks, models with display names (``d=4 as "..."``, some of them
hostile), ``repeat n:``, ``repeat n as h:``, ``repeat n as h, i:``, merges of named tensors,
``if``/``elif``/``else``, block calls and ``Layer * n``, values assigned and updated.

Most programs are valid or nearly so, which reaches the analysis behind the parser (the
token soups of tests/test_fuzz.py mostly stop at the first syntax error); tests/test_fuzz.py
mutates them further.
"""

from __future__ import annotations

from hypothesis import strategies as st

__all__ = ["programs", "USED_FILE", "DISPLAY_NAMES"]

#: A file that ``use "part.sp"`` brings in (written beside the program by the tests).
USED_FILE = '''block Part(w)(x):
    Dense(w)(x)
    y = Dense(w)
    Add()(y, y)
'''

DISPLAY_NAMES = [
    '"d_{\\\\mathrm{in}}"', '"\\\\alpha"', '"\\\\nu"', '"n_{out}^{2}"', "'k'",
    # refused: each must be a located error, never reach an output
    '"\\\\input{/etc/passwd}"', '"d\\\\immediate\\\\openout9=x"', '"50%"', '"$x$"',
    '"^^5cinput"', '"{"', '"\\x1b[31m"',
]

SYMBOLS = ["d", "L", "n", "k"]
_NUMBERS = st.sampled_from(["0", "1", "2", "3", "7", "64", "10**3", "2**70", "(-1)**(2**100)"])
_ATOMS = st.sampled_from(SYMBOLS) | _NUMBERS
_COUNTS = st.sampled_from([*SYMBOLS, "0", "1", "2", "3", "100000"])  # repeat takes an atom


def _expr(names: list[str]) -> st.SearchStrategy[str]:
    atoms = st.sampled_from(names) | _NUMBERS
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "//", "%", "**"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"),
            st.tuples(inner, _cond(atoms), inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        ),
        max_leaves=5,
    )


def _cond(atoms: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(atoms, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), atoms).map(
        " ".join)


@st.composite
def _body(draw, names: list[str], depth: int, indent: str, tensors: list[str]) -> list[str]:
    """Statements of a model, block or repeat body."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(
            ["dense", "named", "merge", "concat", "value", "update", "block", "times",
             "repeat", "repeat-h", "repeat-hi", "if"] if depth < 2 else
            ["dense", "named", "merge", "value"]))
        width = draw(_expr(names))
        if kind == "dense":
            lines.append(f"{indent}Dense({width})")
        elif kind == "named":
            name = draw(st.sampled_from(["a", "b", "y"]))
            lines.append(f"{indent}{name} = Dense({width})")
            tensors.append(name)
        elif kind in ("merge", "concat"):
            pair = [draw(st.sampled_from(tensors)) for _ in range(2)]
            merge = "Add" if kind == "merge" else "Concatenate"
            lines.append(f"{indent}{merge}()({pair[0]}, {pair[1]})")
        elif kind == "value":
            lines.append(f"{indent}c = {width}")
            names.append("c")
        elif kind == "update":
            lines.append(f"{indent}{draw(st.sampled_from(names))} += {width}")
        elif kind == "block":
            lines.append(f"{indent}{draw(st.sampled_from(['B', 'Part']))}({width})")
        elif kind == "times":
            lines.append(f"{indent}Dense(d) * {draw(_COUNTS)}")
        elif kind.startswith("repeat"):
            count = draw(_COUNTS)
            head = {"repeat": f"repeat {count}:", "repeat-h": f"repeat {count} as h:",
                    "repeat-hi": f"repeat {count} as h, i:"}[kind]
            inner = names + (["i"] if kind == "repeat-hi" else [])
            lines.append(indent + head)
            lines += draw(_body(inner, depth + 1, indent + "    ",
                                tensors + (["h"] if kind != "repeat" else [])))
        else:  # if / elif / else
            atoms = st.sampled_from(names) | _NUMBERS
            lines.append(f"{indent}if {draw(_cond(atoms))}:")
            lines += draw(_body(names, depth + 1, indent + "    ", tensors))
            if draw(st.booleans()):
                lines.append(f"{indent}elif {draw(_cond(atoms))}:")
                lines += draw(_body(names, depth + 1, indent + "    ", tensors))
            if draw(st.booleans()):
                lines.append(f"{indent}else:")
                lines += draw(_body(names, depth + 1, indent + "    ", tensors))
    return lines


@st.composite
def programs(draw) -> str:
    """One program: optional ``use`` lines and a helper, a block, one or two models."""
    out: list[str] = []
    if draw(st.booleans()):
        out.append('use "part.sp"')
    if draw(st.integers(0, 3)) == 0:
        out.append(f"use stdlib.{draw(st.sampled_from(['resnet', 'densenet', 'gpt', 'nope']))}")
    if draw(st.booleans()):
        out += ["def helper(v, k=2):", "    if v > k:", "        return v", "    return k"]
    out.append("block B(w, e=2)(x):")
    out += draw(_body(["w", "e"], 1, "    ", ["x"]))
    for model in range(draw(st.integers(1, 2))):
        values = []
        for name in SYMBOLS:
            value = draw(st.sampled_from(["1", "2", "4", "8", "16", "32", "3/4", None]))
            shown = f" as {draw(st.sampled_from(DISPLAY_NAMES))}" if draw(
                st.integers(0, 11)) == 0 else ""
            values.append(name if value is None else f"{name}={value}{shown}")
        out.append(f"model m{model}({', '.join(values)}):")
        out.append("    x = Input(shape=(d,))")
        out += draw(_body(list(SYMBOLS), 0, "    ", ["x"]))
    return "\n".join(out) + "\n"
