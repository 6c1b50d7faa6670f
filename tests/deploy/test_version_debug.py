"""`osvm --version` (version, commit, build date) and `--debug` / `OSVM_LOG=debug` (each RPC
call and HTTP request with its timing on stderr, credentials redacted) against a real
JSON-RPC server on 127.0.0.1 started here.

Run:  python3 -m pytest -q tests/deploy/test_version_debug.py   (OSVM_BIN defaults to .build/debug/osvm)
"""
import datetime, http.server, json, os, pathlib, re, shutil, socket, subprocess, threading, time

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
USER, PASSWORD, API_KEY, AI_KEY = "alice", "s3cretPASSword", "TOPSECRET123key", "sk-proj-AIKEYSECRET9876"
SECRETS = [PASSWORD, API_KEY, "AIKEYSECRET", "alice:"]

if os.environ.get("OSVM_REQUIRE_PEERS") != "1":
    pytestmark = pytest.mark.skipif(not os.access(BIN, os.X_OK), reason="needs .build/debug/osvm")


class Server:
    """JSON-RPC (getSlot after 150 ms, getHealth, getVersion) and GET /v1/models; records requests."""

    def __init__(self):
        self.seen = []
        outer = self

        class H(http.server.BaseHTTPRequestHandler):
            def reply(self, obj):
                data = json.dumps(obj).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                outer.seen.append(("POST", self.path, dict(self.headers), req.get("method")))
                m = req.get("method")
                if m == "getSlot":
                    time.sleep(0.15)
                    result = 777
                elif m == "getHealth":
                    result = "ok"
                elif m == "getVersion":
                    result = {"solana-core": "2.2.0", "feature-set": 1}
                else:
                    return self.reply({"jsonrpc": "2.0", "id": req.get("id"), "error": {"code": -32601, "message": "Method not found"}})
                self.reply({"jsonrpc": "2.0", "id": req.get("id"), "result": result})

            def do_GET(self):
                outer.seen.append(("GET", self.path, dict(self.headers), None))
                self.reply({"object": "list", "data": [{"id": "tiny", "object": "model"}]})

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self):
        return f"http://{USER}:{PASSWORD}@127.0.0.1:{self.port}/rpc?api-key={API_KEY}"


@pytest.fixture()
def server():
    s = Server()
    yield s
    s.httpd.shutdown()


@pytest.fixture()
def env(tmp_path):
    e = dict(os.environ, HOME=str(tmp_path), NO_COLOR="1")
    for k in ("OSVM_LOG", "OSVM_RPC_URL", "OPENAI_URL", "OPENAI_KEY", "XDG_CONFIG_HOME"):
        e.pop(k, None)
    return e


def run(env, *args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=60)


def debug_lines(stderr):
    return [l for l in stderr.splitlines() if l.startswith("[debug ")]


VERSION = re.compile(r"^osvm (\d+\.\d+\.\d+) \(commit ([0-9a-f]{12}|unknown), built (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\)$")


def built_at(path):
    return datetime.datetime.fromtimestamp(os.stat(path).st_mtime, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")


def test_version_prints_version_commit_and_build_date(env, tmp_path):
    for flag in ("--version", "-V"):
        r = run(env, flag)
        assert r.returncode == 0 and r.stderr == ""
        m = VERSION.match(r.stdout.strip())
        assert m, r.stdout
        assert m.group(3) == built_at(BIN)
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
        if head.returncode == 0:
            assert m.group(2) == head.stdout.strip()[:12]
    # A binary away from its source tree cannot know its commit, and says so.
    lone = tmp_path / "bin" / "osvm"
    lone.parent.mkdir()
    try:
        os.link(BIN, lone)
    except OSError:
        shutil.copy2(BIN, lone)
    m = VERSION.match(subprocess.run([str(lone), "--version"], capture_output=True, text=True, env=env).stdout.strip())
    assert m and m.group(2) == "unknown" and m.group(3) == built_at(lone)


def check_rpc_trace(r, server, method, min_ms=0):
    out = r.stdout + r.stderr
    for s in SECRETS:
        assert s not in out, f"secret {s!r} leaked:\n{out}"
    shown = re.escape(f"http://***@127.0.0.1:{server.port}/rpc?api-key=***")
    pat = re.compile(r"^\[debug \d+\.\d{3}s\] http: POST " + shown + r" \[" + method + r"\] → 200, \d+ bytes in (\d+) ms$")
    hits = [pat.match(l) for l in debug_lines(r.stderr)]
    hits = [h for h in hits if h]
    assert len(hits) == 1, r.stderr
    assert int(hits[0].group(1)) >= min_ms
    # The secret did reach the server (the redaction is in the trace only).
    assert any(p == f"/rpc?api-key={API_KEY}" and m == method for (_, p, _, m) in server.seen)


def test_debug_traces_each_rpc_call_with_timing_and_redacts_the_url(env, server):
    r = run(env, "--debug", "rpc", "slot", "-u", server.url())
    assert r.returncode == 0 and r.stdout.strip() == "777", r.stderr
    check_rpc_trace(r, server, "getSlot", min_ms=150)           # the server waits 150 ms: the timing is real
    first = debug_lines(r.stderr)[0]
    assert re.search(r"\] osvm: osvm \d+\.\d+\.\d+ \(commit .*\): rpc slot -u http://\*\*\*@127\.0\.0\.1:%d/rpc\?api-key=\*\*\*$" % server.port, first), first

    # --debug anywhere before `--`, and OSVM_LOG=debug, do the same.
    r = run(env, "rpc", "health", "--debug", "-u", server.url())
    assert r.returncode == 0, r.stderr
    check_rpc_trace(r, server, "getHealth")
    r = run(dict(env, OSVM_LOG="debug"), "rpc", "version", "-u", server.url())
    assert r.returncode == 0 and "solana-core 2.2.0" in r.stdout, r.stderr
    check_rpc_trace(r, server, "getVersion")

    # Off by default: no trace at all.
    r = run(env, "rpc", "slot", "-u", server.url())
    assert r.returncode == 0 and debug_lines(r.stderr) == []


def test_debug_traces_failures_and_secret_flags(env):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = run(env, "--debug", "rpc", "slot", "-u", f"http://{USER}:{PASSWORD}@127.0.0.1:{port}/?api-key={API_KEY}")
    assert r.returncode == 1
    fails = [l for l in debug_lines(r.stderr) if "[getSlot] → failed after" in l]
    assert fails and all("connection refused" in l and f"http://***@127.0.0.1:{port}/?api-key=***" in l for l in fails), r.stderr
    for s in SECRETS:
        assert s not in r.stdout + r.stderr
    # A secret given as a flag value is masked in the echoed command line.
    r = run(env, "--debug", "config", "show", "--ai-key", AI_KEY)
    assert "--ai-key ***" in debug_lines(r.stderr)[0], r.stderr
    assert "AIKEYSECRET" not in r.stdout + r.stderr


def test_debug_traces_ai_requests_without_the_key(env, server):
    e = dict(env, OPENAI_URL=f"http://127.0.0.1:{server.port}/v1", OPENAI_KEY=AI_KEY,
             OSVM_RPC_URL=f"http://127.0.0.1:{server.port}/rpc/")
    r = run(e, "--debug", "doctor", "--json")
    ai = [l for l in debug_lines(r.stderr) if f"GET http://127.0.0.1:{server.port}/v1/models → 200" in l]
    assert len(ai) == 1 and re.search(r"in \d+ ms$", ai[0]), r.stderr
    assert {c["id"]: c["status"] for c in json.loads(r.stdout)["checks"]}["ai"] == "pass"
    # The key was sent (as a Bearer header) but never printed.
    assert any(m == "GET" and h.get("Authorization") == "Bearer " + AI_KEY for (m, _, h, _) in server.seen)
    assert "AIKEYSECRET" not in r.stdout + r.stderr


@pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the ssh client")
def test_debug_traces_ssh_commands_with_timing(env):
    with socket.socket() as s:                   # nothing listens: ssh is refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = run(env, "--debug", "nodes", "deploy", f"root@127.0.0.1:{port}", "--svm", "solana", "--node-type", "rpc",
            "--network", "devnet", "--yes")
    assert "connection refused" in r.stderr
    ssh = [l for l in debug_lines(r.stderr) if re.search(r"\] exec: \S*ssh .*-p %d .*root@127\.0\.0\.1 " % port, l)]
    assert ssh and all(re.search(r"\(\d+ ms\)$", l) for l in ssh), r.stderr
    # One line per command (the remote script's newlines are escaped).
    assert all(l.startswith("[debug ") or not l.startswith("echo ") for l in r.stderr.splitlines())
