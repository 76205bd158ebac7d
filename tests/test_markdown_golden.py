"""Golden file for ``summary --format markdown`` of the seed's models, and properties every
Markdown table must have. Regenerate as described in tests/test_latex_golden.py."""

from __future__ import annotations

import pytest

from symparams import parse
from symparams.render.markdown import summary_markdown

from .test_latex_golden import check_golden, run_cli


def test_summary_markdown_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    text = run_cli(["summary", "--format", "markdown", "examples/seed.sp"], monkeypatch)
    check_golden("seed.summary.md", text)
    # The seed's totals as Keras reports them.
    for total in ("**23,893**", "**176,025**", "**320,736**"):
        assert total in text


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("model m(d=4):\n    Input(shape=(d,))\n    Dense(3, name=\"a|b_c\")\n",
                     id="bar-and-underscore-in-name"),
        pytest.param("model m(d):\n    Input(shape=(d,))\n    Dense(2*d)\n", id="no-values"),
    ],
)
def test_every_row_has_the_header_s_cells(source: str) -> None:
    model = next(iter(parse(source)))
    lines = [line for line in summary_markdown(model).splitlines() if line.startswith("|")]
    cells = {len(line.replace("\\|", "").split("|")) for line in lines}
    assert len(cells) == 1, summary_markdown(model)
