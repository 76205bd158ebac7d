"""benchmarks/mobilenet_v2.sp and benchmarks/densenet121.sp against keras.applications
(weights=None): totals, trainable and non-trainable counts, and the final feature map's shape,
at sizes where Keras's correct_pad is ((0, 1), (0, 1)) (multiples of 32), with and without
``assume H % 32 == 0, W % 32 == 0`` (which must change no value, only the formulas)."""

from __future__ import annotations

import sys

import pytest

import symparams

from .conftest import ROOT, require
from .keras_subprocess import run_keras

SIZES = [(224, 224), (160, 192)]
NETWORKS = {  # file -> (keras.applications name, model name, name of Keras's last feature map)
    "mobilenet_v2.sp": ("MobileNetV2", "mobilenet_v2", "out_relu"),
    "densenet121.sp": ("DenseNet121", "densenet121", "relu"),
}

SCRIPT = f"SIZES = {SIZES!r}\nNETWORKS = {list(NETWORKS.values())!r}\n" + """
import json, math, keras
facts = {}
for app, _, last in NETWORKS:
    for h, w in SIZES:
        m = getattr(keras.applications, app)(weights=None, input_shape=(h, w, 3))
        count = lambda ws: sum(math.prod(int(d) for d in x.shape) for x in ws)
        facts[f"{app} {h}x{w}"] = [count(m.trainable_weights), count(m.non_trainable_weights),
                                   list(m.get_layer(last).output.shape[1:])]
print(json.dumps(facts))
"""


@pytest.fixture(scope="module")
def keras_facts():
    require("keras")
    return run_keras(SCRIPT)


def _model(file: str, assume: bool) -> symparams.Model:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from measure import with_assume
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    source = (ROOT / "benchmarks" / file).read_text(encoding="utf-8")
    if assume:
        source = with_assume(source, "assume H % 32 == 0, W % 32 == 0")
    return symparams.parse(source, file)[NETWORKS[file][1]]


@pytest.mark.oracle
@pytest.mark.parametrize("assume", [False, True], ids=["plain", "assume"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{h}x{w}" for h, w in SIZES])
@pytest.mark.parametrize("file", list(NETWORKS))
def test_benchmark_network_matches_keras(keras_facts, file, size, assume):
    app = NETWORKS[file][0]
    trainable, non_trainable, feature_map = keras_facts[f"{app} {size[0]}x{size[1]}"]
    model = _model(file, assume)
    ev = model.evaluate(H=size[0], W=size[1])
    assert (ev.trainable, ev.non_trainable) == (trainable, non_trainable)
    assert list(ev.layers[-3].output_shape) == feature_map  # before pooling and the classifier


@pytest.mark.parametrize("file", list(NETWORKS))
def test_assume_makes_the_spatial_sizes_exact_divisions(file):
    plain, assumed = _model(file, False), _model(file, True)
    assert "floor" in str(plain.layers[-3].output_shape[0])
    assert str(assumed.layers[-3].output_shape[0]) == "H/32"
    assert plain.params == assumed.params
