"""The layer catalog against real Keras: random valid Sequential stacks, layer by layer.

Each test draws a stack of layers (as :class:`oracle.L` specs) one layer at a time, building
it in Keras as it goes so the next layer fits the current shape; then writes the stack as DSL
text, parses it with symparams and compares every layer's output shape, trainable and
non-trainable counts. The same stack is parsed again with some numbers replaced by declared
symbols (their values as example values): the formulas evaluated there must equal Keras too.

Keras builds its layers inside a ``StatelessScope(initialize_variables=False)``: variables
get their shapes from Keras's own ``build`` but are never filled with random values (under
jax each new weight shape would compile an initializer, ~0.3 s). Shapes and counts are
unchanged; it makes a build about a hundred times faster.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symparams
from symparams.layers import lookup
from symparams.layers.kinds import DimOrDims, NonNegative, Pads, TargetShape
from symparams.layers.registry import Dim, Dims, Optional

from .catalog_layers2 import EXTRA_COVER, SELF_ATTENTION, extra_candidates
from .conftest import require
from .oracle import Facts, L, model_source

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]

# -- Keras side ---------------------------------------------------------------------------------


def _instantiate(keras, spec: L):
    def value(v):
        if isinstance(v, list):  # RNN([LSTMCell(4), GRUCell(3)])
            return [value(item) for item in v]
        return _instantiate(keras, v) if isinstance(v, L) else v

    kwargs = {k: value(v) for k, v in spec.kwargs.items()}
    return getattr(keras.layers, spec.cls)(**kwargs)


def _count(weights) -> int:
    total = 0
    for w in weights:
        size = 1
        for d in w.shape:
            size *= int(d)
        total += size
    return total


class _Uninitialised:
    """Keras's StatelessScope that never initialises the variables made inside it."""

    def __init__(self, keras) -> None:
        from keras.src.backend.common import global_state
        from keras.src.backend.common.stateless_scope import StatelessScope

        self.state = global_state
        self.scope = StatelessScope(initialize_variables=False)

    def __enter__(self):
        self.saved = list(self.state.get_global_attribute("uninitialized_variables", []) or [])
        return self.scope.__enter__()

    def __exit__(self, *exc):
        self.scope.__exit__(*exc)
        self.state.set_global_attribute("uninitialized_variables", self.saved)
        return False


class KerasStack:
    """A Keras tensor grown one layer at a time (MultiHeadAttention as self-attention)."""

    def __init__(self, input_shape: tuple[int, ...]) -> None:
        require("keras")
        import keras

        self.keras = keras
        self.input_shape = tuple(input_shape)
        self.shape = tuple(input_shape)
        self.facts: list[Facts] = []
        self.specs: list[L] = []
        self.x = keras.Input(shape=self.input_shape)

    def add(self, spec: L) -> tuple[int, ...]:
        with _Uninitialised(self.keras):
            layer = _instantiate(self.keras, spec)
            if spec.cls in SELF_ATTENTION:
                y = layer(self.x, self.x)
            else:
                y = layer(self.x)
        self.x = y
        self.shape = tuple(int(d) for d in y.shape[1:])
        self.specs.append(spec)
        self.facts.append(Facts(layer.name, self.shape, _count(layer.trainable_weights),
                                _count(layer.non_trainable_weights)))
        return self.shape


def keras_facts(input_shape, specs) -> list[Facts]:
    stack = KerasStack(input_shape)
    for spec in specs:
        stack.add(spec)
    return stack.facts


# -- symparams side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sym:
    """A number written as a declared symbol in the DSL text (``repr`` is its name)."""

    name: str
    value: int

    def __repr__(self) -> str:
        return self.name


_SYMBOLIC = (Dim, Dims, NonNegative, Pads, DimOrDims, TargetShape)
_KEEP_LITERAL = {"dilation_rate"}


def _kind(cls: str, name: str):
    for param in lookup(cls).params:
        if param.name == name:
            kind = param.kind
            return kind.inner if isinstance(kind, Optional) else kind
    return None


def _symbolize_value(value, rnd: random.Random, used: dict[str, int]):
    if isinstance(value, tuple):
        return tuple(_symbolize_value(v, rnd, used) for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1 and (
        rnd.random() < 0.5
    ):
        name = f"s{value}"
        used[name] = value
        return Sym(name, value)
    return value


def _dilated(spec: L) -> bool:
    d = spec.kwargs.get("dilation_rate", 1)
    return any(v > 1 for v in (d if isinstance(d, tuple) else (d,)))


def symbolize(spec: L, rnd: random.Random, used: dict[str, int]) -> L:
    kwargs = {}
    for key, value in spec.kwargs.items():
        if isinstance(value, L):
            kwargs[key] = symbolize(value, rnd, used)
        elif (isinstance(_kind(spec.cls, key), _SYMBOLIC) and key not in _KEEP_LITERAL
              and not (key == "strides" and _dilated(spec))):
            kwargs[key] = _symbolize_value(value, rnd, used)
        else:
            kwargs[key] = value
    return L(spec.cls, kwargs)


def symbolic_source(input_shape, specs, seed: int) -> str:
    rnd = random.Random(seed)
    used: dict[str, int] = {}
    shape = _symbolize_value(tuple(input_shape), rnd, used)
    layers = [symbolize(spec, rnd, used) for spec in specs]
    source = model_source("m", shape, layers)
    header = ", ".join(f"{name}={value}" for name, value in sorted(used.items()))
    return source.replace("model m():", f"model m({header}):", 1)


def check_against_keras(input_shape, specs, facts: list[Facts], seed: int = 0) -> None:
    """symparams's literal and symbolic models agree with ``facts`` layer by layer."""
    source = model_source("m", input_shape, specs)
    model = symparams.parse(source).models["m"]
    assert len(model.layers) == len(facts), source
    for layer, fact in zip(model.layers, facts, strict=True):
        got = (tuple(int(d) for d in layer.output_shape), int(layer.trainable),
               int(layer.non_trainable))
        assert got == (fact.output_shape, fact.trainable, fact.non_trainable), (
            f"{layer.name}: symparams {got}, Keras {fact}\n{source}")
    sym_source = symbolic_source(input_shape, specs, seed)
    evaluation = symparams.parse(sym_source).models["m"].evaluate()
    for values, fact in zip(evaluation.layers, facts, strict=True):
        got = (values.output_shape, values.trainable, values.non_trainable)
        assert got == (fact.output_shape, fact.trainable, fact.non_trainable), (
            f"{values.name}: symbolic {got}, Keras {fact}\n{sym_source}")


# -- generators: one layer that fits the current shape -------------------------------------------

DATA_FORMATS = (None, None, "channels_last", "channels_first")


def _split(shape, data_format):
    if data_format == "channels_first":
        return list(shape[1:]), shape[0]
    return list(shape[:-1]), shape[-1]


def _tuple_or_int(draw, values):
    """An int when all values agree (sometimes), else the tuple."""
    if len(set(values)) == 1 and draw(st.booleans()):
        return values[0]
    return tuple(values)


def _small(shape) -> bool:
    return max(shape) <= 14


def gen_conv(draw, shape, cls: str) -> L:
    df = draw(st.sampled_from(DATA_FORMATS))
    spatial, channels = _split(shape, df)
    transpose = cls.endswith("Transpose")
    paddings = ["valid", "same"] + (["causal"] if cls == "Conv1D" else [])
    padding = draw(st.sampled_from(paddings))
    dilate = draw(st.integers(0, 3)) == 0
    kernel, strides, dilation = [], [], []
    for n in spatial:
        d = draw(st.integers(1, 3)) if dilate else 1
        limit = n if (padding == "valid" and not transpose) else 5
        k_max = max(1, min(4, (limit - 1) // d + 1))
        kernel.append(draw(st.integers(1, k_max)))
        dilation.append(d)
    depthwise = cls.startswith(("Depthwise", "Separable"))
    for _ in spatial:
        strides.append(1 if (dilate and not depthwise) else draw(st.integers(1, 3)))
    kwargs: dict = {}
    if cls.startswith("Depthwise"):
        kwargs["kernel_size"] = _tuple_or_int(draw, kernel)
    else:
        groups = 1
        if (cls.startswith("Conv") and not transpose and "LSTM" not in cls
                and draw(st.integers(0, 3)) == 0):
            groups = draw(st.sampled_from([g for g in range(1, channels + 1)
                                           if channels % g == 0]))
        kwargs["filters"] = groups * draw(st.integers(1, 4))
        kwargs["kernel_size"] = _tuple_or_int(draw, kernel)
        if groups > 1:
            kwargs["groups"] = groups
    if any(s > 1 for s in strides) or draw(st.booleans()):
        kwargs["strides"] = _tuple_or_int(draw, strides)
    kwargs["padding"] = padding
    if df is not None:
        kwargs["data_format"] = df
    if dilate:
        kwargs["dilation_rate"] = _tuple_or_int(draw, dilation)
    if depthwise and draw(st.booleans()):
        kwargs["depth_multiplier"] = draw(st.integers(1, 3))
    if transpose and draw(st.booleans()):
        pads = [draw(st.integers(0, s - 1)) for s in strides]
        if not (padding == "same" and any(n == 1 for n in spatial)):
            kwargs["output_padding"] = _tuple_or_int(draw, pads)
    if draw(st.integers(0, 3)) == 0:
        kwargs["use_bias"] = False
    return L(cls, kwargs)


def gen_pool(draw, shape, cls: str) -> L:
    df = draw(st.sampled_from(DATA_FORMATS))
    spatial, _ = _split(shape, df)
    padding = draw(st.sampled_from(["valid", "same"]))
    pools = [draw(st.integers(1, min(4, n) if padding == "valid" else 4)) for n in spatial]
    kwargs: dict = {}
    if cls.startswith("Average") or draw(st.booleans()) or (
        padding == "valid" and min(spatial) < 2
    ):
        kwargs["pool_size"] = _tuple_or_int(draw, pools)
    if draw(st.booleans()):
        kwargs["strides"] = _tuple_or_int(draw, [draw(st.integers(1, 3)) for _ in spatial])
    kwargs["padding"] = padding
    if df is not None:
        kwargs["data_format"] = df
    return L(cls, kwargs)


def gen_global(draw, shape, cls: str) -> L:
    kwargs: dict = {}
    df = draw(st.sampled_from(DATA_FORMATS))
    if df is not None:
        kwargs["data_format"] = df
    if draw(st.booleans()):
        kwargs["keepdims"] = draw(st.booleans())
    return L(cls, kwargs)


def _rnn(draw, cls: str, **fixed) -> L:
    kwargs = {"units": draw(st.integers(1, 5)), **fixed}
    if draw(st.integers(0, 3)) == 0:
        kwargs["use_bias"] = False
    if cls == "GRU" and draw(st.booleans()):
        kwargs["reset_after"] = draw(st.booleans())
    return L(cls, kwargs)


def gen_recurrent(draw, shape, cls: str) -> L:
    sequences = draw(st.booleans())
    if cls != "Bidirectional":
        return _rnn(draw, cls, return_sequences=sequences)
    inner_cls = draw(st.sampled_from(["SimpleRNN", "LSTM", "GRU"]))
    inner = _rnn(draw, inner_cls, return_sequences=sequences)
    kwargs: dict = {"layer": inner}
    if draw(st.booleans()):
        kwargs["merge_mode"] = draw(st.sampled_from(["concat", "sum", "mul", "ave"]))
    if draw(st.integers(0, 3)) == 0:
        back_cls = draw(st.sampled_from(["SimpleRNN", "LSTM", "GRU"]))
        back = _rnn(draw, back_cls, return_sequences=sequences, go_backwards=True)
        kwargs["backward_layer"] = L(back_cls, {**back.kwargs,
                                               "units": inner.kwargs["units"]})
    return L("Bidirectional", kwargs)


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


def gen_reshape(draw, shape) -> L:
    size = 1
    for d in shape:
        size *= d
    d = draw(st.sampled_from(_divisors(size)))
    target = draw(st.sampled_from([(-1,), (size,), (-1, d), (d, -1), (size // d, d),
                                   (d, size // d, 1), (1, -1)]))
    return L("Reshape", {"target_shape": target})


def gen_permute(draw, shape) -> L:
    dims = draw(st.permutations(list(range(1, len(shape) + 1))))
    return L("Permute", {"dims": tuple(dims)})


def gen_batchnorm(draw, shape) -> L:
    rank = len(shape)
    kwargs: dict = {}
    if draw(st.booleans()):
        kwargs["axis"] = draw(st.sampled_from([*range(1, rank + 1), *range(-rank, 0)]))
    for flag in ("center", "scale", "renorm"):
        if draw(st.integers(0, 2)) == 0:
            kwargs[flag] = draw(st.booleans())
    return L("BatchNormalization", kwargs)


def gen_layernorm(draw, shape) -> L:
    rank = len(shape)
    kwargs: dict = {}
    if draw(st.booleans()):
        positions = draw(st.lists(st.integers(1, rank), min_size=1, max_size=rank,
                                  unique=True))
        axes = [p - rank - 1 if draw(st.booleans()) else p for p in positions]
        kwargs["axis"] = axes[0] if len(axes) == 1 and draw(st.booleans()) else tuple(axes)
    for flag in ("center", "scale"):
        if draw(st.integers(0, 2)) == 0:
            kwargs[flag] = draw(st.booleans())
    return L("LayerNormalization", kwargs)


def gen_attention(draw, shape) -> L:
    kwargs: dict = {"num_heads": draw(st.integers(1, 3)), "key_dim": draw(st.integers(1, 4))}
    if draw(st.booleans()):
        kwargs["value_dim"] = draw(st.integers(1, 4))
    if draw(st.integers(0, 3)) == 0:
        kwargs["use_bias"] = False
    choice = draw(st.integers(0, 4))
    if choice == 0:
        kwargs["output_shape"] = draw(st.integers(1, 5))
    elif choice == 1:
        kwargs["output_shape"] = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    if draw(st.integers(0, 4)) == 0:
        kwargs["use_gate"] = True
    return L("MultiHeadAttention", kwargs)


def gen_dense(draw, shape) -> L:
    kwargs: dict = {"units": draw(st.integers(1, 6))}
    if draw(st.booleans()):
        kwargs["activation"] = draw(st.sampled_from(["relu", "softmax", "tanh"]))
    if draw(st.integers(0, 3)) == 0:
        kwargs["use_bias"] = False
    return L("Dense", kwargs)


def gen_padding(draw, shape, cls: str) -> L:
    df = None if cls == "Cropping1D" else draw(st.sampled_from(DATA_FORMATS))
    spatial, _ = _split(shape, df)
    crop = cls.startswith("Cropping")
    pairs = []
    for n in spatial:
        if crop:
            a = draw(st.integers(0, n - 1))
            pairs.append((a, draw(st.integers(0, n - 1 - a))))
        else:
            pairs.append((draw(st.integers(0, 2)), draw(st.integers(0, 2))))
    firsts = [a for a, _ in pairs]
    form = draw(st.integers(0, 2))
    if form == 0 and (not crop or all(2 * firsts[0] < n for n in spatial)):
        value = firsts[0]
    elif form == 1 and len(pairs) > 1 and (
        not crop or all(2 * a < n for a, n in zip(firsts, spatial, strict=True))
    ):
        value = tuple(firsts)
    else:
        value = pairs[0] if len(pairs) == 1 else tuple(pairs)
    kwargs: dict = {"cropping" if crop else "padding": value}
    if df is not None:
        kwargs["data_format"] = df
    return L(cls, kwargs)


def _fixed(cls: str, **kwargs):
    return lambda draw, shape: L(cls, kwargs)


def _rate(cls: str, **extra):
    def gen(draw, shape):
        kwargs = {"rate": draw(st.sampled_from([0.0, 0.25, 0.5, 1.0]))}
        if cls in ("SpatialDropout2D", "SpatialDropout3D") and draw(st.booleans()):
            kwargs["data_format"] = draw(st.sampled_from(DATA_FORMATS[1:]))
        return L(cls, kwargs)

    return gen


def _with(gen, cls: str):
    return lambda draw, shape: gen(draw, shape, cls)


def gen_upsampling(draw, shape, cls: str) -> L:
    if cls == "UpSampling1D":
        return L(cls, {"size": draw(st.integers(1, 3))} if draw(st.booleans()) else {})
    kwargs: dict = {}
    nd = int(cls[-2])
    if draw(st.booleans()):
        kwargs["size"] = _tuple_or_int(draw, [draw(st.integers(1, 3)) for _ in range(nd)])
    df = draw(st.sampled_from(DATA_FORMATS))
    if df is not None:
        kwargs["data_format"] = df
    if nd == 2 and draw(st.integers(0, 3)) == 0:
        kwargs["interpolation"] = "bilinear"
    return L(cls, kwargs)


def gen_conv_lstm(draw, shape, cls: str) -> L:
    """A ConvLSTM: ConvND's arguments drawn for one time step, plus the recurrent flags."""
    kwargs = dict(gen_conv(draw, shape[1:], cls).kwargs)
    if draw(st.booleans()):
        kwargs["return_sequences"] = draw(st.booleans())
    return L(cls, kwargs)


_UNWRAPPABLE = SELF_ATTENTION  # takes (query, value): TimeDistributed gives one


def gen_time_distributed(draw, shape) -> L:
    """TimeDistributed around any layer that fits one time step (``shape[1:]``)."""
    options = [(n, g) for n, g in candidates(shape[1:]) if n not in _UNWRAPPABLE]
    _, gen = draw(st.sampled_from(options), label="wrapped")
    return L("TimeDistributed", {"layer": gen(draw, shape[1:])})


_GENERIC = [
    ("Dense", gen_dense),
    ("Flatten", _fixed("Flatten")),
    ("Dropout", _rate("Dropout")),
    ("Activation", _fixed("Activation", activation="relu")),
    ("Reshape", gen_reshape),
    ("Permute", gen_permute),
    ("BatchNormalization", gen_batchnorm),
    ("LayerNormalization", gen_layernorm),
]


def candidates(shape: tuple[int, ...]) -> list:
    """(name, generator) pairs for layers that can follow a tensor of this shape."""
    rank, small = len(shape), _small(shape)
    options: list = []
    if rank <= 3:
        options.append(("MultiHeadAttention", gen_attention))
    if rank == 1:
        options.append(("RepeatVector", lambda d, s: L("RepeatVector",
                                                       {"n": d(st.integers(1, 4))})))
    if 2 <= rank <= 4:
        nd = rank - 1
        options += [(f"Conv{nd}D", _with(gen_conv, f"Conv{nd}D")),
                    (f"MaxPooling{nd}D", _with(gen_pool, f"MaxPooling{nd}D")),
                    (f"AveragePooling{nd}D", _with(gen_pool, f"AveragePooling{nd}D")),
                    (f"GlobalMaxPooling{nd}D", _with(gen_global, f"GlobalMaxPooling{nd}D")),
                    (f"GlobalAveragePooling{nd}D",
                     _with(gen_global, f"GlobalAveragePooling{nd}D"))]
        if small:
            options.append((f"Conv{nd}DTranspose", _with(gen_conv, f"Conv{nd}DTranspose")))
    if rank in (2, 3):
        nd = rank - 1
        options += [(f"DepthwiseConv{nd}D", _with(gen_conv, f"DepthwiseConv{nd}D")),
                    (f"SeparableConv{nd}D", _with(gen_conv, f"SeparableConv{nd}D"))]
    if 2 <= rank <= 4:
        nd = rank - 1
        options += [(f"Cropping{nd}D", _with(gen_padding, f"Cropping{nd}D")),
                    (f"SpatialDropout{nd}D", _rate(f"SpatialDropout{nd}D"))]
        if small:
            options += [(f"UpSampling{nd}D", _with(gen_upsampling, f"UpSampling{nd}D")),
                        (f"ZeroPadding{nd}D", _with(gen_padding, f"ZeroPadding{nd}D"))]
    if 3 <= rank <= 5:
        nd = rank - 2
        options.append((f"ConvLSTM{nd}D", _with(gen_conv_lstm, f"ConvLSTM{nd}D")))
    if rank >= 2:
        options.append(("TimeDistributed", gen_time_distributed))
    if rank == 2:
        options += [(cls, _with(gen_recurrent, cls))
                    for cls in ("SimpleRNN", "LSTM", "GRU", "Bidirectional")]
    options += extra_candidates(shape)
    # The rank-specific layers are the ones with arithmetic to check: draw them more often.
    return options * 3 + _GENERIC


def run_stack(data, input_shape, layers: int, first: L | None = None) -> None:
    stack = KerasStack(input_shape)
    if first is not None:
        stack.add(first)
    for _ in range(layers):
        _, gen = data.draw(st.sampled_from(candidates(stack.shape)), label="layer")
        stack.add(gen(data.draw, stack.shape))
    check_against_keras(input_shape, stack.specs, stack.facts,
                        seed=data.draw(st.integers(0, 10**6), label="symbols"))


_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                       HealthCheck.data_too_large])
dims = st.integers


@settings(max_examples=200, **_SETTINGS)
@given(st.data(), st.tuples(dims(3, 14), dims(3, 14), dims(1, 4)), dims(1, 4))
def test_image_stacks(data, shape, layers):
    run_stack(data, shape, layers)


@settings(max_examples=250, **_SETTINGS)
@given(st.data(), st.tuples(dims(2, 10), dims(1, 5)), dims(1, 4))
def test_sequence_stacks(data, shape, layers):
    run_stack(data, shape, layers)


@settings(max_examples=80, **_SETTINGS)
@given(st.data(), st.tuples(dims(1, 8)), dims(1, 3))
def test_vector_stacks(data, shape, layers):
    run_stack(data, shape, layers)


@settings(max_examples=80, **_SETTINGS)
@given(st.data(), st.tuples(dims(2, 6), dims(2, 6), dims(2, 6), dims(1, 3)), dims(1, 3))
def test_volume_stacks(data, shape, layers):
    run_stack(data, shape, layers)


@settings(max_examples=40, **_SETTINGS)
@given(st.data(), st.tuples(dims(1, 3), dims(2, 5), dims(2, 5), dims(2, 5), dims(1, 2)),
       dims(1, 2))
def test_video_stacks(data, shape, layers):
    """Rank 5 (timesteps and a volume): ConvLSTM3D and TimeDistributed 3-D layers."""
    run_stack(data, shape, layers)


@settings(max_examples=80, **_SETTINGS)
@given(st.data(), st.tuples(dims(2, 8)), dims(5, 40), dims(1, 5), st.booleans(), dims(0, 2))
def test_token_stacks(data, shape, vocabulary, width, mask_zero, layers):
    cls = data.draw(st.sampled_from(["Embedding", "Embedding", "ReversibleEmbedding"]))
    extra = {"tie_weights": False} if cls != "Embedding" and data.draw(st.booleans()) else {}
    embedding = L(cls, {"input_dim": vocabulary, "output_dim": width, **extra,
                        **({"mask_zero": True} if mask_zero else {})})
    run_stack(data, shape, layers, first=embedding)


# -- every layer and flag at least once ---------------------------------------------------


def _case(shape, *layers, id):
    return pytest.param(tuple(shape), list(layers), id=id)


IMG, SEQ, VOL = (9, 8, 4), (7, 3), (5, 6, 7, 2)
CF = {"data_format": "channels_first"}
COVER = [
    _case(IMG, L("Conv2D", {"filters": 4, "kernel_size": 3}), id="conv2d"),
    _case(IMG, L("Conv2D", {"filters": 4, "kernel_size": (3, 2), "strides": 2,
                            "padding": "same", "use_bias": False}), id="conv2d-same-strides"),
    _case(IMG, L("Conv2D", {"filters": 6, "kernel_size": 2, "groups": 2,
                            "dilation_rate": (2, 3)}), id="conv2d-groups-dilation"),
    _case(IMG, L("Conv2D", {"filters": 3, "kernel_size": 2, "strides": (2, 3), **CF}),
          id="conv2d-channels-first"),
    _case(SEQ, L("Conv1D", {"filters": 2, "kernel_size": 3, "padding": "causal",
                            "dilation_rate": 2}), id="conv1d-causal"),
    _case(SEQ, L("Conv1D", {"filters": 3, "kernel_size": 3, "strides": 3, "groups": 3,
                            "padding": "same"}), id="conv1d-groups"),
    _case(VOL, L("Conv3D", {"filters": 2, "kernel_size": (3, 2, 1), "strides": 2,
                            "padding": "same"}), id="conv3d"),
    _case(VOL, L("Conv3D", {"filters": 2, "kernel_size": 2, **CF}), id="conv3d-cf"),
    _case(IMG, L("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2,
                                     "strides": 2, "dilation_rate": 2}),
          id="depthwise2d-strides-and-dilation"),
    _case(SEQ, L("DepthwiseConv1D", {"kernel_size": 2, "depth_multiplier": 3,
                                     "use_bias": False}), id="depthwise1d"),
    _case(IMG, L("SeparableConv2D", {"filters": 5, "kernel_size": 3, "depth_multiplier": 2,
                                     "padding": "same", "strides": 2}), id="separable2d"),
    _case(SEQ, L("SeparableConv1D", {"filters": 2, "kernel_size": 2, "use_bias": False}),
          id="separable1d"),
    _case(IMG, L("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2}),
          id="conv2d-transpose-valid"),
    _case(IMG, L("Conv2DTranspose", {"filters": 3, "kernel_size": 2, "strides": 3}),
          id="conv2d-transpose-strides-over-kernel"),
    _case(IMG, L("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2,
                                     "padding": "same", "output_padding": 0}),
          id="conv2d-transpose-same-output-padding-0"),
    _case(IMG, L("Conv2DTranspose", {"filters": 3, "kernel_size": (3, 4), "strides": (2, 3),
                                     "output_padding": (1, 2), **CF}),
          id="conv2d-transpose-output-padding-cf"),
    _case(SEQ, L("Conv1DTranspose", {"filters": 2, "kernel_size": 3, "dilation_rate": 2,
                                     "padding": "same"}), id="conv1d-transpose"),
    _case(VOL, L("Conv3DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2,
                                     "output_padding": 1}), id="conv3d-transpose"),
    _case(SEQ, L("MaxPooling1D", {}), L("AveragePooling1D", {"pool_size": 2, "strides": 1,
                                                             "padding": "same"}),
          id="pooling1d"),
    _case(IMG, L("MaxPool2D", {"pool_size": 3, "strides": (2, 1), "padding": "same"}),
          L("AvgPool2D", {"pool_size": (2, 1), **CF}), id="pooling2d-aliases"),
    _case(VOL, L("MaxPooling3D", {}), L("AveragePooling3D", {"pool_size": 1}), id="pooling3d"),
    _case(SEQ, L("GlobalAveragePooling1D", {"keepdims": True}), id="gap1d-keepdims"),
    _case(SEQ, L("GlobalMaxPool1D", CF), id="gmp1d-cf"),
    _case(IMG, L("GlobalAvgPool2D", {}), id="gap2d"),
    _case(IMG, L("GlobalMaxPooling2D", {"keepdims": True, **CF}), id="gmp2d-keepdims-cf"),
    _case(VOL, L("GlobalAveragePooling3D", {"keepdims": True}), L("GlobalMaxPooling3D", {}),
          id="global3d"),
    _case(SEQ, L("SimpleRNN", {"units": 4, "return_sequences": True}),
          L("SimpleRNN", {"units": 2, "use_bias": False}), id="simple-rnn"),
    _case(SEQ, L("LSTM", {"units": 4, "return_sequences": True}),
          L("LSTM", {"units": 3, "use_bias": False, "unit_forget_bias": False}), id="lstm"),
    _case(SEQ, L("GRU", {"units": 4, "return_sequences": True}),
          L("GRU", {"units": 3, "reset_after": False}), L("Dense", {"units": 2}), id="gru"),
    _case(SEQ, L("GRU", {"units": 3, "use_bias": False}), id="gru-no-bias"),
    *[_case(SEQ, L("Bidirectional", {"layer": L("LSTM", {"units": 3,
                                                         "return_sequences": True}),
                                     "merge_mode": mode}), id=f"bidirectional-{mode}")
      for mode in ("concat", "sum", "mul", "ave")],
    _case(SEQ, L("Bidirectional", {"layer": L("GRU", {"units": 3}),
                                   "backward_layer": L("SimpleRNN", {"units": 3,
                                                                     "go_backwards": True})}),
          id="bidirectional-backward-layer"),
    _case(SEQ, L("Bidirectional", {"layer": L("SimpleRNN", {"units": 2})}),
          id="bidirectional-simple-rnn"),
    _case(IMG, L("BatchNormalization", {}), L("BatchNormalization", {"axis": 1}),
          L("BatchNormalization", {"axis": -2, "center": False, "renorm": True}),
          L("BatchNormalization", {"scale": False}), id="batch-norm"),
    _case(IMG, L("LayerNormalization", {}), L("LayerNormalization", {"axis": (1, 2)}),
          L("LayerNormalization", {"axis": [-1, 1], "center": False}),
          L("LayerNormalization", {"axis": (1, -3)}),
          L("LayerNormalization", {"scale": False}), id="layer-norm"),
    _case(SEQ, L("MultiHeadAttention", {"num_heads": 2, "key_dim": 4}),
          L("MultiHeadAttention", {"num_heads": 3, "key_dim": 2, "value_dim": 5,
                                   "use_bias": False, "output_shape": 6}),
          L("MultiHeadAttention", {"num_heads": 1, "key_dim": 2, "use_gate": True,
                                   "output_shape": (2, 3)}), id="attention"),
    _case((6,), L("Dense", {"units": 3}), L("Dropout", {"rate": 0.5}),
          L("Activation", {"activation": "relu"}), L("RepeatVector", {"n": 4}),
          L("Flatten", {}), id="core"),
    _case((2, 3, 4), L("Dense", {"units": 5, "use_bias": False}),
          L("Reshape", {"target_shape": (-1, 10)}), L("Permute", {"dims": (2, 1)}),
          L("Reshape", {"target_shape": (5, 2, 3)}), id="reshape-permute"),
    _case((6,), L("Embedding", {"input_dim": 50, "output_dim": 4, "mask_zero": True}),
          L("SpatialDropout1D", {"rate": 0.2}), id="embedding"),
    _case((3, 4), L("Embedding", {"input_dim": 9, "output_dim": 2}), id="embedding-2d"),
    _case(SEQ, L("UpSampling1D", {"size": 3}), L("ZeroPadding1D", {"padding": (2, 1)}),
          L("Cropping1D", {"cropping": 2}), L("ZeroPadding1D", {"padding": 1, **CF}),
          L("Cropping1D", {}), id="sequence-reshaping"),
    _case(IMG, L("UpSampling2D", {"size": (2, 3), **CF}),
          L("ZeroPadding2D", {"padding": ((1, 2), (3, 4))}), L("ZeroPadding2D", {}),
          L("ZeroPadding2D", {"padding": (2, 0), **CF}),
          L("Cropping2D", {"cropping": ((1, 0), (2, 3))}), L("Cropping2D", {"cropping": 1}),
          L("Cropping2D", {"cropping": (1, 2), **CF}), L("SpatialDropout2D", {"rate": 0.1}),
          L("SpatialDropout2D", {"rate": 0.1, **CF}), L("UpSampling2D", {}),
          id="image-reshaping"),
    _case(VOL, L("UpSampling3D", {}), L("UpSampling3D", {"size": (1, 2, 3), **CF}),
          L("ZeroPadding3D", {}), L("ZeroPadding3D", {"padding": ((1, 2), (0, 1), (2, 0))}),
          L("ZeroPadding3D", {"padding": (1, 2, 0), **CF}), L("Cropping3D", {}),
          L("Cropping3D", {"cropping": ((1, 2), (0, 1), (2, 0))}),
          L("Cropping3D", {"cropping": (2, 1, 0), **CF}), L("SpatialDropout3D", {"rate": 0.3}),
          L("SpatialDropout3D", {"rate": 0.3, **CF}), id="volume-reshaping"),
    _case((4, 9, 8, 3), L("ConvLSTM2D", {"filters": 5, "kernel_size": 3}), id="conv-lstm2d"),
    _case((4, 9, 8, 3), L("ConvLSTM2D", {"filters": 5, "kernel_size": (3, 2), "strides": 2,
                                         "padding": "same", "return_sequences": True}),
          L("ConvLSTM2D", {"filters": 2, "kernel_size": 2, "dilation_rate": (2, 1),
                           "use_bias": False}), id="conv-lstm2d-sequences-strides-dilation"),
    _case((4, 3, 9, 8), L("ConvLSTM2D", {"filters": 5, "kernel_size": 3, "return_sequences": True,
                                         "unit_forget_bias": False, **CF}),
          id="conv-lstm2d-channels-first"),
    _case((4, 9, 3), L("ConvLSTM1D", {"filters": 4, "kernel_size": 3, "strides": 2,
                                      "return_sequences": True, "padding": "SAME"}),
          L("ConvLSTM1D", {"filters": 2, "kernel_size": 2, "go_backwards": True}),
          id="conv-lstm1d"),
    _case((3, 5, 6, 7, 2), L("ConvLSTM3D", {"filters": 2, "kernel_size": 3,
                                            "return_sequences": True}),
          L("ConvLSTM3D", {"filters": 3, "kernel_size": (1, 2, 3), "padding": "same",
                           "strides": (1, 2, 3), **CF}), id="conv-lstm3d"),
    _case((10, 8, 8, 3), L("TimeDistributed", {"layer": L("Conv2D", {"filters": 4,
                                                                   "kernel_size": 3})}),
          L("TimeDistributed", {"layer": L("MaxPooling2D", {})}),
          L("TimeDistributed", {"layer": L("Flatten", {})}),
          L("TimeDistributed", {"layer": L("Dense", {"units": 5, "trainable": False})}),
          L("LSTM", {"units": 3}), id="time-distributed-cnn-lstm"),
    _case((10, 5, 3), L("TimeDistributed", {"layer": L("BatchNormalization", {"axis": 1})}),
          L("TimeDistributed", {"layer": L("LSTM", {"units": 4})}),
          L("TimeDistributed", {"layer": L("RepeatVector", {"n": 2})}),
          L("TimeDistributed", {"layer": L("TimeDistributed", {"layer": L("Dense",
                                                                           {"units": 2})})}),
          id="time-distributed-nested"),
    _case((10, 5, 3), L("TimeDistributed", {"layer": L("Bidirectional", {
        "layer": L("GRU", {"units": 2, "return_sequences": True})})}),
          L("TimeDistributed", {"layer": L("LayerNormalization", {"axis": (1, 2)})}),
          L("TimeDistributed", {"layer": L("Conv1DTranspose", {"filters": 2,
                                                               "kernel_size": 2})}),
          id="time-distributed-bidirectional"),
    _case((10, 5), L("TimeDistributed", {"layer": L("Embedding", {"input_dim": 7,
                                                                  "output_dim": 3})}),
          id="time-distributed-embedding"),
    _case((10, 4, 5, 3), L("TimeDistributed", {"layer": L("ConvLSTM1D", {"filters": 2,
                                                                         "kernel_size": 2})}),
          id="time-distributed-conv-lstm"),
    *EXTRA_COVER,
]


@pytest.mark.parametrize(("shape", "layers"), COVER)
def test_every_layer_and_flag(shape, layers):
    check_against_keras(shape, layers, keras_facts(shape, layers), seed=len(layers))


def test_cover_table_names_every_catalog_layer():
    from symparams.layers.registry import builtin_families, layer_types

    covered = set()
    for param in COVER:
        for spec in param.values[1]:
            covered |= {lookup(spec.cls).name}
            covered |= {lookup(v.cls).name for v in spec.kwargs.values() if isinstance(v, L)}
    from .test_catalog_extra_oracle import COVER as EXTRA_COVER
    from .test_catalog_extra_oracle import covered_layers

    # The newer layers have their own table in tests/test_catalog_extra_oracle.py.
    covered |= covered_layers(EXTRA_COVER)
    # Categorical and audio preprocessing: tests/test_catalog_lookup_oracle.py (the layers
    # that need TensorFlow against Keras's compute_output_shape, at random sizes).
    from symparams.layers.categorical import TF_ONLY

    from .test_catalog_lookup_oracle import COVER as LOOKUP_COVER

    covered |= covered_layers(LOOKUP_COVER) | set(TF_ONLY)
    # Layers of keras.applications' own code are not in keras.layers: tests/test_import.py
    # imports the applications that use them and compares every layer with Keras.
    covered |= {t.name for t in layer_types() if t.family == "applications"}
    # Layers of several inputs take several tensors, not a chain: tests/test_graph.py and
    # tests/test_attention_oracle.py cover them. Layers that run user code are rejected:
    # tests/test_catalog_extra_invalid.py checks how.
    catalog = {t.name for t in layer_types() if t.family in builtin_families()
               and "inputs" not in t.extra and not t.extra.get("runs_user_code")}
    assert catalog - covered == set()


# -- positional arguments: Keras's order, except ConvND(f, k, k) ----------------------------------

POSITIONAL = [
    pytest.param(IMG, "Conv2D(8, 3, 3)", L("Conv2D", {"filters": 8, "kernel_size": (3, 3)}),
                 id="conv2d-f-k-k"),
    pytest.param(IMG, "Conv2D(8, (3, 2), 2)",
                 L("Conv2D", {"filters": 8, "kernel_size": (3, 2), "strides": 2}),
                 id="conv2d-tuple-kernel-then-strides"),
    pytest.param(SEQ, "Conv1D(4, 3, 2)",
                 L("Conv1D", {"filters": 4, "kernel_size": 3, "strides": 2}),
                 id="conv1d-keras-order"),
    pytest.param(VOL, "Conv3D(4, 2, 2, 2)", L("Conv3D", {"filters": 4, "kernel_size": 2}),
                 id="conv3d-f-k-k-k"),
    pytest.param(IMG, "Conv2DTranspose(4, 3, 3)",
                 L("Conv2DTranspose", {"filters": 4, "kernel_size": 3}), id="transpose-f-k-k"),
    pytest.param(VOL, 'Conv3DTranspose(4, 3, 3, 3, 2, "same", None, 1)',
                 L("Conv3DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2,
                                       "padding": "same", "output_padding": 1}),
                 id="conv3d-transpose-order"),
    pytest.param(IMG, "SeparableConv2D(4, 3, 3)",
                 L("SeparableConv2D", {"filters": 4, "kernel_size": 3}), id="separable-f-k-k"),
    pytest.param(IMG, "DepthwiseConv2D(3, 2)",
                 L("DepthwiseConv2D", {"kernel_size": 3, "strides": 2}),
                 id="depthwise-keras-order"),
    pytest.param(IMG, 'MaxPool2D((2, 2), 1, "same")',
                 L("MaxPooling2D", {"pool_size": 2, "strides": 1, "padding": "same"}),
                 id="pool"),
    pytest.param(SEQ, 'LSTM(4, "tanh", "sigmoid", False)',
                 L("LSTM", {"units": 4, "use_bias": False}), id="lstm"),
    pytest.param(SEQ, 'Bidirectional(GRU(4), "sum")',
                 L("Bidirectional", {"layer": L("GRU", {"units": 4}), "merge_mode": "sum"}),
                 id="bidirectional"),
    pytest.param(IMG, "BatchNormalization(1)", L("BatchNormalization", {"axis": 1}),
                 id="batch-norm-axis"),
    pytest.param(SEQ, "MultiHeadAttention(2, 4, 3)",
                 L("MultiHeadAttention", {"num_heads": 2, "key_dim": 4, "value_dim": 3}),
                 id="attention"),
    pytest.param(IMG, "ZeroPadding2D(((1, 2), (3, 4)))",
                 L("ZeroPadding2D", {"padding": ((1, 2), (3, 4))}), id="zero-padding"),
    pytest.param(IMG, 'Dense(5, "relu", False)',
                 L("Dense", {"units": 5, "activation": "relu", "use_bias": False}), id="dense"),
    pytest.param((4, 9, 8, 3), "ConvLSTM2D(5, 3, 2)",
                 L("ConvLSTM2D", {"filters": 5, "kernel_size": (3, 2)}), id="conv-lstm-f-k-k"),
    pytest.param((4, 9, 8, 3), 'ConvLSTM2D(5, (3, 2), 2, "same")',
                 L("ConvLSTM2D", {"filters": 5, "kernel_size": (3, 2), "strides": 2,
                                  "padding": "same"}), id="conv-lstm-keras-order"),
    pytest.param((4, 9, 3), 'ConvLSTM1D(2, 3, 1, "valid", None, 1, "tanh", "sigmoid", False)',
                 L("ConvLSTM1D", {"filters": 2, "kernel_size": 3, "use_bias": False}),
                 id="conv-lstm-use-bias"),
    pytest.param((10, 5), "TimeDistributed(Dense(3))",
                 L("TimeDistributed", {"layer": L("Dense", {"units": 3})}),
                 id="time-distributed"),
]


@pytest.mark.parametrize(("shape", "line", "spec"), POSITIONAL)
def test_positional_arguments(shape, line, spec):
    (fact,) = keras_facts(shape, [spec])
    source = f"model m():\n    Input(shape={shape!r})\n    {line}\n"
    (layer,) = symparams.parse(source).models["m"].evaluate().layers
    assert (layer.output_shape, layer.trainable, layer.non_trainable) == (
        fact.output_shape, fact.trainable, fact.non_trainable)


# -- models Keras rejects -------------------------------------------------------------------------


def _bad(shape, *layers, name, id):
    return pytest.param(tuple(shape), list(layers), name, id=id)


INVALID = [
    _bad((4, 4, 3), L("Conv2D", {"filters": 8, "kernel_size": 5}), name="conv2d",
         id="kernel-larger-than-input"),
    _bad((5, 2), L("Conv1D", {"filters": 4, "kernel_size": 3, "dilation_rate": 3}),
         name="conv1d", id="dilated-kernel-larger-than-input"),
    _bad((5, 6, 4, 2), L("Conv3D", {"filters": 2, "kernel_size": (3, 3, 5)}), name="conv3d",
         id="conv3d-kernel-larger"),
    _bad(IMG, L("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}),
         name="conv2d", id="strides-with-dilation"),
    _bad(IMG, L("Conv2D", {"filters": 4, "kernel_size": 3, "strides": (2, 1),
                           "dilation_rate": (1, 2)}), name="conv2d",
         id="strides-with-dilation-other-axes"),
    _bad(SEQ, L("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2,
                                    "dilation_rate": 2}), name="conv1d_transpose",
         id="transpose-strides-with-dilation"),
    _bad((8, 8, 3), L("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 2}),
         name="conv2d", id="channels-not-multiple-of-groups"),
    _bad((8, 8, 4), L("Conv2D", {"filters": 3, "kernel_size": 3, "groups": 2}),
         name="conv2d", id="filters-not-multiple-of-groups"),
    _bad(IMG, L("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "causal"}),
         name="Conv2D", id="causal-conv2d"),
    _bad((5, 5, 2), L("Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2,
                                          "output_padding": 2}),
         name="conv2d_transpose", id="output-padding-not-below-strides"),
    _bad((5, 5, 2), L("DepthwiseConv2D", {"kernel_size": 6}), name="depthwise_conv2d",
         id="depthwise-kernel-larger"),
    _bad((5, 5, 2), L("SeparableConv2D", {"filters": 2, "kernel_size": (2, 6)}),
         name="separable_conv2d", id="separable-kernel-larger"),
    _bad((3, 3, 1), L("MaxPooling2D", {"pool_size": 4}), name="max_pooling2d",
         id="pool-larger-than-input"),
    _bad((1, 3), L("MaxPooling1D", {}), name="max_pooling1d", id="default-pool-too-large"),
    _bad((6, 3), L("MaxPooling1D", {"padding": "SAME"}), name="MaxPooling1D",
         id="pool-padding-is-case-sensitive"),
    _bad(IMG, L("AveragePooling2D", {}), name="AveragePooling2D", id="average-pool-size"),
    _bad((2, 3, 4), L("Reshape", {"target_shape": (5, 5)}), name="reshape",
         id="reshape-size-mismatch"),
    _bad((2, 3, 4), L("Reshape", {"target_shape": (-1, 5)}), name="reshape",
         id="reshape-unknown-not-divisible"),
    _bad((2, 3, 4), L("Reshape", {"target_shape": (-1, -1)}), name="Reshape",
         id="reshape-two-unknowns"),
    _bad((3, 4, 5), L("Permute", {"dims": (2, 1)}), name="permute", id="permute-rank"),
    _bad((3, 4), L("Permute", {"dims": (1, 3)}), name="Permute", id="not-a-permutation"),
    _bad((3, 4), L("RepeatVector", {"n": 2}), name="repeat_vector", id="repeat-2d"),
    _bad((5, 3), L("Cropping1D", {"cropping": (2, 3)}), name="cropping1d",
         id="cropping1d-everything"),
    _bad((5, 6, 3), L("Cropping2D", {"cropping": ((3, 2), (0, 0))}), name="cropping2d",
         id="cropping2d-everything"),
    _bad((5, 6, 3), L("ZeroPadding2D", {"padding": (-1, 1)}), name="ZeroPadding2D",
         id="negative-padding"),
    _bad(SEQ, L("Bidirectional", {"layer": L("LSTM", {"units": 3}), "merge_mode": None}),
         L("Dense", {"units": 2}), name="bidirectional", id="merge-mode-none"),
    _bad(SEQ, L("Bidirectional", {"layer": L("LSTM", {"units": 3}), "merge_mode": "max"}),
         name="Bidirectional", id="merge-mode-unknown"),
    _bad(SEQ, L("Bidirectional", {"layer": L("Dense", {"units": 3})}), name="bidirectional",
         id="bidirectional-dense"),
    _bad(SEQ, L("Bidirectional", {"layer": L("LSTM", {"units": 3}),
                                  "backward_layer": L("LSTM", {"units": 3})}),
         name="bidirectional", id="backward-layer-same-direction"),
    _bad(SEQ, L("Bidirectional", {"layer": L("LSTM", {"units": 3}),
                                  "backward_layer": L("LSTM", {"units": 3,
                                                               "go_backwards": True,
                                                               "return_sequences": True})}),
         name="bidirectional", id="backward-layer-other-sequences"),
    _bad(SEQ, L("LSTM", {"units": 3, "return_state": True}), L("Dense", {"units": 2}),
         name="lstm", id="return-state"),
    _bad((5, 6, 3), L("LSTM", {"units": 3}), name="lstm", id="lstm-3d-input"),
    _bad((5, 6, 3), L("BatchNormalization", {"axis": 0}), name="batch_normalization",
         id="batch-norm-batch-axis"),
    _bad((5, 6, 3), L("BatchNormalization", {"axis": 4}), name="batch_normalization",
         id="batch-norm-axis-out-of-range"),
    _bad((5, 6, 3), L("LayerNormalization", {"axis": (1, 5)}), name="layer_normalization",
         id="layer-norm-axis-out-of-range"),
    _bad((5, 6, 3), L("Dropout", {"rate": 1.5}), name="dropout", id="dropout-rate"),
    _bad((10, 3), L("SpatialDropout2D", {"rate": 0.5}), name="spatial_dropout2d",
         id="spatial-dropout-rank"),
    _bad((10, 3), L("SpatialDropout1D", {"rate": 0.5, "input_shape": (10, 3)}),
         name="spatial_dropout1d", id="spatial-dropout-input-shape"),
    _bad((28, 28), L("Conv2D", {"filters": 4, "kernel_size": 3}), name="conv2d",
         id="conv2d-without-channels"),
    _bad((10, 3), L("GlobalAveragePooling2D", {}), name="global_average_pooling2d",
         id="global-pool-rank"),
    _bad(SEQ, L("MultiHeadAttention", {"num_heads": 0, "key_dim": 2}),
         name="MultiHeadAttention", id="attention-zero-heads"),
    _bad((6,), L("Embedding", {"input_dim": 0, "output_dim": 2}), name="Embedding",
         id="embedding-empty-vocabulary"),
    _bad((5, 6, 7, 2), L("Cropping3D", {"cropping": (2, 3, 0)}), name="cropping3d",
         id="cropping3d-everything"),
    _bad((5, 6, 7, 2), L("ZeroPadding3D", {"padding": (1, -1, 0)}), name="ZeroPadding3D",
         id="zero-padding3d-negative"),
    _bad((6, 7, 2), L("SpatialDropout3D", {"rate": 0.3}), name="spatial_dropout3d",
         id="spatial-dropout3d-rank"),
    _bad((6, 7, 2), L("UpSampling3D", {}), name="up_sampling3d", id="up-sampling3d-rank"),
    _bad((4, 9, 8, 3), L("ConvLSTM2D", {"filters": 5, "kernel_size": 9}), name="conv_lstm2d",
         id="conv-lstm-kernel-larger-than-input"),
    _bad((4, 9, 8, 3), L("ConvLSTM2D", {"filters": 5, "kernel_size": 3, "strides": 2,
                                        "dilation_rate": 2}), name="conv_lstm2d",
         id="conv-lstm-strides-with-dilation"),
    _bad((4, 9, 3), L("ConvLSTM1D", {"filters": 5, "kernel_size": 3, "padding": "causal"}),
         name="ConvLSTM1D", id="conv-lstm-causal"),
    _bad((4, 9, 8, 3), L("ConvLSTM2D", {"filters": 5, "kernel_size": 3, "groups": 1}),
         name="ConvLSTM2D", id="conv-lstm-groups"),
    _bad((9, 8, 3), L("ConvLSTM2D", {"filters": 5, "kernel_size": 3}), name="conv_lstm2d",
         id="conv-lstm-without-timesteps"),
    _bad((4, 9, 8, 3), L("ConvLSTM2D", {"filters": 5, "kernel_size": 3, "return_state": True}),
         L("Flatten", {}), name="conv_lstm2d", id="conv-lstm-return-state"),
    _bad((10,), L("TimeDistributed", {"layer": L("Dense", {"units": 4})}),
         name="time_distributed", id="time-distributed-rank-1"),
    _bad((10, 8, 8, 3), L("TimeDistributed", {"layer": L("Conv2D", {"filters": 4,
                                                                   "kernel_size": 9})}),
         name="time_distributed", id="time-distributed-kernel-larger-than-step"),
    _bad((10, 5, 3), L("TimeDistributed", {"layer": L("Cropping1D", {"cropping": 3})}),
         name="time_distributed", id="time-distributed-cropping-everything"),
    _bad((10, 5, 3), L("TimeDistributed", {"layer": L("MultiHeadAttention",
                                                      {"num_heads": 2, "key_dim": 2})}),
         name="time_distributed", id="time-distributed-attention"),
    _bad((10, 8, 3), L("TimeDistributed", {"layer": L("Conv2D", {"filters": 4,
                                                                "kernel_size": 3})}),
         name="time_distributed", id="time-distributed-step-rank"),
]


@pytest.mark.parametrize(("shape", "layers", "name"), INVALID)
def test_models_keras_rejects_are_rejected(shape, layers, name):
    assert_rejected_as_keras(shape, layers, name)


def assert_rejected_as_keras(shape, layers, name: str) -> None:
    """Keras refuses to build ``layers`` on ``shape``, and symparams refuses the model with an
    error naming layer ``name``."""
    with pytest.raises(Exception):  # noqa: B017 - Keras raises ValueError, TypeError, ...
        keras_facts(shape, layers)
    with pytest.raises(symparams.SymparamsError) as info:
        symparams.parse(model_source("m", shape, layers))
    assert info.value.layer == name or name in str(info.value), str(info.value)
