"""What the audio layers (:mod:`.audio`) cost at inference, as Keras 3 runs them on jax.

``STFTSpectrogram`` convolves each channel (as a batch of one-channel signals) with its real
and imaginary kernels, ``fft_length // 2 + 1`` filters of ``frame_length`` taps strided by
``frame_step``: a ``Conv1D`` each (XLA skips the taps in ``same`` padding), then per output
number the mode's work, as XLA counts it: ``real``, ``imag``, ``stft`` nothing; ``angle`` an
``atan2`` (a transcendental); ``psd`` the power (two squares and a sum) and the one-sided
doubling (an add); ``magnitude`` the power, a ``max`` with epsilon and a ``sqrt``; ``log``
one ``max`` and a ``log`` more.

>>> from sympy import Integer as I
>>> from symparams.layers.registry import Args
>>> a = Args({"mode": "log", "frame_length": I(8), "frame_step": I(4), "fft_length": None,
...           "padding": "valid", "data_format": None})
>>> c = stft_cost(a, I(40), I(2), I(9), I(8))
>>> c.macs, c.count("xla"), c.transcendentals
(1440, 3330, 180)
"""

from __future__ import annotations

from sympy import Expr, Integer

from ..symbolic.integers import floordiv
from .conv_cost import conv_cost
from .cost import Cost
from .registry import Args

__all__ = ["STFT_MODES", "stft_cost"]

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
    return one.times(Integer(kernels)) + Cost(ops=ops * numbers, transcendentals=trans * numbers)
