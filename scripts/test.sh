#!/usr/bin/env bash
# The one command that runs every test of osvm on a fresh Debian machine:
#   system packages (apt), Python peers (pip, in tools/*/.venv), a debug build,
#   the Swift test suite (incl. the OVSM conformance corpus), the CLI conformance check,
#   and the example scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no

step() { printf '\n==> %s\n' "$*"; }

step "system packages"
need=()
for p in libncurses-dev libssl-dev python3-venv tmux; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  fi
fi

step "python peers"
python3 -m pip install -q pexpect pyte pytest 2>/dev/null || python3 -m pip install -q --user pexpect pyte pytest
if [ -x tools/localnet/setup.sh ]; then tools/localnet/setup.sh; fi

step "build"
swift build --build-tests

step "swift test"
swift test --skip-build

step "OVSM conformance through the CLI (osvm ovsm run --json)"
python3 scripts/conformance.py --osvm .build/debug/osvm ../shared/conformance/ovsm Tests/ovsm-cases

step "examples"
for f in Examples/*.ovsm; do
  case "$(basename "$f")" in rpc-*) continue ;; esac
  .build/debug/osvm ovsm run "$f" >/dev/null
done
echo "examples ok"

if [ -d tests/e2e ]; then
  step "end-to-end (pseudo-terminal) tests"
  python3 -m pytest -q tests/e2e
fi
