#!/usr/bin/env bash
# Sets up the Python environment of the osvm local validator (LiteSVM from `solders`).
# Idempotent: does nothing when tools/localnet/.venv already has the pinned packages.
#   bash tools/localnet/setup.sh            # solders only (what the validator needs)
#   OSVM_LOCALNET_CROSSCHECK=1 bash tools/localnet/setup.sh   # also solana-py (optional)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
py="${PYTHON:-python3}"
SOLDERS_VERSION="0.29.0"

say() { printf 'localnet setup: %s\n' "$*" >&2; }

if ! command -v "$py" >/dev/null 2>&1; then
    say "error: $py not found (install python3 and python3-venv)"
    exit 1
fi

if [ -x "$venv/bin/python" ] && "$venv/bin/python" - <<PYEOF 2>/dev/null
import importlib.metadata as m, sys
sys.exit(0 if m.version("solders") == "$SOLDERS_VERSION" else 1)
PYEOF
then
    say "ready ($venv, solders $SOLDERS_VERSION)"
else
    if [ ! -x "$venv/bin/python" ]; then
        say "creating virtual environment $venv"
        rm -rf "$venv.tmp"
        "$py" -m venv "$venv.tmp"
        mv "$venv.tmp" "$venv" 2>/dev/null || { rm -rf "$venv.tmp"; }
        # venv scripts embed their path; recreate in place if the move changed it
        if ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
            rm -rf "$venv"; "$py" -m venv "$venv"
        fi
    fi
    say "installing solders==$SOLDERS_VERSION (about 12 MB) ..."
    "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q "solders==$SOLDERS_VERSION" >&2
    say "installed solders $SOLDERS_VERSION"
fi

if [ "${OSVM_LOCALNET_CROSSCHECK:-0}" = "1" ]; then
    if ! "$venv/bin/python" -c 'import solana' 2>/dev/null; then
        say "installing solana==0.41.0 (cross-check client) ..."
        "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q "solana==0.41.0" >&2
    fi
fi
say "done"
