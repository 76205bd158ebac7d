"""Which translator a file needs, and the model text it gives.

``.ipynb`` (a notebook's code cells), ``.py`` (a script), ``.json`` (``model.to_json()``) and
``.keras`` (the ``config.json`` inside the zip archive, read without loading Keras). Nothing
is executed.

>>> result = import_text("model = Sequential()\\nmodel.add(Dense(3, input_shape=(4,)))\\n",
...                      "python")
>>> print(result.text, end="")
# imported by symparams from <string>
<BLANKLINE>
model sequential:
    Dense(3, input_shape=(4,))
"""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

from ..errors import DSLSyntaxError, SourceSpan
from ..limits import DEFAULT_LIMITS, Limits
from ..record import Record, record
from ..syntax.source import decode_source, too_large
from .ir import Problem
from .keras_config import Accepts, translate_config
from .notebook import notebook_code
from .python_code import Translation, translate_python
from .symbolize import Signature, symbolize
from .writer import write_models

__all__ = ["ImportResult", "import_text", "import_file", "KINDS", "kind_of"]

KINDS = ("notebook", "python", "config", "keras")
#: A notebook may hold outputs, an archive weights, a config every default: read up to this
#: many times the source limit (a notebook's code must be within the limit itself).
CONTAINER_FACTOR = 64


@record
class ImportResult(Record):
    text: str
    problems: tuple[Problem, ...]
    models: int


def kind_of(path: Path, data: bytes) -> str:
    """The file's kind, by suffix, else by content."""
    suffix = path.suffix.lower()
    if suffix == ".ipynb":
        return "notebook"
    if suffix == ".keras" or data[:2] == b"PK":
        return "keras"
    if suffix == ".json" or data.lstrip()[:1] == b"{":
        return "notebook" if b'"cells"' in data[:4096] and b'"nbformat"' in data else "config"
    return "python"


def import_text(text: str, kind: str, filename: str = "<string>", *,
                accepts: Accepts = lambda name: None,
                signature: Signature = lambda name: (),
                symbolic: bool = False, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Model text for ``text`` of ``kind`` (one of :data:`KINDS` but ``keras``)."""
    if kind == "notebook":
        code = notebook_code(text, filename)
        _check_size(code.text, filename, limits)
        result = translate_python(code.text, filename, code.where)
    elif kind == "python":
        _check_size(text, filename, limits)
        result = translate_python(text, filename)
    elif kind == "config":  # JSON full of defaults: the model text written is far smaller
        _check_size(text, filename, _container(limits))
        result = translate_config(text, filename, accepts)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return _finish(result, filename, signature, symbolic)


def import_file(path: str | Path, *, accepts: Accepts = lambda name: None,
                signature: Signature = lambda name: (), symbolic: bool = False,
                limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Model text for a notebook, script, Keras config or ``.keras`` archive."""
    path = Path(path)
    cap = limits.max_source_bytes * CONTAINER_FACTOR
    with open(path, "rb") as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise too_large(str(path), limits)
    kind = kind_of(path, data)
    if kind == "keras":
        text, filename = _archive_config(path, limits), f"{path}:config.json"
        return import_text(text, "config", filename, accepts=accepts, signature=signature,
                           symbolic=symbolic, limits=limits)
    text = decode_source(data, str(path), _container(limits) if kind != "python" else limits)
    return import_text(text, kind, str(path), accepts=accepts, signature=signature,
                       symbolic=symbolic, limits=limits)


def _container(limits: Limits) -> Limits:
    """The limits for a notebook or a config: :data:`CONTAINER_FACTOR` times the size."""
    return dataclasses.replace(
        limits, max_source_bytes=limits.max_source_bytes * CONTAINER_FACTOR)


def _archive_config(path: Path, limits: Limits) -> str:
    """``config.json`` of a ``.keras`` archive, read as a zip (Keras is not loaded)."""
    limits = _container(limits)
    try:
        with zipfile.ZipFile(path) as archive, archive.open("config.json") as member:
            data = member.read(limits.max_source_bytes + 1)
    except (zipfile.BadZipFile, KeyError) as err:
        raise DSLSyntaxError(f"not a .keras archive with a config.json ({err})",
                             SourceSpan(str(path), "", 1, 1)) from None
    if len(data) > limits.max_source_bytes:
        raise too_large(f"{path}:config.json", limits)
    return decode_source(data, f"{path}:config.json", limits)


def _check_size(text: str, filename: str, limits: Limits) -> None:
    if len(text.encode("utf-8", "surrogatepass")) > limits.max_source_bytes:
        raise too_large(filename, limits)


def _finish(result: Translation, filename: str, signature: Signature,
            symbolic: bool) -> ImportResult:
    if not result.models and not result.problems:
        raise DSLSyntaxError("no Sequential(...) or Model(inputs, outputs) found",
                         SourceSpan(filename, "", 1, 1),
                         hint="import reads Keras code that builds a model, or its config")
    if symbolic:
        for model in result.models:
            symbolize(model, signature)
    header = [f"# imported by symparams from {Path(filename).name}"]
    header += [f"# cannot translate: {p.where}: {p.message}" for p in result.problems]
    uses = [f"use {module}" for module in result.uses]
    text = write_models(result.models, [*header, *result.header, *uses], result.trailer,
                        sorted(result.blocks, key=lambda block: block.line or 0))
    return ImportResult(text, tuple(result.problems), len(result.models))
