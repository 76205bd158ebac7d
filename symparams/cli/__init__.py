"""The command line: ``symparams COMMAND FILE`` (:mod:`.main`), one module per command
(:mod:`.commands`), safe writing of output files (:mod:`.output`)."""

from ..collector import collector_paused

with collector_paused():  # SymPy's import: objects kept, nothing for the collector to free
    from .main import build_parser, entry, error_text, main

__all__ = ["main", "entry", "build_parser", "error_text"]
