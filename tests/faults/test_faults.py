"""Fault injection: every RPC command of osvm against every misbehaving-server mode of
faulty_rpc.py (see matrix.py), plus Ctrl-C during an RPC wait, `--timeout`, and `osvm mcp
tools` against a server that never answers.

Run:  OSVM_BIN=.build/debug/osvm python3 -m pytest -q tests/faults
(OSVM_BIN defaults to .build/debug/osvm.)
"""
import json, os, pathlib, signal, subprocess, sys, tempfile, time

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import matrix  # noqa: E402

BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
pytestmark = pytest.mark.skipif(not os.access(BIN, os.X_OK), reason=f"no osvm binary at {BIN}")


@pytest.fixture(scope="module")
def server():
    with matrix.Server() as s:
        yield s


@pytest.fixture()
def home(tmp_path):
    return str(tmp_path)


def env_for(home):
    env = dict(os.environ, HOME=home, NO_COLOR="1")
    for k in ("OSVM_RPC_URL", "OSVM_KEYPAIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        env.pop(k, None)
    return env


@pytest.mark.parametrize("mode", [m for m, _ in matrix.modes()])
def test_every_command_fails_cleanly(server, home, mode):
    problems = []
    for name, argv in matrix.COMMANDS:
        cell = dict(matrix.run_cell(BIN, server.base, mode, argv, home), command=name)
        bad = matrix.check(mode, cell)
        if bad:
            problems.append("%s: %s (stderr %r)" % (name, ", ".join(bad), cell["stderr"][:300]))
    assert not problems, "\n".join(problems)


def test_escape_sequences_never_reach_the_terminal(server, home):
    cell = matrix.run_cell(BIN, server.base, "rpc-error-escapes", ["rpc", "slot"], home)
    assert cell["stderr"] == "error: getSlot: server error -32000: boom RED  nulhere  over\n"


def test_ctrl_c_cancels_a_waiting_rpc_call_at_once(server, home):
    p = subprocess.Popen([BIN, "ovsm", "eval", "-u", server.base + "/hang", "--timeout", "30", "(getSlot)"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(home))
    time.sleep(1.0)
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    try:
        _, err = p.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        p.kill()
        pytest.fail("Ctrl-C did not stop the RPC wait within 5 s")
    assert p.returncode == 130, err
    assert time.monotonic() - sent < 2


def test_ovsm_timeout_flag_bounds_rpc_calls(server, home):
    start = time.monotonic()
    r = subprocess.run([BIN, "ovsm", "eval", "-u", server.base + "/hang", "--timeout", "1", "(getSlot)"],
                       capture_output=True, text=True, env=env_for(home), timeout=20)
    assert r.returncode == 1
    assert "rpc: getSlot: timed out after 1 s" in r.stderr
    assert time.monotonic() - start < 4


def test_rpc_slot_reports_what_it_got(server, home):
    r = subprocess.run([BIN, "rpc", "slot", "-u", server.base + "/array"], capture_output=True, text=True,
                       env=env_for(home), timeout=20)
    assert r.returncode == 1
    assert r.stderr == "error: unexpected result from getSlot: expected a non-negative integer, got array\n"
    r = subprocess.run([BIN, "rpc", "health", "-u", server.base + "/null"], capture_output=True, text=True,
                       env=env_for(home), timeout=20)
    assert r.returncode == 1
    assert r.stderr == 'error: unexpected result from getHealth: expected "ok", got null\n'


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"   # a zombie is dead
    except FileNotFoundError:
        return False


def run_stuck_server(home, tmp_path, *extra, timeout="1"):
    """`osvm mcp tools` against stuck_mcp_server.py: (result, seconds, peak RSS MB, server pid)."""
    pidfile = tmp_path / "server.pid"
    env = env_for(home)
    add = subprocess.run([BIN, "mcp", "add", "stuck", "--", sys.executable, str(HERE / "stuck_mcp_server.py"), str(pidfile), *extra],
                         capture_output=True, text=True, env=env, timeout=20)
    assert add.returncode == 0, add.stderr
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen([BIN, "mcp", "tools", "stuck", "--timeout", timeout], stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    took = time.monotonic() - start
    return os.waitstatus_to_exitcode(status), stderr, took, usage.ru_maxrss / 1024, int(pidfile.read_text())


def assert_gone(pid):
    deadline = time.monotonic() + 3
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the MCP server (pid %d) outlived osvm mcp tools" % pid)


def test_mcp_tools_bounds_an_endless_message(home, tmp_path):
    code, stderr, took, rss, pid = run_stuck_server(home, tmp_path, "flood", timeout="10")
    assert code == 1
    assert "larger than 64 MiB" in stderr, stderr
    assert rss < 400, rss
    assert took < 10, took
    assert_gone(pid)


def test_mcp_tools_leaves_no_orphan_after_initialize_timeout(home, tmp_path):
    code, stderr, took, _, pid = run_stuck_server(home, tmp_path)
    assert code == 1
    assert "initialize timed out after 1 s" in stderr, stderr
    assert len(stderr.strip().split("\n")) == 1, stderr
    assert took < 8, took
    assert_gone(pid)
