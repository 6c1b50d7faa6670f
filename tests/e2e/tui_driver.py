"""Runs the real osvm-tui in a pseudo-terminal and reads its screen with pyte."""
import os
import time

import pexpect
import pyte

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = {
    "up": "\x1bOA", "down": "\x1bOB", "right": "\x1bOC", "left": "\x1bOD",
    "tab": "\t", "btab": "\x1b[Z", "enter": "\r", "esc": "\x1b", "backspace": "\x7f",
    "f5": "\x1b[15~", "f1": "\x1bOP",
}


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
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        self.child = pexpect.spawn(self.binary, list(args), env=env, dimensions=(rows, cols), cwd=ROOT)

    def pump(self, seconds=0.1):
        end = time.time() + seconds
        while time.time() < end:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.02)
                self.raw += data
                self.stream.feed(data)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                break

    def text(self):
        return "\n".join(self.screen.display)

    def wait_for(self, needle, timeout=10.0):
        end = time.time() + timeout
        while time.time() < end:
            self.pump(0.05)
            if needle in self.text():
                return True
        raise AssertionError(f"{needle!r} not on screen after {timeout}s:\n{self.text()}")

    def send(self, keys):
        self.child.send(keys)
        self.pump(0.05)

    def key(self, name):
        self.send(KEYS[name])

    def resize(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.child.setwinsize(rows, cols)
        self.screen.resize(rows, cols)
        self.pump(0.3)

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
