"""Jupyter: rich display of documents, models and layers (:mod:`.display`) and the
``%%symparams`` cell magic (``%load_ext symparams.notebook``, :mod:`.magic`)."""

from .magic import load_ipython_extension

__all__ = ["load_ipython_extension"]
