"""Bracketed paste in the real `osvm-tui` (pexpect + pyte): a 1 MB multi-line paste lands in
the editor as one edit, and a paste over the 16 MB limit is refused with a message while the
buffer keeps what it had. Keys typed right after a paste are not lost.

    swift build --product osvm-tui
    python3 -m pytest -q tests/e2e/test_tui_paste.py
"""
import os
import select
import tempfile
import time

import pytest

from tui_driver import TUI, ctrl

DEAD_RPC = "http://127.0.0.1:9"
START, END = b"\x1b[200~", b"\x1b[201~"


@pytest.fixture
def home():
    with tempfile.TemporaryDirectory() as d:
        yield d


def send_all(t, data, timeout):
    """Writes `data` to the terminal, reading the program's output meanwhile (neither side
    may block the other), within `timeout` seconds."""
    fd = t.child.child_fd
    view = memoryview(data)
    end = time.time() + timeout
    while view:
        if time.time() > end:
            raise AssertionError(f"the terminal took only {len(data) - len(view)} of {len(data)} bytes in {timeout}s")
        readable, writable, _ = select.select([fd], [fd], [], 1.0)
        if readable:
            t.drain()
        if writable:
            view = view[os.write(fd, view[:4096]):]


def open_editor(home, cols=160):
    path = os.path.join(home, "paste.ovsm")
    with open(path, "w") as f:
        f.write("")
    t = TUI(args=["--url", DEAD_RPC, path], home=home, cols=cols, rows=30)
    t.wait_for("2 REPL")
    t.wait_for("paste.ovsm")
    return t, path


def big_text(size):
    lines, n, i = [], 0, 0
    while n < size:
        line = f"(define v{i} {i})  ; line {i} of a large paste\n"
        lines.append(line)
        n += len(line)
        i += 1
    return "".join(lines)


def test_one_megabyte_paste_is_one_edit_and_keys_after_it_survive(home):
    t, path = open_editor(home)
    try:
        assert b"\x1b[?2004h" in t.raw                  # bracketed paste was switched on
        text = big_text(1_000_000)
        lines = text.count("\n") + 1
        began = time.time()
        # "(end)" is typed right behind the paste, in the same write.
        send_all(t, START + text.replace("\n", "\r\n").encode() + END + b"(end)", timeout=60)
        t.wait_for("(end)", timeout=60)                # typed after the paste: shown below it
        elapsed = time.time() - began
        t.send(ctrl("s"))
        t.wait_for("saved", timeout=30)
        with open(path) as f:
            saved = f.read()
        assert saved == text + "(end)"
        print(f"1 MB paste ({lines} lines) on screen in {elapsed:.2f}s")
        t.send(ctrl("z"))                               # the "(end)" typing
        t.send(ctrl("z"))                               # the whole paste, in one step
        t.send(ctrl("s"))
        t.wait_until(lambda: open(path).read() == "", "the undone buffer saved empty", timeout=30)
        t.send(ctrl("q"))
        t.wait_exit()
        assert t.raw.rfind(b"\x1b[?2004l") > t.raw.rfind(b"\x1b[?2004h")   # and off at the end
    finally:
        t.close()


def test_paste_over_the_limit_is_refused_and_the_buffer_is_intact(home):
    t, path = open_editor(home)
    try:
        t.send("(keep me)")
        t.wait_for("paste.ovsm ●")
        chunk = ("x" * 1023 + "\n").encode()
        body = chunk * (17 * 1000 * 1000 // len(chunk) + 1)      # ~17 MB, over the 16 MB limit
        send_all(t, START + body + END + b" typed", timeout=120)
        t.wait_for("refused: larger than 16 MB", timeout=120)
        assert "paste of 17.0 MB" in t.text()
        t.send(ctrl("s"))
        t.wait_for("saved", timeout=30)
        with open(path) as f:
            assert f.read() == "(keep me) typed"
        assert t.child.isalive()
    finally:
        t.close()
