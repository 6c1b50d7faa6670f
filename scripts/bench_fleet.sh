#!/usr/bin/env bash
# Times a fleet deployment of the local validator (tools/localnet) to five test hosts
# (network namespaces, each with its own sshd and supervisord; Tests/DeployTests/NetnsFixture.swift)
# with --parallel 1 and --parallel 5. Not part of ./scripts/test.sh. Needs root (ip netns),
# socat, sshd, supervisord, tools/localnet/.venv (bash tools/localnet/setup.sh) and a built
# test bundle (swift build --build-tests).
#   sudo ./scripts/bench_fleet.sh          # prints the two figures
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
OSVM_BENCH_FLEET=1 OSVM_BENCH_OUT="$out" swift test --skip-build --filter 'NetnsFleetTests/benchmarkParallelFiveVersusOne' >/dev/null 2>&1 || {
    echo "bench_fleet: the benchmark failed; run: OSVM_BENCH_FLEET=1 swift test --skip-build --filter NetnsFleetTests/benchmarkParallelFiveVersusOne" >&2
    exit 1
}
[ -s "$out" ] || { echo "bench_fleet: skipped (needs root for ip netns, socat, sshd, supervisord)" >&2; exit 1; }
echo "fleet deploy of the local validator to 5 netns hosts ($(nproc) CPUs):"
cat "$out"; echo
