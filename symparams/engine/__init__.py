"""Stage 3, syntax tree to model: elaboration binds symbols and arguments against the layer
registry, runs a model body as a graph of named tensors (blocks, ``repeat``, merges, ``use``
imports) and builds the :class:`~.model.Model` with its SymPy formulas."""
