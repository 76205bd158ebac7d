"""A read-only mapping whose values are worked out when first read: a layer's costs at
values by convention, where the ``xla`` count (a convolution's in-bounds taps) is slow and
most callers read only ``macs`` or ``flops``.

>>> asked = []
>>> costs = OnDemand(("macs", "xla"), lambda key: asked.append(key) or len(key))
>>> costs["macs"], list(asked), dict(costs), list(asked)
(4, ['macs'], {'macs': 4, 'xla': 3}, ['macs', 'xla'])
>>> costs == {"macs": 4, "xla": 3}, costs.get("flops")
(True, None)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

__all__ = ["OnDemand"]


class OnDemand(Mapping):
    """The keys ``keys``, each value ``work(key)``, worked out once when first read."""

    __slots__ = ("_keys", "_work", "_done")

    def __init__(self, keys: Sequence[str], work: Callable[[str], Any]) -> None:
        self._keys = tuple(keys)
        self._work = work
        self._done: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._done:
            if key not in self._keys:
                raise KeyError(key)
            self._done[key] = self._work(key)
        return self._done[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return repr(dict(self))
