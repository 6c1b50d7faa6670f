import Foundation
import Testing
@testable import Chain
@testable import OSVMHost
import OVSMKit

/// A misbehaving HTTP server (stdlib Python) whose answer depends on the path.
let badServerScript = #"""
import http.server, json, sys, time, threading
hits = {}
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def log_message(self, *a): pass
    def send(self, code, body, ctype="application/json", extra=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items(): self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        req = json.loads(self.rfile.read(n) or b"null")
        p = self.path
        hits[p] = hits.get(p, 0) + 1
        rid = req.get("id") if isinstance(req, dict) else None
        if p == "/garbage": self.send(200, b'{"jsonrpc":"2.0","result":')
        elif p == "/html": self.send(200, b"<html><body>Bad Gateway</body></html>", "text/html")
        elif p == "/500": self.send(500, b"Internal Server Error", "text/plain")
        elif p == "/empty": self.send(200, b"")
        elif p == "/array": self.send(200, b"[1,2,3]")
        elif p == "/noresult": self.send(200, json.dumps({"jsonrpc": "2.0", "id": rid}).encode())
        elif p == "/hang": time.sleep(30)
        elif p == "/rpcerror":
            self.send(200, json.dumps({"jsonrpc": "2.0", "id": rid, "error": {"code": -32002, "message": "Transaction simulation failed: Blockhash not found", "data": {"err": "BlockhashNotFound", "logs": []}}}).encode())
        elif p == "/429then":
            if hits[p] <= 2: self.send(429, b"Too many requests", "text/plain", {"Retry-After": "0"})
            else: self.send(200, json.dumps({"jsonrpc": "2.0", "id": rid, "result": 42}).encode())
        elif p == "/always503": self.send(503, b"unavailable", "text/plain")
        elif p == "/count":
            self.send(200, json.dumps({"jsonrpc": "2.0", "id": rid, "result": hits}).encode())
        elif p == "/echo":
            self.send(200, json.dumps({"jsonrpc": "2.0", "id": rid, "result": {"z": 1, "a": req}}).encode())
        elif p == "/batch":
            out = [{"jsonrpc": "2.0", "id": r["id"], "result": r["method"]} if r["method"] != "bad" else
                   {"jsonrpc": "2.0", "id": r["id"], "error": {"code": -32601, "message": "Method not found"}} for r in reversed(req)]
            self.send(200, json.dumps(out).encode())
        else: self.send(404, b"not found", "text/plain")
class S(http.server.ThreadingHTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
print("LISTENING", s.server_address[1], flush=True)
import signal
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=s.shutdown).start())
s.serve_forever(poll_interval=0.1)
"""#

func withBadServer(_ body: (String) async throws -> Void) async throws {
    let dir = TempDir()
    let script = dir.file("bad_server.py")
    try badServerScript.write(toFile: script, atomically: true, encoding: .utf8)
    let server = try ServerProcess(executable: "/usr/bin/env", arguments: ["python3", script])
    defer { server.stop() }
    try await body(server.url)
}

@Suite("RPC client against a misbehaving server", .serialized)
struct RPCClientTests {
    @Test("garbage, HTML, 500, empty, non-object, no result, hang → typed errors")
    func badAnswers() async throws {
        try await withBadServer { base in
            func kind(_ path: String, timeout: Double = 5) async -> RPCError? {
                let c = try! RPCClient(url: base + path, timeout: timeout, maxRetries: 0)
                do { _ = try await c.call("getSlot"); return nil } catch let e as RPCError { return e } catch { return nil }
            }
            let garbage = await kind("/garbage")
            guard case .invalidResponse(let m)? = garbage?.kind else { Issue.record("garbage: \(String(describing: garbage))"); return }
            #expect(m.hasPrefix("not JSON"))
            #expect(garbage!.description.hasPrefix("getSlot: invalid response: not JSON"))

            let html = await kind("/html")
            guard case .invalidResponse(let hm)? = html?.kind else { Issue.record("html: \(String(describing: html))"); return }
            #expect(hm.contains("HTML instead of JSON"))

            let e500 = await kind("/500")
            #expect(e500?.httpStatus == 500)
            #expect(e500?.description == "getSlot: HTTP 500: Internal Server Error")

            let empty = await kind("/empty")
            guard case .invalidResponse("empty body")? = empty?.kind else { Issue.record("empty: \(String(describing: empty))"); return }

            let arr = await kind("/array")
            guard case .invalidResponse(let am)? = arr?.kind else { Issue.record("array"); return }
            #expect(am.contains("expected a JSON-RPC object"))

            let nores = await kind("/noresult")
            guard case .invalidResponse? = nores?.kind else { Issue.record("noresult"); return }

            let started = Date()
            let hang = await kind("/hang", timeout: 1)
            let took = Date().timeIntervalSince(started)
            #expect(hang?.isTimeout == true, "hang: \(String(describing: hang))")
            #expect(took < 5, "timeout took \(took) s")
            #expect(hang?.description == "getSlot: timed out after 1 s")
        }
    }

    @Test("JSON-RPC error member: code, message and data kept")
    func serverError() async throws {
        try await withBadServer { base in
            let c = try RPCClient(url: base + "/rpcerror", timeout: 5)
            do { _ = try await c.call("sendTransaction", [.string("x")]); Issue.record("no error") } catch let e as RPCError {
                #expect(e.serverCode == -32002)
                #expect(e.serverMessage == "Transaction simulation failed: Blockhash not found")
                #expect(e.transactionError == .string("BlockhashNotFound"))
                #expect(e.ovsmError.message == "rpc: sendTransaction: server error -32002: Transaction simulation failed: Blockhash not found")
                #expect(e.ovsmError.category == .user)
            }
        }
    }

    @Test("reads retry on 429/5xx with backoff; writes never retry")
    func retries() async throws {
        try await withBadServer { base in
            let c = try RPCClient(url: base + "/429then", timeout: 5, maxRetries: 3, baseBackoff: 0.01)
            #expect(try await c.call("getSlot") == .int(42))   // 2 × 429, then success

            let w = try RPCClient(url: base + "/always503", timeout: 5, maxRetries: 3, baseBackoff: 0.01)
            await #expect(throws: RPCError.self) { try await w.call("sendTransaction", [.string("x")]) }
            await #expect(throws: RPCError.self) { try await w.call("getSlot") }
            let counter = try RPCClient(url: base + "/count", timeout: 5)
            guard case .object(let hits) = try await counter.call("x") else { Issue.record("count"); return }
            #expect(hits["/always503"] == .int(1 + 4))    // write once, read 1 + 3 retries
        }
    }

    @Test("connection refused is a transport error, quickly")
    func refused() async throws {
        // Bind and close to find a free port nobody listens on.
        let c = try RPCClient(url: "http://127.0.0.1:9", timeout: 3, maxRetries: 1, baseBackoff: 0.01)
        do { _ = try await c.getSlot(); Issue.record("no error") } catch let e as RPCError {
            guard case .network(.cannotConnect) = e.kind else { Issue.record("kind \(e.kind)"); return }
            #expect(e.description == "getSlot: cannot connect to 127.0.0.1:9 (connection refused)")
        }
        #expect(throws: RPCError.self) { try RPCClient(url: "not a url") }
    }

    @Test("batch: one round trip, answers matched by id, per-call errors")
    func batch() async throws {
        try await withBadServer { base in
            let c = try RPCClient(url: base + "/batch", timeout: 5)
            let r = try await c.batch([("getSlot", []), ("bad", []), ("getHealth", [])])
            #expect(r.count == 3)
            #expect(try r[0].get() == .string("getSlot"))
            #expect(try r[2].get() == .string("getHealth"))
            guard case .failure(let e) = r[1] else { Issue.record("expected failure"); return }
            #expect(e.serverCode == -32601 && e.method == "bad")
        }
    }

    @Test("LiveHost rpc: result with server key order; failures are user errors; nil URL is offline")
    func liveHost() async throws {
        try await withBadServer { base in
            let host = LiveHost.make(rpcURL: base + "/echo", output: { _ in })
            let rpc = try #require(host.rpc)
            // A method with no declared result shape (RPCResultShape): the echo is passed through.
            let v = try rpc("getClusterNodes", .array([.string("abc"), .object(OVSMObject([("commitment", .string("confirmed"))]))]))
            guard case .object(let o) = v else { Issue.record("not an object"); return }
            #expect(o.keys == ["z", "a"])    // the server's order, not sorted
            guard case .object(let req)? = o["a"] else { Issue.record("echo"); return }
            #expect(req.keys == ["jsonrpc", "id", "method", "params"])
            #expect(req["method"] == .string("getClusterNodes"))
            // A method with one: the same echo is not a getBalance answer.
            do { _ = try rpc("getBalance", .array([.string("abc")])); Issue.record("no error") } catch let e as OVSMError {
                #expect(e.message == "rpc: unexpected result from getBalance: expected {context, value: a non-negative integer}, got object")
            }

            let bad = LiveHost.make(rpcURL: base + "/500", output: { _ in })
            do { _ = try bad.rpc!("getSlot", .array([])); Issue.record("no error") } catch let e as OVSMError {
                #expect(e.category == .user)
                #expect(e.message == "rpc: getSlot: HTTP 500: Internal Server Error")
            }
            let slow = LiveHost.make(rpcURL: base + "/hang", timeout: 1, output: { _ in })
            do { _ = try slow.rpc!("getSlot", .array([])); Issue.record("no error") } catch let e as OVSMError {
                #expect(e.message == "rpc: getSlot: timed out after 1 s")
            }
            let html = LiveHost.make(rpcURL: base + "/html", output: { _ in })
            do { _ = try html.rpc!("getHealth", .array([])); Issue.record("no error") } catch let e as OVSMError {
                #expect(e.message.hasPrefix("rpc: getHealth: invalid response: HTML instead of JSON"))
            }
        }
        #expect(LiveHost.make(rpcURL: nil, output: { _ in }).rpc == nil)
        let broken = LiveHost.make(rpcURL: "moonnet", output: { _ in })
        #expect(throws: OVSMError.self) { try broken.rpc!("getSlot", .array([])) }
        let h = LiveHost.make(rpcURL: nil, output: { _ in })
        #expect(h.nowMillis() > 1_600_000_000_000)
        let r = h.random()
        #expect(r >= 0 && r < 1)
    }
}
