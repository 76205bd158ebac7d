"""Convolutional recurrent layers: ConvLSTM1D, ConvLSTM2D, ConvLSTM3D.

An LSTM whose input and recurrent transformations are convolutions (Keras's
``keras/src/layers/rnn/conv_lstm.py``). Each time step is an N-D image; the state is the
step's convolution output, so the output shape is a ConvND's (with ``return_sequences`` the
timesteps come first). The input kernel is ``(*kernel, channels, 4 × filters)``, the recurrent
kernel ``(*kernel, filters, 4 × filters)`` (the state is convolved with ``same`` padding and
strides 1 whatever ``padding`` and ``strides`` say) and the bias ``(4 × filters,)``.

>>> from sympy import symbols
>>> from symparams.layers.registry import Args, lookup
>>> T, H, W, C, f, k = symbols("T H W C f k", positive=True, integer=True)
>>> layer = lookup("ConvLSTM2D")
>>> a = Args({"filters": f, "kernel_size": (k, k), "strides": (1, 1), "padding": "same",
...           "data_format": None, "dilation_rate": (1, 1), "use_bias": True,
...           "return_sequences": True, "return_state": False})
>>> layer.shape(a, (T, H, W, C)), layer.trainable(a, (T, H, W, C))
((T, H, W, f), 4*f*(k**2*(C + f) + 1))

Its cost, every step, is four convolutions of the input and four of the state (one per
gate), the gates' sums, the cell state's update and five activations:

>>> from sympy import factor
>>> a = Args({**a, "activation": "tanh", "recurrent_activation": "sigmoid"})
>>> factor(layer.cost(a, (T, H, W, C), (T, H, W, f)).macs)
4*H*T*W*f*k**2*(C + f)
"""

from __future__ import annotations

from sympy import Integer, Mul

from .conv import (
    check_strides_dilation,
    conv_window_conditions,
    dilation,
    kernel_positional,
    signature,
    spatial_out,
)
from .conv_cost import conv_cost
from .cost import Cost, activation_cost, activation_name
from .recurrent import DROPOUTS, FLAGS, INITIALIZERS, PENALTIES, reject_return_state
from .registry import ActivationArg, Anything, Args, Bool, LayerType, Param, product, register
from .spatial import DATA_FORMAT, axis_names, join_channels, split_channels

__all__ = ["conv_lstm_layer"]


def _step(x):
    """One time step's shape: the input without its leading timesteps axis."""
    return tuple(x[1:])


def _shape(a, x):
    check_strides_dilation(a)
    reject_return_state(a)
    out = join_channels(a, spatial_out(a, _step(x)), a.filters)
    return (x[0], *out) if a.return_sequences else out


def _params(a, x):
    _, channels = split_channels(a, _step(x))
    bias = 1 if a.use_bias else 0
    return 4 * a.filters * (product(a.kernel_size) * (channels + a.filters) + bias)


#: Per output element of a step: the four sums of input and recurrent convolution, the
#: cell state's update (2 products and a sum), the output's product, and with biases four
#: adds (measured with cost_analysis()).
_STEP_OPS = 8
_BIAS_OPS = 4


def _cost(a, x, y) -> Cost:
    """Every step: four input convolutions (one per gate, the layer's strides, padding and
    dilation) and four recurrent ones of the state (same padding, strides and dilation 1),
    the gates' element-wise work and activations. As XLA counts the layer built with
    ``unroll=True``; its count is unknown for a recurrent activation other than the sigmoid
    (a hard_sigmoid one measured 10 flops fewer on 3 steps of 5 × 2 outputs: fused)."""
    step = _step(x)
    out = join_channels(a, spatial_out(a, step), a.filters)
    ones = tuple(Integer(1) for _ in a.kernel_size)
    plain = {**a, "groups": Integer(1), "use_bias": False, "activation": None}
    gate = conv_cost(Args(plain), step, out)
    state = conv_cost(Args({**plain, "strides": ones, "dilation_rate": ones,
                            "padding": "same"}), out, out)
    elements = Mul(*out)
    ops = (_STEP_OPS + (_BIAS_OPS if a.use_bias else 0)) * elements
    per_step = ((gate + state).times(Integer(4)) + Cost(ops=ops)
                + activation_cost(a.recurrent_activation, out).times(Integer(3))
                + activation_cost(a.activation, out).times(Integer(2)))
    if activation_name(a.recurrent_activation) != "sigmoid":  # fused otherwise: not derived
        per_step = per_step + Cost(xla_known=False)
    return per_step.times(x[0])


def _conditions(a, x):
    return conv_window_conditions(a, _step(x))


_OPTIONS = (
    *INITIALIZERS,
    Param("unit_forget_bias", Bool(), True),
    *PENALTIES,
    *DROPOUTS,
    Param("seed", Anything(), None),
    *(p for p in FLAGS if p.name != "unroll"),
    Param("unroll", Bool(), False, positional=False),  # taken by RNN's **kwargs
)


def conv_lstm_layer(nd: int) -> LayerType:
    return LayerType(
        name=f"ConvLSTM{nd}D",
        family="conv_recurrent",
        cost=_cost,
        params=signature(
            nd, (DATA_FORMAT, dilation(nd)), _OPTIONS, activation="tanh",
            after_activation=(Param("recurrent_activation", ActivationArg(), "sigmoid"),),
        ),
        rank=nd + 2,
        input_doc="(" + ", ".join(("timesteps", *axis_names(nd))) + ", channels)",
        shape=_shape,
        trainable=_params,
        conditions=_conditions,
        bind_positional=kernel_positional(nd),
        derivation="4 gates × filters × (kernel volume × (input channels + filters) + 1): an "
        "input kernel, a recurrent kernel and a bias per gate",
        doc=f"{nd}-D convolutional LSTM: an LSTM whose input and recurrent transformations "
        f"are {nd}-D convolutions; the output is Conv{nd}D's on one step, with the timesteps "
        "first when return_sequences=True.",
        extra={"subtleties": (
            "each step's output follows ConvND: valid: (n - dilation × (kernel - 1) - 1) // "
            "strides + 1, rejected at 0 or less; same: ceil(n / strides)",
            "the recurrent kernel convolves the state with same padding and strides 1, so it "
            "has kernel volume × filters × 4 × filters weights whatever strides and padding are",
            "strides > 1 together with dilation_rate > 1 is rejected; no causal padding, no "
            "groups",
            "return_state=True gives three outputs (output, h, c), which a chain cannot take",
            "Keras accepts filters=0 (an output with 0 channels); symparams rejects it",
        )},
    )


for _nd in (1, 2, 3):
    register(conv_lstm_layer(_nd))
