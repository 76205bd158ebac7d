"""What the audio layers (:mod:`.audio`) cost at inference, as Keras 3 runs them on jax.

``MelSpectrogram`` runs ``jax.scipy.signal.stft`` on the signal padded by ``fft_length // 2``
on each side (reflected): ``N = ⌊(T + 2⌊F/2⌋ − F)/S⌋ + 1`` frames of F = ``fft_length``
samples (the tensor's frames: the declared shape has one more when S divides T + 1), each
windowed (F multiplies; none for ``window=None``) and transformed by a real FFT, which
XLA counts as ``8·F·⌊log₂F⌋`` operations. Per frequency bin (B = ⌊F/2⌋ + 1 of them) the
scalings and the magnitude take 5 operations and a ``sqrt``, ``mag_exp=2`` one multiply
more (``0.5``: a ``sqrt`` more; ``1``: nothing), and 4 more per frame. The mel filter bank is
built in ``call`` from constants XLA does not fold: ``6·(B − 1)·M + 8·(B − 1) + 27·M + 23``
operations and ``B − 1`` logarithms for M = ``num_mel_bins``; the projection is ``N·B·M``
multiply-accumulates. ``power_to_db`` adds 5 operations and a logarithm per output number.
XLA's count is this, exactly, for F a power of two (4 or more), a stride of 2 or more and
2 frames or more. Elsewhere it is not derived and the ``xla`` count is unknown (FLOPs keep
the formula): a stride of 1 (the frames are sliced otherwise: 124 fewer), some other F
(12, 20, 9 and 15 match; 13 and 26 do not), fewer than 4 points, a single frame, symbolic
sizes.

>>> from sympy import Integer as I
>>> from symparams.layers.registry import Args
>>> a = Args({"fft_length": I(16), "sequence_stride": I(8), "num_mel_bins": I(5),
...           "window": "hann", "mag_exp": 2.0, "power_to_db": True, "top_db": 80.0})
>>> c = mel_cost(a, (I(64),), None)
>>> c.macs, c.count("xla"), c.transcendentals
(405, 6771, 134)

``STFTSpectrogram`` convolves each channel (as a batch of one-channel signals) with its real
and imaginary kernels, ``fft_length // 2 + 1`` filters of ``frame_length`` taps strided by
``frame_step``: a ``Conv1D`` each (XLA skips the taps in ``same`` padding), then per output
number the mode's work, as XLA counts it: ``real``, ``imag``, ``stft`` nothing; ``angle`` an
``atan2`` (a transcendental); ``psd`` the power (two squares and a sum) and the one-sided
doubling (an add, of zeros when there are 2 bins: XLA drops it then); ``magnitude`` the
power, a ``max`` with epsilon and a ``sqrt``; ``log`` one ``max`` and a ``log`` more.

>>> from sympy import Integer as I
>>> from symparams.layers.registry import Args
>>> a = Args({"mode": "log", "frame_length": I(8), "frame_step": I(4), "fft_length": None,
...           "padding": "valid", "data_format": None})
>>> c = stft_cost(a, I(40), I(2), I(9), I(8))
>>> c.macs, c.count("xla"), c.transcendentals
(1440, 3330, 180)
"""

from __future__ import annotations

import sympy
from sympy import Expr, Integer

from ..symbolic.integers import floordiv
from .argkinds import plain_value
from .conv_cost import conv_cost
from .cost import Cost
from .registry import Args

__all__ = ["STFT_MODES", "stft_cost", "mel_cost"]

#: ``mag_exp``: (operations, transcendentals) per frequency bin of a frame.
_MAG_EXP = {1: (0, 0), 2: (1, 0), 0.5: (0, 1)}
_UNSET = object()

#: Per output number of a mode: (kernels, ops, transcendentals).
STFT_MODES: dict[str, tuple[int, int, int]] = {
    "real": (1, 0, 0), "imag": (1, 0, 0), "stft": (2, 0, 0), "angle": (2, 0, 1),
    "psd": (2, 4, 0), "magnitude": (2, 4, 1), "log": (2, 5, 2),
}


def stft_cost(a, time: Expr, channels: Expr, frames: Expr, fft: Expr) -> Cost:
    """``STFTSpectrogram`` on ``channels`` signals of ``time`` samples into ``frames`` frames
    of an FFT of ``fft``: its kernels' convolutions of every channel, and the mode's work per
    number of one kernel's output."""
    kernels, ops, trans = STFT_MODES[a.mode]
    step = a.frame_step if a.frame_step is not None else floordiv(a.frame_length, 2)
    bins = floordiv(fft, 2) + 1
    conv = Args({"kernel_size": (a.frame_length,), "strides": (step,), "padding": a.padding,
                 "dilation_rate": (Integer(1),), "groups": Integer(1), "filters": bins,
                 "use_bias": False, "activation": None})
    one = conv_cost(conv, (time, Integer(1)), (frames, bins)).times(channels)
    numbers = channels * frames * bins
    # psd doubles bins 1 .. bins - 2: with 2 bins the add is of zeros, which XLA drops
    added = sympy.Piecewise((numbers, bins <= 2), (Integer(0), True)) if a.mode == "psd" \
        else Integer(0)
    return one.times(Integer(kernels)) + Cost(ops=ops * numbers, transcendentals=trans * numbers,
                                              xla_ops=-added)


def mel_cost(a, x, y) -> Cost:
    """``MelSpectrogram`` of a signal of ``x = (T,)`` samples; unknown operations for a
    ``mag_exp`` other than 1, 2 or 0.5, ``top_db=None`` (Keras's jax backend fails on it)
    or arguments that are not literals."""
    (time,) = x
    fft, mels = a.fft_length, a.num_mel_bins
    frames = floordiv(time + 2 * floordiv(fft, 2) - fft, a.sequence_stride) + 1
    bins = floordiv(fft, 2) + 1
    window, magnitude = plain_value(a.window, _UNSET), plain_value(a.mag_exp, _UNSET)
    decibels, top = plain_value(a.power_to_db, _UNSET), plain_value(a.top_db, _UNSET)
    products = Cost(macs=frames * bins * mels)
    if _UNSET in (window, magnitude, decibels, top) or magnitude not in _MAG_EXP \
            or (decibels and top is None):
        return products + Cost(ops=None, transcendentals=None)
    power_ops, power_trans = _MAG_EXP[magnitude]
    fft_ops = 8 * fft * sympy.floor(sympy.log(fft, 2))
    frame = fft_ops + (0 if window is None else fft) + (5 + power_ops) * bins + 4
    bank = 6 * (bins - 1) * mels + 8 * (bins - 1) + 27 * mels + 23
    outputs = frames * mels if decibels else Integer(0)
    return products + Cost(
        ops=frames * frame + bank + 5 * outputs,
        transcendentals=frames * bins * (1 + power_trans) + bins - 1 + outputs,
        xla_known=fft.is_Integer and fft >= 4 and int(fft) & (int(fft) - 1) == 0
        and sympy.And(sympy.Ge(frames, 2), sympy.Ge(a.sequence_stride, 2)) is sympy.true)
