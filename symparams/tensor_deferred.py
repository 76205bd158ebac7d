"""Keep SymPy's first sum from importing ``sympy.tensor.tensor`` and all of combinatorics.

SymPy's ``Add.flatten`` runs ``from sympy.tensor.tensor import TensExpr, TensAdd`` on every
call, only to ask ``isinstance(term, TensExpr)``. symparams never builds tensor expressions,
yet the first sum it forms pays for importing that module and ``sympy.combinatorics``: 40 ms
and 2 MiB of ResNet50's summary (0.55 s, 57 MiB). :func:`defer_tensor_module` puts a
stand-in module under that name. To ``Add`` alone, its ``TensExpr`` and ``TensAdd`` are
classes nothing is an instance of, which is the truth while the real module is not imported:
an instance of the real classes cannot exist before their module does. Asking the stand-in
for any other name, or for these from anywhere else, imports the real module, puts it in the
stand-in's place and answers from it, so code that does use tensors gets SymPy's own classes
(``Add.flatten`` imports the names afresh on every call).

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
#: What ``Add.flatten`` (in module ADD) imports from it on every call: only ADD gets the
#: stand-in's answer; anyone else asking imports the real module.
ASKED_BY_ADD = frozenset({"TensExpr", "TensAdd"})
ADD = "sympy.core.add"


class _Never:
    """A class of which nothing is an instance: ``isinstance`` answers False, as it must."""


class _StandIn(types.ModuleType):
    """``sympy.tensor.tensor`` until something asks it for more than ``Add.flatten`` does;
    from then on, the real module's names, even to code that kept hold of the stand-in."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # the import system's questions (``__path__``): not ours
            raise AttributeError(name)
        if sys.modules.get(NAME) is self:
            if name in ASKED_BY_ADD and sys._getframe(1).f_globals.get("__name__") == ADD:
                return _Never
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
