#!/usr/bin/env python3
"""A stand-in for `agave-validator` (devnet cannot be reached from the tests): records its
argv, writes log lines to --log like the real one, serves getSlot on --rpc-port, and
exits cleanly on SIGTERM. The test copies it to a directory on PATH as `agave-validator`.

Environment knobs (set by the test):
  STANDIN_ARGV=FILE        write sys.argv there as JSON
  STANDIN_IGNORE_TERM=1    log SIGTERM but keep running (so `--stop` must SIGKILL)
  STANDIN_FAIL=1           print an argument error and exit 2 at once
"""
import http.server, json, os, signal, sys, threading

args = sys.argv[1:]
if os.environ.get("STANDIN_ARGV"):
    with open(os.environ["STANDIN_ARGV"], "w") as f:
        json.dump(sys.argv, f)
if os.environ.get("STANDIN_FAIL") == "1":
    print("error: Invalid value for '--rpc-port <PORT>': stand-in told to fail", file=sys.stderr, flush=True)
    sys.exit(2)


def opt(name):
    return args[args.index(name) + 1] if name in args else None


log = open(opt("--log"), "a", buffering=1)
stop = threading.Event()
slot = [1000]


def say(msg):
    log.write("[stand-in %d] %s\n" % (os.getpid(), msg))


def on_term(signum, frame):
    if os.environ.get("STANDIN_IGNORE_TERM") == "1":
        say("SIGTERM received and ignored")
        return
    say("SIGTERM received, shutting down")
    stop.set()


signal.signal(signal.SIGTERM, on_term)


class RPC(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        if req.get("method") == "getSlot":
            body = {"jsonrpc": "2.0", "id": req.get("id"), "result": slot[0]}
        else:
            body = {"jsonrpc": "2.0", "id": req.get("id"), "error": {"code": -32601, "message": "Method not found"}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *a):
        pass


server = http.server.ThreadingHTTPServer((opt("--rpc-bind-address") or "127.0.0.1", int(opt("--rpc-port"))), RPC)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("stand-in stdout: started", flush=True)        # stdout goes to the log too
say("started; rpc on port %s" % opt("--rpc-port"))
n = 0
while not stop.wait(0.1):
    n += 1
    slot[0] += 1
    say("tick %d slot %d" % (n, slot[0]))
server.shutdown()
say("exited")
