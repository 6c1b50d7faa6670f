"""End-to-end tests of `osvm ovsm debug`, driving the real binary over pipes.

Run:  python3 -m pytest -q tests/e2e/test_debug.py
(OSVM_BIN defaults to .build/debug/osvm.) Every wait is an `expect` with a deadline.
"""
import os
import subprocess
from pathlib import Path

import pexpect
from pexpect.popen_spawn import PopenSpawn
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
PROMPT = "(ovsm-debug) "

pytestmark = pytest.mark.skipif(not os.access(BIN, os.X_OK), reason=f"no osvm binary at {BIN}")

FACT = """(defun fact (n)
  (if (<= n 1)
      1
      (* n (fact (- n 1)))))
(define x 3)
(print "start")
(fact x)
"""


@pytest.fixture
def script(tmp_path):
    p = tmp_path / "fact.ovsm"
    p.write_text(FACT)
    return p


def spawn(tmp_path, script, *args):
    env = dict(os.environ, HOME=str(tmp_path), LANG="C.UTF-8")
    child = PopenSpawn([BIN, "ovsm", "debug", str(script), *args], env=env, encoding="utf-8", timeout=10,
                       cwd=str(tmp_path))
    child.expect_exact(PROMPT)
    return child


def cmd(child, line):
    """Sends a command; returns what it printed before the next prompt."""
    child.sendline(line)
    child.expect_exact(PROMPT)
    return child.before


def quit_(child):
    child.sendline("quit")
    child.expect(pexpect.EOF)
    assert child.wait() == 0


def test_breakpoint_locals_print_and_continue(tmp_path, script):
    child = spawn(tmp_path, script, "--break", "4")
    out = cmd(child, "run")
    assert "start" in out
    assert "[breakpoint] in fact, depth 2" in out
    assert f"=> {script}:4:       (* n (fact (- n 1)))))" in out
    assert "n = 3" in cmd(child, "locals")
    assert cmd(child, "print (* n 10)").strip() == "30"
    assert cmd(child, "p (fact n)").strip() == "6"
    bt = cmd(child, "bt")
    assert f"#0 fact at {script}:4" in bt and f"#1 <top level> at {script}:7" in bt
    out = cmd(child, "c")
    assert "depth 3" in out and "n = 2" in cmd(child, "locals")
    cmd(child, "delete 4")
    out = cmd(child, "continue")
    assert "program finished: 6" in out
    assert "error: the program is not running" in cmd(child, "c")
    out = cmd(child, "run")                       # runs again, from the start
    assert "start" in out and "program finished: 6" in out
    quit_(child)


def test_step_next_finish_and_watch(tmp_path, script):
    child = spawn(tmp_path, script, "-b", "7")
    assert f"{script}:7: (fact x)" in cmd(child, "run")
    out = cmd(child, "watch (* x 2)")
    assert "watch 1: (* x 2) = 6" in out
    out = cmd(child, "step")
    assert f"{script}:2:" in out and "depth 2" in out and "watch 1: (* x 2) = 6" in out
    assert f"{script}:4:" in cmd(child, "next")
    out = cmd(child, "finish")
    assert "[returned 6]" in out and "depth 1" in out
    assert "program finished: 6" in cmd(child, "c")
    quit_(child)


def test_errors_are_clear(tmp_path, script):
    child = spawn(tmp_path, script)
    assert "(7 lines)" in child.before
    assert "error: unknown command frobnicate" in cmd(child, "frobnicate")
    assert "error: no line 99" in cmd(child, "break 99")
    assert "error: break needs a line number" in cmd(child, "break x")
    assert "error: the program is not paused" in cmd(child, "print 1")
    assert "error: no breakpoint on line 3" in cmd(child, "delete 3")
    assert "error: the program is not running" in cmd(child, "next")
    assert "error: the program is not paused" in cmd(child, "locals")
    assert "step [s]" in cmd(child, "help")
    out = cmd(child, "step")
    assert "depth 1" in out and f"{script}:1:" in out
    assert "error: `finish` is not meaningful" in cmd(child, "finish")
    out = cmd(child, "print (car 1 2 3)")
    assert out.strip().startswith("error:")
    assert cmd(child, "print (+ 1 2)").strip() == "3"      # an error did not end the session
    quit_(child)


def test_bad_break_option_and_missing_file(tmp_path, script):
    r = subprocess.run([BIN, "ovsm", "debug", str(script), "--break", "0"], capture_output=True, text=True,
                       timeout=10, stdin=subprocess.DEVNULL)
    assert r.returncode == 2 and "error: --break 0: no line 0" in r.stderr
    r = subprocess.run([BIN, "ovsm", "debug", str(tmp_path / "nope.ovsm")], capture_output=True, text=True,
                       timeout=10, stdin=subprocess.DEVNULL)
    assert r.returncode == 2 and "no such file" in r.stderr


def test_end_of_input_stops_a_paused_program(tmp_path):
    p = tmp_path / "loop.ovsm"
    p.write_text("(define n 0)\n(while true\n  (set! n (+ n 1)))\n")
    r = subprocess.run([BIN, "ovsm", "debug", str(p), "--break", "3"], input="run\nprint (> n -1)\n",
                       capture_output=True, text=True, timeout=20)
    assert r.returncode == 0
    assert "true" in r.stdout
