"""Runs the real osvm-tui in a pseudo-terminal and reads its screen with pyte.

Tests wait for conditions on the screen (or the process), each with a deadline; nothing
waits a fixed time and then asserts.
"""
import copy
import os
import time

import pexpect
import pyte

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = {
    "up": "\x1bOA", "down": "\x1bOB", "right": "\x1bOC", "left": "\x1bOD",
    "tab": "\t", "btab": "\x1b[Z", "enter": "\r", "esc": "\x1b", "backspace": "\x7f",
    "f5": "\x1b[15~", "f1": "\x1bOP",
    # xterm's sequences; Shift-F5 / Shift-F11 carry the modifier (terminfo kf17 / kf23).
    "f9": "\x1b[20~", "f10": "\x1b[21~", "f11": "\x1b[23~", "f12": "\x1b[24~",
    "shift-f5": "\x1b[15;2~", "shift-f11": "\x1b[23;2~",
}


class XtermScreen(pyte.Screen):
    """pyte's screen with xterm's cursor restore (DECRC).

    Stock pyte (0.8) clamps a restored cursor into the scroll region and keeps a stack of
    saved cursors; xterm restores the saved position exactly (outside origin mode) from a
    single slot. ncurses scrolls a region with "save cursor, set region, restore cursor,
    reverse index" and may save the cursor one row above the region, so on stock pyte the
    index lands inside the region, the region does not scroll, and later updates appear on
    the wrong rows — a screen the program never drew (seen once in CI).
    """

    def save_cursor(self):
        super().save_cursor()
        del self.savepoints[:-1]          # one slot, as in xterm

    def restore_cursor(self):
        if not self.savepoints:
            return super().restore_cursor()
        saved = self.savepoints[-1]       # a second DECRC restores the same position
        self.g0_charset, self.g1_charset, self.charset = saved.g0_charset, saved.g1_charset, saved.charset
        (self.set_mode if saved.origin else self.reset_mode)(pyte.modes.DECOM)
        (self.set_mode if saved.wrap else self.reset_mode)(pyte.modes.DECAWM)
        self.cursor = copy.copy(saved.cursor)
        self.ensure_hbounds()
        self.ensure_vbounds(use_margins=saved.origin)


    # SU / SD (CSI Ps S, CSI Ps T): scroll the region up / down by Ps lines, cursor kept.
    # Stock pyte (0.8) ignores both, but ncurses uses them (terminfo indn/rin for
    # xterm-256color) when several lines of a pane scroll between frames; the rows then
    # stayed put and later updates landed on the wrong ones ("(wh1 2 3)ue 1)": seen in a
    # full test run).

    def _region(self):
        return self.margins or pyte.screens.Margins(0, self.lines - 1)

    def _scroll(self, count, up):
        # IND at the region's bottom line scrolls it up one line, RI at its top one down.
        top, bottom = self._region()
        y = self.cursor.y
        self.cursor.y = bottom if up else top
        for _ in range(min(count or 1, bottom - top + 1)):
            self.index() if up else self.reverse_index()
        self.cursor.y = y

    def scroll_up(self, count=None, **_):
        self._scroll(count, up=True)

    def scroll_down(self, count=None, **_):
        self._scroll(count, up=False)


class XtermStream(pyte.ByteStream):
    """pyte's byte stream with xterm's SU and SD dispatched (see XtermScreen)."""
    csi = dict(pyte.ByteStream.csi, S="scroll_up", T="scroll_down")


def ctrl(c):
    return chr(ord(c.lower()) - 96)


class TUI:
    def __init__(self, args=(), cols=100, rows=30, home=None, env_extra=None, binary=None):
        self.binary = binary or os.environ.get("OSVM_TUI", os.path.join(ROOT, ".build", "debug", "osvm-tui"))
        self.cols, self.rows = cols, rows
        env = {
            "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "NCURSES_NO_UTF8_ACS": "1", "HOME": home or "/tmp", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        env.update(env_extra or {})
        self.screen = XtermScreen(cols, rows)
        self.stream = XtermStream(self.screen)
        self.raw = b""
        self.child = pexpect.spawn(self.binary, list(args), env=env, dimensions=(rows, cols), cwd=ROOT)

    def pump(self, seconds=0.1):
        """Reads output for up to `seconds` (returns early at end of output)."""
        end = time.time() + seconds
        while time.time() < end:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.02)
                self.raw += data
                self.stream.feed(data)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return False
        return True

    def drain(self):
        """Reads whatever output is already there, without waiting for more."""
        while True:
            try:
                data = self.child.read_nonblocking(65536, timeout=0)
            except (pexpect.TIMEOUT, pexpect.EOF):
                return
            self.raw += data
            self.stream.feed(data)

    def wait_until(self, condition, what, timeout=10.0):
        """Pumps output until `condition()` holds; fails after `timeout` seconds."""
        end = time.time() + timeout
        while True:
            if condition():
                return True
            if time.time() >= end:
                saved = self.save_raw()
                state = "running" if self.child.isalive() else f"exited, status {self.child.exitstatus}, signal {self.child.signalstatus}"
                raise AssertionError(f"{what}: not true after {timeout}s (process {state}; raw output: {saved}); "
                                     f"screen:\n{self.text()}")
            self.pump(0.05)

    def save_raw(self):
        """Keeps the bytes the program wrote, for replaying a failure (OSVM_E2E_RAW_DIR or /tmp)."""
        import tempfile
        d = os.environ.get("OSVM_E2E_RAW_DIR", tempfile.gettempdir())
        fd, path = tempfile.mkstemp(prefix="osvm-tui-raw-", suffix=".bin", dir=d)
        with os.fdopen(fd, "wb") as f:
            f.write(self.raw)
        return path

    def text(self):
        return "\n".join(self.screen.display)

    def wait_for(self, needle, timeout=10.0):
        return self.wait_until(lambda: needle in self.text(), f"{needle!r} on screen", timeout)

    def wait_gone(self, needle, timeout=10.0):
        return self.wait_until(lambda: needle not in self.text(), f"{needle!r} gone from the screen", timeout)

    def wait_raw(self, needle, timeout=10.0):
        """Waits until the bytes written so far contain `needle`."""
        return self.wait_until(lambda: needle in self.raw, f"{needle!r} written", timeout)

    def wait_exit(self, timeout=10.0):
        """Reads the output to its end and waits for the process to exit."""
        end = time.time() + timeout
        while self.pump(0.05):
            if time.time() >= end:
                raise AssertionError(f"no end of output after {timeout}s:\n{self.text()}")
        self.wait_until(lambda: not self.child.isalive(), "process exited", max(0.0, end - time.time()))

    def send(self, keys):
        self.child.send(keys)
        self.drain()

    def key(self, name):
        self.send(KEYS[name])

    def resize(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.child.setwinsize(rows, cols)
        self.screen.resize(rows, cols)
        self.drain()

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
