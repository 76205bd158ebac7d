"""Guards against runaway computation: a last-resort wall-clock limit on simplification, and
evaluation that refuses to build astronomically large integers.

What is simplified is decided by work budgets that count terms (``limits.simplification_work``),
so the output is the same on an idle and on a loaded machine. Within them, a computation is
wrapped in :func:`within_seconds`, which fails with an error (never a second answer) if the
clock still runs out:

>>> from sympy import Symbol, factor
>>> d = Symbol("d", positive=True, integer=True)
>>> within_seconds(lambda: factor(d**2 + 2*d + 1), 2.0)
(d + 1)**2

Substituting values into ``2**L`` with ``L = 10**9`` would build a 125 MB integer; use
:func:`guarded_xreplace`, which refuses before computing:

>>> from sympy import Integer
>>> L = Symbol("L", positive=True, integer=True)
>>> guarded_xreplace(2**L + 1, {L: Integer(10)})
1025
>>> guarded_xreplace(2**L, {L: Integer(10**9)})
Traceback (most recent call last):
...
symparams.errors.LimitError: error: 2**1000000000 would be larger than 4096 bits
hint: use smaller values or raise --max-int-bits
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

import sympy
from sympy import Integer

from .errors import LimitError, SourceSpan
from .exact import exact_value
from .limits import DEFAULT_LIMITS

__all__ = ["within_seconds", "time_limit", "TimeLimitExceeded", "guarded_xreplace",
           "timer_available"]

T = TypeVar("T")


class TimeLimitExceeded(Exception):  # noqa: N818 - reads better at the raise site
    """Raised inside a guarded computation when its time is up. ``token`` names the
    :func:`time_limit` block whose time it is (so nested limits do not catch each other's)."""

    def __init__(self, message: str = "time limit reached", token: object = None) -> None:
        super().__init__(message)
        self.token = token


_ACTIVE: list[tuple[float, object]] = []  # (deadline, token) of the open time_limit blocks


def timer_available() -> bool:
    """True where :func:`time_limit` can interrupt (POSIX, main thread); elsewhere the
    computation runs unguarded."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _earliest() -> tuple[float, object]:
    return min(_ACTIVE, key=lambda entry: entry[0])


def _alarm(signum, frame) -> None:
    if _ACTIVE:  # a late signal after the last block closed is ignored
        raise TimeLimitExceeded(token=_earliest()[1])


def _arm() -> None:
    signal.setitimer(signal.ITIMER_REAL, max(_earliest()[0] - time.monotonic(), 1e-6))


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[object]:
    """Raise :class:`TimeLimitExceeded` in the block after ``seconds`` of wall-clock time;
    yields the token that the exception will carry.

    Uses ``SIGALRM`` (main thread on POSIX only; elsewhere it does nothing and yields None).
    Nests: an outer limit that expires sooner still fires, with the outer block's token.
    """
    if not timer_available() or seconds is None or seconds <= 0:
        yield None
        return
    token = object()
    entry = (time.monotonic() + seconds, token)
    previous = signal.getsignal(signal.SIGALRM) if not _ACTIVE else None
    if not _ACTIVE:
        signal.signal(signal.SIGALRM, _alarm)
    _ACTIVE.append(entry)
    _arm()
    try:
        yield token
    finally:
        _ACTIVE.remove(entry)
        if _ACTIVE:
            _arm()  # an outer limit already due fires at once
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def within_seconds(
    compute: Callable[[], T],
    seconds: float | None = None,
    *,
    what: str = "simplification",
    span: SourceSpan | None = None,
) -> T:
    """``compute()``, or a :class:`LimitError` if it takes longer than ``seconds``.

    A last resort only: what is shown never depends on the clock (work budgets, which count
    terms and cases, decide that before anything runs), so past the limit there is no second,
    different answer, only an error naming ``--simplify-seconds``. ``seconds`` defaults to
    ``Limits().simplify_seconds``.

    >>> import time
    >>> within_seconds(lambda: 6 * 7, 5.0)
    42
    >>> within_seconds(lambda: time.sleep(5), 0.05, what="factoring")
    Traceback (most recent call last):
    ...
    symparams.errors.LimitError: error: factoring took longer than 0.05 s
    hint: this is a last-resort wall-clock limit; raise it with --simplify-seconds
    """
    if seconds is None:
        seconds = DEFAULT_LIMITS.simplify_seconds
    mine: list[object] = []
    try:
        with time_limit(seconds) as token:
            mine.append(token)
            return compute()
    except TimeLimitExceeded as err:
        if not mine or err.token is not mine[0]:
            raise  # an outer limit's time is up, not ours
        raise LimitError(f"{what} took longer than {seconds:g} s", span,
                         hint="this is a last-resort wall-clock limit; raise it with "
                         "--simplify-seconds") from None


def guarded_xreplace(
    expr: sympy.Basic,
    subs: Mapping[sympy.Basic, sympy.Basic],
    max_bits: int = DEFAULT_LIMITS.max_int_bits,
    span: SourceSpan | None = None,
    layer: str | None = None,
) -> sympy.Basic:
    """``expr.xreplace(subs)``, but a power or product that would exceed ``max_bits`` raises
    :class:`LimitError` before it is computed (``2**L`` at ``L = 10**9`` ends at once)."""
    if not subs:
        return expr
    found = exact_value(expr, subs, max_bits)  # all numbers: Python's arithmetic, no SymPy
    if found is not None:
        return found
    memo: dict[sympy.Basic, sympy.Basic] = {}

    def walk(node: sympy.Basic) -> sympy.Basic:
        if node in subs:
            return subs[node]
        if node.is_Atom:
            return node
        if node in memo:
            return memo[node]
        args = [walk(a) for a in node.args]
        if isinstance(node, sympy.Pow) and args[0].is_Integer and args[1].is_Integer:
            base, exp = int(args[0]), int(args[1])
            if exp > 0 and abs(base) > 1 and (abs(base).bit_length() - 1) * exp > max_bits:
                raise LimitError(f"{args[0]}**{args[1]} would be larger than {max_bits} bits",
                                 span, layer=layer,
                                 hint="use smaller values or raise --max-int-bits")
        elif isinstance(node, sympy.Mul) and all(a.is_Integer for a in args):
            bits = sum(abs(int(a)).bit_length() for a in args)
            if bits > max_bits + len(args):
                raise LimitError(f"a product would be larger than {max_bits} bits", span,
                                 layer=layer, hint="use smaller values or raise --max-int-bits")
        changed = any(a is not b for a, b in zip(args, node.args, strict=True))
        result = node.func(*args) if changed else node
        if isinstance(result, Integer) and abs(int(result)).bit_length() > max_bits:
            raise LimitError(f"a value would be larger than {max_bits} bits", span,
                             layer=layer, hint="use smaller values or raise --max-int-bits")
        memo[node] = result
        return result

    return walk(expr)
