"""Generators for the newer catalog families (activations, noise, preprocessing, more
normalization, SpectralNormalization, augmentation, resizing), mixed into the stacks drawn by
:mod:`tests.test_catalog_oracle`; used by :mod:`tests.test_catalog_extra_oracle`.

The machinery (building a stack in Keras, comparing it layer by layer with the literal and
the symbolic DSL model) is :mod:`tests.test_catalog_oracle`'s.
"""

from __future__ import annotations

from hypothesis import strategies as st

from .oracle import L
from .test_catalog_oracle import (
    KerasStack,
    candidates,
    check_against_keras,
    gen_conv,
    gen_dense,
)

__all__ = ["extra_candidates", "all_candidates", "run_stack", "AUGMENT_ARGS"]

# -- generators ----------------------------------------------------------------------------------


def gen_relu(draw, shape) -> L:
    kwargs: dict = {}
    if draw(st.booleans()):
        kwargs["max_value"] = draw(st.sampled_from([None, 6.0, 1, 0.0]))
    if draw(st.booleans()):
        kwargs["negative_slope"] = draw(st.sampled_from([0.0, 0.1, 1]))
    if draw(st.booleans()):
        kwargs["threshold"] = draw(st.sampled_from([0.0, 0.5]))
    return L("ReLU", kwargs)


def gen_leaky(draw, shape) -> L:
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return L("LeakyReLU", {})
    key = "negative_slope" if choice == 1 else "alpha"
    return L("LeakyReLU", {key: draw(st.sampled_from([0.0, 0.2, 1.5]))})


def _axis_list(draw, rank: int, low: int, high: int) -> list[int]:
    return draw(st.lists(st.integers(low, high), min_size=1, max_size=rank))


def gen_prelu(draw, shape) -> L:
    rank = len(shape)
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return L("PReLU", {})
    # Keras indexes param_shape[axis - 1]: any axis in -rank + 1 .. rank works.
    axes = _axis_list(draw, rank, -rank + 1, rank)
    value = axes[0] if choice == 1 else (tuple(axes) if choice == 2 else axes)
    return L("PReLU", {"shared_axes": value})


def gen_softmax(draw, shape) -> L:
    rank = len(shape)
    if draw(st.booleans()):
        return L("Softmax", {})
    axes = draw(st.lists(st.integers(1, rank), min_size=1, max_size=rank, unique=True))
    return L("Softmax", {"axis": axes[0] if len(axes) == 1 else tuple(axes)})


def gen_rescaling(draw, shape) -> L:
    kwargs: dict = {"scale": draw(st.sampled_from([1 / 255, 2.0, -1, 0.5]))}
    if draw(st.booleans()):
        kwargs["offset"] = draw(st.sampled_from([0.0, -1.0, 3]))
    return L("Rescaling", kwargs)


def gen_normalization(draw, shape) -> L:
    rank = len(shape)
    choice = draw(st.integers(0, 4))
    kwargs: dict = {}
    if choice == 1:
        kwargs["axis"] = None
    elif choice >= 2:
        positions = draw(st.lists(st.integers(1, rank), min_size=1, max_size=rank, unique=True))
        axes = [p - rank - 1 if draw(st.booleans()) else p for p in positions]
        kwargs["axis"] = axes[0] if len(axes) == 1 and choice == 2 else tuple(axes)
    if choice in (0, 2) and draw(st.booleans()):  # a given mean on the last (kept) axis
        size = shape[-1] if choice == 0 or kwargs["axis"] in (-1, rank) else 1
        form = draw(st.integers(0, 2))
        if form == 0:
            kwargs["mean"], kwargs["variance"] = 0.5, 2.0
        else:
            n = size if form == 1 else 1
            kwargs["mean"] = [0.5] * n
            kwargs["variance"] = [2.0] * n
    if draw(st.integers(0, 3)) == 0:
        kwargs["invert"] = True
    return L("Normalization", kwargs)


def _fixed(cls: str, **kwargs):
    return lambda draw, shape: L(cls, kwargs)


def _probability(cls: str, name: str):
    return lambda draw, shape: L(cls, {name: draw(st.sampled_from([0.0, 0.1, 0.5, 1.0]))})


def gen_activity(draw, shape) -> L:
    kwargs: dict = {}
    for name in ("l1", "l2"):
        if draw(st.booleans()):
            kwargs[name] = draw(st.sampled_from([0.0, 0.01, 2]))
    return L("ActivityRegularization", kwargs)


def gen_group_norm(draw, shape) -> L:
    rank = len(shape)
    kwargs: dict = {}
    position = rank
    if draw(st.booleans()):
        position = draw(st.integers(1, rank))
        kwargs["axis"] = position - rank - 1 if draw(st.booleans()) else position
    channels = shape[position - 1]
    kwargs["groups"] = draw(st.sampled_from([-1, *[d for d in range(1, channels + 1)
                                                   if channels % d == 0]]))
    for flag in ("center", "scale"):
        if draw(st.integers(0, 2)) == 0:
            kwargs[flag] = draw(st.booleans())
    return L("GroupNormalization", kwargs)


def _some_axes(draw, rank: int, low: int = 1):
    positions = draw(st.lists(st.integers(low, rank), min_size=1, max_size=rank, unique=True))
    axes = [p - rank - 1 if draw(st.booleans()) else p for p in positions]
    return axes[0] if len(axes) == 1 and draw(st.booleans()) else tuple(axes)


def gen_rms_norm(draw, shape) -> L:
    if draw(st.booleans()):
        return L("RMSNormalization", {})
    return L("RMSNormalization", {"axis": _some_axes(draw, len(shape))})


def gen_unit_norm(draw, shape) -> L:
    if draw(st.booleans()):
        return L("UnitNormalization", {})
    return L("UnitNormalization", {"axis": _some_axes(draw, len(shape), low=0)})


def gen_spectral(draw, shape) -> L:
    """SpectralNormalization around a layer with a kernel that fits ``shape``."""
    rank = len(shape)
    options = ["Dense"]
    if 2 <= rank <= 4:
        options += [f"Conv{rank - 1}D"] + ([f"Conv{rank - 1}DTranspose"]
                                           if max(shape) <= 14 else [])
    if rank in (2, 3):
        options.append(f"DepthwiseConv{rank - 1}D")
    cls = draw(st.sampled_from(options))
    inner = gen_dense(draw, shape) if cls == "Dense" else gen_conv(draw, shape, cls)
    if draw(st.integers(0, 5)) == 0:
        inner = L(inner.cls, {**inner.kwargs, "trainable": False})
    kwargs: dict = {"layer": inner}
    if draw(st.integers(0, 3)) == 0:
        kwargs["power_iterations"] = draw(st.integers(1, 3))
    return L("SpectralNormalization", kwargs)


def extra_candidates(shape: tuple[int, ...]) -> list:
    """(name, generator) pairs for this file's layers that can follow ``shape``."""
    return [
        ("ReLU", gen_relu),
        ("LeakyReLU", gen_leaky),
        ("PReLU", gen_prelu),
        ("ELU", lambda d, s: L("ELU", {"alpha": d(st.sampled_from([1.0, 0.5, -1]))})),
        ("Softmax", gen_softmax),
        ("Rescaling", gen_rescaling),
        ("Normalization", gen_normalization),
        ("Identity", _fixed("Identity")),
        ("Masking", lambda d, s: L("Masking", {"mask_value": d(st.sampled_from([0.0, -1]))})),
        ("GaussianNoise", _probability("GaussianNoise", "stddev")),
        ("GaussianDropout", _probability("GaussianDropout", "rate")),
        ("AlphaDropout", _probability("AlphaDropout", "rate")),
        ("ActivityRegularization", gen_activity),
        ("GroupNormalization", gen_group_norm),
        ("RMSNormalization", gen_rms_norm),
        ("UnitNormalization", gen_unit_norm),
        ("SpectralNormalization", gen_spectral),
    ]


#: Required arguments of the augmentation layers (the rest keep their defaults).
AUGMENT_ARGS = {
    "RandomBrightness": {"factor": 0.2}, "RandomColorDegeneration": {"factor": 0.2},
    "RandomContrast": {"factor": 0.2}, "RandomHue": {"factor": 0.2},
    "RandomPosterization": {"factor": 2}, "RandomRotation": {"factor": 0.2},
    "RandomSaturation": {"factor": 0.2}, "RandomSharpness": {"factor": 0.2},
    "RandomTranslation": {"height_factor": 0.1, "width_factor": 0.1},
    "RandomZoom": {"height_factor": 0.1},
}
#: Augmentation layers without data_format (they take channels last).
NO_DATA_FORMAT = ("AutoContrast", "RandomBrightness", "RandomContrast", "Solarization")


def gen_augmentation(draw, shape) -> L:
    from symparams.layers.augmentation import AUGMENTATIONS

    names = [n for n in AUGMENTATIONS
             if n != "RandomColorDegeneration" or shape[-1] == 3]
    cls = draw(st.sampled_from(names))
    kwargs = dict(AUGMENT_ARGS.get(cls, {}))
    if cls not in NO_DATA_FORMAT and draw(st.integers(0, 3)) == 0:
        kwargs["data_format"] = "channels_last"
    return L(cls, kwargs)


def gen_resize(draw, shape) -> L:
    cls = draw(st.sampled_from(["Resizing", "CenterCrop", "RandomCrop"]))
    kwargs: dict = {"height": draw(st.integers(1, 12)), "width": draw(st.integers(1, 12))}
    if draw(st.booleans()):
        kwargs["data_format"] = draw(st.sampled_from(["channels_last", "channels_first"]))
    if cls == "Resizing" and draw(st.integers(0, 2)) == 0:
        kwargs[draw(st.sampled_from(["crop_to_aspect_ratio", "pad_to_aspect_ratio"]))] = True
    return L(cls, kwargs)


def gen_time_distributed(draw, shape) -> L:
    """TimeDistributed around one of this file's layers, on one time step."""
    _, gen = draw(st.sampled_from(extra_candidates(shape[1:])), label="wrapped")
    return L("TimeDistributed", {"layer": gen(draw, shape[1:])})


def all_candidates(shape: tuple[int, ...]) -> list:
    """This file's layers (twice as likely) mixed with the original catalog's."""
    extra = extra_candidates(shape)
    if len(shape) >= 2:
        extra.append(("TimeDistributed", gen_time_distributed))
    if len(shape) == 3:
        extra += [("augmentation", gen_augmentation), ("Resizing", gen_resize)]
    return extra * 6 + candidates(shape)


def run_stack(data, input_shape, layers: int) -> None:
    stack = KerasStack(input_shape)
    for _ in range(layers):
        _, gen = data.draw(st.sampled_from(all_candidates(stack.shape)), label="layer")
        stack.add(gen(data.draw, stack.shape))
    check_against_keras(input_shape, stack.specs, stack.facts,
                        seed=data.draw(st.integers(0, 10**6), label="symbols"))
