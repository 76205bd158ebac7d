"""Keras's call arguments written after a layer's tensors: ``Dense(d)(x, training=False)``,
``mha(q, v, use_causal_mask=True)``, ``s(x, mask=m)``. Counts and shapes do not read them
(a mask or ``training`` changes values, not sizes); a name Keras's calls do not take is an
error, and so is ``return_attention_scores=True``, which would change the outputs.

>>> from symparams import parse
>>> m = parse('''
... model m(d=4):
...     x = Input(shape=(3, d))
...     h = MultiHeadAttention(2, 8)(x, x, use_causal_mask=True, training=False)
... ''')["m"]
>>> m.layers[0].output_shape
(3, d)
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import ArgumentError, did_you_mean
from ..syntax import ast
from ..syntax.keras_names import CALL_KEYWORDS

__all__ = ["CALL_KEYWORDS", "check_call_keywords"]



def check_call_keywords(keywords: Sequence[ast.Keyword], layer: str, ctx) -> None:
    """Each of ``keywords`` is a call argument Keras takes, and none changes the outputs."""
    seen: set[str] = set()
    for keyword in keywords:
        span = ctx.span(keyword.pos)
        if keyword.name not in CALL_KEYWORDS:
            raise ArgumentError(
                f"{layer}(...)(...) takes no call argument '{keyword.name}'", span,
                hint=did_you_mean(keyword.name, CALL_KEYWORDS)
                or "call arguments: " + ", ".join(CALL_KEYWORDS))
        if keyword.name in seen:
            raise ArgumentError(f"call argument '{keyword.name}' is given twice", span)
        seen.add(keyword.name)
        if keyword.name == "return_attention_scores" and not (
                isinstance(keyword.value, ast.Const) and keyword.value.value is False):
            raise ArgumentError(
                "return_attention_scores=True makes the call return two tensors; symparams "
                "follows the layer's output", span,
                hint="leave it out (the attention scores have no weights)")
