"""The benchmark programs compute what their CPython twins compute.

bench/compare.py times `osvm ovsm run NAME.ovsm` against `python3 -S NAME.py`; a fast path
that changed a result would make that comparison meaningless. The programs written to
check that the evaluator's fast paths generalise (sieve: in-place `setf` of array
elements; wordfreq: object counters with `get`; mandel: float arithmetic, `and`, `let`;
hof: capturing lambdas in map/filter/reduce; strops: split/upper/substring/replace;
ack: recursion through `cond`; strbuild: appending to a string variable; a second round
— bintree, fannkuch, counter, collatz, nbody, qsort, queens, records, fmt — written to find
what the first round missed; and a third of kinds neither covered — the loop macro, case
dispatch over a stack, characters, float printing and `~,Nf`, matrices, CSV, persistent
trees, compose/partial — see ARCHITECTURE.md "Programs of new kinds") run here on the debug build and must print exactly the
value CPython prints (lists and strings normalised to OVSM's print form).
"""
import os, pathlib, re, subprocess, sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
PROGRAMS = ROOT / "bench" / "programs"
NAMES = ["sieve", "wordfreq", "mandel", "hof", "strops", "ack", "strbuild",
         # the second round (issue 16, fourth step)
         "bintree", "fannkuch", "counter", "collatz", "nbody", "qsort", "queens", "records", "fmt",
         # the third round (issue 16, tenth step): kinds the first two did not cover
         "caesar", "compose", "padfmt", "hanoi", "levenshtein", "loopmacro", "matmul", "objupdate",
         "spectral", "floatmath", "jsonsmall", "msort", "objcount", "textlines", "stackvm", "makers",
         "csv", "hofchain", "sexpr", "report", "fmtfloat", "bst", "queenslist"]


def python_print_form(text):
    """CPython's print of a list of ints/strings, as OVSM prints the same array."""
    text = text.strip()
    text = re.sub(r"'([^']*)'", r'"\1"', text)
    text = re.sub(r"\bTrue\b", "true", re.sub(r"\bFalse\b", "false", re.sub(r"\bNone\b", "null", text)))
    return text.replace(", ", " ")


@pytest.mark.parametrize("name", NAMES)
def test_program_agrees_with_cpython(name, tmp_path):
    assert os.access(BIN, os.X_OK), f"no osvm binary at {BIN} (swift build first)"
    env = dict(os.environ, HOME=str(tmp_path))
    ours = subprocess.run([BIN, "ovsm", "run", str(PROGRAMS / f"{name}.ovsm")], capture_output=True,
                          text=True, timeout=300, env=env)
    assert ours.returncode == 0, ours.stderr
    theirs = subprocess.run([sys.executable, "-S", str(PROGRAMS / f"{name}.py")], capture_output=True,
                            text=True, timeout=300, check=True)
    assert ours.stdout.strip() == python_print_form(theirs.stdout)
