"""The module prefixes Keras code writes before a layer: ``layers.Dense``,
``tf.keras.layers.Dense``, ``keras.Input``. The parser drops them (issue 13: Keras code pastes
as written); ``symparams import`` writes calls without them."""

from __future__ import annotations

__all__ = ["KERAS_LAYER_MODULES", "CALL_KEYWORDS", "TENSOR_FUNCTIONS", "layer_func"]

#: The element-wise ``keras.ops`` functions a model may apply to a tensor (``exp(h)``,
#: ``ops.exp(h)``; ``abs`` is Python's name for ``absolute``): their costs are in
#: :mod:`symparams.layers.tensor_ops`.
TENSOR_FUNCTIONS = frozenset({
    "exp", "log", "sqrt", "rsqrt", "square", "absolute", "abs", "reciprocal", "log1p",
    "expm1", "sin", "cos", "erf", "tanh", "sigmoid", "relu", "relu6", "softplus", "silu",
    "gelu"})

#: The call arguments Keras's layers take besides their inputs, written after the tensors
#: (``Layer.__call__``'s ``training`` and ``mask``; attention's masks; a recurrent layer's
#: ``initial_state``): ``Dense(d)(x, training=False)``. Counts and shapes do not read them.
CALL_KEYWORDS = ("training", "mask", "use_causal_mask", "attention_mask", "query_mask",
                 "value_mask", "key_mask", "initial_state", "return_attention_scores")

#: Module paths Keras code calls layers through (``tf.``/``tensorflow.`` may come first):
#: ``layers.Dense``, ``keras.layers.Dense``, ``keras.Input``, ``tf.keras.layers.Dense``.
KERAS_LAYER_MODULES = frozenset({
    "keras", "keras.layers", "layers", "keras.layers.experimental.preprocessing",
    "layers.experimental.preprocessing", "keras.layers.experimental", "layers.experimental",
})


def layer_func(dotted: str) -> str:
    """A call's name without a Keras layers module prefix; other dotted names unchanged.

    >>> layer_func("tf.keras.layers.Dense"), layer_func("keras.Input")
    ('Dense', 'Input')
    >>> layer_func("regularizers.l2"), layer_func("Dense")
    ('regularizers.l2', 'Dense')
    """
    module, _, name = dotted.rpartition(".")
    for root in ("tf.", "tensorflow."):
        module = module.removeprefix(root)
    return name if module in KERAS_LAYER_MODULES else dotted
