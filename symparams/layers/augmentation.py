"""Image preprocessing and augmentation layers (``keras/src/layers/preprocessing/
image_preprocessing``): Resizing, CenterCrop and RandomCrop change the height and width;
the augmentation layers keep the shape. None has weights.

symparams accepts them on an image ``(H, W, C)`` (``(C, H, W)`` with
``data_format="channels_first"``). Their other arguments (factors, value ranges, fill
modes) change no shape or count and are accepted without being checked.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Integer

from ..syntax import ast
from .argkinds import literal
from .clahe_cost import clahe_cost
from .cost import Cost, free
from .registry import REQUIRED, Anything, Condition, Dim, LayerType, Param, register
from .resize_cost import center_crop_cost, resize_cost
from .spatial import DATA_FORMAT, join_channels, split_channels

__all__ = ["AUGMENTATIONS", "AT_INFERENCE"]

_IMAGE = "(height, width, channels)"
_R = REQUIRED
ZERO = Integer(0)

#: Keras's signature of each shape-keeping layer: (name, default) pairs in order.
AUGMENTATIONS: dict[str, tuple[tuple[str, object], ...]] = {
    "AugMix": (("value_range", None), ("num_chains", 3), ("chain_depth", 3),
               ("factor", 0.3), ("alpha", 1.0), ("all_ops", True),
               ("interpolation", "bilinear"), ("seed", None), ("data_format", None)),
    "AutoContrast": (("value_range", None),),
    "ContrastLimitedAdaptiveHistogramEqualization": (
        ("value_range", None), ("clip_limit", 4.0), ("tile_grid_size", None),
        ("data_format", None)),
    "CutMix": (("factor", 1.0), ("seed", None), ("data_format", None)),
    "Equalization": (("value_range", None), ("bins", 256), ("data_format", None)),
    "MixUp": (("alpha", 0.2), ("data_format", None), ("seed", None)),
    "RandAugment": (("value_range", None), ("num_ops", 2), ("factor", 0.5),
                    ("interpolation", "bilinear"), ("seed", None), ("data_format", None)),
    "RandomBrightness": (("factor", _R), ("value_range", None), ("seed", None)),
    "RandomColorDegeneration": (("factor", _R), ("value_range", None),
                                ("data_format", None), ("seed", None)),
    "RandomColorJitter": (("value_range", None), ("brightness_factor", None),
                          ("contrast_factor", None), ("saturation_factor", None),
                          ("hue_factor", None), ("seed", None), ("data_format", None)),
    "RandomContrast": (("factor", _R), ("value_range", None), ("seed", None)),
    "RandomElasticTransform": (("factor", 1.0), ("scale", 1.0), ("interpolation", "bilinear"),
                               ("fill_mode", "reflect"), ("fill_value", 0.0),
                               ("value_range", None), ("seed", None), ("data_format", None)),
    "RandomErasing": (("factor", 1.0), ("scale", None), ("fill_value", None),
                      ("value_range", None), ("seed", None), ("data_format", None)),
    "RandomFlip": (("mode", "horizontal_and_vertical"), ("seed", None), ("data_format", None)),
    "RandomGaussianBlur": (("factor", 1.0), ("kernel_size", 3), ("sigma", 1.0),
                           ("value_range", None), ("data_format", None), ("seed", None)),
    "RandomGrayscale": (("factor", 0.5), ("data_format", None), ("seed", None)),
    "RandomHue": (("factor", _R), ("value_range", None), ("data_format", None), ("seed", None)),
    "RandomInvert": (("factor", 1.0), ("value_range", None), ("seed", None),
                     ("data_format", None)),
    "RandomPerspective": (("factor", 1.0), ("scale", 1.0), ("interpolation", "bilinear"),
                          ("fill_value", 0.0), ("seed", None), ("data_format", None)),
    "RandomPosterization": (("factor", _R), ("value_range", None), ("data_format", None),
                            ("seed", None)),
    "RandomRotation": (("factor", _R), ("fill_mode", "reflect"), ("interpolation", "bilinear"),
                       ("seed", None), ("fill_value", 0.0), ("data_format", None)),
    "RandomSaturation": (("factor", _R), ("value_range", None), ("data_format", None),
                         ("seed", None)),
    "RandomSharpness": (("factor", _R), ("value_range", None), ("data_format", None),
                        ("seed", None)),
    "RandomShear": (("x_factor", 0.0), ("y_factor", 0.0), ("interpolation", "bilinear"),
                    ("fill_mode", "reflect"), ("fill_value", 0.0), ("data_format", None),
                    ("seed", None)),
    "RandomTranslation": (("height_factor", _R), ("width_factor", _R), ("fill_mode", "reflect"),
                          ("interpolation", "bilinear"), ("seed", None), ("fill_value", 0.0),
                          ("data_format", None)),
    "RandomZoom": (("height_factor", _R), ("width_factor", None), ("fill_mode", "reflect"),
                   ("interpolation", "bilinear"), ("seed", None), ("fill_value", 0.0),
                   ("data_format", None)),
    "Solarization": (("addition_factor", 0.0), ("threshold_factor", 0.0),
                     ("value_range", None), ("seed", None)),
}


def _auto_contrast(a, x, y) -> Cost:
    """AutoContrast in its default range (0, 255): per channel a min and a max over the
    image and 4 operations, per number 5 (scale and offset, a clamp, the NaN test and the
    select), as XLA counts them. Another ``value_range`` rescales around the stretch, work
    XLA folds by the range's values: unknown. XLA's count of an image of one number (a
    1 × 1 × 1 input) is not derived.

    >>> from sympy import Integer as I
    >>> from symparams.layers.registry import Args
    >>> _auto_contrast(Args({"value_range": None}), (I(5), I(6), I(3)), None).count("xla")
    636
    """
    node = a.value_range
    if node is not None and not (
            isinstance(node, (ast.TupleExpr, ast.ListExpr)) and len(node.items) == 2
            and [literal(i, (ast.Int, ast.Float)) for i in node.items] == [0, 255]):
        return Cost(ZERO, None, None, xla_known=False)
    spatial, channels = split_channels(a, x)
    numbers = sympy.Mul(*spatial) * channels
    return Cost(ops=7 * numbers + 2 * channels,
                xla_known=sympy.Ne(numbers, 1) is sympy.true)


#: The layers that still change an image at inference (``training=False``), with their rule
#: or why they have none; every other layer of :data:`AUGMENTATIONS` returns its input
#: unchanged there (Keras transforms only ``if training``; XLA counts 0): ``free``.
AT_INFERENCE: dict[str, Any] = {
    "AutoContrast": _auto_contrast,
    "ContrastLimitedAdaptiveHistogramEqualization": clahe_cost,
}


def _param(name: str, default) -> Param:
    return DATA_FORMAT if name == "data_format" else Param(name, Anything(), default)


def _three_channels(a, x):
    """RandomColorDegeneration converts to grayscale and back: exactly 3 channels."""
    _, channels = split_channels(a, x)
    what = "input channels (exactly 3: RGB)"
    return [Condition(channels, Integer(3), what), Condition(Integer(3), channels, what)]


def _rule(name: str):
    rule = AT_INFERENCE.get(name, free)
    return None if isinstance(rule, str) else rule


def _reason(name: str) -> str:
    rule = AT_INFERENCE.get(name)
    return rule if isinstance(rule, str) else ""


for _name, _signature in AUGMENTATIONS.items():
    register(
        LayerType(
            name=_name,
            family="augmentation",
            cost=_rule(_name),
            no_cost=_reason(_name),
            params=tuple(_param(n, d) for n, d in _signature),
            rank=3,
            input_doc=_IMAGE,
            shape=lambda a, x: x,
            conditions=_three_channels if _name == "RandomColorDegeneration" else (
                lambda a, x: ()),
            doc="Image preprocessing, applied at inference too; shape unchanged."
            if _name in AT_INFERENCE else
            "Image augmentation (active in training only); shape unchanged.",
        )
    )


def _resized(a, x):
    _, channels = split_channels(a, x)
    return join_channels(a, (a.height, a.width), channels)


_SIZE = (Param("height", Dim()), Param("width", Dim()))

register(
    LayerType(
        name="Resizing",
        family="augmentation",
        cost=resize_cost,
        params=(*_SIZE, Param("interpolation", Anything(), "bilinear"),
                Param("crop_to_aspect_ratio", Anything(), False),
                Param("pad_to_aspect_ratio", Anything(), False),
                Param("fill_mode", Anything(), "constant"), Param("fill_value", Anything(), 0.0),
                Param("antialias", Anything(), False), DATA_FORMAT),
        rank=3,
        input_doc=_IMAGE,
        shape=_resized,
        doc="Resizes images to height × width; the channels are kept.",
    )
)

#: RandomCrop crops only ``if training``: at inference Keras returns the image unchanged
#: (though its declared output shape is height × width), and XLA counts 0.
for _name, _rest, _cost in (
        ("CenterCrop", (DATA_FORMAT,), center_crop_cost),
        ("RandomCrop", (Param("seed", Anything(), None), DATA_FORMAT), free)):
    register(
        LayerType(
            name=_name,
            family="augmentation",
            cost=_cost,
            params=(*_SIZE, *_rest),
            rank=3,
            input_doc=_IMAGE,
            shape=_resized,
            doc="Crops images to height × width (a larger size is reached by resizing, "
            "not rejected).",
            extra={"subtleties": (
                "a crop larger than the image is not an error: Keras resizes up to it",
            )},
        )
    )
