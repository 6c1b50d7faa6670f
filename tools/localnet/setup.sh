#!/usr/bin/env bash
# Sets up the Python environment of the osvm local validator (LiteSVM from `solders`).
# Idempotent: does nothing when tools/localnet/.venv already has the pinned packages.
#   bash tools/localnet/setup.sh                              # solders (what the validator needs)
#   OSVM_LOCALNET_CROSSCHECK=1 bash tools/localnet/setup.sh   # also solana-py (optional client)
# Needs python3 with the venv module (Debian: apt-get install -y python3-venv) and PyPI access.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
py="${PYTHON:-python3}"
SOLDERS_VERSION="0.29.0"
SOLANA_VERSION="0.41.0"

say() { printf 'localnet setup: %s\n' "$*" >&2; }

have() {  # have PACKAGE VERSION
    "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(0 if m.version('$1') == '$2' else 1)" 2>/dev/null
}

if ! command -v "$py" >/dev/null 2>&1; then
    say "error: $py not found (install python3 and python3-venv)"
    exit 1
fi

if [ -x "$venv/bin/python" ] && have solders "$SOLDERS_VERSION"; then
    say "ready: $venv (solders $SOLDERS_VERSION)"
else
    if ! [ -x "$venv/bin/python" ] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
        say "creating virtual environment $venv"
        rm -rf "$venv"
        if ! "$py" -m venv "$venv"; then
            rm -rf "$venv"
            say "error: '$py -m venv' failed (Debian: apt-get install -y python3-venv)"
            exit 1
        fi
    fi
    say "installing solders==$SOLDERS_VERSION (about 12 MB download) ..."
    if ! "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q "solders==$SOLDERS_VERSION" >&2; then
        say "error: pip install solders==$SOLDERS_VERSION failed"
        exit 1
    fi
    say "installed solders $SOLDERS_VERSION"
fi

if [ "${OSVM_LOCALNET_CROSSCHECK:-0}" = "1" ] && ! have solana "$SOLANA_VERSION"; then
    say "installing solana==$SOLANA_VERSION (cross-check client) ..."
    "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q "solana==$SOLANA_VERSION" >&2
fi
say "done"
