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

from .algebra import canonical, is_provably_ge
from .model import Layer, Model

__all__ = ["compare", "Comparison", "LayerComparison", "sign_of", "difference"]


def difference(a: Expr, b: Expr) -> Expr:
    """``a - b`` simplified (expanded, floors in canonical form)."""
    return canonical(a - b)


def sign_of(diff: Expr) -> str:
    """``"zero"``, ``"positive"``, ``"negative"`` (for every positive integer value of the
    symbols) or ``"unknown"``, for an integer-valued ``diff``.

    >>> from symparams.algebra import symbol
    >>> h, k = symbol("h"), symbol("k")
    >>> sign_of(0 * h), sign_of(2*h), sign_of(1 - h - k), sign_of(h - k)
    ('zero', 'positive', 'negative', 'unknown')
    """
    if diff == 0:
        return "zero"
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

    @property
    def equal(self) -> bool:
        """The total parameter counts are the same formula."""
        return self.sign == "zero"

    @property
    def output_shape_equal(self) -> bool:
        return _shapes_equal(self.a.output_shape, self.b.output_shape)

    def sentence(self) -> str:
        """``"A - B = 2*h > 0: A is always larger"`` and the like."""
        from .forms import display

        diff = display(self.difference)
        if self.sign == "zero":
            return "A - B = 0: the totals are the same formula"
        if self.sign == "positive":
            return f"A - B = {diff} > 0: A is always larger"
        if self.sign == "negative":
            return f"A - B = {diff} < 0: B is always larger"
        return f"A - B = {diff}: which is larger depends on the values"

    def as_dict(self) -> dict:
        """The JSON shape: ``equal``, ``difference``, ``sign``, ``layers``."""
        return {
            "equal": self.equal,
            "difference": str(self.difference),
            "sign": self.sign,
            "layers": [layer.as_dict() for layer in self.layers],
        }


def _shapes_equal(x: tuple[Expr, ...], y: tuple[Expr, ...]) -> bool:
    return len(x) == len(y) and all(canonical(p - q) == 0 for p, q in zip(x, y, strict=True))


def compare(a: Model, b: Model) -> Comparison:
    """Compare the total and per-layer parameter counts and output shapes of two models.

    Symbols with the same name are the same symbol in both models.
    """
    total = difference(a.params, b.params)
    layers = []
    for index in range(max(len(a.layers), len(b.layers))):
        la = a.layers[index] if index < len(a.layers) else None
        lb = b.layers[index] if index < len(b.layers) else None
        if la is None or lb is None:
            layers.append(LayerComparison(index, la, lb, None, "unknown", False))
            continue
        diff = difference(la.params, lb.params)
        layers.append(LayerComparison(
            index, la, lb, diff, sign_of(diff), _shapes_equal(la.output_shape, lb.output_shape)
        ))
    return Comparison(a, b, total, sign_of(total), tuple(layers))

