"""A Solana JSON-RPC server on 127.0.0.1 whose answers change (Python stdlib only).

    python3 changing_rpc.py          # prints "PORT <n>", serves until stdin closes

- getAccountInfo: one system account whose balance grows with `requestAirdrop`;
- getSignaturesForAddress: 45 signatures, newest first, paged with `limit` and `before`;
- getEpochInfo: fails with a JSON-RPC error while `setFailing [true]` is on;
- `stats`: how many calls of each method it answered (the tests check the paging).
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58(data):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


SIGNATURES = [b58(bytes([i + 1]) * 64) for i in range(45)]   # newest first
state = {"lamports": 1_000_000_000, "failing": False, "slot": 1000, "calls": {}}
lock = threading.Lock()


def answer(method, params):
    with lock:
        state["calls"][method] = state["calls"].get(method, 0) + 1
        state["slot"] += 1
        if method == "getAccountInfo":
            return {"context": {"slot": state["slot"]}, "value": {
                "lamports": state["lamports"], "owner": "11111111111111111111111111111111",
                "data": ["", "base64"], "executable": False, "rentEpoch": 0, "space": 0}}
        if method == "requestAirdrop":
            state["lamports"] += params[1]
            return SIGNATURES[0]
        if method == "getSignaturesForAddress":
            cfg = params[1] if len(params) > 1 else {}
            start = SIGNATURES.index(cfg["before"]) + 1 if "before" in cfg else 0
            page = SIGNATURES[start:start + cfg.get("limit", 1000)]
            return [{"signature": s, "slot": 900 - SIGNATURES.index(s), "err": None, "memo": None,
                     "blockTime": 1_764_000_000, "confirmationStatus": "finalized"} for s in page]
        if method == "getEpochInfo":
            if state["failing"]:
                raise RuntimeError("node is behind")
            return {"absoluteSlot": state["slot"], "blockHeight": state["slot"], "epoch": 3,
                    "slotIndex": state["slot"] % 432000, "slotsInEpoch": 432000, "transactionCount": 7}
        if method == "setFailing":
            state["failing"] = bool(params[0])
            return True
        if method == "stats":
            return dict(state["calls"])
    raise LookupError(method)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        try:
            body = {"jsonrpc": "2.0", "id": req.get("id"), "result": answer(req["method"], req.get("params", []))}
        except LookupError as e:
            body = {"jsonrpc": "2.0", "id": req.get("id"), "error": {"code": -32601, "message": f"Method not found: {e}"}}
        except RuntimeError as e:
            body = {"jsonrpc": "2.0", "id": req.get("id"), "error": {"code": -32005, "message": str(e)}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("PORT", server.server_address[1], flush=True)
sys.stdin.read()          # the test holds our stdin: EOF (its end) stops us
server.shutdown()
