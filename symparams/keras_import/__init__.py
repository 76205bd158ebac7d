"""``symparams import``: Keras code and configs to model text, without running or loading
them. Stage 1 (syntax): it imports only the foundation and :mod:`symparams.syntax`."""

from .importer import ImportResult, import_file, import_text

__all__ = ["ImportResult", "import_file", "import_text"]
