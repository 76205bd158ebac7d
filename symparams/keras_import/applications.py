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
(Call(func='EfficientNetB3', args=(), keywords=(('include_top', False),), arg_lines=()), \
None, 'stdlib.efficientnet')
"""

from __future__ import annotations

from dataclasses import dataclass

from .ir import Call

__all__ = ["APPLICATIONS", "Application", "application_name", "block_call", "preprocessing",
           "with_trainable"]

_TOP = ("include_top", "pooling", "classes", "classifier_activation")


@dataclass(frozen=True)
class Application:
    """A ``keras.applications`` function as the stdlib block of the same name: its ``use``
    line, and the Keras keywords it takes (the block's parameters of the same names)."""

    use: str
    keywords: tuple[str, ...] = _TOP


_PRE = (*_TOP, "include_preprocessing")
_V3 = ("alpha", "minimalistic", "dropout_rate", *_PRE)


def _family(use: str, names: str, keywords: tuple[str, ...] = _TOP) -> dict[str, Application]:
    return {name: Application(use, keywords) for name in names.split()}


#: Keras's function name -> its stdlib block (a variant's own widths and depths are the
#: block's, as Keras's function fixes them).
APPLICATIONS: dict[str, Application] = {
    **_family("stdlib.mobilenet_v1", "MobileNet", ("alpha", "depth_multiplier", "dropout",
                                                   *_TOP)),
    **_family("stdlib.mobilenet", "MobileNetV2", ("alpha", *_TOP)),
    **_family("stdlib.mobilenet_v3", "MobileNetV3Small MobileNetV3Large", _V3),
    **_family("stdlib.efficientnet", " ".join(f"EfficientNetB{i}" for i in range(8))),
    **_family("stdlib.efficientnet_v2", " ".join(f"EfficientNetV2B{i}" for i in range(4)),
              _PRE),
    **_family("stdlib.efficientnet_v2", "EfficientNetV2S"),
    **_family("stdlib.resnet", "ResNet50 ResNet101 ResNet152"),
    **_family("stdlib.resnet_v2", "ResNet50V2 ResNet101V2 ResNet152V2"),
    **_family("stdlib.vgg", "VGG16 VGG19"),
    **_family("stdlib.inception_resnet", "InceptionResNetV2"),
    **_family("stdlib.densenet", "DenseNet121 DenseNet169 DenseNet201"),
    **_family("stdlib.inception", "InceptionV3"),
    **_family("stdlib.xception", "Xception"),
    **_family("stdlib.convnext", "ConvNeXtTiny ConvNeXtSmall ConvNeXtBase ConvNeXtLarge "
                                 "ConvNeXtXLarge", _PRE),
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
    kept = []
    for key, value in call.keywords:
        if key in app.keywords:
            kept.append((key, value))
        elif key not in _IGNORED:
            raise ValueError(f"{name}'s argument {key}= has no block form")
    shape = dict(call.keywords).get("input_shape")
    return Call(name, (), tuple(kept)), shape, app.use


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
