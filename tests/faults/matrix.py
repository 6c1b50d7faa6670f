#!/usr/bin/env python3
"""Runs every RPC command of osvm against every fault of faulty_rpc.py and prints the fault
matrix as Markdown (mode × command → exit status, seconds, peak RSS of the child).

    python3 tests/faults/matrix.py --osvm .build-wt/debug/osvm > docs/FAULTS.md

test_faults.py runs the same cells and fails on any problem `check` reports. Each run
gets a temporary HOME, so no user configuration is read.
"""
import argparse, os, re, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
ADDR = "11111111111111111111111111111111"
SIG = "1" * 64
TIMEOUT = 3            # --timeout given to every command, seconds
MAX_SECONDS = 15       # a cell taking longer is a failure
MAX_RSS_MB = 300       # peak resident size of the child

COMMANDS = [
    ("rpc health", ["rpc", "health"]),
    ("rpc slot", ["rpc", "slot"]),
    ("rpc epoch", ["rpc", "epoch"]),
    ("rpc version", ["rpc", "version"]),
    ("rpc account", ["rpc", "account", ADDR]),
    ("rpc tx", ["rpc", "tx", SIG]),
    ("rpc signatures", ["rpc", "signatures", ADDR]),
    ("balance", ["balance", ADDR]),
    ("ovsm (getSlot)", ["ovsm", "eval", "(getSlot)"]),
    ("ovsm (getBalance)", ["ovsm", "eval", '(getBalance "%s")' % ADDR]),
]

RAW_ERROR = re.compile(r"NSURLErrorDomain|NSCocoaErrorDomain|Error Domain=|The operation could not be completed|Foundation\.|URLError")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


class Server:
    """faulty_rpc.py on an ephemeral port, stopped on exit."""

    def __init__(self, tls=None):
        self.tls = tls          # (cert, key): serve https

    def __enter__(self):
        extra = ["--tls", *self.tls] if self.tls else []
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "faulty_rpc.py"), *extra],
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        assert line and line[0] == "LISTENING", line
        self.base = "%s://127.0.0.1:%s" % ("https" if self.tls else "http", line[1])
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def modes():
    sys.path.insert(0, HERE)
    import faulty_rpc
    return [(name, doc) for name, (_, doc) in faulty_rpc.MODES.items()]


def run_cell(osvm, base, mode, argv, home, env_extra=None):
    flags = ["-u", "%s/%s" % (base, mode), "--timeout", str(TIMEOUT)]
    # `ovsm eval` takes its code last; the chain commands take flags anywhere.
    args = [osvm] + argv[:2] + flags + argv[2:] if argv[0] == "ovsm" else [osvm] + argv + flags
    env = dict(os.environ, HOME=home, NO_COLOR="1")
    for k in ("OSVM_RPC_URL", "OSVM_KEYPAIR"):
        env.pop(k, None)
    env.update(env_extra or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        killer = threading.Timer(60, p.kill)
        killer.start()
        _, status, usage = os.wait4(p.pid, 0)
        killer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        out.seek(0)
        stdout = out.read(400).decode("utf-8", "replace")
        err.seek(0)
        stderr = err.read(20000).decode("utf-8", "replace")
    return {"exit": p.returncode, "seconds": seconds, "rss_mb": usage.ru_maxrss / 1024,
            "stdout": stdout, "stderr": stderr}


def check(mode, cell):
    """What is wrong with one cell (empty list: nothing)."""
    problems = []
    lines = [l for l in cell["stderr"].split("\n") if l.strip()]
    if mode == "ok":
        want = 1 if cell.get("command") == "rpc tx" else 0   # the control answers null: not found
        if cell["exit"] != want:
            problems.append("exit %d on a good answer" % cell["exit"])
    else:
        if cell["exit"] == 0:
            problems.append("exit 0")
        if len(lines) != 1:
            problems.append("%d stderr lines" % len(lines))
    if CONTROL.search(cell["stderr"]):
        problems.append("control characters on stderr")
    if RAW_ERROR.search(cell["stderr"]):
        problems.append("raw Foundation error text")
    if cell["seconds"] > MAX_SECONDS:
        problems.append("took %.1f s" % cell["seconds"])
    if cell["rss_mb"] > MAX_RSS_MB:
        problems.append("peak RSS %.0f MB" % cell["rss_mb"])
    return problems


def run_all(osvm, only=None):
    results = {}
    with Server() as server, tempfile.TemporaryDirectory() as home:
        for mode, _ in modes():
            if only and mode not in only:
                continue
            for name, argv in COMMANDS:
                results[(mode, name)] = dict(run_cell(osvm, server.base, mode, argv, home), command=name)
    return results


def markdown(results):
    ms = [m for m in modes() if any(k[0] == m[0] for k in results)]
    out = ["# Fault matrix", "",
           "Generated by `python3 tests/faults/matrix.py --osvm .build-wt/debug/osvm > docs/FAULTS.md`:",
           "every RPC command against every fault of `tests/faults/faulty_rpc.py`, with",
           "`-u http://127.0.0.1:PORT/<mode> --timeout %d`. A cell is `exit status · seconds ·" % TIMEOUT,
           "peak RSS of the child`; ✗ marks a failed check (zero exit on a fault, not exactly one",
           "stderr line, control characters or raw Foundation errors on stderr, > %d s, > %d MB)." % (MAX_SECONDS, MAX_RSS_MB),
           "", "## Modes", ""]
    for m, doc in ms:
        out.append("- `%s`: %s" % (m, doc))
    out += ["", "## Outcomes", "",
            "| mode | " + " | ".join(n for n, _ in COMMANDS) + " |",
            "|---|" + "---|" * len(COMMANDS)]
    failures = 0
    for m, _ in ms:
        row = []
        for n, _ in COMMANDS:
            c = results[(m, n)]
            bad = check(m, c)
            failures += bool(bad)
            row.append("%s%d · %.1f s · %.0f MB" % ("✗ " if bad else "", c["exit"], c["seconds"], c["rss_mb"]))
        out.append("| `%s` | %s |" % (m, " | ".join(row)))
    out += ["", "## Messages", "", "What `rpc slot` and `ovsm eval '(getSlot)'` print on stderr for each mode:", ""]
    for m, _ in ms:
        for n in ("rpc slot", "ovsm (getSlot)"):
            c = results[(m, n)]
            text = (c["stderr"].strip().split("\n") or [""])[0] or "(stdout) " + c["stdout"].strip()[:80]
            out.append("- `%s` · %s: `%s`" % (m, n, text.replace("`", "'")[:200]))
    problems = [(k, check(k[0], c)) for k, c in results.items()]
    problems = [(k, p) for k, p in problems if p]
    out += ["", "## Problems", ""]
    out += ["- %s × %s: %s" % (k[0], k[1], ", ".join(p)) for k, p in problems] or ["none"]
    return "\n".join(out) + "\n", failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--osvm", default=os.path.join(HERE, "..", "..", ".build-wt", "debug", "osvm"))
    ap.add_argument("--mode", action="append", help="only these modes")
    a = ap.parse_args()
    text, failures = markdown(run_all(os.path.abspath(a.osvm), a.mode))
    sys.stdout.write(text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
