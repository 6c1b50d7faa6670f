#!/usr/bin/env bash
# Runs the RPC example scripts (Examples/rpc-*.ovsm) against the project's local
# validator, started here on an ephemeral 127.0.0.1 port and stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
OSVM=${OSVM:-.build/debug/osvm}
PY=tools/localnet/.venv/bin/python
[ -x "$PY" ] || bash tools/localnet/setup.sh
log=$(mktemp); trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
"$PY" tools/localnet/localnet.py --port 0 >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q '^LISTENING' "$log" && break; sleep 0.1; done
port=$(awk '/^LISTENING/ {print $2; exit}' "$log")
[ -n "$port" ] || { echo "local validator did not start:"; cat "$log"; exit 1; }
url="http://127.0.0.1:$port"
"$OSVM" airdrop 2 FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z -u "$url" >/dev/null
for f in Examples/rpc-*.ovsm; do
  echo "-- $f"
  HOME=$(mktemp -d) "$OSVM" ovsm run -u "$url" "$f"
done
