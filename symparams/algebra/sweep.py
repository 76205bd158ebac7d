"""Evaluate a model over a grid of symbol values, exactly and fast.

Every formula (counts, output shape, validity conditions, assumptions) is compiled once into a
tree of numpy operations on integer arrays: ``floor(x/b)`` becomes ``x // b`` on integers,
never a float division. Before running, a bound on every intermediate value is computed
from the largest absolute value of each symbol; if the bound fits in ``int64`` the arrays are
``int64``, otherwise they hold Python integers (``dtype=object``): slower, still exact. Nothing
is ever wrapped or rounded.

>>> from symparams import parse
>>> cnn = parse("model cnn(H=28, f=8, k=3):\\n    Input(shape=(H, H, 1))\\n"
...             "    Conv2D(f, k, k)\\n    MaxPool2D(2)\\n")["cnn"]
>>> s = sweep(cnn, {"H": [28, 2**40], "f": [8, 2**62]})
>>> s.rows()[-1]["params"] == cnn.evaluate(H=2**40, f=2**62).params
True
>>> [row["output_shape"] for row in s.rows()[:2]]
[[13, 13, 8], [13, 13, 4611686018427387904]]
>>> parse_range("64:256:64"), parse_range("1,2,4")
([64, 128, 192, 256], [1, 2, 4])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from fractions import Fraction
from math import prod

import numpy as np
import sympy
from sympy import Expr, Mod, ceiling, floor

from ..engine.model import Model
from ..errors import InvalidValueError, LimitError, SymparamsError, ValueBindingError
from ..guard import guarded_xreplace
from ..limits import DEFAULT_LIMITS
from ..record import Record, record
from ..symbolic.integers import split_division
from .quantities import PARAMETER_COUNTS, count_parts, layer_values
from .solve import at_values, fixed_counts, validity_tests

__all__ = ["sweep", "Sweep", "compile_expr", "parse_range", "MAX_CONFIGS"]

MAX_CONFIGS = 50_000_000
_INT64_SAFE = 2**62
Arrays = Mapping[sympy.Symbol, np.ndarray]


class _Unsupported(Exception):
    pass


def parse_range(text: str, max_digits: int = DEFAULT_LIMITS.max_int_digits
                ) -> list[int | Fraction]:
    """``START:STOP[:STEP]`` (inclusive) or ``a,b,c`` to a list of positive integers, each of
    at most ``max_digits`` digits (as ``--set`` allows), at most :data:`MAX_CONFIGS` of them.
    A fractional symbol's values are exact fractions: ``1/4,1/2`` or ``0.25:1:0.25``.

    >>> parse_range("1/4,0.5"), parse_range("1/4:1:1/4")
    ([Fraction(1, 4), Fraction(1, 2)], [Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), 1])
    """
    text = text.strip().replace("_", "")
    parts = text.split(":") if ":" in text else [p for p in text.split(",") if p.strip()]
    if any(len(p.strip().lstrip("+-")) > max_digits for p in parts):
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValueBindingError(f"range {shown!r}: a value has more than {max_digits} digits",
                                hint="raise the limit with --max-int-digits")
    try:
        numbers = [_number(p) for p in parts]
        if ":" in text and (len(numbers) not in (2, 3) or (len(numbers) == 3 and numbers[2] <= 0)):
            raise ValueError
    except (ValueError, ZeroDivisionError):
        raise ValueBindingError(
            f"bad range {text!r}", hint="write START:STOP[:STEP] (inclusive) or a,b,c; "
            "a fraction as 1/4 or 0.25"
        ) from None
    if ":" in text:
        start, stop = numbers[0], numbers[1]
        step = numbers[2] if len(numbers) == 3 else 1
        count = max(0, int((stop - start) // step) + 1)
        if count > MAX_CONFIGS:  # before building the list: 1:10**18 ends at once
            raise ValueBindingError(f"range {text!r} has {count:,} values: more than "
                                    f"{MAX_CONFIGS:,}")
        values = [_plain(start + i * step) for i in range(count)]
    else:
        values = numbers
    if len(values) > MAX_CONFIGS:
        raise ValueBindingError(f"range {text!r} has {len(values):,} values: more than "
                                f"{MAX_CONFIGS:,}")
    if not values:
        raise ValueBindingError(f"range {text!r} lists no values",
                                hint="START:STOP counts up: the start is at most the stop")
    if min(values) <= 0 or (min(values) < 1 and all(isinstance(v, int) for v in values)):
        raise ValueBindingError(f"range {text!r} must list positive numbers")
    return values


def _number(text: str) -> int | Fraction:
    """An integer, or an exact fraction for ``1/4``, ``0.25`` or ``1e-2``."""
    text = text.strip()
    if text.lstrip("+-").isdigit() and text.isascii():
        return int(text)
    if not text.isascii():
        raise ValueError(text)
    return _plain(Fraction(text))


def _plain(value: int | Fraction) -> int | Fraction:
    """A fraction whose denominator is 1 as an ``int``."""
    return int(value) if isinstance(value, Fraction) and value.denominator == 1 else value


# -- compiling -------------------------------------------------------------------------------


def _bound(e: Expr, maxabs: Mapping[sympy.Symbol, int]) -> int:
    """An upper bound on ``|e|`` and on every intermediate value computing it."""
    if e.is_Integer:
        return abs(int(e))
    if e.is_Symbol:
        return maxabs[e]
    if e.is_Add:
        return sum(_bound(a, maxabs) for a in e.args)
    if e.is_Mul:
        parts = split_division(e)
        if parts is not None and parts[1] != 1:
            return _bound(parts[0], maxabs) + _bound(parts[1], maxabs)
        return prod(_bound(a, maxabs) for a in e.args)
    if e.is_Pow:
        if not e.exp.is_Integer:  # 2**L: the exact per-configuration path handles it
            raise _Unsupported("symbolic exponent")
        return _bound(e.base, maxabs) ** int(e.exp)
    if isinstance(e, (floor, ceiling)):
        x, b = split_division(e.args[0])
        return _bound(x, maxabs) + _bound(b, maxabs) + 1
    if isinstance(e, Mod):
        return _bound(e.args[0], maxabs) + _bound(e.args[1], maxabs)
    if isinstance(e, (sympy.Max, sympy.Min)):
        return max(_bound(a, maxabs) for a in e.args)
    raise _Unsupported(type(e).__name__)


def compile_expr(e: Expr) -> Callable[[Arrays], np.ndarray | int]:
    """An integer-valued formula as a function of symbol arrays (exact integer arithmetic).

    >>> from symparams.symbolic.integers import floordiv, symbol
    >>> H = symbol("H")
    >>> f = compile_expr(floordiv(H - 3, 2) * 5)
    >>> f({H: np.array([3, 4, 5, 2**61])}).tolist() == [(h - 3) // 2 * 5 for h in (3, 4, 5, 2**61)]
    True

    It does not check for overflow: :func:`sweep` picks the array type from a bound first.
    """
    if e.is_Integer:
        c = int(e)
        return lambda v: c
    if e.is_Symbol:
        return lambda v: v[e]
    if isinstance(e, (floor, ceiling)):
        parts = split_division(e.args[0])
        if parts is None:
            raise _Unsupported(str(e))
        x, b = compile_expr(parts[0]), compile_expr(parts[1])
        if isinstance(e, floor):
            return lambda v: x(v) // b(v)
        return lambda v: -((-x(v)) // b(v))
    if isinstance(e, Mod):
        a, m = compile_expr(e.args[0]), compile_expr(e.args[1])
        return lambda v: a(v) % m(v)
    if e.is_Add or e.is_Mul:
        parts = split_division(e)
        if parts is None:
            raise _Unsupported(str(e))
        if parts[1] != 1:  # an exact division: integer-valued with rational coefficients
            x, b = compile_expr(parts[0]), compile_expr(parts[1])
            return lambda v: x(v) // b(v)
        fs = [compile_expr(a) for a in e.args]
        if e.is_Add:
            def add(v):
                total = fs[0](v)
                for f in fs[1:]:
                    total = total + f(v)
                return total
            return add

        def mul(v):
            total = fs[0](v)
            for f in fs[1:]:
                total = total * f(v)
            return total
        return mul
    if e.is_Pow and e.exp.is_Integer and int(e.exp) >= 0:
        base, n = compile_expr(e.base), int(e.exp)
        return lambda v: base(v) ** n
    if isinstance(e, (sympy.Max, sympy.Min)):
        fs = [compile_expr(a) for a in e.args]
        op = np.maximum if isinstance(e, sympy.Max) else np.minimum

        def pick(v):
            out = fs[0](v)
            for f in fs[1:]:
                out = op(out, f(v))
            return out
        return pick
    raise _Unsupported(type(e).__name__)


# -- sweeping --------------------------------------------------------------------------------


@record
class Sweep(Record):
    """Columns of equal length: each symbol's values, the counts, the final output shape."""

    model: Model
    symbols: tuple[str, ...]
    values: dict[str, np.ndarray]
    params: np.ndarray
    trainable: np.ndarray
    non_trainable: np.ndarray
    output_shape: tuple[np.ndarray, ...]
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    """The other counts asked for (``macs``, ``flops``, ``activations``, ...), by name."""

    def __len__(self) -> int:
        return len(self.params)

    def columns(self) -> list[str]:
        return [*self.symbols, "params", "trainable", "non_trainable", *self.counts,
                *(f"output_{i + 1}" for i in range(len(self.output_shape)))]

    def column_data(self) -> list[list[int]]:
        """Each column as a list of Python ints (exact)."""
        cols = [*(self.values[s] for s in self.symbols), self.params, self.trainable,
                self.non_trainable, *self.counts.values(), *self.output_shape]
        return [c.tolist() for c in cols]

    def rows(self) -> list[dict]:
        data = self.column_data()
        names = self.columns()
        n_shape = len(self.output_shape)
        out = []
        for row in zip(*data, strict=True):
            item = dict(zip(names[: len(names) - n_shape], row, strict=False))
            item["output_shape"] = list(row[len(names) - n_shape:])
            out.append(item)
        return out


def _grid(vary: Mapping[str, Sequence[int]], dtype) -> dict[str, np.ndarray]:
    arrays = [np.asarray(list(v), dtype=dtype) for v in vary.values()]
    if not arrays:
        return {}
    mesh = np.meshgrid(*arrays, indexing="ij", copy=False)
    return {name: m.reshape(-1) for name, m in zip(vary, mesh, strict=True)}


def _full(value, n: int, dtype) -> np.ndarray:
    if not sympy.Rational(value).is_Integer:  # a fractional symbol's fixed value, exact
        dtype = object
    out = np.empty(n, dtype=dtype)
    out[...] = value if dtype is object else np.int64(value)
    return out


_TESTS = {">=": np.greater_equal, ">": np.greater, "<=": np.less_equal, "<": np.less,
          "==": np.equal, "!=": np.not_equal}


def sweep(model: Model, vary: Mapping[str, Sequence[int]],
          values: Mapping[str, int] | None = None, *, skip_invalid: bool = False,
          counts: Sequence[str] = (), layer: str | None = None) -> Sweep:
    """The cartesian product of ``vary`` (symbol -> values), other symbols from ``values``
    and the header. An invalid configuration raises ``InvalidValueError`` (as
    :meth:`Model.evaluate` does) whose message starts with the first failing configuration's
    values (``at H=3, k=5: ...``), or is dropped with ``skip_invalid``. A value beyond
    ``--max-int-bits`` is a ``LimitError``, also named by its values. ``counts`` adds
    columns of other counts (``macs``, ``flops``, ``fvcore``, ``xla``, ``activations``); an
    unknown cost is an ``UnknownCountError`` naming the layer. With ``layer``, every count is
    that layer's (the whole model must still be valid)."""
    counts = tuple(dict.fromkeys(c for c in counts if c not in PARAMETER_COUNTS))
    for quantity in counts or ("params",):
        count_parts(model, quantity, layer)  # unknown: an error before any work
    for name, given in vary.items():
        if name not in model.symbols:
            model.bind({name: 1})  # raises the did-you-mean error
        if not len(given):
            raise ValueBindingError(f"no values given for {name}",
                                    hint=f"give at least one value, e.g. {name}=1:8")
    fixed = {k: v for k, v in (values or {}).items() if k not in vary}
    if any(isinstance(v, Fraction) for given in vary.values() for v in given):
        return _sweep_slow(model, vary, fixed, skip_invalid, counts, layer)  # exact rationals
    sample = {k: min(v) for k, v in vary.items()}
    bound_values = model.bind({**fixed, **sample})
    n = prod(len(v) for v in vary.values())
    rows_limit = min(model.limits.max_sweep_rows, MAX_CONFIGS)
    if n > rows_limit:
        raise LimitError(f"{n:,} configurations: more than {rows_limit:,}",
                         hint="vary fewer values, or raise the limit with --max-sweep-rows "
                         "(Limits.max_sweep_rows)")
    maxabs = {model.symbols[k]: max(vary[k]) if k in vary else abs(v)
              for k, v in bound_values.items()}
    const_values = {k: v for k, v in bound_values.items() if k not in vary}
    const = {model.symbols[k]: sympy.Rational(v) for k, v in const_values.items()}
    bits = model.limits.max_int_bits  # guarded: 2**L at L=10**9 is refused, not computed
    try:
        targets = fixed_counts(model, (*PARAMETER_COUNTS, *counts), const, layer)
        last = model.layers[-1] if model.layers else None
        targets += [_fixed(d, const, bits, last) for d in model.output_shape]
        checks = dict.fromkeys((t.expr, t.op) for t in (
            t.substituted(const, bits) for t in validity_tests(model)))
    except SymparamsError as err:
        raise at_values(err, const_values, model) from None
    try:
        worst = max([_bound(t, maxabs) for t in targets]
                    + [_bound(e, maxabs) for e, _ in checks] + [0])
        if worst.bit_length() > bits:  # Model.evaluate would refuse some value: find which
            raise _Unsupported("beyond --max-int-bits")
        compiled = [compile_expr(t) for t in targets]
        compiled_checks = [(compile_expr(e), k) for e, k in checks if not e.is_Integer or
                           not _TESTS[k](int(e), 0)]  # constant and true: nothing to test
    except _Unsupported:
        return _sweep_slow(model, vary, fixed, skip_invalid, counts, layer)
    dtype = np.int64 if worst < _INT64_SAFE else object
    grid = _grid(vary, dtype)
    arrays = {model.symbols[k]: v for k, v in grid.items()}
    ok = np.ones(n, dtype=bool)
    for f, kind in compiled_checks:
        ok &= _TESTS[kind](np.asarray(f(arrays)), 0)
    if not ok.all():
        if not skip_invalid:
            first = int(np.argmin(ok))
            _evaluate(model, fixed, {k: int(v[first]) for k, v in grid.items()})
            raise AssertionError(  # pragma: no cover - the tests mirror Model.evaluate's
                "sweep: a configuration failed a test that Model.evaluate passes")
        grid = {k: v[ok] for k, v in grid.items()}
        arrays = {model.symbols[k]: v for k, v in grid.items()}
        n = int(ok.sum())
    results = []
    for f in compiled:
        r = f(arrays)
        results.append(r if isinstance(r, np.ndarray) and r.shape == (n,) else _full(r, n, dtype))
    columns = {k: grid[k] if k in grid else _full(v, n, dtype)
               for k, v in bound_values.items()}
    n_counts = 3 + len(counts)
    return Sweep(model, tuple(model.symbols), columns, results[0], results[1], results[2],
                 tuple(results[n_counts:]), dict(zip(counts, results[3:n_counts], strict=True)))


def _fixed(e: Expr, subs, bits: int, layer) -> Expr:
    return guarded_xreplace(e, subs, bits, *((layer.span, layer.name) if layer else ()))


def _evaluate(model: Model, fixed: Mapping[str, int], config: dict[str, int]):
    """:meth:`Model.evaluate` at one configuration; its error names the configuration."""
    try:
        return model.evaluate({**fixed, **config})
    except SymparamsError as err:
        raise at_values(err, config) from None


def _sweep_slow(model, vary, fixed, skip_invalid, counts=(), layer=None) -> Sweep:
    """One :meth:`Model.evaluate` per configuration: for formulas the compiler lacks, and
    values the bound cannot keep within ``--max-int-bits``."""
    from itertools import product

    names = list(vary)
    rows = []
    for combo in product(*(vary[k] for k in names)):
        try:
            e = _evaluate(model, fixed, dict(zip(names, combo, strict=True)))
        except InvalidValueError:
            if skip_invalid:
                continue
            raise
        c = e if layer is None else layer_values(e.layers, layer)
        rows.append((e.values, c.params, c.trainable, c.non_trainable, e.output_shape,
                     [c.activations if q == "activations" else c.costs[q] for q in counts]))

    def col(items):
        arr = np.empty(len(items), dtype=object)
        arr[:] = items
        return arr

    ndim = len(model.output_shape)
    return Sweep(
        model, tuple(model.symbols),
        {k: col([r[0][k] for r in rows]) for k in model.symbols},
        col([r[1] for r in rows]), col([r[2] for r in rows]), col([r[3] for r in rows]),
        tuple(col([r[4][i] for r in rows]) for i in range(ndim)),
        {q: col([r[5][j] for r in rows]) for j, q in enumerate(counts)},
    )
