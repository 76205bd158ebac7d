r"""Values where some symbols have none: which symbols have a value, the value of every
formula that needs only those, and substitution by name.

A total that does not depend on an unset symbol still has a value:

>>> import symparams
>>> m = symparams.parse("model m(d, u=3):\n    Input(shape=(d,))\n    Dense(u)\n"
...                     "    Dense(2)\n")["m"]
>>> k = known(m, {})
>>> k, [value_of(m, layer.params, k) for layer in m.layers], needs(m, m.params, k)
({'u': 3}, [None, 8], ['d'])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace

import sympy
from sympy import Expr

from ..errors import InvalidValueError
from ..exact import exact_value
from ..guard import guarded_xreplace
from ..record import Record, record

__all__ = ["Known", "known", "value_of", "needs", "subs"]


class Known(dict):
    """The values :func:`known` found, by name (a ``dict``), remembering the value of each
    formula asked of them: a summary asks the same shapes in many rows (EfficientNet's
    nine networks ask 8,000 values, a few hundred distinct). It remembers the values of
    their parts too (``parts``: a summary's compute columns ask a few hundred formulas made
    of the same floors). Changing an entry forgets them.

    >>> values = Known(d=4)
    >>> values.memo[sympy.Symbol("x")] = 1
    >>> values["d"] = 5
    >>> values, values.memo
    ({'d': 5}, {})
    """

    __slots__ = ("memo", "parts")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.memo: dict[Expr, int | None] = {}
        self.parts: _Parts | None = None
        """The symbols' values as the model's ``Symbol`` s, and the values of the parts of
        the formulas asked so far, for one model (:func:`_exact_at`)."""

    def _changed(method):  # noqa: N805 - a decorator of the class body
        def changed(self, *args, **kwargs):
            self.memo.clear()
            self.parts = None
            return method(self, *args, **kwargs)
        return changed

    __setitem__ = _changed(dict.__setitem__)
    __delitem__ = _changed(dict.__delitem__)
    update = _changed(dict.update)
    pop = _changed(dict.pop)
    popitem = _changed(dict.popitem)
    setdefault = _changed(dict.setdefault)
    clear = _changed(dict.clear)
    __ior__ = _changed(dict.__ior__)
    del _changed


def _names(values: Mapping) -> dict[str, int | None]:
    """Keys as names: a model's ``Symbol`` stands for its name."""
    return {(k.name if isinstance(k, sympy.Symbol) else k): v for k, v in values.items()}


def _checked(model, given: Mapping[str, int]) -> dict[str, int]:
    """``given`` validated as :meth:`Model.bind` validates values (names, positive ints)."""
    bound = replace(model, values={name: 1 for name in model.symbols}).bind(given)
    return {name: bound[name] for name in given}


def known(model, values: Mapping[str, int | None]) -> dict[str, int]:
    r"""The symbols that have a value (the header's, overridden by ``values``), in declaration
    order. Every assumption, input condition and layer condition whose symbols all have
    values must hold (else ``InvalidValueError``); the others wait for ``Model.evaluate``.

    >>> import symparams
    >>> m = symparams.parse("model m(d, u=3):\n    Input(shape=(d,))\n    Dense(u)\n")["m"]
    >>> known(m, {"d": 5})
    {'d': 5, 'u': 3}
    """
    merged = {k: v for k, v in model.values.items() if v is not None}
    merged.update(_checked(model, {k: v for k, v in _names(values).items() if v is not None}))
    subs_ = {model.symbols[k]: sympy.Rational(v) for k, v in merged.items()}
    bits = model.limits.max_int_bits
    if model.assumptions:
        from ..symbolic.assumptions import check_assumptions

        check_assumptions(model.assumptions, subs_)
    for cond in model.input_conditions:
        lhs, rhs = (guarded_xreplace(side, subs_, bits, model.span)
                    for side in (cond.lhs, cond.rhs))
        if lhs.is_Integer and rhs.is_Integer and not cond.holds(int(lhs), int(rhs)):
            raise InvalidValueError(
                f"model '{model.name}' needs {cond.requirement(rhs)}, got {lhs}",
                cond.span or model.span,
            )
    for layer in model.layers:  # a condition with an unset symbol is skipped
        layer.check(subs_, bits)
    return Known((name, merged[name]) for name in model.symbols if name in merged)


def value_of(model, expr: Expr, known_values: Mapping[str, int]) -> int | None:
    """``expr``'s exact value at ``known_values`` (from :func:`known`), or None if it uses a
    symbol without a value. Values asked of a :class:`Known` are remembered in it."""
    if expr.is_Integer:
        return int(expr)
    memo = known_values.memo if isinstance(known_values, Known) else None
    if memo is not None and expr in memo:
        return memo[expr]
    if memo is not None:  # the common case, a formula of known symbols: its parts remembered
        value = _exact_at(model, expr, known_values)
        if value is not None:
            memo[expr] = value
            return value
    used = {sym.name for sym in expr.free_symbols}
    if any(name not in known_values for name in used):
        value = None
    else:  # only the symbols ``expr`` uses: a summary asks a value of each of its n layers
        subs_ = {model.symbols[k]: sympy.Rational(known_values[k]) for k in used}
        found = guarded_xreplace(expr, subs_, model.limits.max_int_bits, model.span)
        if not found.is_Integer:  # pragma: no cover - shapes and counts are integers
            raise RuntimeError(f"internal error: {expr} is not an integer at {dict(subs_)}")
        value = int(found)
    if memo is not None:
        memo[expr] = value
    return value


@record
class _Parts(Record):
    """What :func:`_exact_at` keeps in a :class:`Known` for one model."""

    symbols: Mapping[str, sympy.Symbol]
    max_bits: int
    subs: dict[sympy.Symbol, sympy.Rational]
    values: dict[sympy.Basic, object] = field(default_factory=dict)


def _exact_at(model, expr: Expr, known_values: Known) -> int | None:
    """``expr``'s value by :func:`~symparams.exact.exact_value` with every known symbol, the
    values of parts shared with the formulas asked before; None where that has no integer
    (a symbol without a value, a node it leaves to SymPy): :func:`value_of` goes on as
    before, so the value and every error are the same."""
    parts = known_values.parts
    bits = model.limits.max_int_bits
    if parts is None or parts.symbols is not model.symbols or parts.max_bits != bits:
        subs_ = {model.symbols[k]: sympy.Rational(v) for k, v in known_values.items()
                 if k in model.symbols}
        parts = known_values.parts = _Parts(model.symbols, bits, subs_)
    found = exact_value(expr, parts.subs, bits, parts.values)
    return int(found) if found is not None and found.is_Integer else None


def needs(model, expr: Expr, known_values: Mapping[str, int]) -> list[str]:
    """The symbols ``expr`` uses that have no value in ``known_values``, in declaration
    order."""
    used = {sym.name for sym in expr.free_symbols}
    return [name for name in model.symbols if name in used and name not in known_values]


def subs(model, expr: Expr, values: Mapping[str | sympy.Symbol, int]) -> Expr:
    r"""``expr`` with symbols replaced by values given by name (``{"h": 30}``) or by the
    model's ``Symbol``; the others stay. SymPy's own ``expr.subs({"h": 30})`` reads ``"h"``
    as a new ``Symbol("h")`` without the model's assumptions (a positive integer), which is
    another symbol, so it replaces nothing.

    >>> import symparams
    >>> m = symparams.parse("model m(d=4, u=3):\n    Input(shape=(d,))\n    Dense(u)\n")["m"]
    >>> m.params.subs({"d": 10}), subs(m, m.params, {"d": 10}), subs(m, m.params, {"u": 2})
    (u*(d + 1), 11*u, 2*d + 2)
    """
    given = _checked(model, _names(values))
    table = {model.symbols[name]: sympy.Rational(value) for name, value in given.items()}
    return guarded_xreplace(expr, table, model.limits.max_int_bits, model.span)
