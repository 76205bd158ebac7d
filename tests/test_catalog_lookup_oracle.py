"""Categorical and audio preprocessing layers against Keras.

CategoryEncoding, Discretization, MelSpectrogram and STFTSpectrogram run under jax: they are
built in Keras (a table with every mode and flag, and Hypothesis stacks at random sizes) and
compared layer by layer, literal and symbolic, as in :mod:`tests.test_catalog_oracle`.

Hashing, HashedCrossing, IntegerLookup, StringLookup and TextVectorization need TensorFlow
in Keras 3 (their constructors check ``tf.available``), which the jax test environment does
not install. Their shapes are compared with Keras's own ``compute_output_shape`` code (what
``model.summary()`` prints), called on the attributes the constructor would set, at random
sizes; where TensorFlow is importable, the real layers are built too and their weights (none:
the tables are TensorFlow resources) counted.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symparams

from .conftest import require
from .oracle import L, model_source
from .test_catalog_oracle import KerasStack, check_against_keras, keras_facts

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]


def case(shape, *layers, id):
    return pytest.param(tuple(shape), list(layers), id=id)


COVER = [
    case((3,), L("CategoryEncoding", {"num_tokens": 10}),
         id="category-multi-hot"),
    case((3,), L("CategoryEncoding", {"num_tokens": 10, "output_mode": "count"}),
         id="category-count"),
    case((3,), L("CategoryEncoding", {"num_tokens": 7, "output_mode": "one_hot"}),
         id="category-one-hot"),
    case((4, 1), L("CategoryEncoding", {"num_tokens": 7, "output_mode": "one_hot"}),
         id="category-one-hot-squeezes-1"),
    case((1,), L("CategoryEncoding", {"num_tokens": 5, "output_mode": "one_hot"}),
         id="category-one-hot-single"),
    case((3, 4), L("CategoryEncoding", {"num_tokens": 6, "output_mode": "multi_hot"}),
         id="category-multi-hot-rank-2"),
    case((3,), L("Discretization", {"bin_boundaries": [0.0, 1.0, 2.0]}),
         L("Discretization", {"num_bins": 5, "output_mode": "one_hot"}), id="discretization"),
    case((3, 2), L("Discretization", {"bin_boundaries": [0.5], "output_mode": "multi_hot"}),
         id="discretization-multi-hot-drops-first-axis"),
    case((3, 2, 4), L("Discretization", {"num_bins": 4, "output_mode": "count"}),
         id="discretization-count-rank-3"),
    case((3, 1), L("Discretization", {"num_bins": 3, "output_mode": "one_hot"}),
         id="discretization-one-hot-squeezes-1"),
    case((100,), L("MelSpectrogram", {"fft_length": 32, "sequence_stride": 10,
                                      "num_mel_bins": 5, "sampling_rate": 8000}), id="mel"),
    case((33,), L("MelSpectrogram", {"fft_length": 8, "sequence_stride": 7,
                                     "sequence_length": 6, "num_mel_bins": 3,
                                     "sampling_rate": 8000}), id="mel-sequence-length"),
    case((300, 1), L("STFTSpectrogram", {}), id="stft-defaults"),
    case((50, 2), L("STFTSpectrogram", {"mode": "stft", "frame_length": 10, "frame_step": 3}),
         id="stft-mode-stft"),
    case((50, 2), L("STFTSpectrogram", {"mode": "imag", "frame_length": 10,
                                        "padding": "same"}), id="stft-imag-same"),
    case((50, 3), L("STFTSpectrogram", {"mode": "real", "frame_length": 9,
                                        "expand_dims": True}), id="stft-real-expand"),
    case((2, 50), L("STFTSpectrogram", {"mode": "psd", "frame_length": 9,
                                        "data_format": "channels_first"}),
         id="stft-channels-first"),
    case((2, 50), L("STFTSpectrogram", {"mode": "magnitude", "frame_length": 9,
                                        "fft_length": 32, "expand_dims": True,
                                        "data_format": "channels_first"}),
         id="stft-channels-first-expand"),
]


def check(shape, specs, facts, seed) -> None:
    """As :func:`check_against_keras`; a one_hot encoding of a last axis of 1 (which Keras
    replaces instead of appending to) is compared literally only: a symbol there carries the
    condition "last axis >= 2", which such a draw fails, as it should."""
    if any(s.kwargs.get("output_mode") == "one_hot" for s in specs) and shape[-1] == 1:
        model = symparams.parse(model_source("m", shape, specs)).models["m"]
        for layer, fact in zip(model.layers, facts, strict=True):
            assert (tuple(int(d) for d in layer.output_shape), layer.trainable,
                    layer.non_trainable) == (fact.output_shape, fact.trainable,
                                             fact.non_trainable), (layer.name, fact)
        return
    check_against_keras(shape, specs, facts, seed=seed)


@pytest.mark.parametrize(("shape", "layers"), COVER)
def test_every_mode_and_flag(shape, layers):
    check(shape, layers, keras_facts(shape, layers), seed=len(layers))


# -- random sizes --------------------------------------------------------------------------------

@st.composite
def encoding_stack(draw):
    rank = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(1, 5)) for _ in range(rank))
    mode = draw(st.sampled_from(["int", "one_hot", "multi_hot", "count"]))
    if draw(st.booleans()):
        if mode == "int":
            mode = "one_hot"
        spec = L("CategoryEncoding", {"num_tokens": draw(st.integers(1, 12)),
                                      "output_mode": mode})
    elif draw(st.booleans()):
        bounds = sorted(draw(st.lists(st.floats(-5, 5, allow_nan=False), min_size=1,
                                      max_size=4, unique=True)))
        spec = L("Discretization", {"bin_boundaries": bounds, "output_mode": mode})
    else:
        spec = L("Discretization", {"num_bins": draw(st.integers(2, 9)), "output_mode": mode})
    return shape, spec


@st.composite
def audio_stack(draw):
    if draw(st.booleans()):
        fft = draw(st.integers(2, 64))
        kwargs = {"fft_length": fft, "sequence_stride": draw(st.integers(1, 40)),
                  "num_mel_bins": draw(st.integers(1, 8)), "sampling_rate": 8000}
        if draw(st.booleans()):
            kwargs["sequence_length"] = draw(st.integers(1, fft))
        return (draw(st.integers(1, 200)),), L("MelSpectrogram", kwargs)
    frame = draw(st.integers(2, 24))
    kwargs = {"frame_length": frame,
              "mode": draw(st.sampled_from(["log", "magnitude", "psd", "real", "imag",
                                            "angle", "stft"])),
              "padding": draw(st.sampled_from(["valid", "same"])),
              "expand_dims": draw(st.booleans())}
    if draw(st.booleans()):
        kwargs["frame_step"] = draw(st.integers(1, frame))
    if draw(st.booleans()):
        kwargs["fft_length"] = draw(st.integers(frame, 2 * frame + 3))
    channels, time = draw(st.integers(1, 3)), draw(st.integers(frame, 80))
    if draw(st.booleans()):
        kwargs["data_format"] = "channels_first"
        return (channels, time), L("STFTSpectrogram", kwargs)
    return (time, channels), L("STFTSpectrogram", kwargs)


@settings(max_examples=40)
@given(st.one_of(encoding_stack(), audio_stack()), st.integers(0, 10**6))
def test_encodings_and_spectrograms_at_random_sizes(drawn, seed):
    shape, spec = drawn
    stack = KerasStack(shape)
    stack.add(spec)
    check(shape, stack.specs, stack.facts, seed)


# -- the layers that need TensorFlow: Keras's compute_output_shape ------------------------------

def _keras_shape(cls: str, attrs: dict, shape: tuple) -> tuple:
    """Keras's ``compute_output_shape`` of ``cls`` for a batch of ``shape``, run on the
    attributes its constructor sets (the constructor itself needs TensorFlow)."""
    require("keras")
    import keras

    layer_cls = getattr(keras.layers, cls)
    batched = (None, *shape)
    if cls == "HashedCrossing":
        out = layer_cls.compute_output_shape(SimpleNamespace(**attrs), (batched, batched))
    elif cls == "TextVectorization":
        lookup = SimpleNamespace(**attrs["lookup"])
        lookup.compute_output_shape = lambda s: keras.layers.StringLookup.compute_output_shape(
            lookup, s)
        out = layer_cls.compute_output_shape(SimpleNamespace(
            _output_mode=attrs["output_mode"], _split=attrs["split"],
            _output_sequence_length=attrs["output_sequence_length"], _lookup_layer=lookup),
            batched)
    else:
        out = layer_cls.compute_output_shape(SimpleNamespace(**attrs), batched)
    return tuple(out)[1:]


MODES = ["int", "one_hot", "multi_hot", "count", "tf_idf"]


@st.composite
def tf_only_layer(draw):
    """A DSL line, and Keras's output shape for it, for one of the TensorFlow-only layers."""
    shape = tuple(draw(st.integers(1, 5)) for _ in range(draw(st.integers(1, 3))))
    cls = draw(st.sampled_from(["Hashing", "HashedCrossing", "IntegerLookup", "StringLookup",
                                "TextVectorization"]))
    bins = draw(st.integers(1, 50))
    if cls in ("Hashing", "HashedCrossing"):
        mode = draw(st.sampled_from(MODES[:4] if cls == "Hashing" else MODES[:2]))
        line = f'{cls}({bins}, output_mode="{mode}")'
        if cls == "HashedCrossing":
            line = f"y = {line}(a, b)"
        return shape, line, _keras_shape(cls, {"num_bins": bins, "output_mode": mode}, shape)
    vocab, oov = draw(st.integers(1, 30)), draw(st.integers(0, 3))
    pad = draw(st.booleans())
    modes = MODES if cls != "TextVectorization" else ["int", "multi_hot", "count", "tf_idf"]
    mode = draw(st.sampled_from(modes))
    words = ", ".join(f'"w{i}"' if cls != "IntegerLookup" else str(i + 1) for i in range(vocab))
    form = draw(st.sampled_from(["list", "symbol"]))
    size_arg = f"vocabulary=[{words}]" if form == "list" else "vocabulary_size=V"
    if cls == "TextVectorization":
        oov, split = 1, draw(st.sampled_from([None, "whitespace"]))
        length = draw(st.integers(1, 9)) if mode == "int" and draw(st.booleans()) else None
        line = (f'{cls}({size_arg}, output_mode="{mode}", split={split!r}, '
                f"output_sequence_length={length}, max_tokens={bins}, "
                f"pad_to_max_tokens={pad})").replace("'", '"')
        lookup = {"output_mode": mode, "max_tokens": bins, "pad_to_max_tokens": pad,
                  "_frozen_vocab_size": vocab + oov}
        attrs = {"output_mode": mode, "split": split, "output_sequence_length": length,
                 "lookup": lookup}
    else:
        line = (f'{cls}({size_arg}, output_mode="{mode}", num_oov_indices={oov}, '
                f"max_tokens={bins}, pad_to_max_tokens={pad})")
        attrs = {"output_mode": mode, "max_tokens": bins, "pad_to_max_tokens": pad,
                 "_frozen_vocab_size": vocab + oov}
    if cls == "TextVectorization" and draw(st.booleans()):
        shape = shape[:1]
    return shape, line, _keras_shape(cls, attrs, shape), vocab + oov


@settings(max_examples=40)
@given(tf_only_layer())
def test_tensorflow_only_layers_follow_keras_compute_output_shape(drawn):
    shape, line, expected, *size = drawn
    declared = f"V={size[0]}" if size else ""
    inputs = ("    a = Input(shape={s!r})\n    b = Input(shape={s!r})\n" if "(a, b)" in line
              else "    Input(shape={s!r})\n").format(s=shape)
    source = f"model m({declared}):\n{inputs}    {line}\n"
    layer = symparams.parse(source).models["m"].evaluate().layers[-1]
    got = tuple(None if str(d) == "None" else int(d) for d in layer.output_shape)
    assert got == expected, (source, got, expected)
    assert (layer.trainable, layer.non_trainable) == (0, 0)


def test_real_tensorflow_layers_hold_no_keras_weights():
    """With TensorFlow (not installed for the jax tests): Keras builds no weights for them."""
    tf = pytest.importorskip("tensorflow")
    import keras

    assert tf is not None
    x = keras.Input(shape=(3,), dtype="string")
    layer = keras.layers.StringLookup(vocabulary=["a", "b"], output_mode="tf_idf",
                                      idf_weights=[1.0, 2.0])
    y = layer(x)
    assert layer.count_params() == 0 and tuple(y.shape) == (None, 3)


# -- what Keras rejects, and what needs a symbol ----------------------------------------------

REJECTED = [
    ("Input(shape=(3,))", 'StringLookup(output_mode="multi_hot")', "vocabulary"),
    ("Input(shape=(3,))", 'IntegerLookup(vocabulary=[1, 2], invert=True, '
                          'output_mode="count")', "invert"),
    ("Input(shape=(3,))", "Discretization()", "bin_boundaries"),
    ("Input(shape=(3,))", "Discretization(bin_boundaries=[1.0], num_bins=3)", "not both"),
    ("Input(shape=(9, 2))", "STFTSpectrogram(frame_length=10)", "input length"),
    ("Input(shape=(90, 2))", "STFTSpectrogram(frame_length=10, frame_step=11)", "frame_step"),
    ("Input(shape=(90, 2))", "STFTSpectrogram(frame_length=10, fft_length=8)", "fft_length"),
    ("Input(shape=(90,))", "MelSpectrogram(fft_length=8, sequence_length=9)", "fft_length"),
    ("Input(shape=(3,))", 'TextVectorization(vocabulary=["a"], output_mode="count", '
                          "output_sequence_length=4)", "output_sequence_length"),
    ("a = Input(shape=(3,))\n    b = Input(shape=(2,))", "y = HashedCrossing(5)(a, b)",
     "last axes"),
]


@pytest.mark.parametrize(("inputs", "line", "why"), REJECTED, ids=[r[1] for r in REJECTED])
def test_rejected_with_a_reason(inputs, line, why):
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse(f"model m():\n    {inputs}\n    {line}\n").models["m"].evaluate()
    assert why in str(info.value), str(info.value)


def test_vocabulary_size_is_a_symbol():
    model = symparams.parse('model m(V):\n    Input(shape=(4,))\n'
                            '    StringLookup(vocabulary_size=V, output_mode="one_hot")\n'
                            ).models["m"]
    assert [str(d) for d in model.layers[0].output_shape] == ["4", "V"]


def test_a_text_model_counts_with_a_string_input():
    """Text in, as Keras writes it: a string Input, TextVectorization, then an Embedding whose
    vocabulary is the same symbol (the import of such code gives this)."""
    source = ('model m(V=2000, E=16, T=50):\n    Input(shape=(1,), dtype="string")\n'
              "    TextVectorization(max_tokens=V, output_sequence_length=T)\n"
              "    Embedding(V, E)\n    GlobalAveragePooling1D()\n    Dense(1)\n")
    model = symparams.parse(source).models["m"]
    assert [str(layer.output_shape) for layer in model.layers][:2] == ["(T,)", "(T, E)"]
    assert str(model.params) == "E*V + E + 1"
