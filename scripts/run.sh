#!/usr/bin/env bash
# The one command that runs the workbench on a fresh Debian machine: installs the system
# packages it needs (ncurses, OpenSSL headers), builds, and starts `osvm-tui`.
#   ./scripts/run.sh [FILE] [--url mainnet|devnet|testnet|localnet|URL] [--theme dark|light|high-contrast]
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for p in libncurses-dev libssl-dev; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "installing ${need[*]} (apt)…" >&2
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi
swift build -c release --product osvm-tui >&2
exec .build/release/osvm-tui "$@"
