"""``summary --columns memory`` (issue 14): the bytes of ``symparams memory`` in the summary,
opt-in and additive to the JSON contract ``symparams.summary/1``; the per-layer and total
bytes equal the memory estimate's (whose weights bytes ``tests/test_memory.py`` checks
against Keras), and the examples in docs/json.md are what the command prints."""

from __future__ import annotations

import json

import pytest

from symparams import parse_file
from symparams.cli.main import main
from symparams.engine.memory import DTYPE_BYTES, memory
from symparams.render.columns import SummaryOptions
from symparams.render.jsonout import summary_dict
from symparams.render.markdown import summary_markdown
from symparams.render.memory import memory_data
from symparams.render.text import summary_text

from .conftest import EXAMPLES, ROOT
from .test_latex_golden import run_cli

SEED = parse_file(EXAMPLES / "seed.sp")


def _json(args: list[str], monkeypatch) -> dict:
    return json.loads(run_cli(["summary", *args, "--format", "json"], monkeypatch))


def _walk(entries):
    for entry in entries:
        yield entry
        yield from _walk(entry.get("layers", ()))


@pytest.mark.parametrize(("file", "model", "dtype"), [
    ("seed.sp", "rnn", "bfloat16"), ("seed.sp", "cnn", "float32"),
    ("resnet50.sp", "resnet50", "int8"),  # blocks: inner entries have the key too
])
def test_json_memory_equals_the_memory_estimate(file, model, dtype, monkeypatch):
    m = parse_file(EXAMPLES / file)[model]
    data = _json([f"examples/{file}", "-m", model, "--columns", "memory", "--dtype", dtype],
                 monkeypatch)["models"][0]
    mem = memory(m, dtype)
    total = memory_data(mem)
    assert data["total"]["memory"] == {key: total[key] for key in (
        "dtype", "bytes_per_number", "batch", "terms")}
    for entry, row in zip(data["layers"], total["layers"], strict=True):
        assert entry["memory"]["weights"]["formula"] == row["weights"]["formula"]
        assert entry["memory"]["outputs"]["formula"] == row["outputs"]["formula"]
        assert entry["memory"]["weights"]["value"] == row["weights"]["value"]
    values = m.evaluate()
    size = DTYPE_BYTES[dtype]
    for entry, layer in zip(data["layers"], values.layers, strict=True):
        assert entry["memory"]["weights"]["value"] == size * layer.params
        assert entry["memory"]["outputs"]["at_values"] == (
            f"{size * layer.activations}*B" if size * layer.activations != 1 else "B")
    inner = [e for e in _walk(data["layers"]) if e not in data["layers"]]
    assert all("memory" in e for e in inner)
    assert bool(inner) == (model == "resnet50")


def test_json_memory_is_opt_in_and_additive(monkeypatch):
    args = ["examples/seed.sp", "-m", "cnn"]
    plain = _json(args, monkeypatch)
    wide = _json([*args, "--columns", "memory,macs"], monkeypatch)
    assert "memory" not in json.dumps(plain)
    assert wide["schema"] == plain["schema"] == "symparams.summary/1"
    for before, after in zip(_walk(plain["models"][0]["layers"]),
                             _walk(wide["models"][0]["layers"]), strict=True):
        assert {k: v for k, v in after.items() if k not in ("memory", "macs")} == before
    assert {k: v for k, v in wide["models"][0]["total"].items()
            if k not in ("memory", "macs")} == plain["models"][0]["total"]


def test_the_json_docs_examples_are_real():
    """docs/json.md's memory fragments: seed.sp's rnn at bfloat16."""
    m = SEED["rnn"]
    data = summary_dict([(m, m.values)], ("memory",), "bfloat16")["models"][0]
    assert data["layers"][1]["memory"] == {
        "weights": {"formula": "2*h*(E + h) + 2*h", "value": 1440, "at_values": "1440"},
        "outputs": {"formula": "2*B*T*h", "value": None, "at_values": "18000*B"}}
    memo = data["total"]["memory"]
    assert (memo["dtype"], memo["bytes_per_number"], memo["batch"]) == ("bfloat16", 2, "B")
    assert memo["terms"][0] == {"name": "weights", "formula": "2*(E*V + h*(E + h) + 2*h + 1)",
                                "value": 641472, "at_values": "641472",
                                "counts": "every weight, trainable or not"}
    assert [t["name"] for t in memo["terms"]] == ["weights", "activations", "input", "total"]


def test_text_and_markdown_show_the_terms_under_the_table():
    m = SEED["rnn"]
    options = SummaryOptions(columns=("memory",), dtype="float16")
    text = summary_text(m, m.values, options)
    assert "Weights memory (float16): 2*(E*V + h*(E + h) + 2*h + 1) = 641,472 bytes" in text
    assert "Activations memory (float16, batch B): 2*B*(E*T + T*h + T) = 57600*B bytes" in text
    assert summary_text(m, m.values).splitlines()[4] == text.splitlines()[4]  # no new column
    page = summary_markdown(m, m.values, options)
    assert "| Weights memory (float16) | | | $2 \\cdot" in page
    assert "641,472 bytes (626.44 KiB) |" in page and "$57{,}600 B$ bytes |" in page


def test_dtype_without_the_memory_column_is_an_error(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["summary", "examples/seed.sp", "--dtype", "int8"]) == 1
    assert "--dtype int8 sets the bytes of the memory column" in capsys.readouterr().err
