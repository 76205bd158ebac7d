"""Render the gallery: what ``symparams latex`` gives for the examples, as PNG pages.

    python docs/gallery/make.py            # every examples/*.sp: .tex, manifest, PNGs
    python docs/gallery/make.py --all      # every page of every mode, into a build directory
    python docs/gallery/make.py --check    # exit 1 if the committed manifest is stale

For each example and each mode (``beamer`` frames in a deck, a ``standalone`` article,
``table`` and ``derivation`` fragments in an article), the LaTeX is written, compiled with
``pdflatex`` and its first pages turned into PNGs (``pdftoppm``, 60 dpi: enough to see the
layout, small enough to commit). ``manifest.txt`` holds a SHA-256 of every generated
``.tex``: ``tests/test_latex_gallery.py`` regenerates the LaTeX (not the PDFs, which differ
between TeX versions) and fails when it differs from the manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
#: The examples shown: every ``examples/*.sp``, every mode of each.
EXAMPLES = tuple(sorted(path.stem for path in (ROOT / "examples").glob("*.sp")))
MODES = ("beamer", "standalone", "table", "derivation")
#: The modes pictured in the committed gallery (the fragments are parts of these).
PICTURED = ("beamer", "standalone")
#: Pages turned into PNGs per document, and their resolution.
PAGES, DPI = 3, 60

ARTICLE = (
    "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"
    "\\usepackage{amsmath,booktabs,graphicx,longtable}\n"
    "\\begin{document}\n\\input{%s}\n\\end{document}\n"
)
DECK = "\\documentclass{beamer}\n\\usepackage{booktabs}\n\\begin{document}\n\\input{%s}\n" \
    "\\end{document}\n"


def sources(example: str) -> dict[str, str]:
    """The LaTeX of ``example`` in every mode: file name to text (a fragment and the
    document that inputs it)."""
    sys.path.insert(0, str(ROOT))
    from symparams import parse_file
    from symparams.cli.commands.latex import render

    doc = parse_file(ROOT / "examples" / f"{example}.sp")
    models = [(model, dict(model.values)) for model in doc]
    return shelled(example, {mode: render(models, mode) for mode in MODES})


def shelled(example: str, rendered: dict[str, str]) -> dict[str, str]:
    """The files of ``example`` from its LaTeX in each mode (``rendered``): a fragment and
    the document that inputs it, or the standalone document."""
    out = {}
    for mode in MODES:
        text = rendered[mode]
        if mode == "standalone":
            out[f"{example}-{mode}.tex"] = text
            continue
        out[f"{example}-{mode}-body.tex"] = text
        shell = DECK if mode == "beamer" else ARTICLE
        out[f"{example}-{mode}.tex"] = shell % f"{example}-{mode}-body"
    return out


def manifest_lines(files: dict[str, str]) -> list[str]:
    """``sha256  name`` of each file."""
    return [f"{hashlib.sha256(text.encode()).hexdigest()}  {name}" for name, text in
            sorted(files.items())]


def manifest(examples=EXAMPLES) -> str:
    """``sha256  name`` of every generated ``.tex``, sorted."""
    lines = [line for example in examples for line in manifest_lines(sources(example))]
    return "\n".join(sorted(lines, key=lambda line: line.split()[1])) + "\n"


def compile_tex(directory: Path, name: str, runs: int = 3) -> None:
    """Run pdflatex on ``name``.tex until its log stops asking for a rerun (at most ``runs``).

    A longtable learns its column widths on the first run and a Beamer deck its navigation, so
    a single run pictures a table whose header is narrower than its body.
    """
    for _ in range(runs):
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                        f"{name}.tex"], cwd=directory, capture_output=True, check=True,
                       stdin=subprocess.DEVNULL)
        log = (directory / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        if "Rerun" not in log:
            return


def build(examples, directory: Path, pngs: Path | None) -> None:
    """Write, compile and (with ``pngs``) picture every example in every mode."""
    directory.mkdir(parents=True, exist_ok=True)
    for example in examples:
        for name, text in sources(example).items():
            (directory / name).write_text(text, encoding="utf-8")
        for mode in MODES:
            name = f"{example}-{mode}"
            compile_tex(directory, name)
            if pngs is not None and (mode in PICTURED or pngs != HERE):
                for old in pngs.glob(f"{name}-*.png"):
                    old.unlink()
                first = ["-f", "1", "-l", str(PAGES)] if pngs == HERE else []  # all: --all
                subprocess.run(["pdftoppm", "-r", str(DPI), "-png", *first,
                                directory / f"{name}.pdf", pngs / name], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true",
                        help="every page of every mode of every example, to --out")
    parser.add_argument("--out", type=Path, help="build directory (default: a temporary one)")
    parser.add_argument("--check", action="store_true", help="fail if the manifest is stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = manifest() != (HERE / "manifest.txt").read_text(encoding="utf-8")
        print("stale: run python docs/gallery/make.py" if stale else "up to date")
        return 1 if stale else 0
    if args.all:
        out = args.out or Path(tempfile.mkdtemp(prefix="symparams-gallery-"))
        build(EXAMPLES, out, out)
        print(f"PDFs and PNGs in {out}")
        return 0
    with tempfile.TemporaryDirectory() as work:
        build(EXAMPLES, args.out or Path(work), HERE)
    (HERE / "manifest.txt").write_text(manifest(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
