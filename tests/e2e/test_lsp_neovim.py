"""`osvm ovsm lsp` driven by a real LSP client: Neovim's built-in one (Debian's neovim),
headless. Neovim starts the server, opens a file with a mistake, and a Lua script records
what the client received: the diagnostics, a hover, completion items, a definition, the
formatting edit — then edits the buffer (incremental sync) and checks the diagnostic goes.

Run:  OSVM_BIN=.build/debug/osvm python3 -m pytest -q tests/e2e/test_lsp_neovim.py
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("OSVM_BIN") or str(ROOT / ".build" / "debug" / "osvm")
NVIM = shutil.which("nvim")

pytestmark = [
    pytest.mark.skipif(not os.access(BIN, os.X_OK), reason=f"no osvm binary at {BIN}"),
    pytest.mark.skipif(NVIM is None and os.environ.get("CI") != "true", reason="nvim not installed"),
]

SOURCE = """(define total 10)
(defun square (x)
  (* x x))
(println (square totl))
"""

# Neovim 0.7's API (the Debian 12 version): start_client + buf_attach_client,
# buf_request_sync, vim.diagnostic. Every wait has a deadline; results go to OUT as JSON.
CLIENT = r"""
local out = {}
local function finish(code)
  local f = io.open(os.getenv("OUT"), "w")
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd(code == 0 and "qall!" or "cquit!")
end
local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({ name = "osvm-ovsm", cmd = { os.getenv("OSVM_BIN"), "ovsm", "lsp" },
                                     root_dir = vim.fn.getcwd() })
  assert(id, "server did not start")
  vim.lsp.buf_attach_client(buf, id)
  assert(vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 20), "no diagnostics")
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, message = d.message, code = d.code })
  end
  local function req(method, line, character, extra)
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
    for k, v in pairs(extra or {}) do params[k] = v end
    local res = vim.lsp.buf_request_sync(buf, method, params, 10000)
    assert(res and res[id], method .. ": no answer")
    assert(not res[id].err, method .. ": " .. vim.inspect(res[id].err))
    return res[id].result
  end
  local hover = req("textDocument/hover", 2, 3)                   -- on `*`
  out.hover = hover and hover.contents and hover.contents.value or vim.NIL
  local comp = req("textDocument/completion", 3, 13)              -- after `(println (squ`
  out.completion = {}
  for _, item in ipairs(comp.items or comp) do table.insert(out.completion, item.label) end
  local def = req("textDocument/definition", 3, 11)               -- on `square`
  local loc = def[1] or def
  out.definition = { line = loc.range.start.line, character = loc.range.start.character }
  local fmt = vim.lsp.buf_request_sync(buf, "textDocument/formatting",
    { textDocument = { uri = vim.uri_from_bufnr(buf) }, options = { tabSize = 2, insertSpaces = true } }, 10000)
  out.formatting = {}
  for _, e in ipairs(fmt[id].result or {}) do table.insert(out.formatting, e.newText) end
  -- Fix the typo through the client's incremental sync: the diagnostic must go away.
  vim.api.nvim_buf_set_text(buf, 3, 17, 3, 21, { "total" })
  assert(vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 20), "diagnostic stayed after the fix")
  out.after_fix = #vim.diagnostic.get(buf)
  out.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  vim.lsp.stop_client(id)
end)
if not ok then out.error = tostring(err) end
finish(ok and 0 or 1)
"""


def test_neovim_client(tmp_path):
    assert NVIM, "nvim is required in CI (scripts/test.sh installs Debian's neovim)"
    src = tmp_path / "mistake.ovsm"
    src.write_text(SOURCE)
    script = tmp_path / "client.lua"
    script.write_text(CLIENT)
    out = tmp_path / "out.json"
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "cfg"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"),
               OSVM_BIN=BIN, OUT=str(out))
    proc = subprocess.run([NVIM, "--headless", "--clean", "-n", str(src), "-c", f"luafile {script}"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert out.exists(), f"client wrote nothing: rc={proc.returncode} stderr={proc.stderr[-2000:]}"
    got = json.loads(out.read_text())
    assert "error" not in got, got.get("error")
    assert proc.returncode == 0, proc.stderr[-2000:]

    [diag] = got["diagnostics"]
    assert diag["code"] == "OVSM001" and (diag["lnum"], diag["col"]) == (3, 17)
    assert "did you mean 'total'" in diag["message"]
    assert "```lisp" in got["hover"]
    assert "square" in got["completion"] and all(label.startswith("squ") for label in got["completion"])
    assert got["definition"] == {"line": 1, "character": 7}
    # `osvm ovsm fmt`'s layout: the short defun goes on one line.
    assert got["formatting"] == ["(define total 10)\n(defun square (x) (* x x))\n(println (square totl))\n"]
    assert got["after_fix"] == 0 and "(square total)" in got["text"]
