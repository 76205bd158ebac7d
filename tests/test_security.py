"""No code execution, ever: the package never evaluates text, and hostile input is only ever
data (see docs/security.md)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import symparams
from symparams.errors import SymparamsError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "symparams"

# Called under any name (sympy.sympify(...), ast.literal_eval(...)) these parse text as code.
FORBIDDEN_ANYWHERE = {"sympify", "parse_expr", "literal_eval", "__import__", "run_path",
                      "run_module", "execfile"}
# The builtins, called bare or as builtins.eval: a method such as Poly.eval is harmless, and
# so is re.compile.
FORBIDDEN_BARE = {"eval", "exec", "compile", "S", "input", "execfile"}


def _called_name(call: ast.Call) -> tuple[str, bool]:
    """The called name and whether it is bare (``f()`` or ``builtins.f()``)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id, True
    if isinstance(func, ast.Attribute):
        on_builtins = isinstance(func.value, ast.Name) and func.value.id == "builtins"
        return func.attr, on_builtins
    return "", False


def scan(source: str, filename: str) -> list[str]:
    """Every forbidden call or import in ``source``, as ``file:line: what``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call):
            name, bare = _called_name(node)
            if name in FORBIDDEN_ANYWHERE or (bare and name in FORBIDDEN_BARE):
                found.append(f"{filename}:{node.lineno}: call of {name}")
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in FORBIDDEN_ANYWHERE | {"S", "eval", "exec"}:
                    found.append(f"{filename}:{node.lineno}: import of {alias.name}")
            if node.module and node.module.startswith("sympy.parsing"):
                found.append(f"{filename}:{node.lineno}: import from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("sympy.parsing") or alias.name in ("pickle", "marshal"):
                    found.append(f"{filename}:{node.lineno}: import of {alias.name}")
    return found


def package_files() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    return files


def test_package_never_evaluates_text():
    found = [hit for path in package_files()
             for hit in scan(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


@pytest.mark.parametrize("source", [
    pytest.param("eval('1')", id="eval"),
    pytest.param("import sympy\nsympy.sympify('x')", id="sympify-attr"),
    pytest.param("from sympy import sympify", id="import-sympify"),
    pytest.param("from sympy.parsing.sympy_parser import parse_expr", id="parse-expr"),
    pytest.param("import ast\nast.literal_eval('1')", id="literal-eval"),
    pytest.param("__import__('os')", id="dunder-import"),
    pytest.param("compile('1', 'f', 'eval')", id="compile"),
    pytest.param("exec('x = 1')", id="exec"),
    pytest.param("from sympy import S\nS('x')", id="sympy-S"),
])
def test_the_scan_finds_each_kind(source):
    assert scan(source, "probe.py")


def test_the_scan_allows_methods_of_the_same_name():
    assert scan("import re\nre.compile('x')\np.eval(3)", "probe.py") == []
    assert scan("import builtins\nbuiltins.eval('1')", "probe.py")


INJECTIONS = [
    pytest.param("    Dense(__import__('os').system('touch {marker}'))\n", id="import-system"),
    pytest.param("    Dense(eval(\"open('{marker}', 'w')\"))\n", id="eval-call"),
    pytest.param("    exec(\"open('{marker}', 'w')\")\n", id="exec-statement"),
    pytest.param("    Dense(().__class__.__bases__[0].__subclasses__())\n", id="dunder-walk"),
    pytest.param("    Dense([x for x in open('{marker}', 'w')])\n", id="comprehension"),
    pytest.param("    Dense(lambda: open('{marker}', 'w'))\n", id="lambda"),
    pytest.param("    Dense(4, name=f\"{{open('{marker}', 'w')}}\")\n", id="f-string"),
    pytest.param("    import os\n", id="import"),
    pytest.param("    use \"/etc/passwd\"\n", id="use-file"),
]


@pytest.mark.parametrize("body", INJECTIONS)
def test_injection_is_an_error_and_runs_nothing(tmp_path, body):
    marker = tmp_path / "PWNED"
    text = "model m(d=4):\n    Input(shape=(d,))\n" + body.format(marker=marker)
    with pytest.raises(SymparamsError):
        symparams.parse(text)
    assert not marker.exists()


def test_injection_through_the_cli_runs_nothing(tmp_path):
    marker = tmp_path / "PWNED"
    model = tmp_path / "evil.sp"
    model.write_text("model m(d=4):\n    Input(shape=(d,))\n"
                     f"    Dense(__import__('os').system('touch {marker}'))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "symparams", "summary", str(model)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "error:" in done.stderr
    assert not marker.exists()


def test_strings_in_input_stay_data():
    """A layer name that looks like a format string or markup is printed as it is."""
    name = "{0.__class__}%s${x}"
    doc = symparams.parse(f'model m(d=4):\n    Input(shape=(d,))\n    Dense(d, name="{name}")\n')
    from symparams.render.jsonout import summary_json
    from symparams.render.text import summary_text

    model = doc.models["m"]
    assert name in summary_text(model, model.values)
    assert name in summary_json([(model, model.values)])


def test_symbol_names_are_never_sympy_constants():
    doc = symparams.parse("model m(E=2, I=3, S=4, N=5, Q=6, O=7, pi=8):\n"
                          "    Input(shape=(E,))\n    Dense(I*S*N*Q*O*pi)\n")
    model = doc.models["m"]
    assert model.evaluate().params == 3 * 4 * 5 * 6 * 7 * 8 * (2 + 1)
