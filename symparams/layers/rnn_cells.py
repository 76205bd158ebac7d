"""``RNN(cell)``: a recurrent layer around a cell (``SimpleRNNCell``, ``LSTMCell``, ``GRUCell``)
or a stack of them (``StackedRNNCells([...])``, or a list, which Keras stacks).

A cell has the weights of its layer (``LSTMCell(u)`` those of ``LSTM(u)``); in a stack each
cell's input is the previous cell's output, and the RNN's output is the last cell's
(``keras/src/layers/rnn/rnn.py``, ``stacked_rnn_cells.py``). A cell alone is not a layer of a
chain: Keras calls it with states.

>>> from symparams import parse
>>> layer = parse('''model m(T=10, F=8):
...     Input(shape=(T, F))
...     RNN([LSTMCell(4), GRUCell(3)], return_sequences=True)
... ''').models["m"].layers[0]
>>> layer.output_shape, layer.trainable
((T, 3), 16*F + 161)
"""

from __future__ import annotations

from sympy import Expr, Integer

from ..errors import ArgumentError
from ..syntax import ast
from .argkinds import ActivationArg, LayerArg
from .recurrent import (
    DROPOUTS,
    FLAGS,
    INITIALIZERS,
    PENALTIES,
    gru_params,
    lstm_params,
    reject_return_state,
    simple_rnn_params,
)
from .recurrent_cost import cells_cost
from .registry import (
    Anything,
    Bool,
    Dim,
    LayerType,
    Param,
    Reject,
    positivity_conditions,
    register,
)

__all__ = ["CellArg", "CellsArg", "cells_of", "CELLS"]

CELLS = ("SimpleRNNCell", "LSTMCell", "GRUCell", "StackedRNNCells")
"""The layer types ``RNN`` takes as its cell."""


def _cell(node, ctx):
    if not isinstance(node, ast.Call):
        raise ArgumentError("expected a cell such as LSTMCell(64)", ctx.span(node.pos))
    bound = ctx.layer(node)
    if bound.type.name not in CELLS:
        raise ArgumentError(
            f"{bound.type.name} is not a recurrent cell ({', '.join(CELLS)})",
            ctx.span(node.pos),
            hint=f"use {bound.type.name}Cell" if f"{bound.type.name}Cell" in CELLS else None)
    return bound


class CellsArg(LayerArg):
    """A list (or tuple) of cells: ``[LSTMCell(64), GRUCell(32)]``."""

    label = "a list of cells such as [LSTMCell(64), GRUCell(32)]"

    def convert(self, node, ctx):
        if not isinstance(node, (ast.ListExpr, ast.TupleExpr)) or not node.items:
            self.fail(node, ctx)
        return tuple(_cell(item, ctx) for item in node.items)


class CellArg(LayerArg):
    """A cell (``LSTMCell(64)``) or a list of cells (stacked, as Keras does)."""

    label = "a cell such as LSTMCell(64) or a list of cells"

    def convert(self, node, ctx):
        if isinstance(node, (ast.ListExpr, ast.TupleExpr)):
            return CellsArg().convert(node, ctx)
        return _cell(node, ctx)


def cells_of(cell, frozen: bool = False) -> list[tuple[object, bool]]:
    """The cells in order, stacks flattened, each with whether its weights are frozen
    (``trainable=False`` on it or on a stack around it)."""
    if isinstance(cell, tuple):
        return [pair for c in cell for pair in cells_of(c, frozen)]
    frozen = frozen or cell.args.get("trainable") is False
    if cell.type.name == "StackedRNNCells":
        return cells_of(cell.args.cells, frozen)
    return [(cell, frozen)]


def _counts(cells, x) -> tuple[Expr, Expr]:
    """(trainable, frozen) weights of ``cells`` (a cell or a tuple) on input ``x``."""
    trainable, frozen_total = Integer(0), Integer(0)
    features = x[-1]
    for cell, frozen in cells_of(cells):
        count = cell.type.trainable(cell.args, (x[0], features))
        if frozen:
            frozen_total += count
        else:
            trainable += count
        features = cell.args.units
    return trainable, frozen_total


def _shape(a, x):
    reject_return_state(a)
    units = cells_of(a.cell)[-1][0].args.units
    return (x[0], units) if a.return_sequences else (units,)


def _conditions(a, x):
    out = []
    for cell, _ in cells_of(a.cell):
        out += positivity_conditions(cell.type.params, cell.args, f"{cell.type.name} ")
    return out


register(LayerType(
    name="RNN", family="recurrent",
    params=(Param("cell", CellArg()), *FLAGS, Param("zero_output_for_mask", Bool(), False)),
    rank=2, input_doc="(timesteps, features)",
    shape=_shape,
    trainable=lambda a, x: _counts(a.cell, x)[0],
    non_trainable=lambda a, x: _counts(a.cell, x)[1],
    conditions=_conditions,
    cost=lambda a, x, y: cells_cost([(c.type.name, c.args) for c, _ in cells_of(a.cell)], x,
                                    a.return_sequences),
    derivation="the cells' weights, each cell's inputs the previous cell's units",
    doc="A recurrent layer around a cell or a stack of cells: RNN(LSTMCell(64)).",
    extra={"example": ("LSTMCell", {"units": "units"}),
           "units": lambda a: cells_of(a.cell)[-1][0].args.units, "subtleties": (
        "a list of cells is a StackedRNNCells: each cell's input is the previous one's "
        "output, the output is the last cell's",
        "RNN(LSTMCell(u)) has the weights of LSTM(u) (GRUCell: reset_after=True by default, "
        "two bias vectors)",
        "return_state=True gives several outputs, which a chain cannot take",
        "Bidirectional(RNN(...)) works as with LSTM: a backward_layer must end in a cell of "
        "the same units",
    )},
))


def _alone(a, x):
    raise Reject("a recurrent cell is not a layer of its own (Keras calls it with states)",
                 hint="wrap it: RNN(LSTMCell(64))")


_IN_RNN = "a cell is not a layer of its own: its work counts in RNN(...)"
_CELL_OPTIONS = (*DROPOUTS, Param("seed", Anything(), None))


def _cell_type(name: str, params, trainable, derivation: str, doc: str) -> LayerType:
    return register(LayerType(
        name=name, family="recurrent", params=params, rank=2, no_cost=_IN_RNN,
        input_doc="(timesteps, features)", shape=_alone,
        trainable=trainable, derivation=derivation, doc=doc,
        extra={"cell": True,
               "subtleties": ("only inside RNN(...) or StackedRNNCells([...])",)},
    ))


_cell_type(
    "SimpleRNNCell",
    (Param("units", Dim()), Param("activation", ActivationArg(), "tanh"),
     Param("use_bias", Bool(), True), *INITIALIZERS, *PENALTIES, *_CELL_OPTIONS),
    simple_rnn_params, "as SimpleRNN: units × (features + units) + units",
    "The cell of SimpleRNN, for RNN(...).")
_cell_type(
    "LSTMCell",
    (Param("units", Dim()), Param("activation", ActivationArg(), "tanh"),
     Param("recurrent_activation", ActivationArg(), "sigmoid"), Param("use_bias", Bool(), True),
     *INITIALIZERS, Param("unit_forget_bias", Bool(), True), *PENALTIES, *_CELL_OPTIONS),
    lstm_params, "as LSTM: 4 × units × (features + units + 1)",
    "The cell of LSTM, for RNN(...).")
_cell_type(
    "GRUCell",
    (Param("units", Dim()), Param("activation", ActivationArg(), "tanh"),
     Param("recurrent_activation", ActivationArg(), "sigmoid"), Param("use_bias", Bool(), True),
     *INITIALIZERS, *PENALTIES, *DROPOUTS, Param("reset_after", Bool(), True),
     Param("seed", Anything(), None)),
    gru_params, "as GRU: 3 × units × (features + units + 2) (reset_after=True)",
    "The cell of GRU, for RNN(...).")


register(LayerType(
    name="StackedRNNCells", family="recurrent", params=(Param("cells", CellsArg()),), rank=2,
    no_cost=_IN_RNN,
    input_doc="(timesteps, features)", shape=_alone,
    trainable=lambda a, x: _counts(a.cells, x)[0],
    derivation="the cells' weights, each cell's inputs the previous cell's units",
    doc="Cells run one after the other at each step, for RNN(StackedRNNCells([...])).",
    extra={"cell": True, "example": ("LSTMCell", {"units": "units"})},
))
