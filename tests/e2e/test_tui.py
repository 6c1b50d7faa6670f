"""End-to-end tests of the real `osvm-tui` binary in a pseudo-terminal (pexpect + pyte).

    pip install pyte pexpect pytest
    swift build --product osvm-tui
    python3 -m pytest -q tests/e2e/test_tui.py        # OSVM_TUI=path overrides the binary

Each test runs with HOME set to a fresh temporary directory and talks to 127.0.0.1 only.
The explorer test starts the local validator (tools/localnet; `bash tools/localnet/setup.sh`
once) and is skipped when it is not set up.
"""
import base64
import json
import os
import signal
import subprocess
import tempfile
import urllib.request

import pexpect
import pytest

from tui_driver import ROOT, TUI, XtermScreen, XtermStream, ctrl

DEAD_RPC = "http://127.0.0.1:9"   # nothing listens: the header shows "○", nothing hangs
# scripts/test.sh sets it: there a missing peer is a failure, not a skip.
REQUIRE_PEERS = os.environ.get("OSVM_REQUIRE_PEERS") == "1"


def missing_peer(reason):
    if REQUIRE_PEERS:
        pytest.fail(reason + " (OSVM_REQUIRE_PEERS=1)")
    pytest.skip(reason)


@pytest.fixture
def home():
    with tempfile.TemporaryDirectory() as d:
        yield d


def wait_result(t, expected, timeout=10.0, exact=False):
    """Waits for `expected` on a screen line that is not an input line (`ovsm> …`): the
    input itself may contain it ("(if (= d d) 7777 0)" shows 7777 before it is evaluated)."""
    def shown():
        for line in t.text().splitlines():
            for cell in line.split("│"):        # each pane's part of the row
                if (cell.strip() == expected) if exact else (expected in cell and "ovsm> " not in cell):
                    return True
        return False
    t.wait_until(shown, f"result {expected!r}", timeout)


def start(home, *args, cols=100, rows=30, **kw):
    t = TUI(args=["--url", DEAD_RPC, *args], home=home, cols=cols, rows=rows, **kw)
    t.wait_for("2 REPL")
    return t


def test_screen_model_restores_the_cursor_as_xterm_does():
    """ncurses scrolls a region with save cursor / set region / restore cursor / reverse
    index, sometimes saving the cursor one row above the region; the screen model must put
    it back there (xterm does), or the region does not scroll and later cells land on the
    wrong rows."""
    import pyte
    screen = XtermScreen(20, 10)
    stream = pyte.ByteStream(screen)
    stream.feed(b"\x1b[3;1Htop\x1b[4;1Hrow4\x1b[5;1Hrow5")
    stream.feed(b"\x1b[3;1H\x1b7\x1b[4;9r\x1b8")      # saved on row 3, region 4..9
    assert screen.cursor.y == 2
    stream.feed(b"\n\x1bM")                             # down into the region's top, then scroll it down
    assert [screen.display[i].rstrip() for i in (2, 3, 4, 5)] == ["top", "", "row4", "row5"]
    stream.feed(b"\x1b[1;1H\x1b8")                      # xterm keeps one slot: restores row 3 again
    assert screen.cursor.y == 2


def test_screen_model_scrolls_a_region_with_su_and_sd():
    """ncurses scrolls a pane's region with SU/SD (CSI n S / CSI n T) when several lines
    moved between frames; the model must move the rows (stock pyte ignored both)."""
    screen = XtermScreen(20, 8)
    stream = XtermStream(screen)
    stream.feed(b"".join(b"\x1b[%d;1Hrow%d" % (i, i) for i in range(1, 9)))
    stream.feed(b"\x1b[6;2H\x1b[3;6r\x1b[6;2H\x1b[2S")   # region rows 3..6, scroll up 2
    assert [screen.display[i].rstrip() for i in range(8)] == ["row1", "row2", "row5", "row6", "", "", "row7", "row8"]
    assert (screen.cursor.y, screen.cursor.x) == (5, 1)
    stream.feed(b"\x1b[1T")                                   # and down 1
    assert [screen.display[i].rstrip() for i in range(2, 6)] == ["", "row5", "row6", ""]
    stream.feed(b"\x1b[r\x1b[9S")                             # no region: the whole screen, bounded
    assert all(line.strip() == "" for line in screen.display)


def test_repl_evaluates_in_one_shared_session(home):
    t = start(home)
    try:
        for title in ["1 Editor", "2 REPL", "3 Explorer", "4 Log"]:
            t.wait_for(title)
        t.send("(define sq (lambda (x) (* x x)))\r")
        t.wait_for("#<")
        t.send("(sq 12)\r")
        wait_result(t, "144")
        t.send('(print "to the log")\r')
        wait_result(t, "to the log")
        # Ctrl-C cancels a runaway loop; the workbench stays responsive.
        t.send("(while true 1)\r")
        t.wait_for("running")
        t.send(ctrl("c"))
        t.wait_for("cancelled")
        t.send("(+ 1 2 3)\r")
        t.wait_until(lambda: "6" in t.text().split("ovsm> (+ 1 2 3)", 1)[-1] and "ovsm> (+ 1 2 3)" in t.text(),
                     "the value 6 under the input")
    finally:
        t.close()


def test_repl_wraps_long_values_and_shows_printed_output(home):
    """`(range 0 60)` is readable whole in a 100-column workbench (the REPL pane is half
    of it), and what a form prints appears above its value."""
    t = start(home)
    try:
        t.send('(do (print "side-effect") (range 0 60))\r')
        wait_result(t, "57 58 59]")
        rows = []
        for line in t.text().splitlines():
            cells = line.split("│")
            if len(cells) > 2 and cells[1] and cells[1][0] in "[0123456789":
                rows.append(cells[1])          # the REPL's column of the row
        value = "[" + " ".join(str(i) for i in range(60)) + "]"
        assert value in "".join(rows), rows   # wrapped at the pane edge, nothing cut
        screen = t.text()
        assert screen.index("side-effect") < screen.index("57 58 59]")
    finally:
        t.close()


def test_open_edit_save_run(home):
    path = os.path.join(home, "script.ovsm")
    with open(path, "w") as f:
        f.write('(define greeting "hello")\n(print greeting)\n')
    t = start(home)
    try:
        t.send(ctrl("p"))
        t.wait_for("Command")
        t.send(f"open {path}\r")
        t.wait_for("script.ovsm")
        # Go to the end of the file and add a line.
        t.key("down"); t.key("down"); t.key("down")
        t.send("(* 6 7)")
        t.wait_for("script.ovsm ●")
        t.send(ctrl("s"))
        t.wait_for("saved")
        with open(path) as f:
            assert f.read().endswith("(* 6 7)")
        assert not [n for n in os.listdir(home) if ".tmp-" in n]
        t.key("f5")
        t.wait_for("42")            # value → REPL
        t.wait_for("hello")         # output → log
        # The run defined `greeting` in the session the REPL uses.
        t.key("tab")
        t.send("greeting\r")
        wait_result(t, '"hello"', exact=True)     # not the editor's (define greeting "hello")
    finally:
        t.close()


def test_resize_to_tabs_and_back(home):
    t = start(home)
    try:
        t.resize(60, 20)
        t.wait_for("1 Editor   2 REPL   3 Explorer   4 Log")
        t.send("(+ 40 2)\r")
        t.wait_for("42")
        t.resize(100, 30)
        t.wait_for("4 Log ─")
        t.wait_for("3 Explorer")
        t.wait_for("42")
    finally:
        t.close()


def test_quit_restores_the_terminal(home):
    binary = os.environ.get("OSVM_TUI", os.path.join(ROOT, ".build", "debug", "osvm-tui"))
    stty = os.path.join(home, "stty.txt")
    # A shell runs the workbench, then records the terminal modes it left behind.
    t = TUI(home=home, binary="/bin/sh",
            args=["-c", f"stty -a > {stty}.before; '{binary}' --url {DEAD_RPC}; echo EXIT=$?; stty -a > {stty}; echo STTY-DONE"])
    try:
        t.wait_for("2 REPL")
        t.send(ctrl("q"))
        t.wait_for("EXIT=0")
        t.wait_for("STTY-DONE")                 # the modes are on file
        assert b"\x1b[?1049l" in t.raw          # left the alternate screen
        with open(stty) as f:
            after = f.read()
        with open(stty + ".before") as f:
            before = f.read()
        assert after == before
        assert " icanon" in after and " echo" in after
    finally:
        t.close()


def test_sigterm_restores_terminal_and_keeps_unsaved_work(home):
    t = start(home)
    try:
        t.key("btab")              # REPL → Editor
        t.send("(define unsaved 1)")
        t.wait_for("untitled ●")
        # The signal does not queue behind the keys: wait until the editor has them all.
        t.wait_for("(define unsaved 1)")
        t.child.kill(signal.SIGTERM)
        t.wait_exit()
        assert b"\x1b[?1049l" in t.raw
    finally:
        t.close()
    # The next start offers the unsaved buffer back.
    t = start(home)
    try:
        t.wait_for("unsaved work from an earlier session")
        t.send("r")
        t.wait_for("restored")
        t.wait_for("(define unsaved 1)")
    finally:
        t.close()


def recovery_files(home):
    d = os.path.join(home, ".osvm", "recovery")
    return sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(".ovsm")) if os.path.isdir(d) else []


def recovery_texts(home):
    out = []
    for p in recovery_files(home):
        with open(p) as f:
            out.append(f.read())
    return out


def test_kill_9_loses_nothing_and_instances_do_not_share_recovery(home):
    a = start(home)
    b = start(home)
    try:
        for t, text in ((a, "(define from-a 1)"), (b, "(define from-b 2)")):
            t.key("btab")
            t.send(text)
            t.wait_for("untitled ●")
            t.wait_for(text)   # every key handled before the kill below
        # Each instance writes its own file; neither overwrites the other. (Whole texts:
        # a file written after the first keys only would be restored without the rest.)
        a.wait_until(lambda: sum("(define from-a 1)" in x for x in recovery_texts(home)) == 1
                     and sum("(define from-b 2)" in x for x in recovery_texts(home)) == 1, "two recovery files")
        assert len(recovery_files(home)) == 2
        for f in recovery_files(home):
            assert os.stat(f).st_mode & 0o777 == 0o600
        a.child.kill(signal.SIGKILL)
        a.wait_until(lambda: not a.child.isalive(), "instance a killed")
    finally:
        a.close()
    # b is still running: only a's buffer is an orphan.
    c = start(home)
    try:
        c.wait_for("unsaved work from an earlier session")
        c.send("r")
        c.wait_for("(define from-a 1)")
        assert "from-b" not in c.text()
    finally:
        c.close()
        b.close()


def test_discarded_buffer_stays_discarded(home):
    t = start(home)
    try:
        t.key("btab")
        t.send("(define gone 1)")
        t.wait_for("untitled ●")
        t.wait_until(lambda: any("gone" in x for x in recovery_texts(home)), "recovery written")
        t.send(ctrl("q"))
        t.wait_for("quit and discard")
        t.send("y")
        t.wait_exit()
    finally:
        t.close()
    assert recovery_files(home) == []
    t = start(home)
    try:
        t.wait_for("4 Log")
        assert "earlier session" not in t.text()
    finally:
        t.close()


def test_open_asks_over_unsaved_work_and_creates_new_files(home):
    new = os.path.join(home, "new.ovsm")
    t = start(home)
    try:
        t.key("btab")
        t.send("(define keep 1)")
        t.wait_for("untitled ●")
        t.send(ctrl("p"))
        t.send(f"open {new}\r")
        t.wait_for("s save, d discard, c cancel")
        t.send("c")
        t.wait_for("open cancelled")
        assert "(define keep 1)" in t.text()
        t.send(ctrl("p"))
        t.send(f"open {new}\r")
        t.wait_for("s save, d discard, c cancel")
        t.send("d")
        t.wait_for("Ctrl-S creates it")
        assert "NSCocoaErrorDomain" not in t.text()
        t.wait_for("1 Editor ─ new.ovsm")
        t.send("(+ 1 2)")
        t.send(ctrl("s"))
        t.wait_for("saved")
        with open(new) as f:
            assert f.read() == "(+ 1 2)"
        t.send(ctrl("p"))
        t.send(f"open {home}\r")
        t.wait_for("is a directory")
    finally:
        t.close()


def test_palette_theme_and_help(home):
    t = start(home)
    try:
        t.send(ctrl("p"))
        t.send("theme hi")
        t.wait_for("theme high-contrast")
        t.key("tab")
        t.key("enter")
        t.wait_for("theme high-contrast")
        t.key("f1")
        t.wait_for("Help ─ REPL")
        t.key("esc")
        t.wait_gone("Help ─")
    finally:
        t.close()


def test_first_screen_navigation_mode_help_and_quit(home):
    """At 160×45 the first screen shows all six panes; Esc enters navigation mode (NAV in
    the footer), where `?` opens the help and `q` over a modified buffer asks first."""
    t = start(home, cols=160, rows=45)
    try:
        for title in ("1 Editor", "2 REPL", "3 Explorer", "4 Log", "5 Chat", "6 Nodes"):
            t.wait_for(title)
        footer = lambda: t.screen.display[-1]
        t.wait_until(lambda: footer().startswith(" INSERT "), "INSERT in the footer")
        t.key("esc")
        t.wait_until(lambda: footer().startswith(" NAV "), "NAV in the footer after Esc")
        t.send("?")
        t.wait_for("Help ─ REPL")
        assert "ovsm> ?" not in t.text()           # `?` was a command, not text
        t.send("x")                                 # any other key closes the help
        t.wait_gone("Help ─")
        t.send("1")                                 # jump to the editor, still navigating
        t.wait_until(lambda: "Ctrl-S" not in footer() and footer().startswith(" NAV "), "editor in NAV")
        t.send("i")
        t.wait_until(lambda: footer().startswith(" INSERT "), "INSERT after i")
        t.send("(+ 1 2)")
        t.wait_for("Editor ─ untitled ●")
        t.key("esc")
        t.wait_until(lambda: footer().startswith(" NAV "), "NAV again")
        t.send("q")
        t.wait_for("unsaved changes — quit and discard them? (y/n)")
        t.send("n")
        t.wait_gone("quit and discard")
        assert t.child.isalive()
        t.send("q")
        t.wait_for("quit and discard")
        t.send("y")
        t.child.expect(pexpect.EOF, timeout=10)
    finally:
        t.close()


@pytest.mark.parametrize("term", ["xterm-256color", "tmux-256color"])
def test_mouse_sgr_clicks_past_column_223_and_the_wheel(home, term):
    """With --mouse, reports come in SGR (1006) encoding: ncurses decodes them for xterm
    (kmous=\\E[<), the workbench itself for X10 entries like tmux-256color. A click at column
    241 focuses the pane there; the wheel over the Log pauses it without moving the focus."""
    if subprocess.run(["infocmp", term], capture_output=True).returncode != 0:
        pytest.skip(f"no terminfo entry for {term}")
    t = TUI(args=["--url", DEAD_RPC, "--mouse"], home=home, cols=250, rows=50, env_extra={"TERM": term})
    try:
        t.wait_for("6 Nodes")
        t.wait_until(lambda: b"\x1b[?1006" in t.raw, "SGR mouse mode requested")
        footer = lambda: t.screen.display[-1]
        t.send("\x1b[<0;241;10M\x1b[<0;241;10m")      # left press + release, column 241
        t.wait_until(lambda: "Ctrl-N new session" in footer(), "Chat focused by the click")
        t.wait_for("4 Log ─ follow")
        t.send("\x1b[<64;120;41M")                      # wheel up over the Log
        t.wait_for("4 Log ─ paused")
        assert "Ctrl-N new session" in footer()        # the focus stayed on Chat
        t.send("\x1b[<65;120;41M")                      # wheel down: following again
        t.wait_for("4 Log ─ follow")
    finally:
        t.close()


def localnet():
    py = os.path.join(ROOT, "tools", "localnet", ".venv", "bin", "python")
    if not os.path.exists(py):
        missing_peer("local validator not set up (bash tools/localnet/setup.sh)")
    proc = subprocess.Popen([py, os.path.join(ROOT, "tools", "localnet", "localnet.py"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if not line.startswith("LISTENING"):
        proc.kill()
        pytest.skip("local validator did not start")
    return proc, f"http://127.0.0.1:{line.split()[1]}"


def rpc(url, method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)["result"]


def test_explorer_against_local_validator(home):
    proc, url = localnet()
    address = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"
    try:
        sig = rpc(url, "requestAirdrop", [address, 2_000_000_000])
        t = TUI(args=["--url", url], home=home)
        try:
            t.wait_for("slot")                 # live header
            t.send("\x1b3")                    # Alt+3 → Explorer
            t.send(address + "\r")
            t.wait_for("system account")
            t.wait_for("balance   2 ◎")
            t.wait_for("recent signatures (1)")
            t.key("enter")                     # drill into the airdrop
            t.wait_for("3 Explorer ─ transaction")
            t.wait_for("status    ok")
            t.wait_for("fee")
            # Navigation mode: j walks the transaction's accounts; the selected one shows
            # its full id (shortened everywhere else), y copies it with OSC 52.
            t.key("esc")
            for _ in range(4):
                if f"    {address}" in t.text():
                    break
                t.send("j")
                t.pump(0.3)
            t.wait_for(f"    {address}")
            t.send("y")
            t.wait_raw(b"\x1b]52;c;" + base64.b64encode(address.encode()) + b"\x07")
            t.wait_for(f"copied {address}")
            t.key("enter")                     # opens that account (a history stack)
            t.wait_for("3 Explorer ─ account")
            t.key("esc")                       # back: the transaction, its selection kept
            t.wait_for("3 Explorer ─ transaction")
            t.wait_for(f"    {address}")
            t.key("esc")                       # back to the account
            t.wait_for("3 Explorer ─ account")
            # A stale balance after another airdrop: r reads the view again, in place.
            rpc(url, "requestAirdrop", [address, 1_000_000_000])
            t.send("r")
            t.wait_for("balance   3 ◎")
            t.wait_for("recent signatures (2)")
            t.send("i")                        # typing again (the query line)
            t.send(ctrl("p"))
            t.send(f"tx {sig}\r")
            t.wait_for("3 Explorer ─ transaction")
            t.wait_for("rpc getTransaction")   # every call is in the log
            t.send(ctrl("p"))
            t.send("rpc slot\r")
            t.wait_for("rpc slot:")
        finally:
            t.close()
    finally:
        proc.terminate()
        proc.wait(5)


def changing_rpc():
    """The JSON-RPC server of the workbench's store tests (Python stdlib): its getEpochInfo
    fails while `setFailing [true]` is on, and `stats` counts the calls it answered."""
    script = os.path.join(ROOT, "Tests", "WorkbenchTests", "Peers", "changing_rpc.py")
    proc = subprocess.Popen(["python3", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("PORT "), line
    return proc, f"http://127.0.0.1:{line.split()[1]}"


def test_header_poll_is_logged_only_when_it_changes(home):
    """The header polls getEpochInfo every 5 s: one Log line for the first answer, one for a
    failure — not one per poll."""
    proc, url = changing_rpc()
    try:
        t = TUI(args=["--url", url], home=home)
        try:
            t.wait_for("slot")
            polls = lambda: rpc(url, "stats", []).get("getEpochInfo", 0)
            t.wait_until(lambda: polls() >= 3, "three header polls", timeout=20)
            t.pump(0.2)
            assert t.text().count("rpc getEpochInfo") == 1, t.text()
            rpc(url, "setFailing", [True])
            t.wait_for("rpc getEpochInfo failed", timeout=15)
            assert t.text().count("rpc getEpochInfo") == 2, t.text()
        finally:
            t.close()
    finally:
        proc.stdin.close()
        proc.wait(5)


def test_suspend_and_resume(home):
    binary = os.environ.get("OSVM_TUI", os.path.join(ROOT, ".build", "debug", "osvm-tui"))
    # An interactive shell with job control: Ctrl-Z (Log pane) stops the workbench, fg resumes it.
    t = TUI(home=home, binary="/bin/bash", args=["--norc", "--noprofile", "-i"],
            env_extra={"PS1": "SHELL$ "})
    try:
        t.wait_for("SHELL$")
        t.send(f"'{binary}' --url {DEAD_RPC}\r")
        t.wait_for("2 REPL")
        t.send("\x1b4")                        # Alt+4 → Log
        t.send(ctrl("z"))
        t.wait_for("Stopped")
        t.send("fg\r")
        t.wait_for("4 Log ─")
        t.send("\x1b2")
        t.send("(+ 20 22)\r")
        t.wait_for("42")
        t.send(ctrl("q"))
        t.wait_for("SHELL$")
    finally:
        t.close()


def scripted_openai():
    """Starts tests/peers/scripted_openai.py; returns (process, base URL) or skips."""
    py = os.path.join(ROOT, "tests", "peers", ".venv", "bin", "python")
    if not os.path.exists(py):
        missing_peer("scripted OpenAI peer not set up: tests/peers/.venv is missing (bash tests/peers/setup.sh)")
    proc = subprocess.Popen([py, os.path.join(ROOT, "tests", "peers", "scripted_openai.py")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "PORT":
        proc.kill()
        pytest.fail(f"scripted_openai.py did not report its port: {line}")
    return proc, f"http://127.0.0.1:{line[1]}/v1"


def test_chat_pane_streams_from_the_scripted_server(home):
    proc, url = scripted_openai()
    env = {"OPENAI_URL": url, "OPENAI_MODEL": "text"}
    try:
        t = start(home, env_extra=env)
        try:
            t.send(ctrl("p"))
            t.send("chat\r")
            t.wait_for("5 Chat ─ new session")
            t.send("say hello\r")
            t.wait_for("› say hello")
            t.wait_for("Hello from the scripted server.")
            t.wait_gone("streaming")
            chats = os.path.join(home, ".local", "state", "osvm", "chats")
            assert [n for n in os.listdir(chats) if n.endswith(".jsonl")]
        finally:
            t.close()
        # After a restart the newest session comes back (--chat: the chat pane focused and zoomed).
        t = TUI(args=["--url", DEAD_RPC, "--chat"], home=home, env_extra=env)
        try:
            t.wait_for("› say hello")
            t.wait_for("Hello from the scripted server.")
            assert "1 Editor" not in t.text()
        finally:
            t.close()
    finally:
        proc.stdin.close()
        proc.wait(5)


def test_crash_classes_leave_the_workbench_running(home):
    """Issue 11: each crash or hang class, typed into the REPL pane, ends with a value or an
    error and the workbench keeps working (before, several killed the whole application)."""
    t = start(home, cols=120, rows=30)
    try:
        cases = [
            ("((lambda (x x) (* x 1111)) 1 2)", "2222"),
            ("(let* ((y 1) (y (+ y 1))) (* y 3333))", "6666"),
            ("(define d []) (dotimes (i 200000) (set! d [d])) (length (str d))", "400002"),
            ("(if (= d d) 7777 0)", "7777"),
            ("(defmacro mm () '(mm)) (defun g () (mm))", "limit"),
            ("(define o {:e 1}) (dotimes (i 100000) (set! o {:n o})) (length (discover o))", "100001"),
        ]
        for code, expected in cases:
            t.send(code + "\r")
            wait_result(t, expected, timeout=60)
        # A catastrophic regex runs until Ctrl-C, which stops it.
        t.send('(regex-match "(a+)+$" (str (repeat "a" 3000) "b"))\r')
        t.wait_for("running")
        t.send(ctrl("c"))                  # whether or not the evaluation has started yet
        t.wait_for("cancelled", timeout=10)
        t.send("(+ 40 2)\r")
        wait_result(t, "42")
        # The deep value as a REPL result prints (cut to the pane) without taking it down.
        t.send("d\r")
        t.wait_for("[[[[[[[[[[", timeout=60)
        t.send("(* 6 7 10)\r")
        wait_result(t, "420", timeout=30)
    finally:
        t.close()
