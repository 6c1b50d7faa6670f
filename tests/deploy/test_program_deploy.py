"""`osvm deploy BINARY` and `osvm program close-buffer` against the project's local validator
(LiteSVM, tools/localnet) with real sBPF programs: the SPL Memo program (EM_SBPF, 2.3 KB) and
the Associated Token Account program (EM_BPF, 105 KB), both taken from the validator's own
accounts. The deployed program is then invoked by an independent client (solders).

Run:  python3 -m pytest -q tests/deploy      (OSVM_BIN defaults to .build/debug/osvm)
"""
import base64, json, os, pathlib, re, signal, subprocess, time, urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
PY = ROOT / "tools" / "localnet" / ".venv" / "bin" / "python"
INVOKE = pathlib.Path(__file__).resolve().parent / "invoke_memo.py"
MEMO = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr"
ATA = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL"
LOADER = "BPFLoaderUpgradeab1e11111111111111111111111"

if os.environ.get("OSVM_REQUIRE_PEERS") != "1":
    pytestmark = pytest.mark.skipif(not (os.access(BIN, os.X_OK) and PY.exists()),
                                    reason="needs .build/debug/osvm and tools/localnet/.venv")


class Validator:
    def __init__(self):
        self.proc = subprocess.Popen([str(PY), str(ROOT / "tools/localnet/localnet.py"), "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()          # "LISTENING <port>", printed once it serves
        assert line.startswith("LISTENING "), line
        self.url = "http://127.0.0.1:%d" % int(line.split()[1])

    def rpc(self, method, params):
        req = urllib.request.Request(self.url, json.dumps({"jsonrpc": "2.0", "id": 1, "method": method,
                                                           "params": params}).encode(),
                                     {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())["result"]

    def account(self, addr):
        return self.rpc("getAccountInfo", [addr, {"encoding": "base64"}])["value"]

    def balance(self, addr):
        return self.rpc("getBalance", [addr])["value"]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def validator():
    v = Validator()
    yield v
    v.stop()


def new_keypair(path):
    out = subprocess.run([str(PY), "-c", "from solders.keypair import Keypair; k = Keypair(); "
                          "print(list(bytes(k))); print(k.pubkey())"], capture_output=True, text=True, check=True)
    secret, pub = out.stdout.strip().split("\n")
    path.write_text(secret)
    path.chmod(0o600)
    return pub


@pytest.fixture()
def env(tmp_path, validator):
    home = tmp_path / "home"
    home.mkdir()
    payer = tmp_path / "payer.json"
    pub = new_keypair(payer)
    e = dict(os.environ, HOME=str(home), NO_COLOR="1", OSVM_RPC_URL=validator.url, OSVM_KEYPAIR=str(payer))
    for k in ("XDG_CONFIG_HOME", "OSVM_COMMITMENT"):
        e.pop(k, None)
    return {"env": e, "dir": tmp_path, "home": home, "payer": payer, "pub": pub}


def osvm(env, *args, timeout=120):
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env["env"], timeout=timeout)


def airdrop(env, sol):
    r = osvm(env, "airdrop", str(sol))
    assert r.returncode == 0, r.stderr


def program_file(validator, env, addr, name):
    """A real program ELF, taken from the validator's account of `addr`."""
    data = base64.b64decode(validator.account(addr)["data"][0])
    assert data[:4] == b"\x7fELF"
    path = env["dir"] / name
    path.write_bytes(data)
    return path, data


def invoke(validator, env, program, text):
    out = subprocess.run([str(PY), str(INVOKE), validator.url, program, str(env["payer"]), text],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def records(env):
    d = env["home"] / ".config/osvm/program-buffers"
    return sorted(d.iterdir()) if d.exists() else []


def test_deploy_memo_then_invoke_it_and_upgrade_in_place(validator, env):
    memo, _ = program_file(validator, env, MEMO, "memo.so")
    airdrop(env, 5)
    prog = env["dir"] / "program.json"
    pid = new_keypair(prog)
    r = osvm(env, "deploy", str(memo), "--program-id", str(prog), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["programId"] == pid and out["upgraded"] is False and out["bytes"] == 2304
    assert out["chunks"] == out["chunksWritten"] == 3
    acct = validator.account(pid)
    assert acct["owner"] == LOADER and acct["executable"] is True
    # The program data account is the PDA the loader derived (so ours matched it).
    assert validator.account(out["programData"])["owner"] == LOADER
    assert records(env) == []                          # a finished deploy keeps no record

    got = invoke(validator, env, pid, "hello from a deployed program")
    assert got["err"] is None, got
    assert "Program log: hello from a deployed program" in got["logs"]
    assert "Program %s success" % pid in got["logs"]

    # Same command again: the program exists and the payer is its authority → Upgrade.
    r = osvm(env, "deploy", str(memo), "--program-id", str(prog))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Program Id: %s\nSignature: " % pid)
    assert "upgrading %s" % pid in r.stderr and "upgraded 2304 bytes" in r.stderr
    got = invoke(validator, env, pid, "after the upgrade")
    assert got["err"] is None and "Program log: after the upgrade" in got["logs"]

    # Someone else's key cannot upgrade it; the error says whose it is; nothing is spent.
    other = env["dir"] / "other.json"
    new_keypair(other)
    before = validator.balance(env["pub"])
    r = osvm(env, "deploy", str(memo), "--program-id", pid, "--upgrade-authority", str(other))
    assert r.returncode == 1
    assert "the upgrade authority of %s is %s" % (pid, env["pub"]) in r.stderr
    assert validator.balance(env["pub"]) == before


def test_bad_elf_and_missing_file_spend_nothing(validator, env):
    airdrop(env, 1)
    before = validator.balance(env["pub"])
    bad = env["dir"] / "not-a-program.so"
    bad.write_bytes(pathlib.Path("/bin/true").read_bytes())
    r = osvm(env, "deploy", str(bad))
    assert r.returncode == 1
    assert "is not an sBPF program: e_machine" in r.stderr and "x86-64" in r.stderr and "nothing was sent" in r.stderr
    text = env["dir"] / "text.so"
    text.write_text("hello")
    r = osvm(env, "deploy", str(text))
    assert "shorter than an ELF64 header" in r.stderr and r.returncode == 1
    r = osvm(env, "deploy", str(env["dir"] / "missing.so"))
    assert r.returncode == 1 and "no such file" in r.stderr
    assert validator.balance(env["pub"]) == before
    assert records(env) == []


def test_too_little_sol_says_how_much_is_needed(validator, env):
    ata, data = program_file(validator, env, ATA, "ata.so")
    airdrop(env, 0.1)
    r = osvm(env, "deploy", str(ata))
    assert r.returncode == 1
    m = re.search(r"has ◎0\.1 but the deploy needs ◎([0-9.]+) \((\d+) lamports", r.stderr)
    assert m, r.stderr
    rent = validator.rpc("getMinimumBalanceForRentExemption", [45 + len(data)])
    assert int(m.group(2)) > rent                        # at least the program data's rent
    assert "nothing was sent" in r.stderr
    assert validator.balance(env["pub"]) == 100_000_000
    assert records(env) == []


def test_interrupted_deploy_resumes_with_the_same_command_then_close_buffer(validator, env):
    ata, _ = program_file(validator, env, ATA, "ata.so")
    airdrop(env, 5)
    cmd = [BIN, "deploy", str(ata), "--window", "2"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env["env"])
    buffer = None
    deadline = time.monotonic() + 60
    for line in p.stderr:                              # plain progress lines (stderr is a pipe)
        m = re.match(r"buffer (\w+) created", line)
        if m:
            buffer = m.group(1)
        m = re.match(r"written (\d+)/104 chunks", line)
        if m and int(m.group(1)) >= 20:
            p.send_signal(signal.SIGKILL)              # interrupted mid-write, no chance to clean up
            break
        assert time.monotonic() < deadline
    p.wait(timeout=10)
    assert buffer, "no buffer reported"
    assert len(records(env)) == 1 and (records(env)[0].stat().st_mode & 0o777) == 0o600
    assert validator.account(buffer)["owner"] == LOADER

    r = osvm(env, "deploy", str(ata))                  # the same command resumes
    assert r.returncode == 0, r.stderr
    m = re.search(r"resuming buffer %s: (\d+) of 104 chunks already written" % buffer, r.stderr)
    assert m and 20 <= int(m.group(1)) < 104, r.stderr
    done = re.search(r"deployed 105032 bytes: (\d+) of 104 chunks written", r.stderr)
    assert done and int(done.group(1)) == 104 - int(m.group(1))   # only the missing chunks
    pid = re.search(r"Program Id: (\w+)", r.stdout).group(1)
    assert validator.account(pid)["executable"] is True
    assert validator.account(buffer) is None           # the loader closed the used buffer
    assert records(env) == []

    # A buffer left behind (killed right after creating it) is reclaimed by close-buffer --all.
    memo, _ = program_file(validator, env, MEMO, "memo.so")
    p = subprocess.Popen([BIN, "deploy", str(memo), "--window", "1"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env["env"])
    for line in p.stderr:
        m = re.match(r"buffer (\w+) created", line)
        if m:
            buffer = m.group(1)
            p.send_signal(signal.SIGKILL)
            break
    p.wait(timeout=10)
    lamports = validator.account(buffer)["lamports"]
    before = validator.balance(env["pub"])
    r = osvm(env, "program", "close-buffer", "--all", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [c["buffer"] for c in out["closed"]] == [buffer] and out["lamports"] == lamports
    assert validator.account(buffer) is None
    assert validator.balance(env["pub"]) == before + lamports - 5000
    r = osvm(env, "program", "close-buffer", buffer)
    assert r.returncode == 1 and "does not exist" in r.stderr


def test_node_targets_still_reach_node_deployment(env):
    r = osvm(env, "deploy", "root@127.0.0.1:1", "--svm", "solana", "--dry-run", "--connect-timeout", "1")
    assert "node deployment moved to `osvm nodes deploy root@127.0.0.1:1" in r.stderr
    assert "sBPF" not in r.stderr
