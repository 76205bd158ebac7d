"""Adaptive pooling: AdaptiveAverage/AdaptiveMaxPoolingND pool each spatial axis into a given
number of bins (``keras/src/layers/pooling/base_adaptive_pooling.py``). No weights; the
output's spatial axes are ``output_size`` whatever the input's (more bins than positions is
allowed: bins then overlap)."""

from __future__ import annotations

from .registry import Dims, LayerType, Param, register
from .spatial import DATA_FORMAT, axis_names, join_channels, split_channels

__all__ = ["adaptive_pooling_layer"]


def _shape(a, x):
    _, channels = split_channels(a, x)
    return join_channels(a, a.output_size, channels)


def adaptive_pooling_layer(kind: str, nd: int) -> LayerType:
    """``AdaptiveAveragePooling2D`` and friends."""
    return LayerType(
        name=f"Adaptive{kind}Pooling{nd}D",
        family="pooling", no_cost="window sizes vary with the output position: not derived yet",
        params=(Param("output_size", Dims(nd)), DATA_FORMAT),
        rank=nd + 1,
        input_doc="(" + ", ".join(axis_names(nd)) + ", channels)",
        shape=_shape,
        derivation="no parameters; the spatial axes become output_size",
        doc=f"{nd}-D adaptive {kind.lower()} pooling into output_size bins per axis.",
        extra={"subtleties": (
            "the output's spatial axes are output_size, whatever the input's (more bins "
            "than positions is allowed)",
        )},
    )


for _nd in (1, 2, 3):
    register(adaptive_pooling_layer("Average", _nd))
    register(adaptive_pooling_layer("Max", _nd))
