#!/usr/bin/env python3
"""Deploy-time benchmark: `osvm deploy` of a real 105 KB sBPF program (the Associated Token
Account program, taken from the local validator's own account) to the project's local
validator (LiteSVM, tools/localnet), with several `--window` sizes (chunks in flight).
Prints, per window, the median (min–max) of the whole command, the write phase and the chunk
and byte rates as osvm reports them.

    python3 bench/deploy_program.py [--bin .build/release/osvm] [--runs 5] [--windows 1,4,16]

The validator is in-process Python: its per-transaction cost, not the network, bounds the
rate; on a real cluster the round trip does (see README, "Program deployment").
"""
import argparse, base64, json, os, pathlib, re, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
PY = ROOT / "tools" / "localnet" / ".venv" / "bin" / "python"
ATA = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL"
LINE = re.compile(r"(\d+) bytes: (\d+) of (\d+) chunks written in ([\d.]+) s \(([\d.]+) chunks/s, ([\d.]+) KB/s\); total ([\d.]+) s")


def rpc(url, method, params):
    req = urllib.request.Request(url, json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode(),
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())["result"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=str(ROOT / ".build/release/osvm"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--windows", default="1,4,16")
    a = ap.parse_args()
    if not PY.exists():
        sys.exit("tools/localnet/.venv is missing: run `bash tools/localnet/setup.sh`")
    if not os.access(a.bin, os.X_OK):
        sys.exit(f"{a.bin} is not built: swift build -c release --product osvm")
    v = subprocess.Popen([str(PY), str(ROOT / "tools/localnet/localnet.py"), "--port", "0"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = "http://127.0.0.1:%d" % int(v.stdout.readline().split()[1])
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            elf = base64.b64decode(rpc(url, "getAccountInfo", [ATA, {"encoding": "base64"}])["value"]["data"][0])
            prog = tmp / "ata.so"
            prog.write_bytes(elf)
            out = subprocess.run([str(PY), "-c", "from solders.keypair import Keypair; print(list(bytes(Keypair())))"],
                                 capture_output=True, text=True, check=True)
            payer = tmp / "payer.json"
            payer.write_text(out.stdout.strip()); payer.chmod(0o600)
            env = dict(os.environ, HOME=str(tmp), NO_COLOR="1", OSVM_RPC_URL=url, OSVM_KEYPAIR=str(payer))
            subprocess.run([a.bin, "airdrop", "1000"], env=env, check=True, capture_output=True)
            print(f"program: {len(elf):,} bytes (ATA), validator: tools/localnet at {url}, binary: {a.bin}")
            print(f"{'window':>6}  {'total s':>16}  {'write s':>16}  {'chunks/s':>16}  {'KB/s':>16}")
            for w in [int(x) for x in a.windows.split(",")]:
                rows = []
                for _ in range(a.runs):
                    r = subprocess.run([a.bin, "deploy", str(prog), "--window", str(w)], env=env, capture_output=True, text=True)
                    m = LINE.search(r.stderr)
                    if r.returncode != 0 or not m:
                        sys.exit(f"deploy failed (window {w}): {r.stderr.strip()[-400:]}")
                    rows.append([float(m.group(i)) for i in (7, 4, 5, 6)])
                def cell(i):
                    xs = [r[i] for r in rows]
                    return f"{statistics.median(xs):.2f} ({min(xs):.2f}–{max(xs):.2f})"
                print(f"{w:>6}  {cell(0):>16}  {cell(1):>16}  {cell(2):>16}  {cell(3):>16}")
    finally:
        v.terminate(); v.wait(timeout=10)


if __name__ == "__main__":
    main()
