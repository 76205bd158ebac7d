"""Resource limits that keep hostile or mistaken input from hanging or exhausting memory.

Each limit has a documented default (see docs/robustness.md, generated from :data:`LIMIT_DOCS`)
and can be changed per call (``symparams.parse(text, limits=Limits(max_layers=50_000))``) or on
the command line (``--max-layers 50000``; every field ``max_x_y`` is an option ``--max-x-y``).

>>> Limits().max_nesting
100
>>> Limits(max_layers=5).max_layers
5
>>> sorted(LIMIT_DOCS)[:2]
['max_exponent', 'max_expr_terms']
"""

from __future__ import annotations

import re
from dataclasses import field, fields
from functools import lru_cache

import sympy

from .errors import LimitError, SourceSpan
from .record import Record, record

__all__ = [
    "Limits", "DEFAULT_LIMITS", "LIMIT_DOCS", "expression_problem", "expressions_problem",
    "expanded_terms", "prescan", "simplification_work", "rounding_size", "rounding_problem",
    "limit_hint",
]


def _limit(default, doc: str):
    return field(default=default, metadata={"doc": doc})


@record
class Limits(Record):
    """Upper bounds on what one source text may ask of symparams.

    >>> Limits().max_nesting
    100
    """

    max_source_bytes: int = _limit(1_000_000, "largest source text, in bytes of UTF-8")
    max_nesting: int = _limit(
        100, "deepest nesting of brackets, operators and calls in one statement")
    max_statement_tokens: int = _limit(
        10_000, "most tokens (names, numbers, operators) in one statement")
    max_layers: int = _limit(10_000, "most layers in one document")
    max_repeat: int = _limit(
        10_000, "largest repeat count written as a number ('repeat N:', 'Layer(...) * N')")
    max_int_digits: int = _limit(
        100, "most decimal digits in an integer literal or a --set value")
    max_int_bits: int = _limit(
        4096, "largest integer, in bits, that a constant or an evaluated count may reach")
    max_exponent: int = _limit(
        64, "largest exponent on a symbolic base (d**64), also after folding (d**8)**8")
    max_expr_terms: int = _limit(
        10_000, "most terms an expression may have once multiplied out")
    max_solve_cases: int = _limit(
        10_000, "most polynomial cases (residue classes times formulas) one solve may examine")
    max_sweep_rows: int = _limit(
        1_000_000, "most configurations (rows) one sweep may compute")
    max_simplify_terms: int = _limit(
        2_000, "most terms (multiplied out, floors included) a formula may have for compare "
        "and solve to simplify it")
    max_rounding_size: int = _limit(
        2_000, "largest formula (symbols, numbers, operations) inside the floors and ceilings "
        "of a layer's input shape; each convolution with a symbolic stride grows it")
    simplify_seconds: float = _limit(
        30.0, "wall-clock seconds after which one simplification fails with an error "
        "(a last resort: output never depends on it)")

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"Limits.{f.name} must be a positive number, got {value!r}")


DEFAULT_LIMITS = Limits()

LIMIT_DOCS: dict[str, str] = {f.name: f.metadata["doc"] for f in fields(Limits)}
"""Each limit's one-line description, by field name."""


def expanded_terms(expr: sympy.Basic, cap: int) -> int:
    """An upper estimate of the number of terms of ``expand(expr)``, stopping at ``cap + 1``.

    Function arguments (``floor(...)``, ``Mod(...)``) are estimated too: the result is the
    largest estimate found anywhere in the expression.

    >>> from sympy import symbols
    >>> a, b, c = symbols("a b c", positive=True)
    >>> expanded_terms((a + b) ** 3, 100), expanded_terms((a + b) * (a + c + 1), 100)
    (4, 6)
    >>> expanded_terms((a + b + c) ** 60, 100)
    101
    """
    worst = [0]

    def terms(e: sympy.Basic) -> int:
        if e.is_Atom:
            return 1
        if isinstance(e, sympy.Add):
            result = min(cap + 1, sum(terms(a) for a in e.args))
        elif isinstance(e, sympy.Mul):
            result = 1
            for a in e.args:
                result = min(cap + 1, result * terms(a))
        elif isinstance(e, sympy.Pow) and e.exp.is_Integer and int(e.exp) >= 0:
            t, n = terms(e.base), int(e.exp)
            result = 1 if t == 1 else _capped_comb(n + t - 1, t - 1, cap + 1)
        else:  # a function of its arguments: opaque to the outer expansion
            for a in e.args:
                terms(a)
            result = 1
        worst[0] = max(worst[0], result)
        return result

    terms(expr)
    return min(worst[0], cap + 1)


def simplification_work(expr: sympy.Basic, cap: int) -> int:
    """An upper estimate of the work of simplifying ``expr`` (expanding it and rewriting each
    ``floor``/``ceiling``/``Mod``): the terms of ``expr`` multiplied out plus those of every
    distinct rounding's argument, stopping at ``cap + 1``. It counts work, never seconds, so
    a budget on it decides the same way on every machine.

    >>> from sympy import floor, symbols
    >>> a, b = symbols("a b", positive=True, integer=True)
    >>> simplification_work((a + b) ** 2, 100), simplification_work(floor((a + b) / 2), 100)
    (3, 4)
    >>> simplification_work((a + b + 7) ** 40, 100)
    101
    """
    total = expanded_terms(expr, cap)
    roundings = {node for node in sympy.preorder_traversal(expr)
                 if isinstance(node, (sympy.floor, sympy.ceiling, sympy.Mod))}
    for node in sorted(roundings, key=sympy.default_sort_key):
        if total > cap:
            break
        total += sum(expanded_terms(arg, cap) for arg in node.args)
    return min(total, cap + 1)


def limit_hint(option: str) -> str:
    """The hint of a :class:`LimitError`: the option and the field that raise ``option``.

    >>> limit_hint("max_layers")
    'raise the limit with --max-layers (Limits.max_layers)'
    """
    return f"raise the limit with --{option.replace('_', '-')} (Limits.{option})"


@lru_cache(maxsize=8192)
def rounding_size(expr: sympy.Basic) -> int:
    """The symbols, numbers and operations inside the floors, ceilings and remainders of
    ``expr`` (each distinct outermost one once, with all it nests): the formula that a
    convolution or pooling layer divides again, and the work of doing so grows with it. It
    counts work, never seconds.

    >>> from sympy import ceiling, floor, symbols
    >>> H, k, s = symbols("H k s", positive=True, integer=True)
    >>> rounding_size(H + 1), rounding_size(floor((H - k) / s) + 1)
    (0, 10)
    >>> rounding_size(ceiling((floor((H - k) / s) - k) / s))  # the inner floor inside
    19
    """
    if not isinstance(expr, sympy.Basic) or not expr.has(sympy.floor, sympy.ceiling, sympy.Mod):
        return 0
    total, seen = 0, set()
    walk = sympy.preorder_traversal(expr)
    for node in walk:
        if isinstance(node, (sympy.floor, sympy.ceiling, sympy.Mod)):
            walk.skip()
            if node not in seen:
                seen.add(node)
                total += sum(1 for _ in sympy.preorder_traversal(node))
    return total


def rounding_problem(shape, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why a layer's input ``shape`` is too large to divide again (a message), or None: a
    counted budget (``max_rounding_size``) on :func:`rounding_size`, so that a chain of
    convolutions with symbolic strides, whose floors grow with every layer, is refused
    before its cost runs away (40 such layers: 3 s; 60: 8 s), the same on every machine.

    >>> from sympy import floor, symbols
    >>> H, s = symbols("H s", positive=True, integer=True)
    >>> rounding_problem((floor(H / s), 3)) is None
    True
    >>> rounding_problem((floor(H / s), 3), Limits(max_rounding_size=4))
    'input shape too large to divide again: 6 symbols and operations in its floors (limit 4)'
    """
    size = sum(rounding_size(d) for d in shape)
    if size <= limits.max_rounding_size:
        return None
    return (f"input shape too large to divide again: {size} symbols and operations in its "
            f"floors (limit {limits.max_rounding_size})")


def _capped_comb(n: int, k: int, cap: int) -> int:
    """``min(cap, comb(n, k))`` without computing huge binomials."""
    k = min(k, n - k)
    if k < 0:
        return 0
    result = 1
    for i in range(1, k + 1):
        result = result * (n - k + i) // i
        if result >= cap:
            return cap
    return result


def expression_problem(expr: sympy.Basic, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why ``expr`` is beyond the limits (a message), or None if it is within them.

    >>> from sympy import Symbol, Integer
    >>> d = Symbol("d", positive=True, integer=True)
    >>> expression_problem(d**8 + 1) is None
    True
    >>> expression_problem(d**128)
    'exponent 128 is larger than the limit 64'
    >>> expression_problem(Integer(2) ** 5000)
    'constant is larger than 4096 bits'
    """
    return expressions_problem((expr,), limits)


def expressions_problem(exprs, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """:func:`expression_problem` of several expressions at once (a layer's shape and
    counts), as of their tuple: a constant or exponent problem in any of them first, then
    the terms. Each expression is scanned once per process (a network repeats its shapes).
    """
    scans = [_scan(sympy.Integer(e) if isinstance(e, int) else e, limits.max_int_bits,
                   limits.max_exponent, limits.max_expr_terms) for e in exprs]
    for problem, _ in scans:
        if problem:
            return problem
    if any(terms > limits.max_expr_terms for _, terms in scans):
        return (f"expression would have more than {limits.max_expr_terms} terms once "
                "multiplied out")
    return None


@lru_cache(maxsize=8192)
def _scan(expr: sympy.Basic, max_int_bits: int, max_exponent: int,
          max_terms: int) -> tuple[str | None, int]:
    """A constant or exponent problem of ``expr`` (or None), and its expanded terms."""
    if expr.is_Atom and not expr.is_Integer:
        return None, 1
    for node in sympy.preorder_traversal(expr):
        if node.is_Integer:
            if abs(int(node)).bit_length() > max_int_bits:
                return f"constant is larger than {max_int_bits} bits", 0
        elif isinstance(node, sympy.Pow) and node.exp.is_Integer:
            if abs(int(node.exp)) > max_exponent and not node.base.is_Integer:
                return f"exponent {node.exp} is larger than the limit {max_exponent}", 0
    return None, expanded_terms(expr, max_terms)


_SCAN = re.compile(
    r"""(?P<nl>\n)
      | (?P<space>[ \t\f\r]+)
      | (?P<comment>\#[^\n]*)
      | (?P<cont>\\[ \t\f\r]*\n)
      | (?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<open>[(\[{])
      | (?P<close>[)\]}])
      | (?P<word>[^\W\d]\w*)
      | (?P<number>\d[\w.]*)
      | (?P<other>\*\*|//|[<>=!]=|.)""",
    re.VERBOSE,
)
_NOT_LAYERS = frozenset({"assume", "check", "Input", "InputLayer", "repeat"})


def prescan(text: str, filename: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse, in one fast pass before parsing, text whose brackets nest deeper than
    ``max_nesting``, a statement longer than ``max_statement_tokens`` tokens, or more layer
    statements than ``max_layers``. ``text`` has ``\\n`` line ends (as the parser sees it).

    >>> prescan("model m(d=1):\\n    Dense((((d))))\\n", limits=Limits(max_nesting=3))
    Traceback (most recent call last):
    ...
    symparams.errors.LimitError: <string>:2:13: error: brackets nested deeper than 3 levels
        Dense((((d))))
                ^
    hint: raise the limit with --max-nesting (Limits.max_nesting)
    """
    depth = tokens = layers = 0
    line, line_start, at_line_start = 1, 0, True

    def fail(message: str, offset: int, option: str) -> LimitError:
        return LimitError(message, SourceSpan(filename, text, line, offset - line_start + 1),
                          hint=limit_hint(option))

    for match in _SCAN.finditer(text):
        kind = match.lastgroup
        if kind in ("nl", "cont"):
            line, line_start = line + 1, match.end()
            if kind == "nl" and depth == 0:
                at_line_start, tokens = True, 0
            continue
        if kind in ("space", "comment"):
            continue
        tokens += 1
        if tokens > limits.max_statement_tokens:
            raise fail(f"statement longer than {limits.max_statement_tokens} tokens",
                       match.start(), "max_statement_tokens")
        if at_line_start:
            at_line_start = False
            indented = match.start() > line_start
            if indented and kind == "word" and match.group() not in _NOT_LAYERS:
                layers += 1
                if layers > limits.max_layers:
                    raise fail(f"more than {limits.max_layers} layers", match.start(),
                               "max_layers")
        if kind == "open":
            depth += 1
            if depth > limits.max_nesting:
                raise fail(f"brackets nested deeper than {limits.max_nesting} levels",
                           match.start(), "max_nesting")
        elif kind == "close":
            depth = max(0, depth - 1)
