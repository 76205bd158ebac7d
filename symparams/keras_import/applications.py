"""``keras.applications`` networks in Keras code, as transfer learning writes them: the
stdlib's whole-network blocks.

``base = keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False,
weights="imagenet")`` is the block ``MobileNetV2(include_top=False)`` of ``use
stdlib.mobilenet`` (the weights do not change a count); ``base.trainable = False``, or
``for layer in base.layers: layer.trainable = False``, freezes it (``trainable=False`` on the
call); ``base(x, training=False)`` applies it, ``Sequential([base, ...])`` lists it after an
``Input`` of its ``input_shape``, and ``base.output`` / ``base.input`` are the tensors of the
network on its own input. ``preprocess_input`` is the Keras operations it makes: ``x /
127.5 - 1.0`` for the networks trained on [-1, 1], nothing for those with their own
rescaling; the channel flip of ResNet and VGG and DenseNet's per-channel statistics are
left out, and said so.

>>> block_call("keras.applications.EfficientNetB3", Call("EfficientNetB3", (), (
...     ("include_top", False), ("weights", "imagenet"))))
(Call(func='EfficientNet', args=(1.2, 1.4, 0.3), keywords=(('include_top', False),), \
arg_lines=()), None, 'stdlib.efficientnet')
"""

from __future__ import annotations

from dataclasses import dataclass

from .ir import Call

__all__ = ["APPLICATIONS", "Application", "application_name", "block_call", "frozen",
           "preprocessing", "with_trainable"]

_TOP = ("include_top", "pooling", "classes", "classifier_activation")


@dataclass(frozen=True)
class Application:
    """A ``keras.applications`` function as a stdlib block: the ``use`` line, the block,
    its leading arguments, and the Keras keywords it takes (by the same names)."""

    use: str
    block: str
    args: tuple = ()
    keywords: tuple[str, ...] = _TOP
    renamed: tuple[tuple[str, str], ...] = ()
    """Keras keywords the block names otherwise: ``(("include_preprocessing", "pre"),)``."""


def _efficientnet(width: float, depth: float, dropout: float) -> Application:
    return Application("stdlib.efficientnet", "EfficientNet", (width, depth, dropout))


_PRE = (("include_preprocessing", "pre"),)


def _efficientnet_v2(width: float, depth: float) -> Application:
    return Application("stdlib.efficientnet_v2", "EfficientNetV2B", (width, depth, 0.2),
                       (*_TOP, "include_preprocessing"), _PRE)


def _convnext(depths: tuple[int, ...], widths: tuple[int, ...]) -> Application:
    return Application("stdlib.convnext", "ConvNeXt", (*depths, *widths),
                       (*_TOP, "include_preprocessing"), _PRE)


#: Keras's function name -> its block (Keras's own width, depth and dropout per variant).
APPLICATIONS: dict[str, Application] = {
    "MobileNet": Application("stdlib.mobilenet_v1", "MobileNet", (),
                             ("alpha", "depth_multiplier", "dropout", *_TOP)),
    "MobileNetV2": Application("stdlib.mobilenet", "MobileNetV2", (), ("alpha", *_TOP)),
    "MobileNetV3Small": Application("stdlib.mobilenet_v3", "MobileNetV3Small", (), (
        "alpha", "minimalistic", "dropout_rate", "include_preprocessing", *_TOP)),
    "MobileNetV3Large": Application("stdlib.mobilenet_v3", "MobileNetV3Large", (), (
        "alpha", "minimalistic", "dropout_rate", "include_preprocessing", *_TOP)),
    "EfficientNetB0": _efficientnet(1.0, 1.0, 0.2),
    "EfficientNetB1": _efficientnet(1.0, 1.1, 0.2),
    "EfficientNetB2": _efficientnet(1.1, 1.2, 0.3),
    "EfficientNetB3": _efficientnet(1.2, 1.4, 0.3),
    "EfficientNetB4": _efficientnet(1.4, 1.8, 0.4),
    "EfficientNetB5": _efficientnet(1.6, 2.2, 0.4),
    "EfficientNetB6": _efficientnet(1.8, 2.6, 0.5),
    "EfficientNetB7": _efficientnet(2.0, 3.1, 0.5),
    "ResNet50V2": Application("stdlib.resnet_v2", "ResNet50V2"),
    "ResNet101V2": Application("stdlib.resnet_v2", "ResNet101V2"),
    "ResNet152V2": Application("stdlib.resnet_v2", "ResNet152V2"),
    "ResNet50": Application("stdlib.resnet", "ResNet50"),
    "ResNet101": Application("stdlib.resnet", "ResNet101"),
    "ResNet152": Application("stdlib.resnet", "ResNet152"),
    "VGG16": Application("stdlib.vgg", "VGG16"),
    "VGG19": Application("stdlib.vgg", "VGG19"),
    "InceptionResNetV2": Application("stdlib.inception_resnet", "InceptionResNetV2"),
    "DenseNet121": Application("stdlib.densenet", "DenseNet121"),
    "DenseNet169": Application("stdlib.densenet", "DenseNet169"),
    "DenseNet201": Application("stdlib.densenet", "DenseNet201"),
    "InceptionV3": Application("stdlib.inception", "InceptionV3"),
    "Xception": Application("stdlib.xception", "Xception"),
    "EfficientNetV2B0": _efficientnet_v2(1.0, 1.0),
    "EfficientNetV2B1": _efficientnet_v2(1.0, 1.1),
    "EfficientNetV2B2": _efficientnet_v2(1.1, 1.2),
    "EfficientNetV2B3": _efficientnet_v2(1.2, 1.4),
    "EfficientNetV2S": Application("stdlib.efficientnet_v2", "EfficientNetV2S"),
    "ConvNeXtTiny": _convnext((3, 3, 9, 3), (96, 192, 384, 768)),
    "ConvNeXtSmall": _convnext((3, 3, 27, 3), (96, 192, 384, 768)),
    "ConvNeXtBase": _convnext((3, 3, 27, 3), (128, 256, 512, 1024)),
    "ConvNeXtLarge": _convnext((3, 3, 27, 3), (192, 384, 768, 1536)),
    "ConvNeXtXLarge": _convnext((3, 3, 27, 3), (256, 512, 1024, 2048)),
}

#: Keyword arguments that change no count: the weights loaded, the input (its shape goes to
#: an ``Input`` where the network starts a model), the name.
_IGNORED = ("weights", "input_tensor", "input_shape", "name")

#: ``preprocess_input`` by ``keras.applications`` module: "tf" is ``x / 127.5 - 1.0``,
#: "none" makes no operation, the others are left out (a channel flip, per-channel
#: statistics: no model-text form).
_PREPROCESSING = {
    **dict.fromkeys(("mobilenet", "mobilenet_v2", "inception_v3", "xception", "resnet_v2",
                     "inception_resnet_v2", "nasnet"), "tf"),
    **dict.fromkeys(("efficientnet", "efficientnet_v2", "convnext", "mobilenet_v3"), "none"),
    **dict.fromkeys(("resnet", "resnet50", "vgg16", "vgg19", "resnet_rs"), "caffe"),
    "densenet": "torch",
}


def application_name(func: str) -> str | None:
    """``"MobileNetV2"`` for ``keras.applications.MobileNetV2`` (or ``tf.keras``, or a
    module's ``keras.applications.mobilenet_v2.MobileNetV2``); None for anything else."""
    parts = func.split(".")
    return parts[-1] if "applications" in parts[:-1] and parts[-1][:1].isupper() else None


def block_call(func: str, call: Call) -> tuple[Call, object, str]:
    """The block call of the application ``call`` of ``func``, the ``input_shape`` given
    (or None) and its ``use`` line. ValueError says what has no block form."""
    name = application_name(func)
    app = APPLICATIONS.get(name or "")
    if app is None:
        raise ValueError(f"keras.applications.{name} has no stdlib block yet")
    if call.args:
        raise ValueError(f"{name}'s arguments written by position: name them")
    kept, renamed = [], dict(app.renamed)
    for key, value in call.keywords:
        if key in app.keywords:
            kept.append((renamed.get(key, key), value))
        elif key not in _IGNORED:
            raise ValueError(f"{name}'s argument {key}= has no block form")
    shape = dict(call.keywords).get("input_shape")
    return Call(app.block, app.args, tuple(kept)), shape, app.use


def frozen(call: Call) -> Call:
    """The block call with ``trainable=False``."""
    return with_trainable(call, True)


def with_trainable(call: Call, frozen: bool) -> Call:
    """``call`` saying ``trainable=False`` if ``frozen``, else without a ``trainable=``."""
    kept = tuple((k, v) for k, v in call.keywords if k != "trainable")
    return Call(call.func, call.args, (*kept, ("trainable", False)) if frozen else kept,
                call.arg_lines if len(kept) == len(call.keywords) else ())


def preprocessing(func: str) -> str | None:
    """``"tf"``, ``"none"``, ``"caffe"`` or ``"torch"`` for a ``keras.applications``
    module's ``preprocess_input`` (None if ``func`` is not one)."""
    parts = func.split(".")
    if parts[-1] != "preprocess_input" or "applications" not in parts[:-1]:
        return None
    module = parts[-2]
    return _PREPROCESSING.get(module, "unknown")
