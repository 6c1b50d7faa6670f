"""Recorded workbench sessions (docs/RECORD-REPLAY.md), with the real `osvm-tui` in a pty
(pexpect + pyte): a session recorded with `--record` replays headless (`--print-screen`)
to the screen the terminal showed, `--verify` passes and fails when an action is changed;
the replay in a terminal ends on that screen and the workbench goes on; a killed recorder,
a full disk and bad files are handled. Every `sessions/*.jsonl` is a test: replayed with
`--verify` (OSVM_RECORD_SESSIONS=1 records `sessions/repl-editor-resize.jsonl` again).

    swift build --product osvm-tui
    python3 -m pytest -q tests/e2e/test_tui_replay.py
"""
import glob
import json
import os
import shutil
import signal
import stat
import subprocess
import tempfile

import pytest

from tui_driver import ROOT, TUI, ctrl

DEAD_RPC = "http://127.0.0.1:9"
BINARY = os.environ.get("OSVM_TUI", os.path.join(ROOT, ".build", "debug", "osvm-tui"))
SESSIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sessions")


@pytest.fixture
def home():
    d = tempfile.mkdtemp()
    yield d
    shutil.rmtree(d, ignore_errors=True)


def rows(t):
    return [line.rstrip() for line in t.screen.display]


def replay(path, *flags, home=None):
    env = {"HOME": home or tempfile.gettempdir(), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    return subprocess.run([BINARY, "--replay", path, *flags], capture_output=True, text=True, timeout=60, env=env)


def record_session(home, path):
    """REPL input (a short and a long value), an editor edit, a resize and a quit over the
    modified buffer. Returns the rows the terminal showed last (the quit question)."""
    src = os.path.join(home, "w.ovsm")
    with open(src, "w") as f:
        f.write("(define x 1)\n")
    t = TUI(args=["--url", DEAD_RPC, "--record", path, src], home=home, cols=100, rows=30)
    try:
        t.wait_for("2 REPL")
        t.wait_for("w.ovsm")
        t.send("\x1b2")                                  # Alt+2: the REPL
        t.send("(+ 1 2)\r")
        t.wait_until(lambda: any(r.startswith("│3 ") for r in t.screen.display), "3 in the REPL")
        t.send("(range 0 60)\r")
        t.wait_for("59]")
        t.send("\x1b1")                                  # Alt+1: the editor
        t.send(";; edited\r")
        t.wait_for(";; edited")
        t.resize(120, 34)
        t.wait_until(lambda: len(t.screen.display[0].rstrip()) > 110 and t.screen.display[0].rstrip().endswith("? help")
                     and any(";; edited" in r for r in t.screen.display), "redrawn at 120×34")
        t.send(ctrl("q"))
        t.wait_for("quit and discard")
        t.send("y")                                      # quits: the question was the last screen
        t.wait_exit()
        assert t.child.exitstatus == 0
        return rows(t)
    finally:
        t.close()


def test_a_recorded_session_replays_to_the_screen_the_terminal_showed(home):
    path = os.path.join(home, "session.jsonl")
    live = record_session(home, path)
    assert any("quit and discard" in r for r in live) and any("59]" in r for r in live)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600          # it may hold chat text

    out = replay(path, "--print-screen", "--verify")
    assert out.returncode == 0, out.stderr
    assert "verified" in out.stderr
    assert out.stdout.rstrip("\n").split("\n") == live           # cursor position aside

    # One recorded service reply changed: the screen differs, and --verify says where.
    with open(path) as f:
        text = f.read()
    if os.environ.get("OSVM_RECORD_SESSIONS") == "1":
        with open(os.path.join(SESSIONS, "repl-editor-resize.jsonl"), "w") as f:
            f.write(text)
    assert text.count('"printed":"3"') == 1
    with open(path, "w") as f:
        f.write(text.replace('"printed":"3"', '"printed":"4"'))
    out = replay(path, "--verify")
    assert out.returncode == 1
    assert "differs from the recorded one" in out.stderr
    assert "  recorded |│3 " in out.stderr and "  replayed |│4 " in out.stderr


@pytest.mark.parametrize("session", sorted(glob.glob(os.path.join(SESSIONS, "*.jsonl"))), ids=os.path.basename)
def test_every_committed_session_verifies(session, home):
    out = replay(session, "--verify", home=home)
    assert out.returncode == 0, f"{session}: {out.stderr}"
    assert os.listdir(home) == []                                # a replay writes nothing


def test_the_committed_sessions_exist():
    assert glob.glob(os.path.join(SESSIONS, "*.jsonl")), "no recorded session under tests/e2e/sessions"


def test_a_replay_in_the_terminal_ends_on_the_recorded_screen_and_goes_on(home):
    session = os.path.join(SESSIONS, "repl-editor-resize.jsonl")
    expected = replay(session, "--print-screen").stdout.rstrip("\n").split("\n")
    t = TUI(args=["--replay", session, "--replay-speed", "0"], home=home, cols=120, rows=34)
    try:
        t.wait_for("replay finished")
        t.wait_for("quit and discard")                           # the question stays in the footer
        screen = rows(t)
        # The Log pane (right half, lower part) also says the replay finished.
        left = lambda rs: [r[:60] for r in rs]
        assert left(screen) == left(expected)
        assert screen[:20] == expected[:20]
        # The recording ended on the quit question: the session goes on from there.
        t.send("n")
        t.wait_gone("quit and discard")
        t.send("\x1b2(+ 2 2)\r")                                 # the REPL answers, with no interpreter
        t.wait_for("not in a replay: it has no interpreter")
        t.send(ctrl("q"))
        t.wait_for("quit and discard")
        t.send("y")
        t.wait_exit()
        assert t.child.exitstatus == 0
        assert os.listdir(home) == []                            # no recovery file, no history
    finally:
        t.close()


def test_a_key_skips_a_paced_replay_to_its_end(home):
    session = os.path.join(SESSIONS, "repl-editor-resize.jsonl")
    slow = os.path.join(home, "slow.jsonl")
    with open(session) as f:
        lines = f.read().split("\n")
    # The same session, its last actions an hour later.
    out = []
    for line in lines:
        if line.startswith('{"a":'):
            e = json.loads(line)
            if "resize" in e["a"]:
                e["t"] += 3600
            line = json.dumps(e, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        out.append(line)
    with open(slow, "w") as f:
        f.write("\n".join(out))
    t = TUI(args=["--replay", slow], home=home, cols=120, rows=34)
    try:
        t.wait_for("59]")                                        # paced up to the hour's pause
        assert "replay finished" not in t.text()
        t.send(" ")
        t.wait_for("replay finished", timeout=10)
        t.wait_for("quit and discard")
    finally:
        t.close()


def test_a_killed_recorder_leaves_a_replayable_file(home):
    path = os.path.join(home, "killed.jsonl")
    t = TUI(args=["--url", DEAD_RPC, "--record", path], home=home, cols=100, rows=30)
    try:
        t.wait_for("2 REPL")
        t.send("(+ 20 22)\r")
        t.wait_for("42")
        t.send("(str 1")                                         # typed, not entered
        t.wait_for("(str 1")
        # Written within the flush delay (0.2 s), without a tick or a quit.
        t.wait_until(lambda: '"_0":"1"' in open(path).read(), "the last key in the file", timeout=5)
        os.kill(t.child.pid, signal.SIGKILL)
        t.wait_exit()
    finally:
        t.close()
    out = replay(path, "--print-screen")
    assert out.returncode == 0, out.stderr
    assert "ovsm> (str 1" in out.stdout and "42" in out.stdout
    out = replay(path, "--verify")
    assert out.returncode == 2 and "no final screen" in out.stderr


def test_a_cut_off_last_line_is_a_warning_and_bad_lines_are_errors(home):
    session = os.path.join(SESSIONS, "repl-editor-resize.jsonl")
    with open(session) as f:
        lines = f.read().rstrip("\n").split("\n")
    cut = os.path.join(home, "cut.jsonl")
    with open(cut, "w") as f:
        f.write("\n".join(lines[:-1]) + "\n" + lines[-1][:40])       # the trailer cut in half
    out = replay(cut, "--print-screen")
    assert out.returncode == 0
    assert f"cut.jsonl:{len(lines)}: the last line is cut off" in out.stderr

    bad = os.path.join(home, "bad.jsonl")
    with open(bad, "w") as f:
        f.write("\n".join(lines[:3] + ['{"a":{"key":{"_0":"<warp>"}},"t":1}'] + lines[3:]) + "\n")
    out = replay(bad, "--print-screen")
    assert out.returncode == 2
    assert out.stderr.strip() == f"osvm-tui: {bad}:4: no key is named <warp> at a.key._0"
    assert out.stdout == ""

    future = os.path.join(home, "future.jsonl")
    with open(future, "w") as f:
        f.write('{"format":"osvm-tui-recording","version":2,"seed":{}}\n')
    out = replay(future)                                          # before any terminal is touched
    assert out.returncode == 2
    assert "recording format 2 is newer than this osvm-tui reads (1)" in out.stderr

    out = replay(os.path.join(home, "missing.jsonl"), "--verify")
    assert out.returncode == 2 and "missing.jsonl" in out.stderr and "NSCocoaErrorDomain" not in out.stderr

    # A recording that cannot be created stops the start, before the screen is taken.
    out = subprocess.run([BINARY, "--url", DEAD_RPC, "--record", os.path.join(home, "no", "dir.jsonl")],
                         capture_output=True, text=True, timeout=30, env={"HOME": home, "PATH": os.environ.get("PATH", "")})
    assert out.returncode == 2
    assert out.stderr.strip() == f"osvm-tui: --record {home}/no/dir.jsonl: No such file or directory"


@pytest.mark.skipif(not os.access("/dev/full", os.W_OK), reason="no /dev/full")
def test_a_full_disk_is_reported_once_and_the_workbench_goes_on(home):
    t = TUI(args=["--url", DEAD_RPC, "--record", "/dev/full"], home=home, cols=140, rows=30)
    try:
        t.wait_for("recording /dev/full: No space left on device")
        t.send("(+ 20 22)\r")
        t.wait_for("42")
        assert t.text().count("No space left on device") == 1
        t.send(ctrl("q"))
        t.wait_exit()
        assert t.child.exitstatus == 0
    finally:
        t.close()


def test_a_debugger_session_replays_to_the_screen_the_terminal_showed(home):
    """The debugger lives in the store, not the state: its pauses, evaluations in the paused
    frame and the run's end are recorded actions, and the panel replays from them."""
    src = os.path.join(home, "fact.ovsm")
    with open(src, "w") as f:
        f.write("(defun fact (n)\n  (if (<= n 1)\n      1\n      (* n (fact (- n 1)))))\n(define r (fact 3))\n(+ r 1000)\n")
    path = os.path.join(home, "debug.jsonl")
    t = TUI(args=["--url", DEAD_RPC, "--record", path, src], home=home, cols=100, rows=30)
    try:
        t.wait_for("fact.ovsm")
        for _ in range(3):
            t.key("down")
        t.key("f9")
        t.wait_for("breakpoint on line 4")
        t.key("f5")
        t.wait_for("paused: line 4 in fact (breakpoint)")
        t.send("\x1b2(* n 7)\r")                        # evaluated in the paused frame
        t.wait_until(lambda: any(c.strip() == "21" for l in t.screen.display for c in l.split("│")), "21")
        t.key("f10")
        t.wait_for("stack fact:4 ← fact:4 ← <top level>:5")
        live = rows(t)
        t.send(ctrl("q"))                               # paused, nothing unsaved: quits at once
        t.wait_exit()
        assert rows(t) == live                          # the last frame stays in the terminal
    finally:
        t.close()
    out = replay(path, "--print-screen", "--verify")
    assert out.returncode == 0, out.stderr
    assert out.stdout.rstrip("\n").split("\n") == live
    with open(path) as f:
        text = f.read()
    assert '"debugPaused"' in text and '"debugEvaluated"' in text
