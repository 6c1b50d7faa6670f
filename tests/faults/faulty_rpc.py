#!/usr/bin/env python3
"""A misbehaving JSON-RPC server for fault-injection tests.

The first path segment picks the fault: http://127.0.0.1:PORT/<mode>. Every method gets
the same treatment, so any osvm RPC command can be pointed at any mode. Prints
"LISTENING <port>" once ready; stops on SIGTERM. Binds 127.0.0.1 on an ephemeral port.

    python3 tests/faults/faulty_rpc.py &     # LISTENING 41234
    osvm rpc slot -u http://127.0.0.1:41234/gzip-bomb

With `--tls CERT KEY` it speaks https instead (the same faults behind TLS).
"""
import http.server, json, signal, socket, sys, threading, time, zlib

MODES = {}


def mode(name, doc):
    def reg(f):
        MODES[name] = (f, doc)
        return f
    return reg


def reply(h, code, body, ctype="application/json", extra=None, length=None):
    h.send_response(code)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body) if length is None else length))
    for k, v in (extra or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)
    h.wfile.flush()


def result(rid, value):
    return json.dumps({"jsonrpc": "2.0", "id": rid, "result": value}).encode()


GOOD = {
    "getHealth": "ok",
    "getSlot": 42,
    "getBalance": {"context": {"slot": 1}, "value": 5000},
    "getEpochInfo": {"absoluteSlot": 42, "blockHeight": 40, "epoch": 0, "slotIndex": 42,
                     "slotsInEpoch": 432000, "transactionCount": 7},
    "getVersion": {"solana-core": "2.0.0", "feature-set": 1},
    "getAccountInfo": {"context": {"slot": 1}, "value": {
        "lamports": 1, "owner": "11111111111111111111111111111111", "data": ["", "base64"],
        "executable": False, "rentEpoch": 0, "space": 0}},
    "getTransaction": None,          # "transaction … not found": exit 1 by design
    "getSignaturesForAddress": [],
}


@mode("ok", "well-formed answers — the control (`rpc tx` gets null: not found, exit 1)")
def _ok(h, rid, method):
    reply(h, 200, result(rid, GOOD.get(method, 42)))


@mode("html", "200 with an HTML page")
def _html(h, rid, method):
    reply(h, 200, b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html")


@mode("http500", "HTTP 500, plain text")
def _500(h, rid, method):
    reply(h, 500, b"Internal Server Error", "text/plain")


@mode("http429", "HTTP 429 with Retry-After: 1, always")
def _429(h, rid, method):
    reply(h, 429, b"Too Many Requests", "text/plain", {"Retry-After": "1"})


@mode("invalid-json", "200 with a JSON text cut short")
def _garbage(h, rid, method):
    reply(h, 200, b'{"jsonrpc":"2.0","result":')


@mode("rpc-error-escapes", "JSON-RPC error whose message holds ESC sequences, NULs and C1 controls")
def _escapes(h, rid, method):
    msg = "boom \x1b[31mRED\x1b[0m \x1b]0;pwned title\x07 nul\x00here \x9b2J \x1b[2J\rover\x08"
    reply(h, 200, json.dumps({"jsonrpc": "2.0", "id": rid, "error": {"code": -32000, "message": msg}}).encode())


@mode("null", "result null")
def _null(h, rid, method):
    reply(h, 200, result(rid, None))


@mode("array", "result [1,2,3]")
def _array(h, rid, method):
    reply(h, 200, result(rid, [1, 2, 3]))


BIG_STRING = None


@mode("string-50mb", "result: a 50 MB string (under the 64 MiB limit)")
def _bigstring(h, rid, method):
    global BIG_STRING
    if BIG_STRING is None:
        BIG_STRING = b'{"jsonrpc":"2.0","id":%d,"result":"' % (rid or 0) + b"A" * (50 << 20) + b'"}'
    reply(h, 200, BIG_STRING)


@mode("body-100mb", "a 100 MB chunked body (no Content-Length): past the limit")
def _huge(h, rid, method):
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b" " * (1 << 20)
    frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    try:
        h.wfile.write(b"%x\r\n" % 1 + b"[" + b"\r\n")
        for _ in range(100):
            h.wfile.write(frame)
        h.wfile.write(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass


@mode("truncated", "Content-Length 1000, 60 bytes sent, then close")
def _truncated(h, rid, method):
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h.wfile.write(b'{"jsonrpc":"2.0","id":1,"result":{"context":{"slot":1},"val')
    h.wfile.flush()
    h.close_connection = True
    h.connection.shutdown(socket.SHUT_RDWR)


@mode("mid-body-close", "chunked body, connection closed before the last chunk")
def _midclose(h, rid, method):
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    part = b'{"jsonrpc":"2.0","id":1,"result":'
    h.wfile.write(b"%x\r\n" % len(part) + part + b"\r\n")
    h.wfile.flush()
    time.sleep(0.2)
    h.close_connection = True
    h.connection.shutdown(socket.SHUT_RDWR)


@mode("hang", "accepts, never answers")
def _hang(h, rid, method):
    time.sleep(3600)


@mode("drip", "a valid answer, one byte per second")
def _drip(h, rid, method):
    body = result(rid, 42)
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    try:
        for b in body:
            h.wfile.write(bytes([b]))
            h.wfile.flush()
            time.sleep(1)
    except (BrokenPipeError, ConnectionResetError):
        pass


@mode("redirect-loop", "302 to itself, forever")
def _redirect(h, rid, method):
    h.send_response(302)
    h.send_header("Location", h.path)
    h.send_header("Content-Length", "0")
    h.end_headers()


GZIP_BOMB = None


def gzip_bomb(gigabytes=2):
    """A gzip stream of `gigabytes` GiB of zeros, ~1 KB per MiB: after a full flush, deflate
    restarts from an empty window, so the compressed form of each further MiB is the same
    bytes and can be repeated instead of computed (the CRC trailer is wrong; the client
    must give up long before it would check it)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    mib = b"\0" * (1 << 20)
    first = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    return first + block * (gigabytes * 1024 - 1) + c.flush()


@mode("gzip-bomb", "Content-Encoding: gzip, ~2 MB on the wire expanding to 2 GiB")
def _bomb(h, rid, method):
    global GZIP_BOMB
    if GZIP_BOMB is None:
        GZIP_BOMB = gzip_bomb()
    try:
        reply(h, 200, GZIP_BOMB, extra={"Content-Encoding": "gzip"})
    except (BrokenPipeError, ConnectionResetError):
        pass


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def handle_any(self, body):
        name = self.path.strip("/").split("/")[0].split("?")[0]
        try:
            req = json.loads(body or b"null")
        except ValueError:
            req = None
        rid = req.get("id") if isinstance(req, dict) else None
        method = req.get("method") if isinstance(req, dict) else None
        f = MODES.get(name, MODES["ok"])[0]
        try:
            f(self, rid, method)
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.handle_any(self.rfile.read(n))

    def do_GET(self):
        self.handle_any(b"")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    args = sys.argv[1:]
    tls = None
    if "--tls" in args:
        i = args.index("--tls")
        tls = (args[i + 1], args[i + 2])
        del args[i:i + 3]
    s = Server(("127.0.0.1", int(args[0]) if args else 0), Handler)
    if tls:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*tls)
        s.socket = ctx.wrap_socket(s.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=s.shutdown).start())
    print("LISTENING", s.server_address[1], flush=True)
    s.serve_forever(poll_interval=0.1)


if __name__ == "__main__":
    main()
