"""Every simplification rule of symparams.symbolic.rounding against plain integer arithmetic.

The simplified SymPy expression (built by floordiv/ceildiv, whose rules fold nested floors,
convert mixed nests, and pull out multiples) must agree with the unsimplified computation done
step by step in Python integers, at random positive integers including values near and above
2**53 and 2**63.
"""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st
from sympy import Integer

from symparams.symbolic.integers import (
    canonical,
    ceildiv,
    floordiv,
    is_provably_ge,
    is_zero,
    refloor,
    symbol,
)

n, m, s = symbol("n"), symbol("m"), symbol("s")

big = st.one_of(
    st.integers(1, 10**6),
    st.integers(2**53 - 1000, 2**53 + 1000),
    st.integers(2**63 - 1000, 2**63 + 1000),
    st.integers(1, 2**200),
)
step = st.tuples(st.sampled_from(["floor", "ceil"]), st.integers(1, 12), st.integers(-20, 20))


def py_div(kind: str, a: int, b: int) -> int:
    return a // b if kind == "floor" else -(-a // b)


def sym_div(kind: str, a, b):
    return floordiv(a, b) if kind == "floor" else ceildiv(a, b)


def value(expr, **values) -> int:
    out = expr.xreplace({symbol(k): Integer(v) for k, v in values.items()})
    assert out.is_Integer, out
    return int(out)


@given(big, st.lists(step, min_size=1, max_size=6))
def test_nested_floors_and_ceilings_agree_with_integers(x, steps):
    expr, plain = n, x
    for kind, b, c in steps:
        expr = sym_div(kind, expr + c, b)
        plain = py_div(kind, plain + c, b)
    assert value(expr, n=x) == plain


@given(big, big, st.integers(-50, 50), st.integers(-50, 50), st.integers(-50, 50),
       st.integers(1, 16), st.sampled_from(["floor", "ceil"]))
def test_pulling_out_multiples_agrees(x, y, a, b, c, d, kind):
    expr = sym_div(kind, a * n + b * m + c, d)
    assert value(expr, n=x, m=y) == py_div(kind, a * x + b * y + c, d)


@given(big, st.integers(1, 10**6), st.integers(-9, 9), st.integers(1, 5))
def test_symbolic_divisor(x, y, c, k):
    expr = floordiv(floordiv(k * n * s + n + c, s), 2)
    assert value(expr, n=x, s=y) == ((k * x * y + x + c) // y) // 2
    expr = ceildiv(ceildiv(n + c, s), 3)
    inner = -((-(x + c)) // y)
    assert value(expr, n=x, s=y) == -((-inner) // 3)


@given(big, st.lists(step, min_size=1, max_size=4), st.integers(1, 8))
def test_refloor_after_substitution(x, steps, mult):
    expr = n
    for kind, b, c in steps:
        expr = sym_div(kind, expr + c, b)
    t = symbol("t")
    refined = refloor(expr.xreplace({n: mult * t}))
    assert value(refined, t=x) == value(expr, n=mult * x)


@given(big, st.lists(step, min_size=1, max_size=4))
def test_canonical_keeps_the_value(x, steps):
    expr = n
    for kind, b, c in steps:
        expr = sym_div(kind, expr + c, b)
    assert value(canonical(expr), n=x) == value(expr, n=x)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        pytest.param(floordiv(2 * n + 3, 2), n + 1, id="pull-out"),
        pytest.param(floordiv(floordiv(floordiv(floordiv(floordiv(n, 2), 2), 2), 2), 2),
                     sympy.floor(n / 32), id="five-pools"),
        pytest.param(ceildiv(ceildiv(n, 2), 2), sympy.ceiling(n / 4), id="ceil-ceil"),
        pytest.param(floordiv(4 * n, 2), 2 * n, id="exact"),
        pytest.param(floordiv(Integer(7), Integer(2)), Integer(3), id="constants"),
        pytest.param(floordiv(n, 1), n, id="by-one"),
    ],
)
def test_rule_table(expr, expected):
    assert expr == expected


@pytest.mark.parametrize(
    ("lhs", "rhs", "expected"),
    [
        pytest.param(n + 2, Integer(1), True, id="n+2>=1"),
        pytest.param(n, Integer(2), False, id="n>=2"),
        pytest.param(n * m, n, True, id="nm>=n"),
        pytest.param(floordiv(4 * n + 1, 2), n, True, id="floor"),
        pytest.param(n, floordiv(n, 2), True, id="n>=floor(n/2)"),
        pytest.param(floordiv(n, 2), n, False, id="floor(n/2)>=n"),
    ],
)
def test_is_provably_ge_table(lhs, rhs, expected):
    assert is_provably_ge(lhs, rhs) is expected


@given(st.integers(1, 50), st.integers(1, 50), st.integers(-5, 5), st.integers(1, 4))
def test_is_provably_ge_is_sound(x, y, c, b):
    lhs, rhs = floordiv(n * m + c, b), n - c
    if is_provably_ge(lhs, rhs):
        assert value(lhs, n=x, m=y) >= value(rhs, n=x)


@given(st.integers(-30, 30), st.integers(1, 9))
def test_is_zero_of_shifted_floors(c, b):
    assert is_zero(floordiv(n + c + b, b) - floordiv(n + c, b) - 1)
