"""The package's layout is its pipeline: every module's imports (read with ``ast``, including
imports inside functions and under ``TYPE_CHECKING``) run down the stages, never up, with no
cycle between modules and no private name taken from another module.

The stages, lowest first (see docs/architecture.md); a module may import its own stage and
any stage below it. ``cli`` and ``notebook`` share the top stage but never import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "symparams"

# stage name -> rank; a module's stage is its first folder under symparams/ (or its own name)
STAGES = {
    "errors": 0, "limits": 0, "guard": 0, "version": 0, "exact": 0, "collector": 0,
    "tensor_deferred": 0, "record": 0,
    "syntax": 1, "keras_import": 1,
    "symbolic": 2,
    "layers": 3,
    "engine": 4,
    "algebra": 5,
    "report": 6,
    "render": 7,
    "cli": 8, "notebook": 8,
    "__init__": 9, "__main__": 9,  # the public facade: symparams.parse, ...
}
# Within one rank, only these stages may import each other (the foundation is one stage).
SAME_RANK_OK = {frozenset({"errors", "limits"}), frozenset({"errors", "guard"}),
                frozenset({"limits", "guard"}), frozenset({"guard", "exact"}),
                # frozen records (dataclasses without generated code) for the foundation too
                frozenset({"errors", "record"}), frozenset({"limits", "record"}),
                frozenset({"__main__", "__init__"}),
                # `symparams import` writes model text: it uses the parser's layer names
                frozenset({"keras_import", "syntax"})}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(module: str) -> list[tuple[str, list[str], int]]:
    """``(imported module, names, line)`` for every symparams import in ``module``."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("symparams")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("symparams"):
                continue
            names = [a.name for a in node.names]
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            if submodules and len(submodules) == len(names):  # from . import ast
                out += [(s, [], node.lineno) for s in submodules]
            else:
                out.append((target, names, node.lineno))
    return out


def edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for target, _, _ in imports(module):
            while target not in MODULES and "." in target:  # symparams.x.Name
                target = target.rsplit(".", 1)[0]
            if target in MODULES and target != module:
                graph[module].add(target)
    return graph


def test_every_module_has_a_stage() -> None:
    unknown = sorted(m for m in MODULES if stage(m) not in STAGES)
    assert not unknown, f"modules outside the known stages (add them to STAGES): {unknown}"


def test_imports_run_down_the_pipeline() -> None:
    wrong = []
    for module in MODULES:
        for target, _, line in imports(module):
            if target not in MODULES and target.rsplit(".", 1)[0] in MODULES:
                target = target.rsplit(".", 1)[0]
            a, b = stage(module), stage(target)
            if a == b or a not in STAGES or b not in STAGES:
                continue
            up = STAGES[b] > STAGES[a]
            sideways = STAGES[b] == STAGES[a] and frozenset({a, b}) not in SAME_RANK_OK
            if up or sideways:
                wrong.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} imports "
                             f"{target} ({a} -> {b})")
    assert not wrong, "imports against the pipeline:\n" + "\n".join(wrong)


def test_no_import_cycle() -> None:
    graph = edges()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(
                    str(MODULES[m].relative_to(PACKAGE.parent)) for m in cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_no_private_name_crosses_modules() -> None:
    wrong = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line} imports {n} from {target}"
             for m in MODULES for target, names, line in imports(m)
             for n in names if n.startswith("_") and not n.startswith("__")]
    assert not wrong, "\n".join(wrong)
