"""docs/tutorial.ipynb runs top to bottom in a real Jupyter kernel (nbclient + ipykernel),
and its outputs show the seed's models as the notebook's own numbers say.

The notebook is stored with its outputs (so that it reads on GitHub); the test also checks
that the stored outputs are those a fresh run gives. After an intended change, rewrite them:

    SYMPARAMS_REGENERATE=1 python -m pytest tests/test_notebook.py
"""

from __future__ import annotations

import pytest

from .conftest import ROOT, require
from .test_latex_golden import REGENERATE

NOTEBOOK = ROOT / "docs" / "tutorial.ipynb"
SHOWN = ("text/markdown", "text/latex", "text/plain")


@pytest.fixture(scope="module")
def executed():
    require("jupyter")
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "docs")}})
    client.execute()  # raises CellExecutionError on any error
    return nb


def _outputs(nb, tag: str) -> dict[str, str]:
    """Every shown text of the cell tagged ``tag``, by MIME type (``stream`` for prints)."""
    (cell,) = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    found: dict[str, str] = {}
    for out in cell.outputs:
        if out.output_type == "stream":
            found["stream"] = found.get("stream", "") + out.text
        elif out.output_type in ("display_data", "execute_result"):
            for mime in SHOWN:
                if mime in out.data:
                    found[mime] = out.data[mime]
    return found


EXPECTED = [
    # The seed's figures: Keras's totals, and the layer counts the notes give.
    pytest.param("seed", "text/markdown", "**23,893**", id="mlp-total-in-document"),
    pytest.param("seed", "text/markdown", "**176,025**", id="cnn-total-in-document"),
    pytest.param("seed", "text/markdown", "**320,736**", id="rnn-total-in-document"),
    pytest.param("mlp", "text/markdown", "| `dense` | Dense |", id="mlp-table"),
    pytest.param("mlp-total", "text/plain", "23893", id="exact-integer"),
    pytest.param("cnn-derivation", "text/latex", r"\begin{alignat*}{2}", id="derivation-maths"),
    pytest.param("cnn-derivation", "text/latex", "171{,}075", id="cnn-dense-count"),
    pytest.param("rnn-explain", "stream", "E·V = 32·10,000 = 320,000", id="notes-embedding"),
    pytest.param("rnn-explain", "stream", "= 15·(32 + 15) + 15 = 720", id="code-rnn"),
    pytest.param("rnn-h30", "text/markdown", "1,890", id="notes-rnn"),
    pytest.param("layer", "text/latex", r"h \left(E + h\right) + h", id="layer-formula"),
    pytest.param("gpt", "text/markdown", "&emsp;`kaplan_block`", id="gpt-block-rows"),
    pytest.param("gpt", "text/markdown", "**124,318,464**", id="gpt-total"),
    pytest.param("gpt-formula", "text/plain",
                 "d_model*(n_ctx + 2*n_layer*(d_ff + 2*d_model) + n_vocab)", id="kaplan-formula"),
    pytest.param("compute", "text/markdown", "| MACs | FLOPs | Activations |",
                 id="compute-columns"),
    pytest.param("compute", "text/markdown", "= 11,647,251", id="conv-macs"),
    pytest.param("magic", "text/markdown", "### Model `tiny`", id="cell-magic"),
    pytest.param("magic-formula", "text/plain", "d", id="magic-keeps-document"),
]


@pytest.mark.parametrize(("tag", "mime", "text"), EXPECTED)
def test_outputs(executed, tag: str, mime: str, text: str) -> None:
    outputs = _outputs(executed, tag)
    assert text in outputs.get(mime, ""), outputs


def test_stored_outputs_are_current(executed) -> None:
    import nbformat

    if REGENERATE:
        for cell in executed.cells:
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(executed, NOTEBOOK)
        return
    stored = nbformat.read(NOTEBOOK, as_version=4)
    tags = [t for c in stored.cells for t in c.get("metadata", {}).get("tags", [])]
    stale = [t for t in tags if _outputs(stored, t) != _outputs(executed, t)]
    assert not stale, f"stored outputs differ for cells {stale}; regenerate (see docstring)"
