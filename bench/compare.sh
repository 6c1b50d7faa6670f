#!/usr/bin/env bash
# Whole-process comparison with CPython and Lua 5.4 (see bench/compare.py for what makes it
# honest: real binaries, python -S, alternating runs, start-up on its own line, medians
# with spread). Usage: bench/compare.sh [--runs N] [--only fib,tak] [--json]
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/compare.py "$@"
