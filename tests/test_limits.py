"""Resource limits: every bomb is refused with a located LimitError within a second, every
limit can be raised, and the simplification guard falls back instead of hanging."""

from __future__ import annotations

import time
from dataclasses import fields

import pytest
import sympy

import symparams
from symparams import LimitError, Limits
from symparams.cli import main
from symparams.guard import guarded_xreplace, time_limit, timer_available, within_seconds
from symparams.limits import DEFAULT_LIMITS, LIMIT_DOCS

HEAD = "model m(d=4, a=1, b=1, c=1, e=1, L=3):\n    Input(shape=(d,))\n"


@pytest.fixture(autouse=True, scope="module")
def warm_up():
    symparams.parse(HEAD + "    Dense(d)\n")  # load the grammar once, outside the timings


def quick(fn, seconds: float = 1.0):
    """Run ``fn``; it must raise LimitError within ``seconds`` of CPU time (this process's:
    the same on a machine busy with other tests, e.g. the other pytest-xdist worker).
    Returns the error."""
    start = time.process_time()
    with pytest.raises(LimitError) as info:
        fn()
    elapsed = time.process_time() - start
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    err = info.value
    assert err.line is not None and err.column is not None and err.render()
    return err


def parse(body: str, limits: Limits | None = None):
    return symparams.parse(HEAD + body, limits=limits)


BOMBS = [
    pytest.param("    Dense(9**9**9)\n", "larger than 4096 bits", id="tower-of-nines"),
    pytest.param("    Dense(2**5000)\n", "larger than 4096 bits", id="big-power"),
    pytest.param("    Dense(10**300 * 10**300 * 10**300 * 10**300 * 10**300)\n",
                 "larger than 4096 bits", id="big-product"),
    pytest.param("    Dense(" + "9" * 101 + ")\n", "101 digits", id="long-literal"),
    pytest.param("    Dense(d**(9**9))\n", "exponent", id="symbolic-power"),
    pytest.param("    Dense(((d**64)**64)**64)\n", "exponent", id="folded-power"),
    pytest.param("    Dense(d**40 * d**40)\n", "exponent 80", id="combined-power"),
    pytest.param("    Dense((a + b + c + d + e)**64)\n", "terms", id="expansion"),
    pytest.param("    Dense(" + "(" * 100_000 + "d" + ")" * 100_000 + ")\n", "nested",
                 id="deep-brackets"),
    pytest.param("    Dense(" + "d+" * 150 + "d)\n", "nested", id="operator-chain"),
    pytest.param("    Dense(" + "d+" * 300_000 + "d)\n", "tokens", id="huge-statement"),
    pytest.param("    Dense(" + "-" * 5000 + "d)\n", "nested", id="unary-chain"),
    pytest.param("    Dense(d)\n" * (DEFAULT_LIMITS.max_layers + 1), "layers",
                 id="many-layers"),
    pytest.param("#" + "x" * DEFAULT_LIMITS.max_source_bytes, "larger than", id="huge-source"),
]


@pytest.mark.parametrize(("body", "needle"), BOMBS)
def test_bomb_ends_within_a_second(body, needle):
    err = quick(lambda: parse(body))
    assert needle in err.message


def test_layer_formula_blowup_is_refused():
    text = ("model m(x=1, y=1, z=1, a=1, b=1, c=1):\n"
            "    Input(shape=((x + y + z)**40,))\n    Dense((a + b + c)**40)\n")
    assert "terms" in quick(lambda: symparams.parse(text)).message


def test_constant_dims_whose_product_is_huge():
    text = ("model m():\n    Input(shape=(2**4000, 2**4000, 2**4000))\n    Flatten()\n"
            "    Dense(2**4000)\n")
    assert "bits" in quick(lambda: symparams.parse(text)).message


@pytest.mark.parametrize(("values", "needle"), [
    pytest.param({"L": 10**9}, "2**1000000000", id="power-of-huge-value"),
    pytest.param({"L": 5000}, "bits", id="power-just-too-big"),
])
def test_evaluation_refuses_huge_values(values, needle):
    model = parse("    Dense(2**L)\n").models["m"]
    err = quick(lambda: model.evaluate(values))
    assert needle in err.message
    assert err.layer == "dense"


def test_evaluation_within_limits_is_exact():
    model = parse("    Dense(2**L)\n").models["m"]
    assert model.evaluate(L=100).params == 2**100 * 5


def test_cli_refuses_huge_set_value(tmp_path, capsys):
    path = tmp_path / "m.sp"
    path.write_text(HEAD + "    Dense(2**L)\n", encoding="utf-8")
    start = time.process_time()  # CPU time, as in quick()
    assert main(["summary", str(path), "--set", "L=1000000000"]) == 1
    assert time.process_time() - start < 2
    err = capsys.readouterr().err
    assert "larger than 4096 bits" in err and "Traceback" not in err


def test_parse_file_reads_no_more_than_the_limit(tmp_path):
    path = tmp_path / "big.sp"
    path.write_bytes(b"#" * (DEFAULT_LIMITS.max_source_bytes * 3))
    quick(lambda: symparams.parse_file(path))


# -- each limit can be lowered and raised ----------------------------------------------------

ADJUSTABLE = [
    pytest.param("max_layers", 2, "    Dense(d)\n" * 3, id="layers"),
    pytest.param("max_nesting", 5, "    Dense((((((d))))))\n", id="nesting"),
    pytest.param("max_statement_tokens", 5, "    Dense(d + d + d)\n", id="statement-tokens"),
    pytest.param("max_int_digits", 3, "    Dense(1000)\n", id="int-digits"),
    pytest.param("max_int_bits", 8, "    Dense(2**9)\n", id="int-bits"),
    pytest.param("max_exponent", 2, "    Dense(d**3)\n", id="exponent"),
    pytest.param("max_expr_terms", 3, "    Dense((a + b)**3)\n", id="expr-terms"),
    pytest.param("max_source_bytes", 60, "    Dense(d)\n", id="source-bytes"),
    # the second convolution divides floor((d - 1)/a) again: 7 symbols and operations
    pytest.param("max_rounding_size", 6, "    Reshape((d, 1))\n    Conv1D(1, 1, strides=a)\n"
                 "    Conv1D(1, 1, strides=b)\n", id="rounding-size"),
]


@pytest.mark.parametrize(("field", "low", "body"), ADJUSTABLE)
def test_each_limit_is_adjustable(field, low, body):
    quick(lambda: parse(body, Limits(**{field: low})))
    parse(body)  # within the defaults
    parse(body, Limits(**{field: getattr(DEFAULT_LIMITS, field) * 2}))


@pytest.mark.parametrize(("field", "low", "body"), ADJUSTABLE)
def test_each_limit_has_a_cli_option(tmp_path, capsys, field, low, body):
    path = tmp_path / "m.sp"
    path.write_text(HEAD + body, encoding="utf-8")
    option = "--" + field.replace("_", "-")
    assert main(["summary", str(path), option, str(low)]) == 1
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err
    assert main(["summary", str(path), option, str(getattr(DEFAULT_LIMITS, field))]) == 0


def test_every_limit_is_documented_and_positive():
    assert set(LIMIT_DOCS) == {f.name for f in fields(Limits)}
    assert "max_repeat" in LIMIT_DOCS  # reserved for a future 'repeat' block
    for name in LIMIT_DOCS:
        with pytest.raises(ValueError):
            Limits(**{name: 0})


def test_bad_limit_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["summary", "examples/seed.sp", "--max-layers", "0"])
    assert info.value.code == 2
    assert "positive" in capsys.readouterr().err


# -- the simplification guard ----------------------------------------------------------------

needs_timer = pytest.mark.skipif(not timer_available(), reason="needs SIGALRM (POSIX)")


@needs_timer
def test_slow_simplification_is_an_error_not_a_second_answer():
    a, b, c, d = sympy.symbols("a b c d", positive=True, integer=True)
    expanded = sympy.expand((a + b + c + d) ** 12 + 1)  # factor() takes seconds on this
    start = time.monotonic()
    with pytest.raises(LimitError, match="factoring took longer than 0.2 s"):
        within_seconds(lambda: sympy.factor(expanded), 0.2, what="factoring")
    assert time.monotonic() - start < 1


@needs_timer
def test_fast_simplification_is_kept():
    d = sympy.Symbol("d", positive=True, integer=True)
    assert within_seconds(lambda: sympy.factor(d**2 + 2 * d + 1), 5) == (d + 1) ** 2


@needs_timer
def test_time_limits_nest():
    """An outer limit that expires first still fires through an inner, longer one."""
    from symparams.guard import TimeLimitExceeded

    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        within_seconds(lambda: time.sleep(2), 5)
    assert time.monotonic() - start < 1


def test_guarded_xreplace_checks_products():
    x, y = sympy.symbols("x y", positive=True, integer=True)
    with pytest.raises(LimitError):
        guarded_xreplace(x * y, {x: sympy.Integer(2**3000), y: sympy.Integer(2**3000)})
    assert guarded_xreplace(x * y, {x: sympy.Integer(6), y: sympy.Integer(7)}) == 42


def test_robustness_doc_lists_every_limit_with_its_default():
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "robustness.md").read_text(
        encoding="utf-8")
    for f in fields(Limits):
        row = (f"| `{f.name}` | `--{f.name.replace('_', '-')}` | {f.default:,} | "
               f"{LIMIT_DOCS[f.name]} |")
        assert row in doc, f"docs/robustness.md lacks the row: {row}"


@pytest.mark.parametrize("argv", [
    pytest.param(["summary", "{f}", "--set", "L=1000000000"], id="summary-assume"),
    pytest.param(["solve", "{f}", "--for", "d", "--params-at-most", "1000", "--set",
                  "L=1000000000"], id="solve"),
    pytest.param(["sweep", "{f}", "--vary", "d=1:3", "--set", "L=1000000000"], id="sweep"),
    pytest.param(["sweep", "{f}", "--vary", "L=1000000000:1000000001"], id="sweep-vary"),
])
def test_every_command_refuses_huge_values_quickly(tmp_path, capsys, argv):
    from symparams.cli.commands import command_modules

    if argv[0] not in command_modules():
        pytest.skip(f"no '{argv[0]}' command")
    path = tmp_path / "m.sp"
    path.write_text("model m(d=3, L=2):\n    assume 2**L >= 3\n    Input(shape=(d,))\n"
                    "    Dense(2**L)\n", encoding="utf-8")
    start = time.process_time()  # CPU time, as in quick()
    assert main([a.format(f=path) for a in argv]) == 1
    assert time.process_time() - start < 1
    err = capsys.readouterr().err
    assert "larger than 4096 bits" in err and "internal error" not in err
