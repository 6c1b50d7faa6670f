"""`osvm rpc devnet` with an executable stand-in `agave-validator` on PATH (devnet is not
reachable from the tests): the exact arguments, start → status → logs → stop, a validator
that ignores SIGTERM, stale pid files, a taken port, a validator that exits at once, and
the message when no validator is installed.

Run:  python3 -m pytest -q tests/deploy/test_rpc_devnet.py   (OSVM_BIN defaults to .build/debug/osvm)
"""
import json, os, pathlib, shlex, shutil, signal, socket, stat, subprocess, sys, time

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
STANDIN = pathlib.Path(__file__).resolve().parent / "agave_standin.py"

if os.environ.get("OSVM_REQUIRE_PEERS") != "1":
    pytestmark = pytest.mark.skipif(not os.access(BIN, os.X_OK), reason="needs .build/debug/osvm")

# Written out independently of the Swift source (Anza, "Available Solana Clusters", Devnet).
ENTRYPOINTS = ["entrypoint.devnet.solana.com:8001", "entrypoint2.devnet.solana.com:8001",
               "entrypoint3.devnet.solana.com:8001", "entrypoint4.devnet.solana.com:8001",
               "entrypoint5.devnet.solana.com:8001"]
KNOWN = ["dv1ZAGvdsz5hHLwWXsVnM94hWf1pjbKVau1QVkaMJ92", "dv2eQHeP4RFrJZ6UeiZWoc3XTtmtZCUKxxCApCDcRNV",
         "dv4ACNkpYPcE3aKmYDqZm9G5EB3J4MRoeE7WNDRBVJB", "dv3qDFk1DTF36Z62bNvrCXe9sKATA6xvVy6A798xxAS"]
GENESIS = "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG"


def expected_args(state, port):
    a = ["--identity", f"{state}/identity.json", "--ledger", f"{state}/ledger", "--log", f"{state}/validator.log",
         "--rpc-port", str(port), "--rpc-bind-address", "127.0.0.1", "--dynamic-port-range", "8000-8030"]
    for e in ENTRYPOINTS:
        a += ["--entrypoint", e]
    for k in KNOWN:
        a += ["--known-validator", k]
    return a + ["--only-known-rpc", "--expected-genesis-hash", GENESIS, "--limit-ledger-size", "50000000",
                "--wal-recovery-mode", "skip_any_corrupted_record", "--no-voting", "--full-rpc-api",
                "--enable-rpc-transaction-history"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(cond, what, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = cond()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def alive(pid):
    """Running and not a zombie (a stopped node may wait for init to reap it)."""
    try:
        st = pathlib.Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return st[st.rindex(")") + 2] not in "ZX"


class Env:
    def __init__(self, tmp):
        self.home = tmp / "home"
        self.home.mkdir()
        self.bin = tmp / "bin"
        self.bin.mkdir()
        self.exe = self.bin / "agave-validator"
        shutil.copy(STANDIN, self.exe)
        self.exe.chmod(0o755)
        self.argv_file = tmp / "argv.json"
        self.state = self.home / ".local/state/osvm/devnet"
        self.port = free_port()
        self.env = dict(os.environ, HOME=str(self.home), NO_COLOR="1", STANDIN_ARGV=str(self.argv_file),
                        PATH=f"{self.bin}:/usr/local/bin:/usr/bin:/bin")
        for k in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "OSVM_VALIDATOR_BIN", "OSVM_LOG"):
            self.env.pop(k, None)

    def osvm(self, *args, env=None, timeout=60):
        return subprocess.run([BIN, "rpc", "devnet", *args], capture_output=True, text=True,
                              env=env or self.env, timeout=timeout)

    def pid(self):
        p = self.state / "validator.pid"
        return int(p.read_text()) if p.exists() else None


@pytest.fixture()
def env(tmp_path):
    e = Env(tmp_path)
    yield e
    pid = e.pid()
    if pid and alive(pid):                       # only the node this test started, by its recorded id
        os.kill(pid, signal.SIGKILL)


def test_dry_run_prints_the_exact_command_and_writes_nothing(env):
    r = env.osvm("--dry-run", "--rpc-port", str(env.port))
    assert r.returncode == 0, r.stderr
    assert shlex.split(r.stdout) == [str(env.exe)] + expected_args(env.state, env.port)
    assert not env.state.exists()
    assert not env.argv_file.exists()
    # Non-default values land where they belong.
    r = env.osvm("--dry-run", "--rpc-port", "9999", "--dynamic-port-range", "9000-9040",
                 "--limit-ledger-size", "60000000", "--ledger", str(env.home / "big-disk"))
    words = shlex.split(r.stdout)
    assert words[words.index("--rpc-port") + 1] == "9999"
    assert words[words.index("--dynamic-port-range") + 1] == "9000-9040"
    assert words[words.index("--limit-ledger-size") + 1] == "60000000"
    assert words[words.index("--ledger") + 1] == str(env.home / "big-disk")


def test_bad_values_are_clear_errors(env):
    for args, text in [(["--rpc-port", "70000"], "invalid --rpc-port 70000"),
                       (["--rpc-port", "8010"], "lies inside --dynamic-port-range 8000-8030"),
                       (["--dynamic-port-range", "9000"], "invalid --dynamic-port-range '9000'"),
                       (["--limit-ledger-size", "1000"], "needs at least 50000000"),
                       (["--rpc-bind-address", "localhost"], "invalid --rpc-bind-address 'localhost'")]:
        r = env.osvm("--dry-run", *args)
        assert r.returncode == 1 and text in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr and "NSCocoaErrorDomain" not in r.stderr
    r = env.osvm("--status", "--stop")
    assert r.returncode == 64 and "choose one of" in r.stderr   # ArgumentParser usage error


def test_lifecycle_start_status_logs_stop(env):
    r = env.osvm("--rpc-port", str(env.port))
    assert r.returncode == 0, r.stderr
    pid = env.pid()
    assert pid and alive(pid)
    assert f"pid {pid}" in r.stdout and f"http://127.0.0.1:{env.port}" in r.stdout
    # The stand-in saw exactly the documented arguments.
    argv = json.loads(wait_for(lambda: env.argv_file.exists() and env.argv_file.read_text(), "argv file"))
    assert argv == [str(env.exe)] + expected_args(env.state, env.port)
    # Its own identity, private, in osvm's state dir; the user's Solana config is untouched.
    ident = env.state / "identity.json"
    assert stat.S_IMODE(ident.stat().st_mode) == 0o600
    key = json.loads(ident.read_text())
    assert len(key) == 64 and all(0 <= b <= 255 for b in key)
    assert not (env.home / ".config/solana").exists()
    assert (env.state / "ledger").is_dir()

    # A second start is refused while the node runs.
    r2 = env.osvm("--rpc-port", str(env.port))
    assert r2.returncode == 1 and f"already running: pid {pid}" in r2.stderr

    # Status: running, the port and the slot from getSlot on 127.0.0.1 (it advances).
    def status():
        s = env.osvm("--status", "--json")
        assert s.returncode == 0, s.stderr
        return json.loads(s.stdout)
    st = wait_for(lambda: (lambda s: s if s.get("slot") else None)(status()), "getSlot through --status")
    assert st["running"] is True and st["pid"] == pid and st["rpcPort"] == env.port
    assert st["ledger"] == str(env.state / "ledger") and st["rpcURL"] == f"http://127.0.0.1:{env.port}"
    later = wait_for(lambda: (lambda s: s if s.get("slot", 0) > st["slot"] else None)(status()), "a later slot")
    assert later["slot"] > st["slot"] >= 1000
    text = env.osvm("--status")
    assert text.returncode == 0 and f"running   yes, pid {pid}" in text.stdout and "slot      " in text.stdout

    # Logs: the last lines, then what is appended; Ctrl-C ends following, not the node.
    r = env.osvm("--logs", "--no-follow", "--lines", "3")
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 3, r.stdout
    assert all("[stand-in" in l for l in r.stdout.splitlines())
    follow = subprocess.Popen([BIN, "rpc", "devnet", "--logs", "--lines", "1"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env.env)
    ticks = []
    deadline = time.monotonic() + 15
    while len(ticks) < 3 and time.monotonic() < deadline:
        line = follow.stdout.readline()
        if " tick " in line:
            ticks.append(int(line.split(" tick ")[1].split()[0]))
    assert len(ticks) == 3 and ticks == sorted(ticks) and ticks[-1] > ticks[0], ticks
    follow.send_signal(signal.SIGINT)
    assert follow.wait(timeout=10) == 0
    assert alive(pid)
    assert "stand-in stdout: started" in (env.state / "validator.log").read_text()   # stdout/stderr go to the log too

    # Stop: SIGTERM, a clean exit, the pid file gone.
    r = env.osvm("--stop", "--grace", "10")
    assert r.returncode == 0 and f"stopped the devnet node (pid {pid})" in r.stdout, r.stdout + r.stderr
    assert not alive(pid)
    assert "SIGTERM received, shutting down" in (env.state / "validator.log").read_text()
    assert not (env.state / "validator.pid").exists()
    s = env.osvm("--status", "--json")
    assert s.returncode == 3 and json.loads(s.stdout)["running"] is False
    r = env.osvm("--stop")
    assert r.returncode == 0 and "not running" in r.stdout
    r = env.osvm("--logs", "--no-follow", "--lines", "2")
    assert r.returncode == 0 and "exited" in r.stdout and "not running" in r.stderr
    # The identity survives a restart: the same node, not a new one each time.
    r = env.osvm("--rpc-port", str(env.port), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["identity"] == st["identity"] and json.loads(r.stdout)["identityFile"] == str(ident)
    assert json.loads(ident.read_text()) == key
    assert env.osvm("--stop").returncode == 0


def test_stop_kills_a_validator_that_ignores_sigterm(env):
    e = dict(env.env, STANDIN_IGNORE_TERM="1")
    assert env.osvm("--rpc-port", str(env.port), env=e).returncode == 0
    pid = env.pid()
    wait_for(lambda: "started" in (env.state / "validator.log").read_text(), "the stand-in's first line")
    started = time.monotonic()
    r = env.osvm("--stop", "--grace", "1")
    assert r.returncode == 0 and "SIGKILL" in r.stdout, r.stdout + r.stderr
    assert time.monotonic() - started < 15
    assert not alive(pid)
    assert "SIGTERM received and ignored" in (env.state / "validator.log").read_text()
    assert not (env.state / "validator.pid").exists()


def test_stale_pid_files(env):
    env.state.mkdir(parents=True)
    pidfile = env.state / "validator.pid"
    # A process that has exited.
    dead = subprocess.Popen(["true"])
    dead.wait()
    pidfile.write_text(f"{dead.pid}\n")
    s = env.osvm("--status")
    assert s.returncode == 3 and f"removed a stale pid file (pid {dead.pid}" in s.stderr
    assert not pidfile.exists()
    # A live process that is not the node (pid reuse): never signalled, file cleared.
    other = subprocess.Popen(["sleep", "60"])
    try:
        pidfile.write_text(f"{other.pid}\n")
        r = env.osvm("--stop", "--grace", "1")
        assert r.returncode == 0 and f"stale pid file for pid {other.pid}" in r.stdout, r.stdout
        assert other.poll() is None, "osvm signalled a process that is not its node"
        assert not pidfile.exists()
        # A start over a stale file says so and proceeds.
        pidfile.write_text(f"{other.pid}\n")
        r = env.osvm("--rpc-port", str(env.port))
        assert r.returncode == 0 and "removed a stale pid file" in r.stderr, r.stderr
        assert env.pid() != other.pid and alive(env.pid())
        assert env.osvm("--stop").returncode == 0
    finally:
        other.kill()
        other.wait()


def test_port_in_use_and_immediate_exit_are_clear_errors(env):
    with socket.socket() as s:
        s.bind(("127.0.0.1", env.port))
        s.listen()
        r = env.osvm("--rpc-port", str(env.port))
        assert r.returncode == 1 and f"port {env.port} on 127.0.0.1 is already in use" in r.stderr, r.stderr
        assert not (env.state / "validator.pid").exists()
        assert not env.argv_file.exists()
    r = env.osvm("--rpc-port", str(env.port), env=dict(env.env, STANDIN_FAIL="1"))
    assert r.returncode == 1 and "exited right after starting" in r.stderr, r.stderr
    assert "stand-in told to fail" in r.stderr
    assert not (env.state / "validator.pid").exists()


def test_missing_binary_says_how_to_install_it(env):
    e = dict(env.env, PATH="/usr/bin:/bin")
    r = env.osvm("--rpc-port", str(env.port), env=e)
    assert r.returncode == 1
    assert "agave-validator not found" in r.stderr
    assert 'sh -c "$(curl -sSfL https://release.anza.xyz/stable/install)"' in r.stderr
    assert "osvm user@host --svm solana --node-type rpc --network devnet" in r.stderr
    assert not (env.state / "identity.json").exists()
    # A dry run still prints the command (with the bare program name) and says it is missing.
    r = env.osvm("--dry-run", "--rpc-port", str(env.port), env=e)
    assert r.returncode == 0 and shlex.split(r.stdout)[0] == "agave-validator"
    assert "not installed" in r.stderr
    # A configured path that is wrong names its origin.
    r = env.osvm("--dry-run", "--validator-bin", str(env.home / "nope"), env=e)
    assert r.returncode == 1 and "not found at" in r.stderr and "--validator-bin" in r.stderr


def test_configured_binary_from_environment_and_config_file(env):
    e = dict(env.env, PATH="/usr/bin:/bin")
    elsewhere = env.home / "opt" / "agave-validator"
    elsewhere.parent.mkdir()
    shutil.copy(env.exe, elsewhere)
    r = env.osvm("--dry-run", env=dict(e, OSVM_VALIDATOR_BIN=str(elsewhere)))
    assert r.returncode == 0 and shlex.split(r.stdout)[0] == str(elsewhere), r.stderr
    cfg = env.home / ".config/osvm/config.yml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("validator_bin: ~/opt/agave-validator\n")
    r = env.osvm("--dry-run", env=e)
    assert r.returncode == 0 and shlex.split(r.stdout)[0] == str(elsewhere), r.stderr
    assert "unknown key" not in r.stderr


def test_two_starts_at_once_start_one_node(env):
    procs = [subprocess.Popen([BIN, "rpc", "devnet", "--rpc-port", str(env.port)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env.env) for _ in range(2)]
    results = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert sorted(rc for rc, _, _ in results) == [0, 1], results
    loser = next(err for rc, _, err in results if rc == 1)
    assert "already running" in loser or "is starting the node right now" in loser, loser
    ledger = str(env.state / "ledger")
    nodes = []
    for d in pathlib.Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                args = (d / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if ledger.encode() in args and alive(int(d.name)):
                nodes.append(int(d.name))
    assert nodes == [env.pid()], nodes
    assert env.osvm("--stop").returncode == 0
