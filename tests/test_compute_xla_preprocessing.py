"""symparams's XLA count of the preprocessing, augmentation, adaptive pooling and audio
layers against XLA itself, as ``test_compute_xla`` does for the others.

A layer without weights is called directly, ``layer(x, training=False)``, under ``jax.jit``
(Equalization cannot be traced into a functional model: Keras reports a cycle). No count is
typed in by hand.
"""

from __future__ import annotations

import pytest

from symparams.layers.augmentation import AT_INFERENCE, AUGMENTATIONS

from .catalog_extra_gens import AUGMENT_ARGS
from .conftest import require
from .oracle import L, model_source
from .test_compute_xla import assert_xla, instantiate

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::UserWarning")]


def direct_cost(spec: L, shape, dtype: str = "float32") -> dict[str, int]:
    """``{"flops", "transcendentals"}`` of ``spec``'s layer (no weights) on one example."""
    require("keras")
    import jax
    import keras

    layer = instantiate(keras, spec)
    lowered = jax.jit(lambda x: layer(x, training=False)).lower(
        jax.ShapeDtypeStruct((1, *shape), dtype))
    cost = lowered.compile().cost_analysis()
    cost = cost[0] if isinstance(cost, list) else cost
    return {key: int(cost.get(key, 0)) for key in ("flops", "transcendentals")}


def check(shape, spec: L) -> None:
    assert_xla(model_source("m", shape, [spec]), direct_cost(spec, shape))


def _id(row) -> str:
    shape, spec = row
    return f"{spec.cls}-{'x'.join(map(str, shape))}-{'-'.join(map(str, spec.kwargs.values()))}"


# -- augmentation: the identity at inference ------------------------------------------------------

IDENTITY = [((5, 6, 3), L(name, dict(AUGMENT_ARGS.get(name, {}))))
            for name in AUGMENTATIONS if name not in AT_INFERENCE]
IDENTITY += [((3, 4, 5), L("RandomFlip", {"data_format": "channels_first"})),
             ((4, 4, 2), L("RandomRotation", {"factor": 0.3, "interpolation": "nearest"})),
             ((7, 5, 1), L("RandomZoom", {"height_factor": 0.2, "width_factor": 0.3}))]


@pytest.mark.parametrize("shape, spec", IDENTITY, ids=[_id(r) for r in IDENTITY])
def test_identity_at_inference(shape, spec):
    check(shape, spec)
