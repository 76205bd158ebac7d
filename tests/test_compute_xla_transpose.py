"""Transposed convolutions' FLOPs under the XLA convention against XLA itself, for every
padding: same padding and ``output_padding`` crop the output, and XLA multiplies only the taps
that land inside it (``symparams.layers.conv_cost.transpose_cost``).

As in ``test_compute_xla.py``: each layer is built in Keras on jax, its forward pass lowered
with ``jax.jit`` and compiled, and ``cost_analysis()["flops"]`` must equal
``Evaluation.costs["xla"]`` exactly, for the layer written with numbers and with some numbers
made symbols (the formulas evaluated at their example values). No count is typed in by hand.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .oracle import L, model_source
from .test_catalog_oracle import gen_conv, symbolic_source
from .test_compute_xla import assert_xla, keras_chain, xla_cost

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]


def _t(shape, **kwargs) -> tuple:
    return shape, L(f"Conv{len(shape) - 1}DTranspose", kwargs)


#: (input shape, layer): sizes, strides, kernel sizes, dilation, output_padding, 1D to 3D.
ROWS = [
    _t((8, 3), filters=2, kernel_size=3, strides=2, padding="same"),
    _t((8, 3), filters=2, kernel_size=4, strides=2, padding="same"),
    _t((8, 3), filters=2, kernel_size=3, padding="same"),
    _t((8, 3), filters=2, kernel_size=2, strides=3, padding="same"),  # nothing cropped
    _t((8, 3), filters=2, kernel_size=5, strides=2, padding="same", activation="relu"),
    _t((7, 3), filters=2, kernel_size=3, padding="same", dilation_rate=2),
    _t((8, 3), filters=2, kernel_size=3, strides=2, output_padding=1),  # valid: all taps
    _t((8, 3), filters=2, kernel_size=3, strides=3, padding="same", output_padding=2),
    _t((8, 3), filters=2, kernel_size=4, strides=3, padding="same", output_padding=0),
    _t((6, 5, 3), filters=2, kernel_size=(3, 2), strides=(2, 3), padding="same"),
    _t((6, 5, 3), filters=2, kernel_size=(3, 4), strides=2, padding="same",
       output_padding=(1, 0), use_bias=False),
    _t((3, 6, 5), filters=2, kernel_size=3, strides=2, padding="same",
       data_format="channels_first"),
    _t((4, 5, 3, 2), filters=2, kernel_size=3, strides=2, padding="same"),
    _t((4, 3, 2, 2), filters=3, kernel_size=(2, 3, 1), strides=(1, 2, 3), padding="same",
       output_padding=(0, 1, 2)),
    # one input channel, one filter, one tap: a multiply (stride and dilation 1 only)
    _t((8, 1), filters=1, kernel_size=1, padding="same"),
    _t((8, 1), filters=1, kernel_size=1, strides=2, padding="same"),
    _t((8, 1), filters=1, kernel_size=1, strides=2),
    _t((8, 1), filters=1, kernel_size=1, dilation_rate=2),
    _t((1, 1), filters=1, kernel_size=3, padding="same"),  # one output, one tap inside
]


def _id(row) -> str:
    shape, spec = row
    return f"{spec.cls}-{'x'.join(map(str, shape))}-" + "-".join(
        f"{k}={v}" for k, v in spec.kwargs.items())


def with_symbols(shape, spec: L, seed: int) -> str:
    """The model with some sizes, strides and paddings as symbols, the kernel size a number
    (a same-padded kernel of a symbol's size has no known XLA count)."""
    rest = L(spec.cls, {k: v for k, v in spec.kwargs.items() if k != "kernel_size"})
    source = symbolic_source(shape, [rest], seed)
    return source.replace(f"{spec.cls}(", f"{spec.cls}(kernel_size={spec.kwargs['kernel_size']}, ")


def assert_symbols(shape, spec: L, seeds, measured) -> None:
    """The formulas with symbols, evaluated, equal XLA's count too (and are known)."""
    for seed in seeds:
        source = with_symbols(shape, spec, seed)
        assert assert_xla(source, measured), source


@pytest.mark.parametrize("shape, spec", ROWS, ids=[_id(r) for r in ROWS])
def test_transpose(shape, spec):
    measured = xla_cost(*keras_chain(shape, [spec]))
    assert_xla(model_source("m", shape, [spec]), measured)
    assert_symbols(shape, spec, range(2), measured)


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), st.integers(1, 3))
def test_drawn_transpose(data, rank):
    """A transposed convolution as the catalog oracle draws them (any padding, strides,
    dilation, output_padding, data format), numbers and symbols."""
    shape = tuple(data.draw(st.lists(st.integers(1, 7), min_size=rank, max_size=rank),
                            label="spatial")) + (data.draw(st.integers(1, 3), label="c"),)
    spec = gen_conv(data.draw, shape, f"Conv{rank}DTranspose")
    try:
        inputs, outputs = keras_chain(shape, [spec])
    except ValueError:  # a shape Keras refuses (an output of size 0): symparams too
        return
    measured = xla_cost(inputs, outputs)
    assert_xla(model_source("m", shape, [spec]), measured)
    assert_symbols(shape, spec, [data.draw(st.integers(0, 10**6), label="symbols")], measured)
