"""Layer definitions, one module per family, registered in :mod:`.registry`."""

from .registry import LayerType, Param, layer_types, lookup, register

__all__ = ["LayerType", "Param", "layer_types", "lookup", "register"]
