"""``symparams/layers/families.py`` (which module registers each built-in layer name, so a
model loads only the families it uses) is current, and lookups load just what they need.

    SYMPARAMS_REGENERATE=1 python -m pytest tests/test_layer_families.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT

INDEX = ROOT / "symparams" / "layers" / "families.py"

# Run in a fresh interpreter: the registering module of each name, found by loading the
# families one by one (names registered when symparams and its parser are imported come
# first: the package imports the parser only when first asked, and a family that imports
# another, as recurrent does merging, would otherwise be credited with its names).
FIND = """
import importlib, json, sys
import symparams.engine.parse  # the engine, with the families it imports itself
from symparams.layers import registry
found = {}
for name, canonical in registry._ALIASES.items():
    found[name] = registry._REGISTRY[canonical].family
for family in registry.builtin_families():
    before = set(registry._ALIASES)
    importlib.import_module(f"symparams.layers.{family}")
    found.update(dict.fromkeys(set(registry._ALIASES) - before, family))
print(json.dumps(found))
"""

OPENING = "FAMILY_OF: dict[str, str] = {\n"  # the file's text before it is kept as it is


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=True)
    return done.stdout


def test_the_index_is_current() -> None:
    found = json.loads(_python(FIND))
    header = INDEX.read_text(encoding="utf-8").split(OPENING)[0] + OPENING
    text = header + "".join(f"    {k!r}: {v!r},\n" for k, v in sorted(found.items())) + "}\n"
    if os.environ.get("SYMPARAMS_REGENERATE") == "1":
        INDEX.write_text(text, encoding="utf-8")
    assert INDEX.read_text(encoding="utf-8") == text, "run SYMPARAMS_REGENERATE=1 pytest " \
        "tests/test_layer_families.py"


def test_a_lookup_loads_only_its_family() -> None:
    code = ("import json, sys\nfrom symparams.layers import registry\n"
            "assert registry.lookup('GRU').name == 'GRU'\n"
            "assert registry.lookup('d') is None and registry.lookup('H') is None\n"
            "print(json.dumps([m.rsplit('.', 1)[1] for m in sys.modules if m.startswith("
            "'symparams.layers.') and m.rsplit('.', 1)[1] in registry.builtin_families()]))")
    loaded = json.loads(_python(code))
    assert "recurrent" in loaded and "augmentation" not in loaded and "conv" not in loaded


def test_names_are_all_known_before_their_families_load() -> None:
    code = ("from symparams.layers import registry\nnames = registry.layer_names()\n"
            "registry.layer_types()\nassert names == registry.layer_names(), 'differs'\n"
            "print(len(names))")
    assert int(_python(code)) > 100


def test_a_layer_of_ones_own_keeps_a_builtins_name_once_registered() -> None:
    """The built-in family is loaded before the new layer is registered, so it cannot
    overwrite the new layer when a later lookup loads it."""
    code = ("import dataclasses\nfrom symparams.layers import registry\n"
            "mine = dataclasses.replace(registry.lookup('Dense'), name='RandomFlip', "
            "aliases=())\nregistry.register(mine)\nregistry.layer_types()\n"
            "print(registry.lookup('RandomFlip') is mine)\n")
    assert _python(code).strip() == "True"
