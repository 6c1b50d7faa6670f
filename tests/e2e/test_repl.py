"""End-to-end tests of `osvm ovsm repl`, driving the real binary in a pseudo-terminal.

Run:  OSVM_BIN=.build/debug/osvm python3 -m pytest -q tests/e2e/test_repl.py
(OSVM_BIN defaults to .build/debug/osvm.)
"""
import os
import subprocess
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
PROMPT = "ovsm> "
UP = "\x1b[A"
LEFT = "\x1b[D"
HOME_KEY = "\x1b[H"

pytestmark = pytest.mark.skipif(not os.access(BIN, os.X_OK), reason=f"no osvm binary at {BIN}")


def env_for(home):
    env = dict(os.environ)
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"), TERM="xterm", LANG="C.UTF-8")
    return env


def spawn(home, cols=120):
    child = pexpect.spawn(BIN, ["ovsm", "repl"], env=env_for(home), encoding="utf-8",
                          timeout=8, dimensions=(30, cols))
    child.expect(r"OVSM \S+ — :help for help, Ctrl-D to exit")
    child.expect_exact(PROMPT)
    return child


def result(child, text):
    """Expect `text` alone on an output line, then the next prompt."""
    child.expect(r"\r\n" + text + r"\r\n")
    child.expect_exact(PROMPT)


def run(child, code, expected):
    child.sendline(code)
    result(child, expected)


def quit_(child):
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.fixture
def home(tmp_path):
    return tmp_path


def test_evaluate_values_and_output(home):
    c = spawn(home)
    run(c, "(+ 1 2)", "3")
    run(c, "(values 1 2)", r"1\r\n2")
    c.sendline('(do (log :message "streamed") 7)')
    c.expect(r"\r\nstreamed\r\n7\r\n")
    c.expect_exact(PROMPT)
    quit_(c)


def test_multiline_continuation(home):
    c = spawn(home)
    c.sendline("(+ 1")
    c.expect_exact("  ... ")
    c.sendline("   (* 2 3)")
    c.expect_exact("  ... ")
    c.sendline(")")
    result(c, "7")
    c.sendline(")")
    c.expect(r"1:1: syntax: ")
    c.expect_exact(PROMPT)
    quit_(c)


def test_multiline_history_entry_is_recalled_whole(home):
    """↑ brings back a form entered over several lines as one entry; Enter runs all of it
    (recalling only its last line, `2)`, would be a syntax error)."""
    c = spawn(home)
    c.sendline("(+ 40")
    c.expect_exact("  ... ")
    c.sendline("2)")
    result(c, "42")
    c.send(UP)
    c.expect_exact("(+ 40")
    c.send("\r")
    result(c, "42")
    quit_(c)


def test_definitions_persist_and_errors_keep_session(home):
    c = spawn(home)
    c.sendline("(defun sq (x) (* x x))")
    c.expect_exact(PROMPT)
    run(c, "(sq 7)", "49")
    c.sendline("(sq undefined-thing)")
    c.expect(r"unbound: [^\r]*undefined-thing")
    c.expect_exact(PROMPT)
    c.sendline("(defun boom (x) (/ x 0))")
    c.expect_exact(PROMPT)
    c.sendline("(boom 1)")
    c.expect(r"division-by-zero: [^\r]*\r\n\s+in boom")
    c.expect_exact(PROMPT)
    run(c, "(sq 8)", "64")
    c.sendline(":env")
    c.expect(r"sq = #<function sq>")
    c.expect_exact(PROMPT)
    c.sendline(":reset")
    c.expect("session reset")
    c.expect_exact(PROMPT)
    c.sendline("(sq 2)")
    c.expect("unbound: ")
    c.expect_exact(PROMPT)
    quit_(c)


def test_ctrl_c_cancels_evaluation_and_keeps_definitions(home):
    c = spawn(home)
    c.sendline("(define kept 5)")
    c.expect_exact(PROMPT)
    c.sendline("(while true 1)")
    c.expect(r"\(while true 1\)[^\n]*\n")
    # Straight after the echo of Enter, whether or not the evaluation has started yet.
    c.sendintr()
    c.expect("interrupted")
    c.expect_exact(PROMPT)
    run(c, "(+ kept 1)", "6")
    # Ctrl-C at the prompt clears the line (and an open multi-line form).
    c.send("(+ 1")
    c.sendcontrol("c")
    c.expect_exact("^C")
    c.expect_exact(PROMPT)
    run(c, "(* kept 2)", "10")
    quit_(c)


def test_ctrl_c_at_every_point_of_the_cycle_is_never_lost(home):
    """Ctrl-C typed with Enter, right after it, after the echo, while running: each time the
    session comes back (the line cleared, or the evaluation interrupted) — no sleeps."""
    c = spawn(home)
    run(c, "(define kept 5)", "5")
    for i in range(12):
        how = i % 4
        if how == 0:
            c.send("(while true 1)\r\x03")            # one write: Enter and Ctrl-C together
        elif how == 1:
            c.send("(while true 1)\r")
            c.sendintr()                              # without waiting for the echo
        elif how == 2:
            c.sendline("(while true 1)")
            c.expect(r"\(while true 1\)[^\n]*\n")    # after the echo
            c.sendintr()
        else:
            c.send("(while true 1)")
            c.sendintr()                              # before Enter: clears the line
            c.expect_exact("^C")
            c.expect_exact(PROMPT)
            c.sendline("(while true 1)")
            c.expect(r"\(while true 1\)[^\n]*\n")
            c.sendintr()
        # Either the line was cleared at the prompt (^C) or the evaluation was stopped.
        c.expect([r"\^C", "interrupted"])
        c.expect_exact(PROMPT)
        run(c, f"(+ kept {i})", str(5 + i))
    quit_(c)


def test_history_persists_across_runs(home):
    c = spawn(home)
    run(c, "(+ 40 2)", "42")
    c.sendline("(+ 1")
    c.sendline("1)")
    result(c, "2")
    c.sendline(":q")
    c.expect(pexpect.EOF)
    c.close()
    hist = home / "state" / "osvm" / "ovsm_history"
    lines = hist.read_text().splitlines()
    assert lines[-3:] == ["(+ 40 2)", "(+ 1\\n1)", ":q"]

    c = spawn(home)
    c.send(UP + UP + UP)            # :q, the two-line entry, then (+ 40 2)
    c.sendline("")
    result(c, "42")
    c.sendcontrol("r")
    c.send("+ 1")
    c.expect_exact("reverse-i-search)`+ 1'")
    c.sendline("")
    result(c, "2")
    quit_(c)


def test_tab_completion_of_defined_names(home):
    c = spawn(home)
    c.sendline("(define my-unique-variable 123)")
    c.expect_exact(PROMPT)
    c.send("my-uniq\t")
    c.expect_exact("my-unique-variable")
    c.sendline("")
    result(c, "123")
    c.sendline("(define zzalpha 1)")
    c.expect_exact(PROMPT)
    c.sendline("(define zzbeta 2)")
    c.expect_exact(PROMPT)
    c.send("zz\t\t")
    c.expect(r"zzalpha\s+zzbeta")
    c.sendcontrol("u")
    c.sendline("(+ zza\t zzb\t)")
    result(c, "3")
    quit_(c)


def test_line_editing_keys_and_utf8(home):
    c = spawn(home)
    # Ctrl-A, Ctrl-K: replace the whole line.
    c.send("(* 2 3)")
    c.sendcontrol("a")
    c.sendcontrol("k")
    c.sendline("(+ 5 5)")
    result(c, "10")
    # Home, Ctrl-E, Ctrl-W, Backspace.
    c.send("(- 10 1)" + HOME_KEY)
    c.sendcontrol("e")
    c.sendcontrol("w")
    c.send("4)x\x7f")
    c.sendline("")
    result(c, "6")
    # Wide characters: insert between two of them.
    c.send('"日本"' + LEFT + LEFT + "x")
    c.sendline("")
    result(c, '"日x本"')
    # :help NAME shows a docstring; special forms are named as such.
    c.sendline(":help first")
    c.expect(r"\(first seq\)")
    c.expect_exact(PROMPT)
    c.sendline(":help defun")
    c.expect("defun: special form")
    c.expect_exact(PROMPT)
    quit_(c)


def test_piped_input_is_plain(home):
    code = "(+ 1 2)\n(define x 5)\n(* x\n  2)\n(car 1)\n(+ x 1)\n"
    p = subprocess.run([BIN, "ovsm", "repl"], input=code, capture_output=True, text=True,
                       env=env_for(home), timeout=10)
    assert p.returncode == 0
    assert p.stdout == "3\n5\n10\n6\n"
    assert "type: " in p.stderr
    assert not (home / "state").exists()          # no history without a terminal
    p = subprocess.run([BIN, "ovsm", "repl"], input="(+ 1 2)\n", capture_output=True, text=True,
                       env=env_for(home), timeout=10)
    assert p.stdout == "3\n"


def test_history_cap_load_and_unreadable_history(home, tmp_path):
    hist = home / "state" / "osvm" / "ovsm_history"
    hist.parent.mkdir(parents=True)
    hist.write_text("".join(f"(+ {i} 0)\n" for i in range(1000)))
    script = tmp_path / "lib.ovsm"
    script.write_text('(define from-file 21)\n(log :message "loaded")\n(* from-file 2)\n')
    c = spawn(home)
    c.sendline(f":load {script}")
    c.expect(r"loaded\r\n42\r\n")
    c.expect_exact(PROMPT)
    run(c, "(+ from-file 1)", "22")
    quit_(c)
    lines = hist.read_text().splitlines()
    assert len(lines) == 1000
    assert lines[0] == "(+ 2 0)" and lines[-1] == "(+ from-file 1)"

    # A history path that cannot be read or written only warns.
    other = tmp_path / "other"
    (other / "state" / "osvm" / "ovsm_history").mkdir(parents=True)
    c = pexpect.spawn(BIN, ["ovsm", "repl"], env=env_for(other), encoding="utf-8", timeout=8)
    c.expect("warning: cannot read history file")
    c.expect_exact(PROMPT)
    c.sendline("(+ 2 2)")
    c.expect(r"\r\n4\r\n")
    c.expect("warning: cannot write history file")
    c.expect_exact(PROMPT)
    run(c, "(+ 3 3)", "6")
    quit_(c)


def test_crash_classes_keep_the_session(home):
    """Issue 11: repeated names, deep values, runaway macros end with a value or an error;
    the session and its definitions survive."""
    child = spawn(home)
    run(child, "(define keep 41)", "41")
    run(child, "((lambda (x x) x) 1 2)", "2")
    run(child, "(let ((y 1) (y 2)) y)", "2")
    run(child, "(define d []) (dotimes (i 300000) (set! d [d])) (length (str d))", "600002")
    child.sendline("(defmacro m () '(m)) (m)")
    child.expect("limit")
    child.expect_exact(PROMPT)
    child.sendline("d")
    child.expect(r"\]\]\]\]\r\n", timeout=30)
    child.expect_exact(PROMPT)
    run(child, "(+ keep 1)", "42")
    quit_(child)
