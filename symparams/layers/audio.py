"""Audio preprocessing layers (``keras/src/layers/preprocessing``): MelSpectrogram and
STFTSpectrogram. Frame counts are floors of the signal length, as Keras computes them.

``MelSpectrogram`` has no weights: its mel filter bank is a constant made in ``call``. Its
output is ``(num_mel_bins, frames)`` with ``frames = floor((T + sequence_stride + 1) /
sequence_stride)`` (Keras's ``compute_output_shape``, what ``summary()`` shows).

``STFTSpectrogram`` computes the STFT as a 1-D convolution whose kernels are weights (made
by ``build``, trainable): a real and an imaginary kernel of ``frame_length × 1 ×
(fft_length // 2 + 1)``, only one of them in modes ``"real"`` and ``"imag"``.

>>> from symparams.layers.registry import lookup
>>> lookup("STFTSpectrogram").rank, lookup("MelSpectrogram").rank
(2, 1)
"""

from __future__ import annotations

import sympy
from sympy import Integer

from ..symbolic.integers import ceildiv, floordiv
from .audio_cost import mel_cost, stft_cost
from .registry import (
    Anything,
    Bool,
    Choice,
    Condition,
    Dim,
    LayerType,
    Optional,
    Param,
    Reject,
    register,
)

__all__ = ["fft_size", "stft_frames"]


def _mel_shape(a, x):
    fft = a.fft_length
    length = a.sequence_length if a.sequence_length is not None else fft
    if fft.is_Integer and length.is_Integer and fft < length:
        raise Reject(f"fft_length ({fft}) must be at least sequence_length ({length})")
    (time,) = x
    return (a.num_mel_bins, floordiv(time + a.sequence_stride + 1, a.sequence_stride))


def _mel_conditions(a, x):
    if a.sequence_length is None:
        return []
    return [Condition(a.fft_length, a.sequence_length, "fft_length (>= sequence_length)")]


register(LayerType(
    name="MelSpectrogram", family="audio",
    params=(
        Param("fft_length", Dim(), 2048),
        Param("sequence_stride", Dim(), 512),
        Param("sequence_length", Optional(Dim()), None),
        Param("window", Anything(), "hann"),
        Param("sampling_rate", Anything(), 16000),
        Param("num_mel_bins", Dim(), 128),
        *(Param(name, Anything(), default) for name, default in (
            ("min_freq", 20.0), ("max_freq", None), ("power_to_db", True), ("top_db", 80.0),
            ("mag_exp", 2.0), ("min_power", 1e-10), ("ref_power", 1.0))),
    ),
    rank=1, input_doc="(samples,)",
    shape=_mel_shape,
    conditions=_mel_conditions,
    derivation="no parameters (the mel filter bank is a constant)",
    doc="A mel-scaled spectrogram: (num_mel_bins, floor((T + stride + 1) / stride)).",
    cost=mel_cost,
    extra={"example_input": ("T",),
           "subtleties": (
               "frames = floor((T + sequence_stride + 1) / sequence_stride): Keras's "
               "compute_output_shape (the summary's number)",
               "the output puts frequency before time: (num_mel_bins, frames)",
               "the tensor Keras computes has 1 + floor(T / sequence_stride) frames: one "
               "fewer when T + 1 is a multiple of sequence_stride (T=31, stride 8: 4, the "
               "summary says 5); the summary and the layers built after it use the formula",
           )},
))


def fft_size(a) -> object:
    """``fft_length``, or the power of two at least ``frame_length`` (Keras's default).

    >>> from types import SimpleNamespace as N
    >>> from sympy import Integer as I
    >>> fft_size(N(fft_length=None, frame_length=I(200))), fft_size(N(fft_length=I(9),
    ...                                                                 frame_length=I(3)))
    (256, 9)
    """
    if a.fft_length is not None:
        return a.fft_length
    if not a.frame_length.is_Integer:
        return 2 ** sympy.ceiling(sympy.log(a.frame_length, 2))
    return Integer(1 << (int(a.frame_length) - 1).bit_length())


def stft_frames(time, a):
    """The time frames: a 1-D convolution of ``frame_length`` by ``frame_step`` (default
    ``frame_length // 2``), ``"valid"`` or ``"same"``."""
    step = a.frame_step if a.frame_step is not None else floordiv(a.frame_length, 2)
    if a.padding == "same":
        return ceildiv(time, step)
    return floordiv(time - a.frame_length, step) + 1


def _stft_shape(a, x):
    fft = fft_size(a)
    if a.fft_length is not None and fft.is_Integer and a.frame_length.is_Integer \
            and fft < a.frame_length:
        raise Reject(f"fft_length ({fft}) must be at least frame_length ({a.frame_length})")
    if a.frame_step is not None and a.frame_step.is_Integer and a.frame_length.is_Integer \
            and a.frame_step > a.frame_length:
        raise Reject(f"frame_step ({a.frame_step}) must be at most frame_length "
                     f"({a.frame_length})")
    if a.frame_step is None and a.frame_length.is_Integer and a.frame_length < 2:
        raise Reject(f"frame_step defaults to frame_length // 2, which is 0 for "
                     f"frame_length={a.frame_length}", hint="give frame_step=1")
    freq = floordiv(fft, 2) + 1
    if a.mode == "stft":
        freq = 2 * freq
    last = a.data_format != "channels_first"
    time, channels = x if last else (x[1], x[0])
    frames = stft_frames(time, a)
    if a.expand_dims:
        return (frames, freq, channels) if last else (channels, frames, freq)
    return (frames, freq * channels) if last else (freq * channels, frames)


def _stft_conditions(a, x):
    time = x[0] if a.data_format != "channels_first" else x[1]
    out = []
    if a.padding == "valid":
        out.append(Condition(time, a.frame_length, "input length (>= frame_length)"))
    if a.fft_length is not None:
        out.append(Condition(a.fft_length, a.frame_length, "fft_length (>= frame_length)"))
    if a.frame_step is not None:
        out.append(Condition(a.frame_length, a.frame_step, "frame_length (>= frame_step)"))
    elif not a.frame_length.is_Integer:
        out.append(Condition(a.frame_length, Integer(2),
                             "frame_length (frame_step defaults to frame_length // 2)"))
    return out


def _stft_cost(a, x, y):
    time, channels = (x[1], x[0]) if a.data_format == "channels_first" else tuple(x)
    return stft_cost(a, time, channels, stft_frames(time, a), fft_size(a))


def _stft_weights(a, x):
    kernels = 1 if a.mode in ("real", "imag") else 2
    return kernels * a.frame_length * (floordiv(fft_size(a), 2) + 1)


register(LayerType(
    name="STFTSpectrogram", family="audio",
    params=(
        Param("mode", Choice(("log", "magnitude", "psd", "real", "imag", "angle", "stft"),
                             case_sensitive=True), "log"),
        Param("frame_length", Dim(), 256),
        Param("frame_step", Optional(Dim()), None),
        Param("fft_length", Optional(Dim()), None),
        Param("window", Anything(), "hann"),
        Param("periodic", Bool(), False),
        Param("scaling", Optional(Choice(("density", "spectrum"), case_sensitive=True)),
              "density"),
        Param("padding", Choice(("valid", "same"), case_sensitive=True), "valid"),
        Param("expand_dims", Bool(), False),
        Param("data_format", Optional(Choice(("channels_last", "channels_first"))), None),
    ),
    rank=2, input_doc="(time, channels)",
    shape=_stft_shape,
    trainable=_stft_weights,
    conditions=_stft_conditions,
    derivation="a real and an imaginary kernel of frame_length × (fft_length // 2 + 1) "
    "(one of them in modes real and imag)",
    doc="A short-time Fourier transform as a strided 1-D convolution with STFT kernels.",
    cost=_stft_cost,
    extra={"example_input": ("T", "C"),
           "subtleties": (
               "the kernels are trainable weights (Keras's build makes them with STFT "
               "initializers): 2 × frame_length × (fft_length // 2 + 1)",
               "fft_length defaults to the power of two at least frame_length, "
               "2^ceil(log2(frame_length)); frame_step to frame_length // 2",
               "frames: floor((T - frame_length) / frame_step) + 1 (valid) or "
               "ceil(T / frame_step) (same)",
               "mode 'stft' doubles the frequency axis (real and imaginary parts)",
           )},
))

