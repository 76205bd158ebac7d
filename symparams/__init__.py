"""symparams: parameter counts and output shapes of Keras-style models as exact formulas.

>>> import symparams
>>> doc = symparams.parse('''
... model rnn(V=10000, E=32, T=600, h=15):
...     Embedding(input_dim=V, output_dim=E, input_length=T)
...     SimpleRNN(h, return_sequences=True)
...     Dense(1, activation="sigmoid")
... ''')
>>> rnn = doc.models["rnn"]
>>> [str(layer.params) for layer in rnn.layers]
['E*V', 'h*(E + h) + h', 'h + 1']
>>> rnn.evaluate().params
320736
"""

from __future__ import annotations

from pathlib import Path

from .display import show
from .errors import (
    ArgumentError,
    DeclarationError,
    DSLSyntaxError,
    InvalidValueError,
    LimitError,
    ShapeError,
    SymparamsError,
    UndeclaredSymbolError,
    UnknownLayerError,
    ValueBindingError,
)
from .limits import Limits
from .model import Document, Evaluation, Layer, LayerValues, Model

__all__ = [
    "parse",
    "show",
    "parse_file",
    "Document",
    "Model",
    "Layer",
    "Evaluation",
    "LayerValues",
    "Limits",
    "SymparamsError",
    "DSLSyntaxError",
    "UnknownLayerError",
    "ArgumentError",
    "UndeclaredSymbolError",
    "DeclarationError",
    "ShapeError",
    "InvalidValueError",
    "ValueBindingError",
    "LimitError",
    "compare_models",
    "solve_for",
    "sweep_values",
]

# name -> (module, function): loaded on first use (numpy is heavy). The modules
# symparams.compare, .solve, .sweep and .forms (display forms) hold the rest of each API.
_LAZY = {"compare_models": ("compare", "compare"), "solve_for": ("solve", "solve"),
         "sweep_values": ("sweep", "sweep")}


def __getattr__(name: str):
    """:data:`_LAZY`'s functions, imported when first asked for."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'symparams' has no attribute {name!r}")

__version__ = "0.1.0"


def parse(text: str, filename: str = "<string>", *, limits: Limits | None = None) -> Document:
    """Parse and analyse model source text.

    Raises a :class:`SymparamsError` subclass, naming file, line and column, for bad input.
    """
    from .elaborate import elaborate
    from .parser import parse_module

    limits = limits or Limits()
    module = parse_module(text, filename, limits)
    return elaborate(module, filename, text.removeprefix("\ufeff").replace("\r\n", "\n"), limits)


def parse_file(path: str | Path, *, limits: Limits | None = None) -> Document:
    """Read a model file (UTF-8) and :func:`parse` it."""
    from .parser import read_source

    limits = limits or Limits()
    return parse(read_source(path, limits), str(path), limits=limits)
