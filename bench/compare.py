#!/usr/bin/env python3
"""Whole-process comparison of `osvm ovsm run` with CPython and Lua 5.4 on the same
algorithms (bench/programs/NAME.{ovsm,py,lua}).

Honest by construction:
  * the real interpreter binaries, never a version-manager shim (a pyenv/asdf shim adds
    ~50 ms to every start): Python is `sys.executable` of the python3 on PATH, resolved
    through the shim; Lua is `lua5.4` resolved to its file;
  * Python runs with -S (no site import), as a script runner would be timed;
  * runs alternate (osvm, python, lua, osvm, python, lua, …) so that a machine that gets
    busier or quieter during the run affects every peer alike;
  * start-up is measured on its own line (`ovsm eval 1` vs `python3 -S -c 1` vs `lua -e ''`)
    and every program is reported whole-process and net of its interpreter's start-up;
  * medians of N ≥ 7 runs with the spread (min–max) next to them.

Usage: bench/compare.py [--runs N] [--only NAME,…] [--osvm PATH] [--json]
(build first: swift build -c release --product osvm)
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "bench", "programs")


def real_python():
    """The python3 binary itself, not a shim in front of it."""
    out = subprocess.run(["python3", "-c", "import sys; print(sys.executable)"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return os.path.realpath(out)


def real_lua():
    path = shutil.which("lua5.4")
    return os.path.realpath(path) if path else None


def time_once(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t) * 1000


def alternate(commands, runs):
    """Runs each command `runs` times, interleaved; returns {label: [ms, …]}."""
    times = {label: [] for label, _ in commands}
    for label, cmd in commands:          # one warm-up each (page cache, not timed)
        time_once(cmd)
    for _ in range(runs):
        for label, cmd in commands:
            times[label].append(time_once(cmd))
    return times


def summary(ts):
    return {"median": statistics.median(ts), "min": min(ts), "max": max(ts)}


def fmt(s):
    return f"{s['median']:7.1f} ({s['min']:.1f}–{s['max']:.1f})"


JSON_PEER = r"""
import json, sys, time
doc = '{"blockHeight":1204,"transactions":['
parts = []
for i in range(6000):
    parts.append('{"meta":{"err":null,"fee":5000,"preBalances":[1000000000,%d,1],"postBalances":[999995000,%d,1],"logMessages":["Program 11111111111111111111111111111111 invoke [1]","Program 11111111111111111111111111111111 success"]},"transaction":{"signatures":["5kTz%d9aQqJ3e2x7mTqkqoS3rXzY2oK8sBvWmVYhq4T6Vd1nE8pPQzU"],"message":{"accountKeys":["9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin","7Gh3bXo5Yk2Y6nQ4uSTtR9mVCt4ZqE1WcJ9sxHvFn2aa","11111111111111111111111111111111"],"recentBlockhash":"EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N","instructions":[{"programIdIndex":2,"accounts":[0,1],"data":"3Bxs4h24hBtQy9rw"}]}}}' % (i, i + 1, i))
doc += ",".join(parts) + "]}"
runs = int(sys.argv[1])
def med(f):
    ts = []
    for _ in range(runs):
        t = time.perf_counter(); f(); ts.append((time.perf_counter() - t) * 1000)
    ts.sort(); return ts[len(ts) // 2]
v = json.loads(doc)
print(med(lambda: json.loads(doc)), med(lambda: json.dumps(v, separators=(",", ":"))), len(doc))
"""


def json_library(py, args):
    """parse-json / json-stringify against CPython's C-accelerated json, in process, on the
    same 3.5 MB getBlock-shaped document (ovsm-bench builds the identical text)."""
    bench = os.path.join(os.path.dirname(args.osvm), "ovsm-bench")
    if not os.access(bench, os.X_OK):
        print("note: no ovsm-bench next to osvm (swift build -c release --product ovsm-bench): JSON line left out",
              file=sys.stderr)
        return None
    out = subprocess.run([bench, "--runs", str(args.runs), "--only", "native"], capture_output=True, text=True).stdout
    def figure(tag):
        for line in out.splitlines():
            if line.startswith(tag):
                return float(line[50:61])
        return None
    o_parse, o_write = figure("parse()"), figure("stringify")
    p_parse, p_write, size = subprocess.run([py, "-S", "-c", JSON_PEER, str(args.runs)], capture_output=True,
                                            text=True, check=True).stdout.split()
    r = {"bytes": int(size), "ovsm_parse_ms": o_parse, "python_parse_ms": float(p_parse),
         "ovsm_stringify_ms": o_write, "python_stringify_ms": float(p_write)}
    if not args.json:
        print(f"json       parse {o_parse} ms vs CPython json.loads {float(p_parse):.1f} ms "
              f"(ratio {o_parse / float(p_parse):.2f}); stringify {o_write} ms vs json.dumps {float(p_write):.1f} ms "
              f"(ratio {o_write / float(p_write):.2f}); {int(size) / 1e6:.1f} MB, in process, medians of {args.runs}")
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--only", default="")
    ap.add_argument("--osvm", default=os.environ.get("OSVM", os.path.join(ROOT, ".build", "release", "osvm")))
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    if args.runs < 7:
        print("note: fewer than 7 runs: medians are not worth much", file=sys.stderr)
    if not os.access(args.osvm, os.X_OK):
        sys.exit(f"build first: swift build -c release --product osvm (no {args.osvm})")
    py = real_python()
    lua = real_lua()
    if not lua:
        print("note: lua5.4 not installed (apt-get install lua5.4): Lua columns left out", file=sys.stderr)

    report = {"machine": os.uname().nodename, "cpus": os.cpu_count(), "python": py, "lua": lua,
              "runs": args.runs, "loadavg_before": os.getloadavg()[0], "startup": {}, "programs": {}}

    start_cmds = [("ovsm", [args.osvm, "ovsm", "eval", "1"]), ("python", [py, "-S", "-c", "1"])]
    if lua:
        start_cmds.append(("lua", [lua, "-e", ""]))
    startup = {k: summary(v) for k, v in alternate(start_cmds, max(args.runs, 15)).items()}
    report["startup"] = startup

    names = sorted(f[:-5] for f in os.listdir(PROGRAMS) if f.endswith(".ovsm"))
    if args.only:
        wanted = set(args.only.split(","))
        names = [n for n in names if n in wanted]

    if not args.json:
        print(f"machine: {report['machine']}, {report['cpus']} CPUs, load {report['loadavg_before']:.2f}; "
              f"python: {py} -S; lua: {lua or '-'}; medians of {args.runs} alternating runs (min–max), ms")
        line = f"{'start-up':10} ovsm {fmt(startup['ovsm'])}  python {fmt(startup['python'])}  ratio {startup['ovsm']['median'] / startup['python']['median']:.2f}"
        if lua:
            line += f"  lua {fmt(startup['lua'])}  ratio {startup['ovsm']['median'] / startup['lua']['median']:.2f}"
        print(line)
        print(f"{'program':10} {'ovsm':>22} {'python':>22} {'whole':>6} {'net':>6} {'lua':>22} {'whole':>6} {'net':>6}")

    for name in names:
        cmds = [("ovsm", [args.osvm, "ovsm", "run", os.path.join(PROGRAMS, name + ".ovsm")])]
        if os.path.exists(os.path.join(PROGRAMS, name + ".py")):
            cmds.append(("python", [py, "-S", os.path.join(PROGRAMS, name + ".py")]))
        if lua and os.path.exists(os.path.join(PROGRAMS, name + ".lua")):
            cmds.append(("lua", [lua, os.path.join(PROGRAMS, name + ".lua")]))
        s = {k: summary(v) for k, v in alternate(cmds, args.runs).items()}
        entry = {"times": s, "ratios": {}}
        o = s["ovsm"]["median"]
        o_net = max(o - startup["ovsm"]["median"], 0.01)
        for peer in ("python", "lua"):
            if peer in s:
                p = s[peer]["median"]
                p_net = max(p - startup[peer]["median"], 0.01)
                entry["ratios"][peer] = {"whole": o / p, "net": o_net / p_net}
        report["programs"][name] = entry
        if not args.json:
            def cols(peer):
                if peer not in s:
                    return f"{'-':>22} {'-':>6} {'-':>6}"
                r = entry["ratios"][peer]
                return f"{fmt(s[peer]):>22} {r['whole']:6.2f} {r['net']:6.2f}"
            print(f"{name:10} {fmt(s['ovsm']):>22} {cols('python')} {cols('lua')}")
    if not args.only or "json" in args.only.split(","):
        report["json"] = json_library(py, args)
    report["loadavg_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(f"load average after: {report['loadavg_after']:.2f} "
              "(ratios: OVSM/peer; net = minus each interpreter's start-up median)")


if __name__ == "__main__":
    main()
