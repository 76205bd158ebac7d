"""Layers that run the user's own code: Lambda, TFSMLayer, JaxLayer, FlaxLayer and
TorchModuleWrapper. Their shape and weights come from a Python function, a saved model or a
module of another framework, which a description file does not contain: symparams names
them (so that they are not "unknown layers") and rejects them with what to write instead.

Their arguments are all accepted (as ``Anything``) so that the rejection, not a complaint
about an argument, is what the user reads.
"""

from __future__ import annotations

from .registry import REQUIRED, Anything, LayerType, Param, Reject, register

__all__ = ["USER_CODE_LAYERS"]

#: Keras's signature (after the layer's own object) and why and what instead, per layer.
USER_CODE_LAYERS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "Lambda": (
        ("function", "output_shape", "mask", "arguments"),
        "it runs a Python function, whose output shape symparams cannot know",
        "write the layers the function stands for (Activation, Reshape, Rescaling, a "
        "merge layer, ...), or a block that holds them",
    ),
    "TFSMLayer": (
        ("filepath", "call_endpoint", "call_training_endpoint"),
        "it loads a TensorFlow SavedModel from a file, whose layers symparams cannot see",
        "describe the saved model's layers, or its architecture as a block",
    ),
    "JaxLayer": (
        ("call_fn", "init_fn", "params", "state", "seed", "native_serialization_platforms"),
        "it runs JAX functions, whose weights and output shape symparams cannot know",
        "write the computation as Keras layers (Dense, Conv2D, ...) or as a block",
    ),
    "FlaxLayer": (
        ("module", "method", "variables"),
        "it runs a Flax module, whose weights and output shape symparams cannot know",
        "write the module's layers as their Keras equivalents (nn.Dense as Dense, nn.Conv "
        "as Conv2D, ...), or as a block",
    ),
    "TorchModuleWrapper": (
        ("module", "output_shape"),
        "it runs a PyTorch module, whose weights and output shape symparams cannot know",
        "write the module's layers as their Keras equivalents (nn.Linear as Dense, "
        "nn.Conv2d as Conv2D, ...), or as a block",
    ),
}


def _rejecter(name: str, why: str, instead: str):
    def reject(a, x):
        raise Reject(f"{name} cannot be counted: {why}", hint=instead)

    return reject


for _name, (_args, _why, _instead) in USER_CODE_LAYERS.items():
    register(
        LayerType(
            name=_name,
            family="user_code", no_cost="runs the user's code: its work is unknown",
            params=tuple(Param(arg, Anything(), REQUIRED if i == 0 else None)
                         for i, arg in enumerate(_args)),
            shape=_rejecter(_name, _why, _instead),
            derivation="none: the layer is rejected",
            doc=f"Runs user code; rejected. Instead: {_instead}.",
            extra={"runs_user_code": True},
        )
    )
