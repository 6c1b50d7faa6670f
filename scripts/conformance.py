#!/usr/bin/env python3
"""Runs `osvm ovsm run --json` over folders of .ovsm conformance cases (spec §15) and
reports failures. Usage: scripts/conformance.py [--osvm PATH] DIR..."""
import json, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

def expectations(path):
    exp, err, out = None, None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(";; expect: "): exp = line[len(";; expect: "):].rstrip("\n")
            elif line.rstrip("\n") == ";; expect:": exp = ""
            elif line.startswith(";; expect-error: "): err = line[len(";; expect-error: "):].strip()
            elif line.startswith(";; expect-output: "): out.append(line[len(";; expect-output: "):].rstrip("\n"))
            elif line.strip() == ";; expect-output:": out.append("")
    return exp, err, out

def check(osvm, path):
    exp, err, out = expectations(path)
    try:
        p = subprocess.run([osvm, "ovsm", "run", "--json", path], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "SWIFT_BACKTRACE": "enable=no"})
    except subprocess.TimeoutExpired:
        return f"timeout"
    try:
        r = json.loads(p.stdout)
    except Exception:
        return f"bad JSON (exit {p.returncode}): {p.stdout[:200]!r} {p.stderr[:300]!r}"
    if err is not None:
        if r.get("ok") or r["error"]["category"] != err:
            return f"expected error {err}, got {r}"
    else:
        if not r.get("ok"):
            return f"expected {exp!r}, got error {r.get('error')}"
        if r["value"] != exp:
            return f"expected {exp!r}, got {r['value']!r}"
    if r.get("output", []) != out:
        return f"output {r.get('output')!r} != {out!r}"
    return None

def main():
    args = sys.argv[1:]
    osvm = ".build/debug/osvm"
    if args and args[0] == "--osvm":
        osvm, args = args[1], args[2:]
    files = []
    for d in args:
        files += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".ovsm")) if os.path.isdir(d) else [d]
    with ThreadPoolExecutor(4) as ex:
        results = list(ex.map(lambda f: (f, check(osvm, f)), files))
    failed = [(f, r) for f, r in results if r]
    for f, r in failed:
        print(f"FAIL {os.path.basename(f)}: {r}")
    print(f"{len(files) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)

main()
