"""`osvm doctor` against real faults: a closed RPC port, a world-readable keypair (fixed by
`--fix` after confirmation or with `--yes`, never inside ~/.config/solana), a broken
config.yml, a small tmpfs filled up (mount needs root: skipped with the reason otherwise),
and a healthy run against the project's local validator. HOME is a temp dir each time; the
only traffic is to 127.0.0.1.

Run:  python3 -m pytest -q tests/deploy/test_doctor.py   (OSVM_BIN defaults to .build/debug/osvm)
"""
import json, os, pathlib, socket, stat, subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
PY = ROOT / "tools" / "localnet" / ".venv" / "bin" / "python"
CHECK_IDS = ["config", "config-dir", "keypair", "rpc", "ai", "mcp", "ssh", "disk", "nofile", "terminal"]

if os.environ.get("OSVM_REQUIRE_PEERS") != "1":
    pytestmark = pytest.mark.skipif(not (os.access(BIN, os.X_OK) and PY.exists()),
                                    reason="needs .build/debug/osvm and tools/localnet/.venv")


@pytest.fixture(scope="module")
def validator():
    proc = subprocess.Popen([str(PY), str(ROOT / "tools/localnet/localnet.py"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()                # "LISTENING <port>" once it serves
    assert line.startswith("LISTENING "), line
    yield "http://127.0.0.1:%d" % int(line.split()[1])
    proc.terminate()
    proc.wait(timeout=10)


def closed_port():
    with socket.socket() as s:                   # bound, never listening, then closed: refused
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_keypair(path, mode):
    out = subprocess.run([str(PY), "-c", "from solders.keypair import Keypair; print(list(bytes(Keypair())))"],
                         capture_output=True, text=True, check=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.stdout.strip())
    path.chmod(mode)
    return path


def make_home(base, rpc):
    home = base / "home"
    (home / ".config/osvm").mkdir(parents=True)
    (home / ".config/osvm").chmod(0o700)
    env = dict(os.environ, HOME=str(home), NO_COLOR="1", TERM="xterm-256color", OSVM_RPC_URL=rpc)
    for k in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "OSVM_KEYPAIR", "OSVM_COMMITMENT", "OPENAI_URL", "OPENAI_KEY", "OSVM_LOG"):
        env.pop(k, None)
    return home, env


def doctor(env, *args, input=None):
    return subprocess.run([BIN, "doctor", *args], capture_output=True, text=True, env=env, timeout=60,
                          input=input, stdin=None if input is not None else subprocess.DEVNULL)


def checks(r):
    out = json.loads(r.stdout)
    assert set(out) == {"ok", "checks", "changed"}
    for c in out["checks"]:
        assert set(c) == {"id", "title", "status", "detail", "fix"}
        assert c["status"] in ("pass", "warn", "fail", "skip")
        assert isinstance(c["detail"], str) and (c["fix"] is None or isinstance(c["fix"], str))
    return out, {c["id"]: c for c in out["checks"]}


def test_healthy_setup_passes_against_the_local_validator(tmp_path, validator):
    home, env = make_home(tmp_path, validator)
    key = write_keypair(home / "keys/payer.json", 0o600)
    (home / ".config/osvm/config.yml").write_text(f"keypair_path: {key}\ncommitment: confirmed\n")
    r = doctor(env, "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    out, by = checks(r)
    assert out["ok"] is True and out["changed"] == []
    assert [c["id"] for c in out["checks"]] == CHECK_IDS          # no agave-validator here: no sysctl check
    for cid in ("config", "config-dir", "keypair", "rpc", "disk", "terminal"):
        assert by[cid]["status"] == "pass", by[cid]
    assert validator in by["rpc"]["detail"] and "solana-core" in by["rpc"]["detail"] and "health ok" in by["rpc"]["detail"]
    assert str(key) in by["keypair"]["detail"]
    assert by["ai"]["status"] in ("skip", "pass") and by["mcp"]["status"] == "skip"
    text = doctor(env)
    assert text.returncode == 0 and "0 failed" in text.stdout
    assert text.stdout.splitlines()[3].startswith("PASS  RPC endpoint")


def test_closed_port_fails_with_exit_1(tmp_path):
    port = closed_port()
    home, env = make_home(tmp_path, f"http://127.0.0.1:{port}")
    r = doctor(env, "--json")
    assert r.returncode == 1
    out, by = checks(r)
    assert out["ok"] is False
    assert by["rpc"]["status"] == "fail"
    assert f"127.0.0.1:{port}" in by["rpc"]["detail"] and "connection refused" in by["rpc"]["detail"]
    assert "osvm rpc local" in by["rpc"]["fix"]
    text = doctor(env)
    assert text.returncode == 1 and "FAIL  RPC endpoint" in text.stdout and "      fix: start the node" in text.stdout


def test_world_readable_keypair_fails_and_fix_narrows_it(tmp_path, validator):
    home, env = make_home(tmp_path, validator)
    key = write_keypair(home / "keys/payer.json", 0o644)
    env["OSVM_KEYPAIR"] = str(key)
    r = doctor(env, "--json")
    assert r.returncode == 1
    _, by = checks(r)
    assert by["keypair"]["status"] == "fail" and "mode 644" in by["keypair"]["detail"]
    assert by["keypair"]["fix"] == f"chmod 600 {key}"

    # --fix changes files: without a terminal to ask, it needs --yes and changes nothing.
    r = doctor(env, "--fix")
    assert r.returncode == 1 and "pass --yes to confirm" in r.stderr
    assert stat.S_IMODE(key.stat().st_mode) == 0o644

    # With a terminal: "n" changes nothing, "y" applies the fix.
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(BIN, ["doctor", "--fix"], env=env, encoding="utf-8", timeout=30)
    child.expect(r"chmod 600 .*payer\.json.*Proceed\? \[y/N\] ")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and stat.S_IMODE(key.stat().st_mode) == 0o644
    child = pexpect.spawn(BIN, ["doctor", "--fix"], env=env, encoding="utf-8", timeout=30)
    child.expect(r"Proceed\? \[y/N\] ")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert f"fixed: chmod 600 {key}" in child.before
    assert child.exitstatus == 0

    # --yes skips the question; the re-check after fixing is what --json reports.
    key.chmod(0o640)
    r = doctor(env, "--fix", "--yes", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    out, by = checks(r)
    assert out["changed"] == [f"chmod 600 {key}"] and by["keypair"]["status"] == "pass"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_fix_never_touches_the_solana_cli_directory(tmp_path, validator):
    home, env = make_home(tmp_path, validator)
    key = write_keypair(home / ".config/solana/id.json", 0o644)   # the temp HOME's, not the real one
    env["OSVM_KEYPAIR"] = str(key)
    r = doctor(env, "--fix", "--yes", "--json")
    assert r.returncode == 1
    out, by = checks(r)
    assert by["keypair"]["status"] == "fail" and by["keypair"]["fix"] == f"chmod 600 {key}"   # said, not done
    assert not any(".config/solana" in c for c in out["changed"]), out["changed"]
    assert stat.S_IMODE(key.stat().st_mode) == 0o644


def test_broken_config_fails_with_the_error_location(tmp_path):
    home, env = make_home(tmp_path, f"http://127.0.0.1:{closed_port()}")
    cfg = home / ".config/osvm/config.yml"
    cfg.write_text("rpc_url: devnet\ncommitment: confirmed\nai:\n  url: [unclosed\n")
    r = doctor(env, "--json")
    assert r.returncode == 1
    _, by = checks(r)
    assert by["config"]["status"] == "fail"
    assert by["config"]["detail"].startswith(f"{cfg}:5:1: ")   # file:line:column of the YAML parser's error
    assert "flow sequence at line 4" in by["config"]["detail"]
    assert f"edit {cfg}" in by["config"]["fix"]
    # OSVM_RPC_URL still names the node: it is checked (the closed port), not replaced.
    assert by["rpc"]["status"] == "fail" and "127.0.0.1" in by["rpc"]["detail"]
    # Without it, the RPC URL lived in the broken file: skipped, never the default mainnet.
    env2 = dict(env)
    env2.pop("OSVM_RPC_URL")
    _, by = checks(doctor(env2, "--json"))
    assert by["rpc"]["status"] == "skip" and "does not parse" in by["rpc"]["detail"], by["rpc"]
    assert "mainnet" not in by["rpc"]["detail"]
    assert by["keypair"]["status"] == "skip" and by["ai"]["status"] == "skip"
    # A config that parses but holds a bad value: the value and its line.
    cfg.write_text("rpc_url: devnet\ncommitment: fast\n")
    _, by = checks(doctor(env, "--json"))
    assert by["config"]["status"] == "fail" and "invalid commitment 'fast'" in by["config"]["detail"]
    assert f"{cfg}:2" in by["config"]["detail"]


@pytest.fixture()
def tmpfs(tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m,mode=0755", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN): " + (r.stderr.strip() or "mount failed"))
    yield mnt
    if subprocess.run(["umount", str(mnt)]).returncode != 0:
        subprocess.run(["umount", "-l", str(mnt)])


def test_disk_check_on_a_small_tmpfs_warns_then_fails_when_full(tmp_path, tmpfs, validator):
    env = dict(os.environ, HOME=str(tmpfs), NO_COLOR="1", TERM="xterm-256color", OSVM_RPC_URL=validator)
    env.pop("XDG_CONFIG_HOME", None)
    (tmpfs / ".config/osvm").mkdir(parents=True)
    (tmpfs / ".config/osvm").chmod(0o700)
    # 64 MB free: under the warning line (500 MB), over the failure line (50 MB).
    _, by = checks(doctor(env, "--json"))
    assert by["disk"]["status"] == "warn", by["disk"]
    assert by["disk"]["detail"].endswith(f"used at {tmpfs}/.config/osvm") and "MB free" in by["disk"]["detail"]
    # 40 MB written: 24 MB free → fail, exit 1.
    with open(tmpfs / "filler", "wb") as f:
        f.write(b"\0" * (40 << 20))
    r = doctor(env, "--json")
    assert r.returncode == 1
    _, by = checks(r)
    assert by["disk"]["status"] == "fail" and "MB free" in by["disk"]["detail"]
    # Completely full (ENOSPC): doctor still runs and says 0 B free.
    with pytest.raises(OSError):
        with open(tmpfs / "filler2", "wb") as f:
            while True:
                f.write(b"\0" * (1 << 20))
    r = doctor(env, "--json")
    assert r.returncode == 1
    _, by = checks(r)
    assert by["disk"]["status"] == "fail" and by["disk"]["detail"].startswith("disk 0 B free")


MCP_TIME = ROOT / "tests/peers/.venv/bin/mcp-server-time"


@pytest.mark.skipif(not MCP_TIME.exists(), reason="tests/peers/.venv is missing (scripts/test.sh builds it)")
def test_mcp_servers_are_started_and_asked_for_their_tools(tmp_path):
    home, env = make_home(tmp_path, f"http://127.0.0.1:{closed_port()}")
    servers = home / ".config/osvm/mcp_servers.json"
    # A real MCP server (stdio): it answers initialize and tools/list.
    servers.write_text(json.dumps({"mcpServers": {"time": {"command": str(MCP_TIME), "args": []}}}))
    _, by = checks(doctor(env, "--json"))
    assert by["mcp"]["status"] == "pass", by["mcp"]
    assert " tools, " in by["mcp"]["detail"] and " ms" in by["mcp"]["detail"], by["mcp"]
    # One that starts and exits at once, one disabled: the first fails the check, the second is not probed.
    servers.write_text(json.dumps({"mcpServers": {
        "time": {"command": str(MCP_TIME), "args": []},
        "dead": {"command": "/bin/false", "args": []},
        "off": {"command": "/bin/false", "args": [], "enabled": False}}}))
    r = doctor(env, "--json")
    assert r.returncode == 1
    _, by = checks(r)
    assert by["mcp"]["status"] == "fail" and by["mcp"]["detail"].startswith("dead: "), by["mcp"]
    assert "off" not in by["mcp"]["detail"]
    # A file that is not JSON: the check says which file.
    servers.write_text("{not json")
    _, by = checks(doctor(env, "--json"))
    assert by["mcp"]["status"] == "fail" and "mcp_servers.json" in by["mcp"]["detail"], by["mcp"]
