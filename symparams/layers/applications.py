"""Layers that ``keras.applications`` defines in its own code, not in ``keras.layers``, so
that ``symparams import`` can translate InceptionResNetV2 and ConvNeXt configs:

- ``CustomScaleLayer(scale)`` (``inception_resnet_v2.py``): ``x + scale * r`` of two
  tensors of one shape, no weights;
- ``LayerScale(init_values, projection_dim)`` (``convnext.py``): ``x * gamma`` with a
  trainable ``gamma`` of ``projection_dim`` entries, broadcast on the last axis;
- ``StochasticDepth(drop_path_rate)`` (``convnext.py``): drops a residual path while
  training, the identity otherwise; no weights.

>>> from symparams.layers.registry import lookup
>>> lookup("LayerScale").extra["keras_module"]
'keras.src.applications.convnext'
"""

from __future__ import annotations

from .cost import Cost, free
from .registry import Anything, Condition, Dim, LayerType, Param, Reject, product, register

__all__: list[str] = []


def _scale_shape(a, shapes):
    if shapes and not isinstance(shapes[0], tuple):  # one bare shape: both inputs alike
        shapes = (tuple(shapes),) * 2
    first, second = shapes
    if len(first) != len(second) or any(
            i.is_Integer and j.is_Integer and i != j for i, j in zip(first, second, strict=False)):
        raise Reject("CustomScaleLayer adds two tensors of one shape, got "
                     f"{tuple(first)} and {tuple(second)}")
    return tuple(first)


register(LayerType(
    name="CustomScaleLayer", family="applications",
    params=(Param("scale", Anything()),),
    shape=_scale_shape,
    cost=lambda a, shapes, y: Cost(ops=2 * product(y)),
    input_doc="(..., features), twice",
    derivation="no parameters (scale is a constant)",
    doc="InceptionResNetV2's residual sum x + scale × r: CustomScaleLayer(0.17)(x, r).",
    extra={"inputs": (2, 2), "example_input": ("H", "W", "C"),
           "keras_module": "keras.src.applications.inception_resnet_v2"},
))


def _layer_scale_conditions(a, x):
    last = x[-1]
    if last.is_Integer and a.projection_dim.is_Integer and last != a.projection_dim:
        raise Reject(f"LayerScale's projection_dim ({a.projection_dim}) must be the input's "
                     f"last axis ({last})")
    return [Condition(last, a.projection_dim, "input last axis (projection_dim)"),
            Condition(a.projection_dim, last, "projection_dim (input last axis)")]


register(LayerType(
    name="LayerScale", family="applications",
    params=(Param("init_values", Anything()), Param("projection_dim", Dim())),
    rank=(1, None), input_doc="(..., projection_dim)",
    shape=lambda a, x: tuple(x),
    trainable=lambda a, x: a.projection_dim,
    conditions=_layer_scale_conditions,
    cost=lambda a, x, y: Cost(ops=product(y)),
    derivation="projection_dim (one scale per channel)",
    doc="ConvNeXt's per-channel scale x × gamma, gamma trainable of projection_dim entries.",
    extra={"example_input": ("H", "W", "C"),
           "keras_module": "keras.src.applications.convnext"},
))

register(LayerType(
    name="StochasticDepth", family="applications",
    params=(Param("drop_path_rate", Anything()),),
    shape=lambda a, x: tuple(x),
    cost=free,
    derivation="no parameters (the identity at inference)",
    doc="ConvNeXt's drop-path: drops a residual branch while training; shape unchanged.",
    extra={"example_input": ("H", "W", "C"),
           "keras_module": "keras.src.applications.convnext"},
))
