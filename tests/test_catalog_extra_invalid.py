"""The newer catalog families: models Keras rejects are rejected too (each naming the layer),
Keras's aliases, and the layers that run user code."""

from __future__ import annotations

import pytest

import symparams

from .oracle import L
from .test_catalog_extra_oracle import IMG, SEQ
from .test_catalog_oracle import assert_rejected_as_keras

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

# -- models Keras rejects -------------------------------------------------------------------------


def bad(shape, *layers, name, id):
    return pytest.param(tuple(shape), list(layers), name, id=id)


INVALID = [
    bad(IMG, L("ReLU", {"max_value": -1}), name="re_lu", id="relu-negative-max"),
    bad(IMG, L("ReLU", {"negative_slope": -0.5}), name="re_lu", id="relu-negative-slope"),
    bad(IMG, L("ReLU", {"threshold": -1.0}), name="re_lu", id="relu-negative-threshold"),
    bad(IMG, L("ReLU", {"threshold": None}), name="re_lu", id="relu-threshold-none"),
    bad(IMG, L("LeakyReLU", {"negative_slope": -0.2}), name="leaky_re_lu",
        id="leaky-negative"),
    bad(IMG, L("LeakyReLU", {"alpha": -0.2}), name="leaky_re_lu", id="leaky-alpha-negative"),
    bad(IMG, L("LeakyReLU", {"negative_slope": None}), name="leaky_re_lu", id="leaky-none"),
    bad(IMG, L("PReLU", {"shared_axes": 4}), name="p_re_lu", id="prelu-axis-too-large"),
    bad(IMG, L("PReLU", {"shared_axes": -3}), name="p_re_lu", id="prelu-axis-too-small"),
    bad(IMG, L("Normalization", {"axis": 0}), name="normalization", id="norm-batch-axis"),
    bad(IMG, L("Normalization", {"axis": 4}), name="normalization", id="norm-axis-range"),
    bad(IMG, L("Normalization", {"axis": (1, -3)}), name="normalization",
        id="norm-axis-twice"),
    bad(IMG, L("Normalization", {"mean": 0.5}), name="normalization", id="norm-mean-only"),
    bad(IMG, L("Normalization", {"mean": 0.5, "variance": [1.0] * 4}), name="normalization",
        id="norm-shapes-differ"),
    bad(IMG, L("Normalization", {"mean": [[0.5]], "variance": [[1.0]]}),
        name="normalization", id="norm-mean-rank"),
    bad(IMG, L("Normalization", {"mean": [0.5] * 3, "variance": [1.0] * 3}),
        name="normalization", id="norm-mean-size"),
    bad(IMG, L("RandomColorDegeneration", {"factor": 0.2}), name="random_color_degeneration",
        id="color-degeneration-not-rgb"),
    bad(IMG, L("GaussianNoise", {"stddev": 1.5}), name="gaussian_noise", id="noise-stddev"),
    bad(IMG, L("GaussianDropout", {"rate": -0.1}), name="gaussian_dropout",
        id="gaussian-dropout-rate"),
    bad(IMG, L("AlphaDropout", {"rate": 1.5}), name="alpha_dropout", id="alpha-dropout-rate"),
    bad(IMG, L("ActivityRegularization", {"l1": -1}), name="activity_regularization",
        id="activity-negative"),
    bad(IMG, L("GroupNormalization", {}), name="group_normalization", id="group-default-32"),
    bad(IMG, L("GroupNormalization", {"groups": 3}), name="group_normalization",
        id="group-not-divisor"),
    bad(IMG, L("GroupNormalization", {"groups": 0}), name="GroupNormalization",
        id="group-zero"),
    bad(IMG, L("GroupNormalization", {"groups": 2, "axis": 0}), name="group_normalization",
        id="group-batch-axis"),
    bad(IMG, L("GroupNormalization", {"groups": 2, "axis": 4}), name="group_normalization",
        id="group-axis-range"),
    bad(IMG, L("RMSNormalization", {"axis": 0}), name="rms_normalization", id="rms-batch"),
    bad(IMG, L("RMSNormalization", {"axis": -4}), name="rms_normalization",
        id="rms-batch-negative"),
    bad(IMG, L("RMSNormalization", {"axis": 4}), name="rms_normalization", id="rms-range"),
    bad(IMG, L("UnitNormalization", {"axis": 4}), name="unit_normalization", id="unit-range"),
    bad(IMG, L("SpectralNormalization", {"layer": L("SeparableConv2D", {
        "filters": 3, "kernel_size": 2})}), name="spectral_normalization",
        id="spectral-separable"),
    bad(IMG, L("SpectralNormalization", {"layer": L("BatchNormalization", {})}),
        name="spectral_normalization", id="spectral-batch-norm"),
    bad(SEQ, L("SpectralNormalization", {"layer": L("LSTM", {"units": 3})}),
        name="spectral_normalization", id="spectral-lstm"),
    bad(SEQ, L("SpectralNormalization", {"layer": L("TimeDistributed", {
        "layer": L("Dense", {"units": 3})})}), name="spectral_normalization",
        id="spectral-time-distributed"),
    bad(IMG, L("SpectralNormalization", {"layer": L("Dense", {"units": 3}),
                                         "power_iterations": 0}),
        name="SpectralNormalization", id="spectral-power-iterations"),
    bad((4, 4, 3), L("SpectralNormalization", {"layer": L("Conv2D", {"filters": 3,
                                                                     "kernel_size": 5})}),
        name="spectral_normalization", id="spectral-kernel-larger"),
    # test_stft_sizes's draw under a random seed (a frame longer than the input, valid)
    bad((8, 1), L("STFTSpectrogram", {"frame_length": 9, "frame_step": 1, "fft_length": 9,
                                      "padding": "valid", "mode": "log"}),
        name="stft_spectrogram", id="stft-frame-longer-than-input"),
]


@pytest.mark.parametrize(("shape", "layers", "name"), INVALID)
def test_models_keras_rejects_are_rejected(shape, layers, name):
    assert_rejected_as_keras(shape, layers, name)


def test_normalization_mean_size_is_a_condition_on_symbols():
    source = ("model m(C=4):\n    Input(shape=(9, 8, C))\n"
              "    Normalization(mean=[0.5, 1, 2, 3], variance=[1, 1, 1, 1])\n")
    model = symparams.parse(source).models["m"]
    assert model.evaluate().layers[0].non_trainable == 0
    with pytest.raises(symparams.SymparamsError):
        model.evaluate({"C": 3})


def test_normalization_is_no_longer_mistaken_for_layer_normalization():
    model = symparams.parse("model m():\n    Input(shape=(3,))\n    Normalization()\n")
    assert model.models["m"].layers[0].type == "Normalization"


# -- names: Keras's aliases, and the layers that run user code -----------------------------------


def test_every_keras_alias_of_a_registered_layer_is_registered(keras):
    from symparams.layers.registry import layer_names, layer_types

    exported = {n: getattr(keras.layers, n) for n in dir(keras.layers) if n[:1].isupper()}
    known = set(layer_names())
    for layer in layer_types():
        if layer.name not in exported:
            continue
        same = {n for n, cls in exported.items() if cls is exported[layer.name]}
        assert same <= known, f"{layer.name}: Keras also calls it {sorted(same - known)}"
        for alias in layer.aliases:
            assert exported.get(alias) is exported[layer.name], (layer.name, alias)


USER_CODE = [
    ("Lambda(f)", "Lambda", "Python function"),
    ("Lambda(function=f, output_shape=(3,))", "Lambda", "Python function"),
    ('TFSMLayer("saved/", call_endpoint="serve")', "TFSMLayer", "SavedModel"),
    ("JaxLayer(call_fn=f, init_fn=g)", "JaxLayer", "JAX"),
    ("FlaxLayer(module)", "FlaxLayer", "Flax"),
    ("TorchModuleWrapper(module, output_shape=(3,))", "TorchModuleWrapper", "PyTorch"),
    ("TimeDistributed(Lambda(f))", "Lambda", "Python function"),
]


@pytest.mark.parametrize(("line", "name", "why"), USER_CODE, ids=[u[0] for u in USER_CODE])
def test_layers_that_run_user_code_are_rejected_with_a_reason(line, name, why):
    source = f"model m():\n    Input(shape=(5, 3))\n    Dense(3)\n    {line}\n"
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse(source)
    err = info.value
    assert f"{name} cannot be counted" in err.message and why in err.message, err.message
    assert err.span is not None and err.span.line == 4
    assert err.hint and ("block" in err.hint or "equivalent" in err.hint), err.hint
