"""Issue 17, items 4-8: each attack as input, each ending in a located ``SymparamsError`` (in
Python) or exit status 1 (on the command line), or in bounded, deterministic work.
Injection into outputs (items 1-3) is in tests/test_injection.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

import symparams
from symparams import Limits
from symparams.errors import DSLSyntaxError, LimitError, SymparamsError, ValueBindingError

from .conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
HEAD = "model m(d=4):\n    Input(shape=(d,))\n"

# (id, source, limits, error class, text in the message, line)
PARSE_ATTACKS = [
    ("repeat-over-limit", HEAD + "    repeat 100000:\n        Dense(d)\n", Limits(max_repeat=10),
     LimitError, "repetition count 100000 is larger than the limit 10", 3),
    ("times-huge", HEAD + "    Dense(d) * (10**99)\n", Limits(), LimitError,
     "is larger than the limit 10000", 3),
    ("nesting-raised-minus", HEAD + "    Dense(" + "-" * 3000 + "d)\n",
     Limits(max_nesting=100_000), LimitError, "the most that Python's recursion limit", 3),
    ("nesting-raised-mix", lambda depth: HEAD + "    Dense(" + "(d+" * depth + "d"
     + ")" * depth + ")\n", Limits(max_nesting=100_000, max_statement_tokens=10**7), LimitError,
     "nested deeper than", 3),
    ("tabs-then-spaces", HEAD + "    repeat 2:\n        Dense(d)\n\tDense(d)\n", Limits(),
     DSLSyntaxError, "inconsistent use of tabs and spaces", 5),
    ("spaces-then-tab-body", "model m(d=4):\n\tInput(shape=(d,))\n        Dense(d)\n", Limits(),
     DSLSyntaxError, "inconsistent use of tabs and spaces", 3),
]


@pytest.mark.parametrize("source, limits, kind, message, line",
                         [pytest.param(*case[1:], id=case[0]) for case in PARSE_ATTACKS])
def test_parse_attack_is_a_located_error(source, limits, kind, message, line):
    if callable(source):  # deeper than the bound, which follows Python's recursion limit
        source = source(sys.getrecursionlimit() // 2)  # (raised by some libraries in a run)
    with pytest.raises(kind) as caught:
        symparams.parse(source, "m.sp", limits=limits)
    assert message in caught.value.message
    assert (caught.value.filename, caught.value.line) == ("m.sp", line)


def test_consistent_tabs_are_fine():
    doc = symparams.parse("model m(d=4):\n\tInput(shape=(d,))\n\trepeat 2:\n\t\tDense(d)\n")
    assert str(doc["m"].params) == "2*d*(d + 1)"


@pytest.mark.parametrize("written, same_as", [
    ("\ufb01", "fi"),          # the ligature is the two letters, as in Python
    ("\uff44", "d"),           # fullwidth d
    ("\u212b", "\u00c5"),      # angstrom sign is A with ring
])
def test_identifiers_are_nfkc_normalised(written, same_as):
    source = (f"model m({written}=4):\n    Input(shape=({same_as},))\n"
              f"    Dense({written})\n")
    model = symparams.parse(source)["m"]
    assert list(model.symbols) == [same_as]


@pytest.mark.parametrize("header, warned", [
    ("a=4, \u0430=5", "'\u0430' (U+0430 CYRILLIC SMALL LETTER A) looks like 'a'"),
    ("p\u0430ram=4", "'p\u0430ram' mixes Cyrillic and Latin letters"),
])
def test_lookalike_names_are_warned(header, warned):
    name = header.split("=")[0]
    doc = symparams.parse(f"model m({header}):\n    Input(shape=({name},))\n    Dense(4)\n")
    assert any(warned in w.message for w in doc.warnings)


def test_sweep_with_no_values_is_a_binding_error():
    model = symparams.parse(HEAD + "    Dense(2**d)\n")["m"]
    with pytest.raises(ValueBindingError, match="no values given for d"):
        symparams.sweep_values(model, {"d": []})


def test_sweep_rows_are_bounded():
    model = symparams.parse(HEAD + "    Dense(d)\n", limits=Limits(max_sweep_rows=100))["m"]
    with pytest.raises(LimitError, match="more than 100"):
        symparams.sweep_values(model, {"d": range(1, 102)})


def test_solve_through_an_exponent_is_a_solve_error():
    from symparams.algebra.solve import solve

    model = symparams.parse("model m(L=3):\n    Input(shape=(4,))\n    Dense(2**L)\n")["m"]
    with pytest.raises(SymparamsError, match="not a polynomial"):
        solve(model, "L", at_most=1000)


def test_solve_with_a_huge_period_is_refused_before_work():
    from symparams.algebra.solve import solve

    model = symparams.parse("model m(d=100000):\n    Input(shape=(d, 1))\n"
                            "    MaxPooling1D(99991)\n    Flatten()\n    Dense(3)\n")["m"]
    with pytest.raises(LimitError, match="--max-solve-cases"):
        solve(model, "d", at_most=1_000_000)


def test_use_checks_sizes_before_reading_and_bounds_the_total(tmp_path):
    (tmp_path / "big.sp").write_bytes(b"# x\n" * 300)  # 1,200 bytes
    main = tmp_path / "main.sp"
    main.write_text('use "big.sp"\n' + HEAD + "    Dense(d)\n", encoding="utf-8")
    with pytest.raises(LimitError) as caught:
        symparams.parse_file(main, limits=Limits(max_source_bytes=1000))
    assert caught.value.line == 1 and "in all" in caught.value.message
    chain = [tmp_path / f"c{i}.sp" for i in range(4)]
    for i, path in enumerate(chain):  # each 400 bytes, under the per-file limit alone
        nxt = f'use "c{i + 1}.sp"\n' if i + 1 < len(chain) else ""
        path.write_text(nxt + "#" * (400 - len(nxt) - 1) + "\n", encoding="utf-8")
    main.write_text('use "c0.sp"\n' + HEAD + "    Dense(d)\n", encoding="utf-8")
    with pytest.raises(LimitError, match="in all"):
        symparams.parse_file(main, limits=Limits(max_source_bytes=1000))


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "symparams", *args], capture_output=True,
                          text=True, timeout=120, env=ENV, cwd=cwd)


@pytest.mark.parametrize("args, message", [
    (["solve", "{pow}", "--for", "L", "--params-at-most", "1000"], "not a polynomial"),
    (["sweep", "{lin}", "--vary", "d=1:7000", "--vary", "u=1:7000", "--format", "json"],
     "--max-sweep-rows"),
    (["summary", "{rep}", "--max-repeat", "10"], "--max-repeat"),
])
def test_cli_attacks_exit_1(tmp_path, args, message):
    files = {"pow": "model m(L=3):\n    Input(shape=(4,))\n    Dense(2**L)\n",
             "lin": "model m(d=3, u=2):\n    Input(shape=(d,))\n    Dense(u)\n",
             "rep": HEAD + "    repeat 100000:\n        Dense(d)\n"}
    for name, text in files.items():
        (tmp_path / f"{name}.sp").write_text(text, encoding="utf-8")
    done = _cli(*[a.format(**{k: str(tmp_path / f"{k}.sp") for k in files}) for a in args])
    assert done.returncode == 1, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_non_utf8_file_name_with_standalone_output(tmp_path):
    name = os.fsdecode(b"bad\xff.sp")
    (tmp_path / name).write_text(HEAD + "    Dense(d)\n", encoding="utf-8")
    done = _cli("latex", "--standalone", "-o", "out.tex", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "out.tex").read_text(encoding="utf-8")  # valid UTF-8, whole
    assert text.rstrip().endswith(r"\end{document}")  # the title names the model, not the file


def test_force_refuses_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    model = tmp_path / "m.sp"
    model.write_text(HEAD + "    Dense(d)\n", encoding="utf-8")
    done = _cli("summary", str(model), "-o", str(fifo), "--force")
    assert done.returncode == 1 and "not a regular file" in done.stderr
    assert fifo.is_fifo()


def test_force_refuses_a_device(tmp_path):
    model = tmp_path / "m.sp"
    model.write_text(HEAD + "    Dense(d)\n", encoding="utf-8")
    link = tmp_path / "zero"
    link.symlink_to("/dev/zero")  # a character device (a symlink to one)
    done = _cli("summary", str(model), "-o", str(link), "--force")
    assert done.returncode == 1 and "not a regular file" in done.stderr
    assert link.is_symlink()


SIGTERM_WRITER = """
import os, signal, sys, argparse
from symparams.cli.output import emit
# as in a terminal: a shell that starts the tests in the background ignores SIGINT, and a
# child inherits that
signal.signal(signal.SIGINT, signal.default_int_handler)

def chunks():
    yield "first\\n"
    os.kill(os.getpid(), signal.SIGTERM)
    yield "never\\n"

emit(argparse.Namespace(output=sys.argv[1], force=False), chunks())
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path, signum):
    target = tmp_path / "out.txt"
    writer = SIGTERM_WRITER.replace("signal.SIGTERM", f"signal.{signum.name}")
    done = subprocess.run([sys.executable, "-c", writer, str(target)], env=ENV,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    if signum == signal.SIGTERM:
        assert done.returncode == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []  # neither the target nor a hidden .tmp file


def test_too_many_layers_names_the_layer_past_the_limit():
    source = HEAD + "    Dense(d)\n" * 5
    with pytest.raises(LimitError) as caught:
        symparams.parse(source, "m.sp", limits=Limits(max_layers=3))
    err = caught.value
    assert "more than 3 layers" in err.message and "--max-layers" in err.hint
    assert (err.filename, err.line, err.column) == ("m.sp", 6, 5)  # the 4th layer statement


def _conv_chain(layers: int) -> str:
    """Issue 17 item 4: convolutions with a symbolic kernel and stride each, nesting floors."""
    header = ", ".join(f"k{i}=3, s{i}=1" for i in range(layers))
    body = "".join(f'    Conv2D(f, k{i}, strides=s{i}, padding="valid")\n'
                   for i in range(layers))
    return f"model m(H=4096, f=8, {header}):\n    Input(shape=(H, H, 3))\n" + body


def test_symbolic_conv_chain_is_bounded_work():
    """The constraints of 20 symbolic convolutions cost a counted budget of work
    (constraints.CONSTRAINT_WORK), not minutes: later conditions are kept as written."""
    import time

    from symparams.symbolic.constraints import CONSTRAINT_WORK, expression_size

    model = symparams.parse(_conv_chain(20))["m"]
    start = time.process_time()
    constraints = model.constraints
    assert time.process_time() - start < 20  # about 1 s of CPU; minutes before the budget
    assert len(constraints) >= 15
    # kept as written:
    assert any(expression_size(c.lhs) + expression_size(c.rhs) > 50 for c in constraints)
    assert [str(c) for c in symparams.parse(_conv_chain(20))["m"].constraints] == \
        [str(c) for c in constraints]  # deterministic
    assert CONSTRAINT_WORK >= 1000
    assert model.evaluate().params == 8 * (27 + 1) + 19 * 8 * (9 * 8 + 1)


def _alternating_chain(layers: int) -> str:
    """Issue 17's leftover: symbolic strides, paddings alternating 'valid' and 'same', so
    that every layer divides a floor that grew in the layer before."""
    header = ", ".join(f"k{i}=3, s{i}=1" for i in range(layers))
    body = "".join(f'    Conv2D(f, k{i}, strides=s{i}, padding="{("valid", "same")[i % 2]}")\n'
                   for i in range(layers))
    return f"model m(H=4096, f=8, {header}):\n    Input(shape=(H, H, 3))\n" + body


def test_long_symbolic_conv_chain_is_refused_by_a_counted_budget():
    """60 such layers took 8 s to parse, each costing more than the last: the floors in a
    layer's input are counted (max_rounding_size), and the chain is refused at the layer
    past the budget, after about 1 s of CPU, at the same layer on every machine."""
    import time

    start = time.process_time()
    with pytest.raises(LimitError) as caught:
        symparams.parse(_alternating_chain(60), "chain.sp")
    assert time.process_time() - start < 20
    err = caught.value
    assert (err.layer, err.line) == ("conv2d_41", 44)
    assert "too large to divide again" in err.message and "limit 2000" in err.message
    assert err.hint == "raise the limit with --max-rounding-size (Limits.max_rounding_size)"
    # a lower limit stops a shorter chain, a higher one lets it through
    small = _alternating_chain(12)
    with pytest.raises(LimitError, match="limit 200"):
        symparams.parse(small, limits=Limits(max_rounding_size=200))
    assert symparams.parse(small, limits=Limits(max_rounding_size=400))["m"].evaluate().params
    # real networks are far below it: symbolic H and W, numeric strides
    for name in ("resnet50.sp", "inceptionv3.sp"):
        symparams.parse_file(ROOT / "examples" / name, limits=Limits(max_rounding_size=40))


@pytest.mark.parametrize("width, params", [
    ("(-1)**(2**100)", 5),             # even: 1, computed from the parity, not refused
    ("(-1)**(2**100 + 1) + 2", 5),     # odd: -1
    ("d * 1**(10**99)", 20),
    ("d * 0**(10**99) + d", 20),
    ("d ** ((-1)**(10**99))", 20),     # a power tower whose exponent folds to 1
    ("2 ** (0 ** (9 ** 99))", 5),    # 2**0
])
def test_huge_exponents_of_zero_and_one_are_computed(width, params):
    import time

    start = time.process_time()
    model = symparams.parse(HEAD + f"    Dense({width})\n")["m"]
    assert model.evaluate().params == params
    assert time.process_time() - start < 5


@pytest.mark.parametrize("width, shown", [
    ("(-2)**(2**100)", "(-2)**1267650600228229401496703205376 is larger than 4096 bits"),
    ("2**2**2**2**2", "2**65536 is larger than 4096 bits"),
    ("d * 9**9**9", "is larger than 4096 bits"),
    ("d ** (2**100)", "exponent 1267650600228229401496703205376 is larger than the limit 64"),
    ("(1/2) ** (2**100)", "is larger than the limit 64"),
])
def test_huge_powers_are_refused_before_work(width, shown):
    with pytest.raises(LimitError) as caught:
        symparams.parse(HEAD + f"    Dense({width})\n", "m.sp")
    assert shown in caught.value.message and caught.value.line == 3


def test_huge_exponent_through_set_is_bounded():
    model = symparams.parse("model m(d=4, L=3):\n    Input(shape=(d,))\n"
                            "    Dense(d + 1 + (-1)**L)\n")["m"]
    assert model.evaluate(L=10**99).params == 5 * 6
    assert model.evaluate(L=10**99 + 1).params == 5 * 4
    with pytest.raises(LimitError, match="--max-int-bits"):
        symparams.parse("model m(d=4, L=3):\n    Input(shape=(d,))\n    Dense(2**L)\n")[
            "m"].evaluate(L=10**99)


def test_compare_of_two_symbolic_conv_chains_is_bounded_work():
    """Issue 17 item 4: 'compare of a 42-line file runs 74 s'. Two chains of 20 symbolic
    convolutions ('valid' against 'same' padding): same counts, different shapes, decided
    within the term budgets (about 1 s of CPU)."""
    import time

    from symparams.algebra.compare import compare

    chain = _conv_chain(20)
    other = chain.replace("model m(", "model n(").replace('"valid"', '"same"')
    doc = symparams.parse(chain + other)
    start = time.process_time()
    notes: list[str] = []
    result = compare(doc["m"], doc["n"], warnings=notes)
    assert time.process_time() - start < 20
    assert result.equal and not result.output_shape_equal


#: Python code that, written out by `symparams import`, would grow without bound: (code,
#: what the report says). Each import ends quickly with the problem reported.
IMPORT_ATTACKS = [
    ("x = Input(shape=(4,))\nfor i in range(10 ** 9):\n    x = Dense(4)(x)\n",
     "a loop of 1,000,000,000 iterations"),
    ("x = Input(shape=(4,))\nfor i in range(200):\n    for j in range(200):\n"
     "        x = Dense(4)(x)\n", "more than 20,000 helper calls and loop passes"),
    ("def f(x, n):\n    return f(f(x, n), n)\nx = Input(shape=(4,))\ny = f(x, 2)\n",
     "called 16 deep"),
    ("def f(x):\n    return g(g(x))\ndef g(x):\n    return h(h(x))\ndef h(x):\n"
     "    return k(k(x))\ndef k(x):\n    return Dense(2)(Dense(2)(x))\n"
     "x = Input(shape=(2,))\n" + "".join(f"y{i} = f(x)\n" for i in range(3000)),
     "more than 20,000 helper calls and loop passes"),
    ("x = Input(shape=(4,))\nf = 1\nfor i in range(40):\n    f = f * f + f\n"
     "x = Dense(f)(x)\n", "the value of f grows past 2,000 terms"),
    ("x = Input(shape=(4,))\nfor i in range((2 ** 64) ** 64 ** 64):\n    x = Dense(4)(x)\n",
     "a Python loop builds layers"),
]


@pytest.mark.parametrize(("code", "words"), IMPORT_ATTACKS)
def test_import_of_exploding_code_is_bounded(code, words):
    from symparams.keras_import import import_text

    problems = import_text(code, "python", "m.py").problems
    assert any(words in p.message for p in problems), problems
