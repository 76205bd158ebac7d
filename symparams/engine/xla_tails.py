"""Which rows end in element-wise work that XLA may compute again, or move: read by the
``xla`` count's graph analyses (:mod:`.fusion_copies`, :mod:`.broadcast_sinking`).

>>> from types import SimpleNamespace as Row
>>> relu = Row(row=Row(type="ReLU", args={}), inputs=[])
>>> has_tail(Row(row=Row(type="Flatten", args={}), inputs=[relu]))   # seen through
True
"""

from __future__ import annotations

from typing import Any

from sympy import Integer

from ..layers.cost import activation_name
from ..symbolic.integers import is_provably_ge
from ..syntax.keras_names import TENSOR_FUNCTIONS
from .model import Layer
from .padding_fold import FOLDING

__all__ = ["THROUGH", "crops_all_but_padding", "has_tail", "moves_with_repeat", "pools_gaps",
           "reduces_rows", "reduces_reshaped", "softmax_of_a_multiply"]

#: Rows that are identities at inference.
_IDENTITIES = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
               "GaussianDropout", "GaussianNoise", "AlphaDropout", "Identity")
#: Rows XLA sees through (reshapes; identities at inference).
THROUGH = ("Reshape", "Flatten", *_IDENTITIES)
#: Layers whose reductions along rows (a mean, a variance, a softmax's max and sum) XLA
#: computes in fusions of their own, each computing again the element-wise end of the layer
#: before (a bias add, an activation, a merge, a pooling's division): measured, not derived.
_ROW_REDUCTIONS = ("LayerNormalization", "RMSNormalization", "GroupNormalization",
                   "UnitNormalization", "Softmax")
#: Rows that end in element-wise work (measured before a LayerNormalization: a bias add, an
#: activation, a merge, a pooling's division); a Dense or convolution only with a bias or
#: activation, an ``Activation`` unless linear.
_TAILS = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "TrueDivide",
          "Divide", "Negative", "Power", "FloorDivide", "Mod", "BatchNormalization", "ReLU",
          "LeakyReLU", "PReLU", "ELU", "Softmax", "Rescaling", "Normalization",
          "LayerNormalization", "RMSNormalization", "GroupNormalization",
          "UnitNormalization", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
          "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D")
#: Layers of one input among :data:`_TAILS` (the others of one input are arithmetic).
_UNARY_LAYERS = ("BatchNormalization", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax",
                 "Rescaling", "Normalization", "LayerNormalization", "RMSNormalization",
                 "GroupNormalization", "UnitNormalization", "AveragePooling1D",
                 "AveragePooling2D", "AveragePooling3D", "GlobalAveragePooling1D",
                 "GlobalAveragePooling2D", "GlobalAveragePooling3D")
#: The rows of a function of a tensor (``exp(h)`` is a row of type ``Exp``).
_FUNCTION_TYPES = frozenset(n[0].upper() + n[1:] for n in TENSOR_FUNCTIONS if n != "abs")


def reduces_rows(row: Layer) -> bool:
    """A row reduction over rows that may be longer than one number (XLA drops the sums of
    one term, and with them the copies)."""
    if row.type != "GroupNormalization" and row.input_shape and row.input_shape[-1] == 1:
        return False
    return row.type in _ROW_REDUCTIONS or (
        row.type == "Activation"
        and activation_name(row.args.get("activation")) in ("softmax", "log_softmax"))


def has_tail(node: Any) -> bool:
    """Whether the row a reduction reads (through reshapes and identities at inference)
    ends in element-wise work (:data:`_TAILS`, a function of a tensor, or a ``Dense`` or
    convolution with a bias or activation)."""
    while node is not None and node.row.type in THROUGH and node.inputs:
        node = node.inputs[0]
    if node is None:
        return False
    row = node.row
    if row.type in FOLDING or row.type in ("Dense", "EinsumDense"):
        return bool(row.args.get("use_bias", True)) or activation_name(
            row.args.get("activation")) != "linear"
    if row.type == "Activation":
        return activation_name(row.args.get("activation")) != "linear"
    return row.type in _TAILS or row.type in _FUNCTION_TYPES


def moves_with_repeat(row: Layer) -> bool:
    """Arithmetic with a number or a function of a tensor: work XLA may move before a
    repeat it reads (not derived)."""
    return row.type in _FUNCTION_TYPES or (row.type in _TAILS and len(row.inbound) == 1
                                           and row.type not in _UNARY_LAYERS)


def pools_gaps(node: Any) -> bool:
    """A global pooling of a 2D or 3D transposed convolution with a stride longer than its
    kernel (outputs no tap reaches): XLA fuses the stride-dilated input into the reduction
    and counts more, by size (measured: 11 × 3 in, strides (3, 1), kernel 1 × 1; not
    derived)."""
    if not node.row.type.startswith("Global") or not node.row.type.endswith(("2D", "3D")):
        return False
    source = node.inputs[0] if node.inputs else None
    while source is not None and source.row.type in THROUGH and source.inputs:
        source = source.inputs[0]
    if source is None or not source.row.type.endswith(("2DTranspose", "3DTranspose")):
        return False
    args = source.row.args
    kernel, strides = args.get("kernel_size"), args.get("strides")
    return any(not (s - k).is_nonpositive for s, k in zip(strides, kernel, strict=True))


#: XLA's CPU backend sums a row longer than this in windows (measured: 33 numbers).
_WINDOW = 32


def reduces_reshaped(node: Any) -> bool:
    """A row reduction (a normalization but RMS, a softmax; a 1D global pooling's steps)
    over an axis that a ``Flatten`` or ``Reshape`` made, possibly longer than
    :data:`_WINDOW`: XLA then reduces the axes before the reshape, without the windows of
    one long row (measured: Flatten of (3, 11) then LayerNormalization, XLA 331 where a row
    of 33 is 362); not derived."""
    row = node.row
    pooled = row.type in ("GlobalMaxPooling1D", "GlobalAveragePooling1D")
    if not node.inputs or not pooled and (row.type == "RMSNormalization"
                                          or not reduces_rows(row)):
        return False
    source = node.inputs[0]
    while source is not None and source.inputs and (source.row.type in _IDENTITIES or (
            source.row.type == "Permute" and _in_order(source.row.args.get("dims")))):
        source = source.inputs[0]  # (a Permute of the axes in order: nothing, for XLA)
    if source is None or source.row.type not in ("Flatten", "Reshape"):
        return False
    before, after = source.row.input_shape, source.row.output_shape
    if not before or not after:
        return False
    if pooled:  # a global pooling of steps: the steps axis (measured: (6, 6, 1) as (36, 1))
        first = row.args.get("data_format") == "channels_first"
        return not is_provably_ge(Integer(_WINDOW), after[1] if first else after[0])
    if len(before) == len(after) and before[-1] == after[-1]:
        return False
    return not is_provably_ge(Integer(_WINDOW), after[-1])


def crops_all_but_padding(node: Any) -> bool:
    """A cropping of a ``ZeroPadding`` that keeps only its zeros along some axis: XLA then
    drops the work before it as dead (a random seed's stack: BatchNormalization, padding one
    column, cropping all the others: XLA 0, 81 counted); not derived."""
    source = node.inputs[0] if node.row.type.startswith("Cropping") and node.inputs else None
    if source is None or not source.row.type.startswith("ZeroPadding"):
        return False
    first = source.row.args.get("data_format") == "channels_first"
    sizes = source.row.input_shape[1:] if first else source.row.input_shape[:-1]
    pads, crops = source.row.args.get("padding"), node.row.args.get("cropping")
    for (before, after), (cut, cut_end), n in zip(pads, crops, sizes, strict=False):
        kept_from, kept_to = cut, before + n + after - cut_end
        if is_provably_ge(before, kept_to) or is_provably_ge(kept_from, before + n):
            return True
    return False


def _in_order(dims) -> bool:
    return isinstance(dims, tuple) and all(d == i + 1 for i, d in enumerate(dims))


def softmax_of_a_multiply(node: Any) -> bool:
    """A ``Dense`` of one input number (a multiply for XLA) with its own softmax, reading
    element-wise work: XLA copies that work into the softmax's fusions too (a random seed:
    GlobalAveragePooling2D then Dense(2, activation="softmax"), XLA 21, 20 counted); not
    derived. An input size that is a symbol is taken as not 1."""
    row = node.row
    if row.type != "Dense" or activation_name(row.args.get("activation")) not in (
            "softmax", "log_softmax") or not node.inputs or not row.input_shape:
        return False
    # (a symbol there is taken as not 1: a softmax over a hidden layer of one unit)
    return row.input_shape[-1] == 1 and has_tail(node.inputs[0])
