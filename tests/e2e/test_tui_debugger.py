"""The debugger in the real `osvm-tui` (pexpect + pyte; docs/DEBUGGER.md, "In the workbench").

    swift build --product osvm-tui
    python3 -m pytest -q tests/e2e/test_tui_debugger.py

F9 sets a breakpoint on the editor's cursor line, F5 runs under the debugger and pauses
there (the debug panel shows the locals), the REPL evaluates in the paused frame, F10
steps, Shift-F11 steps out, F5 continues to the result, Shift-F5 stops a run. Every wait
has a deadline.
"""
import os
import tempfile

import pytest

from tui_driver import TUI, ctrl

PROGRAM = """(defun fact (n)
  (if (<= n 1)
      1
      (* n (fact (- n 1)))))
(define r (fact 3))
(+ r 1000)
"""


@pytest.fixture
def home():
    with tempfile.TemporaryDirectory() as d:
        yield d


def open_program(home):
    path = os.path.join(home, "fact.ovsm")
    with open(path, "w") as f:
        f.write(PROGRAM)
    t = TUI(args=["--url", "http://127.0.0.1:9"], home=home, cols=100, rows=30)
    t.wait_for("2 REPL")
    t.send(ctrl("p"))
    t.wait_for("Command")
    t.send(f"open {path}\r")
    t.wait_for("fact.ovsm")
    return t


def debug_title(t):
    """The debug panel's title line ('' when there is none)."""
    for line in t.text().splitlines():
        if "Debug ─ " in line:
            return line
    return ""


def test_breakpoint_pause_locals_step_continue(home):
    t = open_program(home)
    try:
        for _ in range(3):
            t.key("down")
        t.key("f9")
        t.wait_for("breakpoint on line 4")
        t.wait_until(lambda: any(l.lstrip("│").startswith("●") for l in t.text().splitlines()), "● in the gutter")
        t.key("f5")
        t.wait_until(lambda: "paused: line 4 in fact (breakpoint)" in debug_title(t), "the pause in the panel title")
        t.wait_for("stack fact:4 ← <top level>:5")
        t.wait_until(lambda: any(l.lstrip("│").startswith("n ") and "= 3" in l for l in t.text().splitlines()),
                     "local n = 3")
        assert any(l.lstrip("│").startswith("▶") for l in t.text().splitlines())      # the paused line
        # The REPL evaluates in the paused frame.
        t.send("\x1b2")                       # Alt+2: the REPL
        t.send("(* n 7)\r")
        t.wait_for("debug> (* n 7)")
        t.wait_until(lambda: any(c.strip() == "21" for l in t.text().splitlines() for c in l.split("│")), "21")
        # F10 steps over the recursive call but stops at its breakpoint: n = 2, one level deeper.
        t.key("f10")
        t.wait_for("stack fact:4 ← fact:4 ← <top level>:5")
        t.wait_until(lambda: any(l.lstrip("│").startswith("n ") and "= 2" in l for l in t.text().splitlines()),
                     "local n = 2")
        # Shift-F11 runs until fact(2) returns: the panel says what it returned.
        t.send("\x1b1")                       # back to the editor, F9 clears the breakpoint on the paused line
        t.key("f9")
        t.wait_for("breakpoint on line 4 removed")
        t.key("shift-f11")
        t.wait_until(lambda: "(returned 2)" in debug_title(t), "step out shows the value")
        # F5 continues to the end: the value comes to the REPL and the panel goes away.
        t.key("f5")
        t.wait_for(";; debug run ended")
        t.wait_for("1006")
        t.wait_until(lambda: debug_title(t) == "", "the debug panel closed")
    finally:
        t.close()


def test_shift_f5_stops_a_paused_run_and_watches_show(home):
    t = open_program(home)
    try:
        t.send(ctrl("p"))
        t.wait_for("Command")
        t.send("watch (* n 100)\r")
        t.wait_for("watch 1: (* n 100)")
        for _ in range(3):
            t.key("down")
        t.key("f9")
        t.key("f5")
        t.wait_until(lambda: "paused: line 4" in debug_title(t), "paused")
        t.wait_until(lambda: any("watch 1: (* n 100)" in l and "= 300" in l for l in t.text().splitlines()), "watch = 300")
        t.key("shift-f5")
        t.wait_for("stopped in the debugger")
        t.wait_until(lambda: debug_title(t) == "", "the debug panel closed")
        # F11 with no run debugs from the first line.
        t.key("f11")
        t.wait_until(lambda: "paused: line 1" in debug_title(t) or "paused: line 5" in debug_title(t), "paused at the start")
        t.send(ctrl("c"))
        t.wait_for("stopped in the debugger")
    finally:
        t.close()
