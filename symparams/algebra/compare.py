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

from dataclasses import dataclass

from sympy import Expr

from ..engine.model import Layer, Model
from ..guard import with_time_limit
from ..symbolic.integers import canonical, is_provably_ge
from .quantities import count_expr, layer_count

__all__ = ["compare", "Comparison", "LayerComparison", "sign_of", "difference"]


def difference(a: Expr, b: Expr, seconds: float | None = None,
               warnings: list[str] | None = None) -> Expr:
    """``a - b`` simplified (expanded, floors in canonical form); past ``seconds`` of
    simplifying (default ``Limits().simplify_seconds``), ``a - b`` as it is, with a note in
    ``warnings``."""
    return with_time_limit(lambda: canonical(a - b), a - b, seconds,
                           what="simplifying a difference", warnings=warnings)


def sign_of(diff: Expr, seconds: float | None = None,
            warnings: list[str] | None = None) -> str:
    """``"zero"``, ``"positive"``, ``"negative"`` (for every positive integer value of the
    symbols) or ``"unknown"``, for an integer-valued ``diff``. Past ``seconds`` of trying
    (default ``Limits().simplify_seconds``) the sign is ``"unknown"``.

    >>> from symparams.symbolic.integers import symbol
    >>> h, k = symbol("h"), symbol("k")
    >>> sign_of(0 * h), sign_of(2*h), sign_of(1 - h - k), sign_of(h - k)
    ('zero', 'positive', 'negative', 'unknown')
    """
    if diff == 0:
        return "zero"
    return with_time_limit(lambda: _sign(diff), "unknown", seconds,
                           what="deciding the sign of a difference", warnings=warnings)


def _sign(diff: Expr) -> str:
    if diff.is_positive or is_provably_ge(diff, 1):
        return "positive"
    if diff.is_negative or is_provably_ge(-diff, 1):
        return "negative"
    return "unknown"


@dataclass(frozen=True)
class LayerComparison:
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


@dataclass(frozen=True)
class Comparison:
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
                  warnings: list[str] | None = None) -> bool:
    return len(x) == len(y) and all(
        p == q or difference(p, q, seconds, warnings) == 0 for p, q in zip(x, y, strict=True))


def compare(a: Model, b: Model, warnings: list[str] | None = None,
            quantity: str = "params") -> Comparison:
    """Compare the total and per-layer counts (parameters, or ``quantity``: ``macs``,
    ``flops``, ...; an unknown cost is an ``UnknownCountError``) and output shapes of two
    models.

    Symbols with the same name are the same symbol in both models. Each simplification may
    take ``a.limits.simplify_seconds``; past that the difference is kept unsimplified (its
    sign then often ``"unknown"``) and a note is added to ``warnings``.
    """
    seconds = a.limits.simplify_seconds
    total = difference(count_expr(a, quantity), count_expr(b, quantity), seconds, warnings)
    layers = []
    for index in range(max(len(a.layers), len(b.layers))):
        la = a.layers[index] if index < len(a.layers) else None
        lb = b.layers[index] if index < len(b.layers) else None
        if la is None or lb is None:
            layers.append(LayerComparison(index, la, lb, None, "unknown", False))
            continue
        diff = difference(layer_count(la, quantity), layer_count(lb, quantity), seconds,
                          warnings)
        layers.append(LayerComparison(
            index, la, lb, diff, sign_of(diff, seconds, warnings),
            _shapes_equal(la.output_shape, lb.output_shape, seconds, warnings),
        ))
    return Comparison(a, b, total, sign_of(total, seconds, warnings), tuple(layers), quantity)

