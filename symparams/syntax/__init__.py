"""Stage 1, text to syntax tree: the Lark grammar, the Transformer that builds frozen
dataclasses (:mod:`.ast`) with source positions, syntax errors in the user's terms, reading
source files, and the Pygments lexer. Nothing here knows about SymPy or layers; it imports
nothing of symparams but :mod:`symparams.errors` and :mod:`symparams.limits`."""
