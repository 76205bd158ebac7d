"""Stage 4, questions asked of a model's formulas: :mod:`.compare` (are two counts equal?),
:mod:`.solve` (which value meets a budget?) and :mod:`.sweep` (every value over ranges)."""
