"""``use`` lines: the blocks a file can call, from itself, from files next to it and from the
standard library shipped in the package (``symparams/stdlib/*.sp``).

``use "blocks.sp"`` reads a file relative to the importing file's directory; absolute paths,
``..`` and anything that resolves (through links) outside the top file's directory are
refused. ``use stdlib.transformer`` reads ``symparams/stdlib/transformer.sp``.

>>> sorted(load_module_blocks("stdlib.squeeze_excite"))
['SqueezeExcite']
"""

from __future__ import annotations

import keyword
import re
from dataclasses import replace
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import DeclarationError, LimitError, SourceSpan, did_you_mean
from ..limits import DEFAULT_LIMITS, Limits
from ..record import Record, record
from ..syntax import ast
from ..syntax.source import read_source

__all__ = ["BlockSource", "collect_blocks", "stdlib_modules", "load_module_blocks"]

_STDLIB = "stdlib"
_MAX_FILES = 64


@record
class BlockSource(Record):
    """A block definition and the text it was read from (for error positions)."""

    definition: ast.BlockDef | ast.FunctionDef
    filename: str
    text: str


def stdlib_modules() -> list[str]:
    """Names usable as ``use stdlib.NAME``."""
    folder = resources.files("symparams") / _STDLIB
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".sp"))


class _Loader:
    def __init__(self, root: Path | None, limits: Limits) -> None:
        self.root = root
        self.limits = limits
        self.loaded: dict[str, dict[str, BlockSource]] = {}
        self.total_bytes = 0  # of every file read, bounded by max_source_bytes in all
        self.active: list[str] = []

    def span(self, filename: str, text: str, pos: ast.Pos) -> SourceSpan:
        return SourceSpan(filename, text, pos.line, pos.column, pos.end_line, pos.end_column)

    def blocks(self, module: ast.Module, filename: str, text: str, in_stdlib: bool = False):
        """The blocks of a parsed file: its own and those of the files it uses."""
        found: dict[str, BlockSource] = {}
        for use in module.uses:
            for name, source in self.use(use, filename, text, in_stdlib).items():
                other = found.get(name)
                if other is not None and other.definition is not source.definition:
                    raise DeclarationError(
                        f"block '{name}' comes from two files ({other.filename} and "
                        f"{source.filename})", self.span(filename, text, use.pos))
                found[name] = source
        for block in (*module.blocks, *module.functions):  # blocks and `def` helpers
            if block.name in found:
                previous = found[block.name]
                where = "defined twice" if previous.filename == filename else \
                    f"already imported from {previous.filename}"
                raise DeclarationError(f"block '{block.name}' is {where}",
                                       self.span(filename, text, block.name_pos))
            found[block.name] = BlockSource(block, filename, text)
        return found

    def use(self, use: ast.Use, filename: str, text: str, in_stdlib: bool):
        span = self.span(filename, text, use.pos)
        if use.module is not None:
            parts = use.module.split(".")
            if parts[0] != _STDLIB or len(parts) != 2:
                raise DeclarationError(
                    f"unknown module '{use.module}'", span,
                    hint="the standard library is 'stdlib.NAME'; for a file write "
                    "use \"file.sp\"")
            if parts[1] not in stdlib_modules():
                raise DeclarationError(
                    f"the standard library has no module '{parts[1]}'", span,
                    hint=did_you_mean(parts[1], stdlib_modules())
                    or "modules: " + ", ".join(stdlib_modules()))
            key = f"<stdlib>/{parts[1]}.sp"
            resource = resources.files("symparams") / _STDLIB / f"{parts[1]}.sp"
            return self.load(key, lambda: resource.read_text(encoding="utf-8"),
                             f"stdlib/{parts[1]}.sp", span, in_stdlib=True)
        if in_stdlib:
            raise DeclarationError("standard library files may only use stdlib modules", span)
        path = self.resolve(use.path or "", filename, span)
        return self.load(str(path), lambda: self.read(path, span), str(path), span)

    def read(self, path: Path, span: SourceSpan) -> str:
        """A used file's text: its size checked before it is read, and the total of every
        file used bounded by ``max_source_bytes``."""
        room = self.limits.max_source_bytes - self.total_bytes
        size = path.stat().st_size
        if size > room:
            raise LimitError(
                f"'{path.name}' ({size:,} bytes) would take the files used past "
                f"{self.limits.max_source_bytes:,} bytes in all", span,
                hint="raise the limit with --max-source-bytes (Limits.max_source_bytes)")
        text = read_source(path, replace(self.limits, max_source_bytes=max(1, room)))
        self.total_bytes += len(text.encode("utf-8", "surrogatepass"))
        return text

    def resolve(self, raw: str, filename: str, span: SourceSpan) -> Path:
        hint = "write a path relative to this file's folder, such as \"blocks.sp\""
        if not raw or "\\" in raw or "\0" in raw or raw.startswith("~") \
                or PureWindowsPath(raw).drive or PurePosixPath(raw).is_absolute():
            raise DeclarationError(f"'{raw}' is not a relative path", span, hint=hint)
        parts = PurePosixPath(raw).parts
        if ".." in parts:
            raise DeclarationError(f"'{raw}' leaves this file's folder ('..')", span, hint=hint)
        if not raw.endswith(".sp"):
            raise DeclarationError(f"'{raw}' is not a .sp file", span)
        if self.root is None:
            raise DeclarationError("use \"file\" needs a source file (this text has none)",
                                   span, hint="use parse_file(), or the stdlib modules")
        base = Path(filename).resolve().parent if Path(filename).is_file() else self.root
        path = (base / Path(*parts)).resolve()
        if not path.is_relative_to(self.root):
            raise DeclarationError(f"'{raw}' resolves outside {self.root}", span, hint=hint)
        if not path.is_file():
            raise DeclarationError(f"no file '{raw}' next to {filename}", span)
        return path

    def load(self, key: str, read, filename: str, span: SourceSpan, in_stdlib=False):
        if key in self.active:
            raise DeclarationError(f"'{filename}' uses itself (through "
                                   f"{' -> '.join(self.active)})", span)
        if key in self.loaded:
            return self.loaded[key]
        if len(self.loaded) >= _MAX_FILES:
            raise DeclarationError(f"more than {_MAX_FILES} files used", span)
        from ..syntax.parser import parse_module

        text = read()
        module = parse_module(text, filename, self.limits)
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.active.append(key)
        try:
            found = self.blocks(module, filename, text, in_stdlib)
        finally:
            self.active.pop()
        self.loaded[key] = found
        return found


def _root_of(filename: str) -> Path | None:
    path = Path(filename)
    if filename.startswith("<") or not path.is_file():
        return None
    return path.resolve().parent


def collect_blocks(module: ast.Module, filename: str, text: str,
                   limits: Limits = DEFAULT_LIMITS) -> dict[str, BlockSource]:
    """Every block a file can call: its own and those its ``use`` lines bring in."""
    loader = _Loader(_root_of(filename), limits)
    loader.total_bytes = len(text.encode("utf-8", "surrogatepass"))
    blocks = loader.blocks(module, filename, text)
    for name, source in blocks.items():
        if keyword.iskeyword(name) or not re.fullmatch(r"[^\W\d]\w*", name):
            raise DeclarationError(f"'{name}' is not a valid block name",
                                   loader.span(source.filename, source.text,
                                               source.definition.name_pos))
    return blocks


def load_module_blocks(module: str) -> dict[str, BlockSource]:
    """The blocks of one standard-library module, e.g. ``"stdlib.transformer"``."""
    use = ast.Use(None, module, ast.Pos(1, 1, 1, 1))
    return _Loader(None, DEFAULT_LIMITS).use(use, "<use>", "", in_stdlib=False)
