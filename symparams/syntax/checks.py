"""What a ``check`` statement may claim: ``[layer.]count OP expression``, the count one of
:data:`CHECK_COUNTS` (see docs/dsl.md#checks). Read from the parser's comparison nodes.

>>> from symparams.syntax import ast
>>> p = ast.Pos(1, 7, 1, 30)
>>> node = ast.Compare(ast.Name("simple_rnn.params", p), ("==",), (ast.Int(1890, p),), p)
>>> layer, count, comparison = claim(node, print)
>>> layer, count, comparison.op, comparison.right.value
('simple_rnn', 'params', '==', 1890)
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import did_you_mean
from . import ast

__all__ = ["CHECK_COUNTS", "claim"]

#: The counts a check (and ``solve``, ``sweep``, ``compare``'s ``--count``) can name.
CHECK_COUNTS = ("params", "trainable", "non_trainable", "macs", "flops", "fvcore", "xla",
                "activations")

_EXAMPLE = "write it as 'check simple_rnn.params == 1890' or 'check params <= 10**6'"


def _reference(node) -> tuple[str | None, str] | None:
    """``params`` -> (None, "params"); ``dense.macs`` -> ("dense", "macs"); ``dense[1].macs``
    (a shared layer's later call) -> ("dense[1]", "macs"); else None."""
    if isinstance(node, ast.Name):
        head, dot, attr = node.id.rpartition(".")
        if not dot:
            return None, node.id
        return (head, attr) if "." not in head else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
            and "." not in node.value.id:
        return node.value.id, node.attr
    value = getattr(node, "value", None)
    if isinstance(node, ast.Attribute) and isinstance(value, ast.Subscript) \
            and isinstance(value.value, ast.Name) and isinstance(value.index, ast.Int):
        return f"{value.value.id}[{value.index.value}]", node.attr  # a later call: dense[1]
    return None


def claim(node, error: Callable[..., Exception]
          ) -> tuple[str | None, str, ast.Comparison]:
    """One claim of a ``check`` statement; ``error(message, pos, hint)`` makes the syntax
    error to raise for anything else."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1
            and node.ops[0] not in ("is", "is not", "in", "not in")):
        raise error("'check' takes comparisons of a count", node.pos, _EXAMPLE)
    found = _reference(node.left)
    if found is None:
        raise error("the left side of a check names a count: params, or a layer's, "
                    "such as dense.params", node.left.pos, _EXAMPLE)
    layer, count = found
    if count not in CHECK_COUNTS:
        raise error(f"'{count}' is not a count a check knows", node.left.pos,
                    did_you_mean(count, CHECK_COUNTS)
                    or "the counts are " + ", ".join(CHECK_COUNTS))
    return layer, count, ast.Comparison(node.ops[0], node.left, node.comparators[0], node.pos)
