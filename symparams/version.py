"""The package version (one place: the facade, ``symparams --version`` and the docs)."""

__all__ = ["__version__"]

__version__ = "0.1.0"
