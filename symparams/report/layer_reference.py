"""The layer formula reference (``docs/layers.md``), generated from the layer registry.

Every formula on the page comes from running the layer's own shape, parameter and condition
functions on symbolic arguments and a symbolic input, so the page and the code cannot drift::

    python -m symparams.report.layer_reference -o docs/layers.md     # regenerate
    python -m symparams.report.layer_reference --check docs/layers.md

>>> page = render()
>>> "## Conv2D" in page and "`f*(C*k_h*k_w + 1)`" in page
True
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

import sympy

from ..layers.kinds import UNKNOWN, Axes, DimOrDims, Pads
from ..layers.registry import (
    REQUIRED,
    Anything,
    Args,
    Bool,
    Choice,
    Dim,
    Dims,
    LayerArg,
    LayerType,
    Number,
    Optional,
    Param,
    Reject,
    builtin_families,
    layer_types,
    lookup,
)
from ..symbolic.forms import readable_text
from ..symbolic.integers import symbol

__all__ = ["render", "example_args", "example_input", "main"]

#: Short symbols for arguments that are dimensions; the page lists them under each layer.
SHORT = {
    "filters": "f", "kernel_size": "k", "strides": "s", "dilation_rate": "d", "groups": "g",
    "units": "u", "depth_multiplier": "m", "pool_size": "p", "size": "z", "n": "n",
    "num_heads": "h", "key_dim": "K", "value_dim": "V", "output_shape": "O",
    "input_dim": "V", "output_dim": "E", "output_padding": "q", "padding": "p",
    "cropping": "c",
}
#: Input axes named in ``input_doc`` and their symbols.
AXES = {
    "length": "L", "steps": "L", "timesteps": "T", "height": "H", "width": "W",
    "depth": "D", "channels": "C", "features": "F", "inputs": "n", "d1": "d_1",
    "d2": "d_2", "d3": "d_3",
}
_SUFFIX = {"depth": "d", "height": "h", "width": "w", "length": "", "steps": "",
           "timesteps": ""}
_FAMILY_TITLES = {
    "core": "Core", "conv": "Convolution", "pooling": "Pooling", "recurrent": "Recurrent",
    "reshaping": "Reshaping", "normalization": "Normalization", "attention": "Attention",
    "conv_recurrent": "Convolutional recurrent", "noise": "Noise and regularization",
    "user_code": "Layers that run user code (rejected)",
}
#: Inputs and arguments for layers whose signature alone does not give a readable example.
_INPUTS = {
    "Embedding": ("T",), "Flatten": ("d_1", "d_2", "d_3"), "Dropout": ("d_1", "d_2", "d_3"),
    "Activation": ("d_1", "d_2", "d_3"), "BatchNormalization": ("H", "W", "C"),
    "LayerNormalization": ("T", "F"), "MultiHeadAttention": ("T", "F"),
    "Dense": ("n",), "Reshape": ("d_1", "d_2", "d_3"), "Permute": ("d_1", "d_2", "d_3"),
    "PReLU": ("H", "W", "C"),
}
#: The input of a layer that takes any rank and says nothing about its axes.
_ANY_RANK = ("d_1", "d_2", "d_3")
_ARGS = {
    "Reshape": {"target_shape": (UNKNOWN, symbol("t"))},
    "Permute": {"dims": (2, 3, 1)},
    "Activation": {"activation": "relu"},
    "Discretization": {"num_bins": symbol("num_bins")},
}


def _axis_words(layer: LayerType) -> list[str]:
    text = layer.input_doc.strip("()")
    return [w.strip() for w in text.split(",") if w.strip() and w.strip() != "..."]


def example_input(layer: LayerType) -> tuple[sympy.Symbol, ...]:
    """The symbolic input the page uses for ``layer``: ``(H, W, C)`` for Conv2D."""
    names = (_INPUTS.get(layer.name) or layer.extra.get("example_input")
             or tuple(AXES.get(w, w) for w in _axis_words(layer)))
    return tuple(symbol(n) for n in names or _ANY_RANK)


def _spatial_suffixes(layer: LayerType) -> list[str]:
    return [_SUFFIX[w] for w in _axis_words(layer) if w in _SUFFIX]


def _symbolic(param: Param, layer: LayerType):
    kind = param.kind.inner if isinstance(param.kind, Optional) else param.kind
    short = SHORT.get(param.name, param.name)
    suffixes = _spatial_suffixes(layer)
    if isinstance(kind, Dim):
        return symbol(short)
    if isinstance(kind, DimOrDims):
        return (symbol(short),)
    if isinstance(kind, Dims):
        if kind.n == 1:
            return (symbol(short),)
        return tuple(symbol(f"{short}_{x}") for x in suffixes[-kind.n:])
    if isinstance(kind, Pads):
        if kind.n == 1:
            return ((symbol(f"{short}_l"), symbol(f"{short}_r")),)
        return tuple((symbol(f"{short}_{x}1"), symbol(f"{short}_{x}2"))
                     for x in suffixes[-kind.n:])
    return None


def _default(param: Param):
    value = param.default
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, tuple):
        return tuple(_default(Param(param.name, param.kind, v)) for v in value)
    return value


def example_args(layer: LayerType, **overrides) -> Args:
    """Arguments with a symbol for every dimension a user would write, defaults elsewhere."""
    values = {}
    for param in layer.params:
        symbolic = _symbolic(param, layer)
        default_is_none = param.default is None
        shown = {**layer.extra.get("example_args", {}), **_ARGS.get(layer.name, {})}
        if param.name in shown:
            values[param.name] = shown[param.name]
        elif param.name in _VARIANT_ONLY and param.name not in overrides:
            values[param.name] = _default(param)
        elif symbolic is not None and not (default_is_none and param.name != "value_dim"):
            values[param.name] = symbolic
        elif isinstance(param.kind, LayerArg) and param.default is REQUIRED:
            values[param.name] = _bound(layer.extra.get("example", ("LSTM",))[0])
        elif param.default is REQUIRED:
            values[param.name] = 0.5 if isinstance(param.kind, Number) else None
        else:
            values[param.name] = _default(param)
    if "strides" in values and "dilation_rate" in values:
        # Keras forbids strides > 1 with dilation_rate > 1: show one at a time.
        dilated = "dilation_rate" in overrides
        key = "strides" if dilated else "dilation_rate"
        values[key] = _default(next(p for p in layer.params if p.name == key))
    values.update(overrides)
    return Args(values)


# Shown as a variant only, so that the main formula is the common case.
_VARIANT_ONLY = ("groups",)


def _bound(name: str):
    from ..engine.elaborate import BoundLayer

    inner = lookup(name)
    return BoundLayer(inner, example_args(inner), None)


def _expr(value):
    return sympy.Integer(value) if isinstance(value, int) else value


def _text(expr) -> str:
    """A formula as every text output prints it (the model language's ``ceil``, ``max``)."""
    return readable_text(expr) if isinstance(expr, sympy.Basic) else str(expr)


def _shape_text(shape: Iterable) -> str:
    items = [_text(d) for d in shape]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _facts(layer: LayerType, args: Args, x) -> dict[str, str]:
    try:
        shape = layer.shape(args, x)
        facts = {
            "output": _shape_text(shape),
            "trainable": _text(_expr(layer.trainable(args, x))),
            "non_trainable": _text(_expr(layer.non_trainable(args, x))),
        }
        conditions = [c.as_text() for c in layer.conditions(args, x)]
        facts["valid"] = "; ".join(f"`{c}`" for c in conditions)
        return facts
    except Reject as err:
        return {"rejected": err.message}


def _value_text(value) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value) if not isinstance(value, tuple) else (
        "(" + ", ".join(_value_text(v) for v in value) + ("," if len(value) == 1 else "")
        + ")")


def signature(layer: LayerType) -> str:
    """``Conv2D(filters, kernel_size, strides=(1, 1), padding="valid", ...)``."""
    parts, hidden = [], False
    for param in layer.params:
        if param.name.endswith(_HIDDEN):
            hidden = True
            continue
        default = param.default
        if isinstance(param.kind, Dims) and param.kind.n == 1 and isinstance(default, tuple):
            default = default[0]
        if default is REQUIRED:
            parts.append(param.name)
        else:
            parts.append(f"{param.name}={_value_text(default)}")
    if hidden:
        parts.append("...")
    return f"{layer.name}({', '.join(parts)})"


# Initializers, regularizers and constraints change no shape or count: shown as "...".
_HIDDEN = ("_initializer", "_regularizer", "_constraint")


def _variants(layer: LayerType, base: dict[str, str], x) -> list[tuple[str, dict]]:
    out = []
    dilation = next((p for p in layer.params if p.name == "dilation_rate"), None)
    if dilation is not None:
        value = _symbolic(dilation, layer)
        facts = _facts(layer, example_args(layer, dilation_rate=value), x)
        out.append((f"dilation_rate={_value_text(value)}, strides=1", facts))
    for param in layer.params:
        if param.name in _VARIANT_ONLY:
            value = _symbolic(param, layer)
            facts = _facts(layer, example_args(layer, **{param.name: value}), x)
            out.append((f"{param.name}={_value_text(value)}", facts))
    for param in layer.params:
        value = _symbolic(param, layer)
        if param.default is None and value is not None and param.name != "value_dim":
            for extra in ({}, {"padding": "same"}) if param.name == "output_padding" else ({},):
                facts = _facts(layer, example_args(layer, **{param.name: value}, **extra), x)
                label = "".join(f'{k}="{v}", ' for k, v in extra.items())
                out.append((f"{label}{param.name}={_value_text(value)}", facts))
    for param in layer.params:
        kind = param.kind.inner if isinstance(param.kind, Optional) else param.kind
        if param.name in ("data_format", "dilation_rate") or isinstance(
            kind, (Anything, Number, Axes)
        ):
            continue
        if isinstance(kind, Bool) and isinstance(param.default, bool):
            options = [not param.default]
        elif isinstance(kind, Choice):
            options = [o for o in kind.options if o != param.default]
        else:
            continue
        for option in options:
            facts = _facts(layer, example_args(layer, **{param.name: option}), x)
            if facts != base:
                out.append((f"{param.name}={_value_text(option)}", facts))
    return out


def _legend(layer: LayerType, x) -> str:
    used = []
    for param in layer.params:
        if _symbolic(param, layer) is not None and param.name in SHORT:
            used.append(f"{SHORT[param.name]} = {param.name}")
    return ", ".join(used)


def _section(layer: LayerType) -> list[str]:
    x = example_input(layer)
    args = example_args(layer)
    base = _facts(layer, args, x)
    lines = [f"### {layer.name}", ""]
    if layer.doc:
        lines += [layer.doc, ""]
    lines += [f"`{signature(layer)}`", ""]
    if layer.aliases:
        lines += ["Also called " + ", ".join(f"`{a}`" for a in layer.aliases) + ".", ""]
    accepts = layer.rank_text() if layer.rank is not None else "an input of any rank"
    lines.append(f"- Accepts {accepts}; shown on the input `{_shape_text(x)}`.")
    legend = _legend(layer, x)
    if legend:
        lines.append(f"- Symbols: {legend}.")
    if "rejected" in base:  # the layers that run user code
        lines.append(f"- Rejected: {base['rejected']}")
    else:
        lines += [
            f"- Output shape: `{base['output']}`",
            f"- Trainable parameters: `{base['trainable']}`",
            f"- Non-trainable parameters: `{base['non_trainable']}`",
        ]
        if base["valid"]:
            lines.append(f"- Valid when: {base['valid']}")
    lines.append(f"- Derivation: {layer.derivation}")
    if layer.cost is None and layer.no_cost:
        lines.append(f"- Cost: unknown ({layer.no_cost})")
    for option, facts in _variants(layer, base, x):
        if "rejected" in facts:
            lines.append(f"- With `{option}`: rejected ({facts['rejected']})")
            continue
        changed = [f"{label} `{facts[key]}`" for key, label in (
            ("output", "output"), ("trainable", "trainable"),
            ("non_trainable", "non-trainable")) if facts[key] != base.get(key)]
        if changed:
            lines.append(f"- With `{option}`: " + ", ".join(changed))
    subtleties = layer.extra.get("subtleties", ())
    if subtleties:
        lines += ["", "Keras subtleties:", ""]
        lines += [f"- {s}" for s in subtleties]
    lines.append("")
    return lines


def render() -> str:
    """The whole reference page (Markdown)."""
    lines = [
        "# Layer reference",
        "",
        "<!-- Generated by `python -m symparams.report.layer_reference -o docs/layers.md`; "
        "do not edit. -->",
        "",
        "Every layer symparams knows, with Keras's signature (argument names, positional",
        "order and defaults), the input it accepts, and its output shape and parameter counts",
        "as formulas. The formulas are computed by the layers' own code on a symbolic input,",
        "so they are exactly what `symparams summary` reports. Shapes leave out the batch axis;",
        "`floor` and `ceil` are integer division rounding down and up.",
        "`data_format=\"channels_first\"` moves the channels axis to the front and changes",
        "nothing else. See also [Keras subtleties](keras-subtleties.md).",
        "",
        "One deliberate exception to Keras's positional order: `Conv2D(f, k, k)` (and the",
        "other filters-first convolutions: `Conv3D(f, k, k, k)`, `Conv2DTranspose(f, k, k)`,",
        "`SeparableConv2D(f, k, k)`) reads the sizes after the filters as the kernel.",
        "",
    ]
    types = [t for t in layer_types() if t.family in builtin_families()]
    for family in builtin_families():
        members = [t for t in types if t.family == family]
        if not members:
            continue
        lines += [f"## {_FAMILY_TITLES.get(family, family.title())}", ""]
        lines.append(" · ".join(f"[{t.name}](#{t.name.lower()})" for t in members))
        lines.append("")
        for layer in members:
            lines += _section(layer)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m symparams.report.layer_reference",
                                     description=__doc__)
    parser.add_argument("-o", "--output", help="write the page here instead of stdout")
    parser.add_argument("--check", metavar="FILE", help="exit 1 if FILE is not current")
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        current = Path(args.check).read_text(encoding="utf-8")
        if current != page:
            print(f"{args.check} is out of date: run python -m symparams.report.layer_reference -o "
                  f"{args.check}", file=sys.stderr)
            return 1
        return 0
    if args.output:
        Path(args.output).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
