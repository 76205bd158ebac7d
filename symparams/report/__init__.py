"""Stage 5, reports as data: the working-out of each count (:mod:`.derivation`) and the
reference of every layer type (:mod:`.layer_reference`). Renderers format these; nothing
here formats for one output."""
