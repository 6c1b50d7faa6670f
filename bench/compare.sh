#!/usr/bin/env bash
# Whole-process comparison: the same algorithms under python3, lua5.4 (when installed)
# and `osvm ovsm run` (release build). Prints the median wall time of N runs for each and
# the ratio OVSM/peer. Usage: bench/compare.sh [RUNS]   (build first: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
OSVM=${OSVM:-.build/release/osvm}
[ -x "$OSVM" ] || { echo "build first: swift build -c release" >&2; exit 2; }
LUA=$(command -v lua5.4 || true)

median_ms() {  # command... → median wall ms over $RUNS runs
  python3 - "$RUNS" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
ts = []
for _ in range(runs):
    t = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True); ts.append((time.perf_counter() - t) * 1000)
ts.sort(); print(f"{ts[len(ts)//2]:.1f}")
PY
}

printf '%-10s %10s %10s %8s %10s %8s\n' program ovsm_ms python_ms ratio lua_ms ratio
for f in bench/programs/*.ovsm; do
  name=$(basename "$f" .ovsm)
  o=$(median_ms "$OSVM" ovsm run "$f")
  p=$(median_ms python3 "bench/programs/$name.py")
  rp=$(python3 -c "print(f'{$o/$p:.2f}')")
  if [ -n "$LUA" ] && [ -f "bench/programs/$name.lua" ]; then
    l=$(median_ms "$LUA" "bench/programs/$name.lua"); rl=$(python3 -c "print(f'{$o/$l:.2f}')")
  else l="-"; rl="-"; fi
  printf '%-10s %10s %10s %8s %10s %8s\n' "$name" "$o" "$p" "$rp" "$l" "$rl"
done
