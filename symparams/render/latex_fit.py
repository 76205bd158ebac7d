r"""A LaTeX box fitted to the page: a table made in a box, and set at its natural size when it
fits; on a slide, first with its columns closer, and only then scaled down, to the line's
width and the frame's height. Plain LaTeX and ``graphicx``.

>>> print(fit("BODY\n").splitlines()[-1])
\noindent\usebox\symparamsbox
"""

from __future__ import annotations

__all__ = ["fit", "fit_parts"]


def fit(body: str, height: str | None = None) -> str:
    """Scale a too-wide box down to the line width (never up), and with ``height`` (a TeX
    length such as ``0.7\\textheight``, a slide's) a box still too tall down to that
    height, a table too wide first set with its columns closer; plain LaTeX + graphicx."""
    return "".join(fit_parts(body, height))


def fit_parts(body: str, height: str | None = None) -> tuple[str, str]:
    r""":func:`fit` in two: the box made and scaled (``\symparamsbox``, whose height TeX
    then knows: a heading before it can ask for room for it), and the box set."""
    made = ("\\ifdefined\\symparamsbox\\else\\newsavebox\\symparamsbox\\fi\n"
            "\\sbox\\symparamsbox{%\n" + body + "}%\n"
            "\\ifdim\\wd\\symparamsbox>\\linewidth\\sbox\\symparamsbox{%\n"
            "\\resizebox{\\linewidth}{!}{\\usebox\\symparamsbox}}\\fi\n")
    if height is not None:  # a slide: first the columns closer (as narrow as the cells)
        made = made.replace(
            "\\sbox\\symparamsbox{%\n" + body + "}%\n",
            "\\long\\def\\symparamstable{%\n" + body + "}%\n"
            "\\sbox\\symparamsbox{\\symparamstable}%\n\\ifdim\\wd\\symparamsbox>\\linewidth"
            "\\sbox\\symparamsbox{\\setlength\\tabcolsep{3pt}\\symparamstable}\\fi\n", 1)
        made += (f"\\ifdim\\dimexpr\\ht\\symparamsbox+\\dp\\symparamsbox\\relax>{height}"
                 "\\sbox\\symparamsbox{%\n"
                 f"\\resizebox*{{!}}{{{height}}}{{\\usebox\\symparamsbox}}}}\\fi\n")
    return made, "\\noindent\\usebox\\symparamsbox\n"
