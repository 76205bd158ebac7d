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

from typing import TYPE_CHECKING

from .collector import collector_paused

with collector_paused():  # SymPy (through limits): objects kept, nothing to free
    from .engine.rich_display import set_rich_display
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
    from .tensor_deferred import defer_tensor_module
    from .version import __version__

    defer_tensor_module()

if TYPE_CHECKING:  # imported on first use (below), as tools see them
    from .engine.model import Document, Evaluation, Layer, LayerValues, Model
    from .engine.parse import parse, parse_file

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
    "load_ipython_extension",
    "__version__",
]

# name -> (module, function): loaded on first use (numpy is heavy; the notebook package is
# needed only in Jupyter). symparams.algebra.compare, .solve, .sweep hold the rest of each API.
# The engine too: `python -m symparams` runs this file before the CLI's entry point, which
# must come first to keep the parser's optional import of regex out.
_LAZY = {"parse": ("engine.parse", "parse"), "parse_file": ("engine.parse", "parse_file"),
         **{name: ("engine.model", name)
            for name in ("Document", "Evaluation", "Layer", "LayerValues", "Model")},
         "compare_models": ("algebra.compare", "compare"), "solve_for": ("algebra.solve", "solve"),
         "sweep_values": ("algebra.sweep", "sweep"), "show": ("notebook.display", "show"),
         "load_ipython_extension": ("notebook.magic", "load_ipython_extension")}


def __getattr__(name: str):
    """:data:`_LAZY`'s functions, imported when first asked for."""
    if name in _LAZY:
        import importlib

        from .collector import collector_paused

        module, attr = _LAZY[name]
        with collector_paused():  # SymPy, lark, the catalogue: objects kept, nothing to free
            return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'symparams' has no attribute {name!r}")


def _notebook_display(kind: str, obj: object) -> str:
    """Rich display of documents, models, layers and derivations (Jupyter's ``_repr_*_``)."""
    from .notebook.display import render

    return render(kind, obj)


set_rich_display(_notebook_display)
