"""What ``ContrastLimitedAdaptiveHistogramEqualization`` (CLAHE) costs at inference, as
Keras 3 runs it on jax (``keras/src/layers/preprocessing/image_preprocessing/clahe.py``);
unlike the random augmentations it changes the image at inference too.

The image is cut into a ``gh × gw`` grid (``tile_grid_size``, default 8 × 8) of tiles of
``th = ⌈H/gh⌉`` × ``tw = ⌈W/gw⌉`` pixels, padded symmetrically to ``Hp × Wp`` (``Hp = gh·th``,
``Wp = gw·tw``; free: a copy). With ``K = 256`` histogram bins, ``N = gh·gw·C`` tile
histograms and ``P = Hp·Wp·C`` padded numbers, XLA counts:

- per padded number, ``3K + 47``: cast and clamp to 0…255, a one-hot of K bins (compare,
  convert) summed over its tile (``−K`` per histogram), and the bilinear blend of four
  gathered CDF values (index arithmetic, jax's bounds checks, 9 for the blend);
- per histogram, ``5K`` with ``clip_limit > 0``: the clip to the limit (XLA clamps twice),
  the excess summed and spread;
- per histogram, ``21K + 259``: the cumulative sum (on CPU two reduce-windows of 16, its
  carry added twice), its minimum, the normalization to 0…255;
- per position of each padded axis, 13: the interpolation grid (coordinates, floors,
  clamps, strides); and the channel offset of the gather index, ``P + C``.

MACs are 0 (no product of weights). XLA shares the grid of the two axes when they are the
same (``gh = gw`` and ``th = tw``: ``18·Hp`` instead of ``26·Hp``), folds the channel offset
of one channel, and, for several channels with padding or ``channels_first``, splits the
blend into fusions that recompute the grid (``3·(Hp + Wp)`` more; ``5·Hp`` for the same
axes): these are ``xla_ops``. XLA's count is exact for tiles of 2 or more pixels on both
axes. A tile of one pixel (``H ≤ gh`` or ``W ≤ gw``) is fused otherwise, and a
``value_range`` other than (0, 255) rescales around the work in ways XLA folds by the
range's values: the ``xla`` count is unknown there (and for sizes that leave the conditions
undecided); another ``value_range`` or a ``clip_limit`` or grid not written as numbers
leaves the operations unknown too.

>>> from sympy import Integer as I
>>> from symparams.layers.registry import Args
>>> c = clahe_cost(Args({"value_range": None, "clip_limit": None, "tile_grid_size": None,
...                      "data_format": None}), (I(16), I(16), I(3)), None)
>>> c.macs, c.count("flops"), c.count("xla")
(0, 1905635, 1905507)
"""

from __future__ import annotations

import sympy
from sympy import Integer

from ..symbolic.integers import ceildiv
from ..syntax import ast
from .argkinds import literal, plain_value
from .cost import Cost
from .registry import Args, Shape
from .spatial import split_channels

__all__ = ["CLAHE_BINS", "clahe_cost"]

#: Keras's histogram bins (fixed: a one-hot of 256 values).
CLAHE_BINS = 256
_K = Integer(CLAHE_BINS)
_ZERO = Integer(0)
_DEFAULT_GRID = (8, 8)


def _pair(node) -> tuple[int, int] | None:
    """Two numbers written ``(0, 255)`` or ``[0, 255]``, else None."""
    if isinstance(node, (ast.TupleExpr, ast.ListExpr)) and len(node.items) == 2:
        values = [literal(i, (ast.Int, ast.Float)) for i in node.items]
        if None not in values:
            return values[0], values[1]
    return None


def _grid(node) -> tuple[int, int] | None:
    """``tile_grid_size`` as two positive integers (None: Keras's 8 × 8)."""
    if node is None:
        return _DEFAULT_GRID
    pair = _pair(node)
    if pair is None or not all(isinstance(v, int) and v > 0 for v in pair):
        return None
    return pair


def _decided(condition) -> bool | None:
    """True or False when SymPy decides ``condition``, else None."""
    return bool(condition) if condition in (sympy.true, sympy.false) else None


def clahe_cost(a: Args, x: Shape, y: Shape | None) -> Cost:
    """CLAHE at inference, as XLA counts it (see the module's table)."""
    node = a.get("value_range")
    clip = plain_value(a.get("clip_limit"), unknown=False)
    grid = _grid(a.get("tile_grid_size"))
    if (node is not None and _pair(node) != (0, 255)) or grid is None or clip is False or (
            clip is not None and not isinstance(clip, (int, float))):
        return Cost(_ZERO, None, None, xla_known=False)
    clipped = clip is None or clip > 0
    (height, width), channels = split_channels(a, x)
    gh, gw = Integer(grid[0]), Integer(grid[1])
    th, tw = ceildiv(height, gh), ceildiv(width, gw)
    hp, wp = gh * th, gw * tw
    tiles, numbers = gh * gw * channels, hp * wp * channels
    per_tile = (25 if clipped else 20) * _K + 259
    ops = per_tile * tiles + (3 * _K + 47) * numbers + 13 * (hp + wp) + numbers + channels
    one_pixel = _decided(sympy.Or(sympy.Eq(th, 1), sympy.Eq(tw, 1)))
    same = _decided(sympy.And(sympy.Eq(gh, gw), sympy.Eq(th, tw)))
    single = _decided(sympy.Eq(channels, 1))
    padded = _decided(sympy.Or(sympy.Ne(hp, height), sympy.Ne(wp, width)))
    if a.get("data_format") == "channels_first":
        padded = True
    known = one_pixel is False and None not in (same, single, padded)
    xla_ops = _ZERO
    if known:
        xla_ops = (-8 * hp if same else _ZERO) - ((numbers + channels) if single else _ZERO)
        if padded and not single:
            xla_ops += 5 * hp if same else 3 * (hp + wp)
    return Cost(ops=ops, xla_known=known, xla_ops=xla_ops)
