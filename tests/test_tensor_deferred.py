"""The stand-in for ``sympy.tensor.tensor`` (``symparams/tensor_deferred.py``): a summary
never imports SymPy's tensor module or combinatorics, and code that does use tensors after
``import symparams`` gets SymPy's own classes and sums. Each case runs in a fresh process,
as the stand-in only acts before the real module is imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

CASES = [
    # a whole summary: neither module imported
    ("import sys, io, contextlib\n"
     "from symparams.cli.main import main\n"
     "with contextlib.redirect_stdout(io.StringIO()):\n"
     "    main(['summary', 'examples/resnet50.sp'])\n"
     "print(sorted(m for m in sys.modules if m.startswith('sympy.combinatorics')),"
     " type(sys.modules['sympy.tensor.tensor']).__name__)",
     "[] _StandIn"),
    # tensors after symparams: the real module, and its sums work
    ("import symparams, sympy\n"
     "from sympy.tensor.tensor import TensorIndexType, tensor_indices, TensorHead, TensAdd\n"
     "L = TensorIndexType('L'); i = tensor_indices('i', L)\n"
     "A, B = TensorHead('A', [L]), TensorHead('B', [L])\n"
     "s = A(i) + B(i) + sympy.Symbol('x') * 0\n"
     "print(type(s).__name__, isinstance(s, TensAdd))",
     "TensAdd True"),
    # the names Add asks for, asked after the swap from the stand-in kept by an import
    ("import symparams, sys\nimport sympy.tensor.tensor as kept\n"
     "from sympy.tensor.tensor import TensorHead\n"
     "print(kept.TensAdd is sys.modules['sympy.tensor.tensor'].TensAdd)",
     "True"),
    # TensExpr asked for by user code first: the real class, not the stand-in's
    ("import symparams\nfrom sympy.tensor.tensor import TensExpr, TensorHead\n"
     "print(TensExpr.__module__)",
     "sympy.tensor.tensor"),
    # `import sympy.tensor.tensor` as a statement, then an attribute of it
    ("import symparams\nimport sympy.tensor.tensor\n"
     "print(sympy.tensor.tensor.TensorHead.__module__)",
     "sympy.tensor.tensor"),
    # symbols' sums are untouched
    ("import symparams, sympy\nx, y = sympy.symbols('x y')\nprint(x + y + 1)", "x + y + 1"),
]


@pytest.mark.parametrize(("code", "printed"), CASES, ids=range(len(CASES)))
def test_stand_in(code: str, printed: str) -> None:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == printed
