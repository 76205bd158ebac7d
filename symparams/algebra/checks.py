"""``check`` statements (and ``symparams check``'s options) decided at values: the claimed
count against the model's, and, when a claim fails, which value of a symbol would make it
hold (the notes may describe another configuration than the code builds).

>>> import symparams
>>> m = symparams.parse('''
... model rnn(V=10000, E=32, T=600, h=15):
...     Input(shape=(T,))
...     Embedding(V, E)
...     SimpleRNN(h)
...     check simple_rnn.params == 1890
... ''', "seed.sp")["rnn"]
>>> [result] = run_checks(m)
>>> result.holds, result.actual, result.expected
(False, 720, 1890)
>>> print(result.error())  # doctest: +NORMALIZE_WHITESPACE
seed.sp:6:11: error: check failed: simple_rnn has h*(E + h) + h = 720 parameters
    at E=32, h=15, not 1,890
    check simple_rnn.params == 1890
          ^~~~~~~~~~~~~~~~~~~~~~~~~
hint: h = 30 gives 1,890 (--set h=30); E = 110 gives 1,890 (--set E=110)
>>> [r.holds for r in run_checks(m, {"h": 30})]
[True]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from sympy import Expr

from ..engine.checks import ModelCheck
from ..engine.model import Model
from ..errors import SymparamsError
from ..record import Record, record
from ..symbolic.forms import display
from .compare import difference
from .quantities import count_expr, noun

__all__ = ["CheckFailedError", "CheckResult", "run_checks", "claim"]

_FAILS = {"==": "not {}", "!=": "which it must not be: {}", "<": "not less than {}",
          "<=": "more than {}", ">": "not more than {}", ">=": "less than {}"}
_MAX_SUGGESTED = 2


class CheckFailedError(SymparamsError, AssertionError):
    """A ``check`` that does not hold at the values: the count the model has differs from
    the one claimed (in a model file, or given to ``symparams check``)."""


def claim(quantity: str, op: str, expected: int, layer: str | None = None) -> ModelCheck:
    """A check given from the command line or from Python (no place in a file).

    >>> claim("params", "==", 1890, "simple_rnn").text
    'simple_rnn.params == 1890'
    """
    from sympy import Integer

    text = f"{layer + '.' if layer else ''}{quantity} {op} {expected}"
    return ModelCheck(layer, quantity, op, Integer(expected), text)


@record
class CheckResult(Record):
    """One check at values: ``holds`` is None when a symbol it needs has no value."""

    model: Model
    check: ModelCheck
    formula: Expr
    values: dict[str, int]
    actual: int | None
    expected: int | None
    holds: bool | None
    always: bool = False
    """The count and the claim are the same formula: it holds at every value."""

    @property
    def needs(self) -> list[str]:
        used = self.formula.free_symbols | self.check.expected.free_symbols
        return [s for s in self.model.symbols if s not in self.values
                and self.model.symbols[s] in used]

    def where(self) -> str:
        """``at E=32, h=15``: the values of the symbols the formula uses."""
        used = {str(s) for s in self.formula.free_symbols | self.check.expected.free_symbols}
        shown = [f"{k}={v}" for k, v in self.values.items() if k in used]
        return f" at {', '.join(shown)}" if shown else ""

    def subject(self) -> str:
        return self.check.layer or f"model '{self.model.name}'"

    def sentence(self) -> str:
        """What the model has: ``simple_rnn has h*(E + h) + h = 720 parameters at ...``."""
        formula = display(self.formula)
        shown = formula if self.formula.is_Integer else f"{formula} = {self.actual:,}"
        return f"{self.subject()} has {shown} {noun(self.check.quantity)}{self.where()}"

    def status(self) -> str:
        """One line for ``symparams check``: ``ok``, ``failed`` or ``not checked``."""
        if self.always:
            return f"ok: {self.check.text} (the same formula)"
        if self.holds is None:
            return f"not checked: {self.check.text} (needs a value for {', '.join(self.needs)})"
        return f"{'ok' if self.holds else 'failed'}: {self.check.text} ({self.actual:,})"

    def error(self) -> CheckFailedError:
        """The failure as an error: both numbers, the formula, and values that would hold."""
        expected = f"{self.expected:,}"
        hint = "; ".join(self.suggestions()) or None
        return CheckFailedError(
            f"check failed: {self.sentence()}, {_FAILS[self.check.op].format(expected)}",
            self.check.span, layer=self.check.layer, hint=hint)

    def suggestions(self) -> list[str]:
        """``h = 30 gives 1,890 (--set h=30)``: for each symbol of the formula (the others at
        their values), the values that make an ``==`` claim hold, or the largest that keeps
        a ``<=``/``<`` claim; what the exact solver cannot answer is left out."""
        from .solve import solve

        check = self.check
        if check.expected.free_symbols or check.op not in ("==", "<=", "<"):
            return []
        out: list[tuple[Fraction, str]] = []
        for name in [s for s in self.model.symbols
                     if self.model.symbols[s] in self.formula.free_symbols
                     and isinstance(self.values.get(s), int)]:
            others = {k: v for k, v in self.values.items() if k != name}
            goal = {"equal": self.expected} if check.op == "==" else \
                {"at_most": self.expected - (check.op == "<")}
            try:
                found = solve(self.model, name, values=others, quantity=check.quantity,
                              layer=check.layer, **goal)
            except (SymparamsError, ArithmeticError, ValueError):
                continue
            value = found.values[0] if found.values else found.largest
            if value is None:
                continue
            if found.values:
                shown = ", ".join(map(str, found.values[:5])) + (
                    ", ..." if len(found.values) > 5 else "")
                verb = "gives" if len(found.values) == 1 else "give"
                text = f"{name} = {shown} {verb} {self.expected:,} (--set {name}={value})"
            else:
                text = f"{name} = {value} is the largest that keeps it (--set {name}={value})"
            now = self.values[name]
            out.append((Fraction(max(value, now), min(value, now)), text))
        # the smallest change first: the notes more likely mean h = 30 than E = 110
        return [text for _, text in sorted(out, key=lambda item: item[0])][:_MAX_SUGGESTED]


def _decide(model: Model, check: ModelCheck, known: dict[str, int]) -> CheckResult:
    formula = count_expr(model, check.quantity, check.layer)
    actual = model.value_of(formula, known)
    expected = model.value_of(check.expected, known)
    if check.expected.free_symbols and check.op in ("==", "<=", ">=") \
            and difference(formula, check.expected, model.limits.simplify_seconds) == 0:
        return CheckResult(model, check, formula, known, actual, expected, True, always=True)
    holds = None if actual is None or expected is None else check.holds(actual, expected)
    return CheckResult(model, check, formula, known, actual, expected, holds)


def run_checks(model: Model, values: Mapping[str, int | None] | None = None,
               checks: Sequence[ModelCheck] | None = None) -> list[CheckResult]:
    """The model's ``check`` claims (or ``checks``) at ``values`` (the header's, overridden;
    a symbol without a value leaves the claims that need it undecided). An unknown cost is
    an ``UnknownCountError``; invalid values an ``InvalidValueError``."""
    known = model.known(values or {})
    return [_decide(model, check, known)
            for check in (model.checks if checks is None else checks)]
