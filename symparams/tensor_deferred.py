"""Keep SymPy's first sum from importing ``sympy.tensor.tensor`` (70 ms, all of combinatorics).

SymPy's ``Add.flatten`` runs ``from sympy.tensor.tensor import TensExpr, TensAdd`` on every
call, only to ask ``isinstance(term, TensExpr)``. symparams never builds tensor expressions,
yet the first sum it forms pays for importing that module and ``sympy.combinatorics``: about
70 ms and 4 MiB of a 0.5 s summary. :func:`defer_tensor_module` puts a stand-in module under
that name. Its ``TensExpr`` and ``TensAdd`` are classes nothing is an instance of, which is
the truth while the real module is not imported: an instance of the real classes cannot exist
before their module does. Asking the stand-in for any other name imports the real module,
puts it in the stand-in's place, and answers from it, so code that does use tensors gets
SymPy's own classes from then on (``Add.flatten`` imports the names afresh on every call).

>>> defer_tensor_module()
>>> from sympy import Symbol
>>> Symbol("x") + 1
x + 1
>>> from sympy.tensor.tensor import TensorIndexType  # imports the real module
>>> TensorIndexType.__module__
'sympy.tensor.tensor'
"""

from __future__ import annotations

import importlib
import sys
import types

__all__ = ["defer_tensor_module"]

NAME = "sympy.tensor.tensor"


class _Never:
    """A class of which nothing is an instance: ``isinstance`` answers False, as it must."""


class _StandIn(types.ModuleType):
    """``sympy.tensor.tensor`` until something asks it for more than ``Add.flatten`` does."""

    TensExpr = _Never
    TensAdd = _Never

    def __getattr__(self, name: str):
        if name.startswith("__"):  # the import system's questions (``__path__``): not ours
            raise AttributeError(name)
        if sys.modules.get(NAME) is self:
            del sys.modules[NAME]
        return getattr(importlib.import_module(NAME), name)


def defer_tensor_module() -> None:
    """Put the stand-in in place, unless SymPy's tensor module is imported already."""
    if NAME in sys.modules:
        return
    import sympy.tensor

    stand_in = _StandIn(NAME, __doc__)
    sys.modules[NAME] = stand_in
    sympy.tensor.tensor = stand_in  # what ``import sympy.tensor.tensor`` then binds
