"""Reading model source: bytes to text under the size limit, with an error that points at a
byte that is not UTF-8."""

from __future__ import annotations

from pathlib import Path

from ..errors import DSLSyntaxError, LimitError, SourceSpan
from ..limits import DEFAULT_LIMITS, Limits

__all__ = ["read_source", "decode_source", "too_large"]


def too_large(filename: str, limits: Limits) -> LimitError:
    return LimitError(
        f"source is larger than {limits.max_source_bytes} bytes",
        SourceSpan(filename, "", 1, 1),
        hint="raise the limit with --max-source-bytes (Limits.max_source_bytes)",
    )


def read_source(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of a model file; never reads more than the size limit allows.

    ``OSError`` (missing file, a directory, no permission) passes through.
    """
    with open(path, "rb") as handle:
        data = handle.read(limits.max_source_bytes + 1)
    return decode_source(data, str(path), limits)


def decode_source(data: bytes, filename: str = "<bytes>", limits: Limits = DEFAULT_LIMITS) -> str:
    """Bytes to text (UTF-8, an initial BOM allowed); an error names the bad byte's place.

    >>> decode_source(b"model m():\\n  Dense(\\xff)\\n", "m.sp")
    Traceback (most recent call last):
    ...
    symparams.errors.DSLSyntaxError: m.sp:2:9: error: not UTF-8 text: byte 0xff (invalid start byte)
      Dense(\ufffd)
            ^
    hint: save the file as UTF-8
    """
    if len(data) > limits.max_source_bytes:
        raise too_large(filename, limits)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start].decode("utf-8").removeprefix("\ufeff")
        before = before.replace("\r\n", "\n").replace("\r", "\n")  # as the parser counts
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        raise DSLSyntaxError(
            f"not UTF-8 text: byte 0x{data[err.start]:02x} ({err.reason})",
            SourceSpan(filename, text, line, column),
            hint="save the file as UTF-8",
        ) from None
