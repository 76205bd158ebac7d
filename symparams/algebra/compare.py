"""Are two models' counts the same formula? If not, by how much, and is one always larger?

>>> import symparams
>>> doc = symparams.parse('''
... model a(d=8, h=4):
...     Input(shape=(d,))
...     Dense(h)
...     Dense(h)
... model b(d=8, h=4):
...     Input(shape=(d,))
...     Dense(h, use_bias=False)
...     Dense(h, use_bias=False)
... ''')
>>> c = compare(doc["a"], doc["b"])
>>> c.equal, c.difference, c.sign
(False, 2*h, 'positive')
>>> c.sentence()
'A - B = 2*h > 0: A is always larger'
"""

from __future__ import annotations

from sympy import Add, Expr

from ..engine.model import Layer, Model
from ..guard import within_seconds
from ..limits import DEFAULT_LIMITS, simplification_work
from ..record import Record, record
from ..symbolic.integers import ASSUMPTION_TERMS, canonical, is_provably_ge
from .quantities import count_expr, layer_count

__all__ = ["compare", "Comparison", "LayerComparison", "sign_of", "difference"]


def difference(a: Expr, b: Expr, seconds: float | None = None,
               warnings: list[str] | None = None,
               max_terms: int = DEFAULT_LIMITS.max_simplify_terms) -> Expr:
    """``a - b`` simplified (expanded, floors in canonical form). Whether it is simplified
    depends on its size only: past ``max_terms`` terms multiplied out (floors included,
    ``limits.simplification_work``) it is ``a - b`` as it is, with a note in ``warnings``.
    ``seconds`` is a last resort that fails with a ``LimitError``.

    >>> from symparams.symbolic.integers import symbol
    >>> h, k = symbol("h"), symbol("k")
    >>> difference(h * (k + 1), h * k)
    h
    >>> notes = []
    >>> difference(h * (k + 1), h * k, max_terms=2, warnings=notes)
    -h*k + h*(k + 1)
    >>> print(notes[0])
    simplifying a difference: more than 2 terms multiplied out (--max-simplify-terms); shown
    unsimplified
    """
    diff = a - b
    if simplification_work(diff, max_terms) > max_terms:  # work, not time: deterministic
        if warnings is not None:
            warnings.append(f"simplifying a difference: more than {max_terms:,} terms "
                            "multiplied out (--max-simplify-terms); shown unsimplified")
        return diff
    return within_seconds(lambda: canonical(diff), seconds, what="simplifying a difference")


def sign_of(diff: Expr, seconds: float | None = None,
            warnings: list[str] | None = None) -> str:
    """``"zero"``, ``"positive"``, ``"negative"`` (for every positive integer value of the
    symbols) or ``"unknown"``, for an integer-valued ``diff``. The proof has a work budget
    (``integers.PROOF_TERMS``): past it the sign is ``"unknown"``, on every machine;
    ``seconds`` is a last resort that fails with a ``LimitError``. (``warnings`` is kept for
    callers; nothing is added to it.)

    >>> from symparams.symbolic.integers import symbol
    >>> h, k = symbol("h"), symbol("k")
    >>> sign_of(0 * h), sign_of(2*h), sign_of(1 - h - k), sign_of(h - k)
    ('zero', 'positive', 'negative', 'unknown')
    """
    if diff == 0:
        return "zero"
    return within_seconds(lambda: _sign(diff), seconds,
                          what="deciding the sign of a difference")


def _sign(diff: Expr) -> str:
    small = len(Add.make_args(diff)) <= ASSUMPTION_TERMS  # SymPy's assumptions: short sums
    if small and diff.is_positive or is_provably_ge(diff, 1):
        return "positive"
    if small and diff.is_negative or is_provably_ge(-diff, 1):
        return "negative"
    return "unknown"


@record
class LayerComparison(Record):
    """Layer ``index`` of both models (either may be missing: ``None``)."""

    index: int
    a: Layer | None
    b: Layer | None
    difference: Expr | None
    sign: str
    output_shape_equal: bool

    @property
    def equal(self) -> bool:
        return self.sign == "zero" and self.output_shape_equal

    def as_dict(self) -> dict:
        return {
            "index": self.index,
            "a": None if self.a is None else {"name": self.a.name, "type": self.a.type},
            "b": None if self.b is None else {"name": self.b.name, "type": self.b.type},
            "equal": self.equal,
            "params_equal": self.sign == "zero",
            "difference": None if self.difference is None else str(self.difference),
            "sign": self.sign,
            "output_shape_equal": self.output_shape_equal,
        }


@record
class Comparison(Record):
    """Model ``a`` against model ``b``: totals, then layer by layer."""

    a: Model
    b: Model
    difference: Expr
    sign: str
    layers: tuple[LayerComparison, ...]
    quantity: str = "params"
    """The count compared (:mod:`symparams.algebra.quantities`)."""

    @property
    def equal(self) -> bool:
        """The totals of the count are the same formula."""
        return self.sign == "zero"

    @property
    def output_shape_equal(self) -> bool:
        return _shapes_equal(self.a.output_shape, self.b.output_shape)

    def sentence(self) -> str:
        """``"A - B = 2*h > 0: A is always larger"`` and the like."""
        from ..symbolic.forms import display

        diff = display(self.difference)
        if self.sign == "zero":
            return "A - B = 0: the totals are the same formula"
        if self.sign == "positive":
            return f"A - B = {diff} > 0: A is always larger"
        if self.sign == "negative":
            return f"A - B = {diff} < 0: B is always larger"
        return f"A - B = {diff}: which is larger depends on the values"

    def as_dict(self) -> dict:
        """The JSON shape: ``equal``, ``difference``, ``sign``, ``layers`` (and ``count``
        when it is not ``params``)."""
        return ({} if self.quantity == "params" else {"count": self.quantity}) | {
            "equal": self.equal,
            "difference": str(self.difference),
            "sign": self.sign,
            "layers": [layer.as_dict() for layer in self.layers],
        }


def _shapes_equal(x: tuple[Expr, ...], y: tuple[Expr, ...], seconds: float | None = None,
                  warnings: list[str] | None = None,
                  max_terms: int = DEFAULT_LIMITS.max_simplify_terms) -> bool:
    return len(x) == len(y) and all(
        p == q or difference(p, q, seconds, warnings, max_terms) == 0
        for p, q in zip(x, y, strict=True))


def compare(a: Model, b: Model, warnings: list[str] | None = None,
            quantity: str = "params") -> Comparison:
    """Compare the total and per-layer counts (parameters, or ``quantity``: ``macs``,
    ``flops``, ...; an unknown cost is an ``UnknownCountError``) and output shapes of two
    models.

    Symbols with the same name are the same symbol in both models. A difference of more
    than ``a.limits.max_simplify_terms`` terms is kept unsimplified (its sign then often
    ``"unknown"``) and a note is added to ``warnings``: the same on every machine.
    ``a.limits.simplify_seconds`` is a last resort, past which a ``LimitError`` is raised.
    """
    seconds, terms = a.limits.simplify_seconds, a.limits.max_simplify_terms
    total = difference(count_expr(a, quantity), count_expr(b, quantity), seconds, warnings,
                       terms)
    layers = []
    for index in range(max(len(a.layers), len(b.layers))):
        la = a.layers[index] if index < len(a.layers) else None
        lb = b.layers[index] if index < len(b.layers) else None
        if la is None or lb is None:
            layers.append(LayerComparison(index, la, lb, None, "unknown", False))
            continue
        diff = difference(layer_count(la, quantity), layer_count(lb, quantity), seconds,
                          warnings, terms)
        layers.append(LayerComparison(
            index, la, lb, diff, sign_of(diff, seconds, warnings),
            _shapes_equal(la.output_shape, lb.output_shape, seconds, warnings, terms),
        ))
    return Comparison(a, b, total, sign_of(total, seconds, warnings), tuple(layers), quantity)

