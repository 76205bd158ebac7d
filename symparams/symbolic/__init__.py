"""The SymPy toolkit every later stage shares: integer arithmetic on positive symbols
(floor and ceiling division, provable inequalities, a canonical form: :mod:`.integers`),
display forms (:mod:`.forms`) and ``assume`` statements (:mod:`.assumptions`). It knows
nothing of layers, models or output formats."""
