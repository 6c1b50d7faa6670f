import Foundation
import Testing
@testable import Chain
import OVSMKit

/// A real HTTP server (Python's http.server on 127.0.0.1, ephemeral port) that answers every
/// JSON-RPC POST with what it received: the request target and the Authorization header.
private let echoServer = #"""
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0")); self.rfile.read(n)
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "result": {
            "target": self.path, "auth": self.headers.get("Authorization")}}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print("LISTENING", s.server_address[1], flush=True)
s.serve_forever()
"""#

@Suite("HTTP request target and URL credentials")
struct RequestTargetTests {
    @Test("the request line keeps a trailing slash, percent-encoding and the query exactly")
    func targets() {
        #expect(RequestTarget.of(URL(string: "http://h:1")!) == "/")
        #expect(RequestTarget.of(URL(string: "http://h:1/")!) == "/")
        #expect(RequestTarget.of(URL(string: "http://h:1/rpc/")!) == "/rpc/")
        #expect(RequestTarget.of(URL(string: "http://h:1/a%2Fb/c")!) == "/a%2Fb/c")
        #expect(RequestTarget.of(URL(string: "http://h:1/v1/?api-key=x%20y")!) == "/v1/?api-key=x%20y")
        #expect(RequestTarget.basicAuthorization(URL(string: "http://h:1/")!) == nil)
        // RFC 7617's own example: Aladdin / open sesame.
        #expect(RequestTarget.basicAuthorization(URL(string: "http://Aladdin:open%20sesame@h:1/")!) == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        #expect(RequestTarget.basicAuthorization(URL(string: "http://token@h:1/")!) == "Basic " + Data("token:".utf8).base64EncodedString())
    }

    @Test("over a real server: /rpc/ arrives as /rpc/, user:pass@ arrives as Basic auth, no credentials no header")
    func realServer() async throws {
        let server = try ServerProcess(executable: "/usr/bin/python3", arguments: ["-c", echoServer])
        defer { server.stop() }
        let port = server.port

        let slash = try RPCClient(url: "http://127.0.0.1:\(port)/rpc/?k=1", timeout: 5, maxRetries: 0)
        // "echo" has no declared result shape, so the server's object comes back as is.
        guard case .object(let fa) = try await slash.call("echo") else { Issue.record("not an object"); return }
        #expect(fa["target"] == .string("/rpc/?k=1"))
        #expect(fa["auth"] == .null)

        let creds = try RPCClient(url: "http://op:s%40cret@127.0.0.1:\(port)/", timeout: 5, maxRetries: 0)
        guard case .object(let fb) = try await creds.call("echo") else { Issue.record("not an object"); return }
        #expect(fb["target"] == .string("/"))
        #expect(fb["auth"] == .string("Basic " + Data("op:s@cret".utf8).base64EncodedString()))
    }
}
