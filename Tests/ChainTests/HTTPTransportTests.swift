import Foundation
import Testing
@testable import Chain
import OVSMKit

/// An in-process `HTTPClient`: answers from a script of canned responses (or never), and
/// counts the requests it saw. What the transport protocol exists for.
final class FakeHTTP: HTTPClient, @unchecked Sendable {
    enum Answer { case respond(Int, [String: String], String), fail(HTTPError), hang }
    private let lock = NSLock()
    private var answers: [Answer]
    private(set) var requests: [HTTPRequest] = []

    init(_ answers: [Answer]) { self.answers = answers }

    var count: Int { lock.withLock { requests.count } }

    func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, Error> {
        let answer: Answer = lock.withLock {
            requests.append(request)
            return answers.count > 1 ? answers.removeFirst() : answers[0]
        }
        return AsyncThrowingStream { c in
            switch answer {
            case .respond(let status, let headers, let body):
                c.yield(.head(status: status, headers: headers))
                c.yield(.body(Data(body.utf8)))
                c.finish()
            case .fail(let e): c.finish(throwing: e)
            case .hang: break   // never finishes; cancellation ends it
            }
        }
    }
}

private func ok(_ result: String) -> FakeHTTP.Answer {
    .respond(200, ["content-type": "application/json"], #"{"jsonrpc":"2.0","id":1,"result":\#(result)}"#)
}

@Suite("Shared HTTP transport")
struct HTTPTransportTests {
    @Test("TerminalText strips ESC sequences, C0/C1 controls and bidi overrides")
    func sanitize() {
        #expect(TerminalText.sanitize("a\u{1B}[31mred\u{1B}[0m b") == "ared b")
        #expect(TerminalText.sanitize("t\u{1B}]0;title\u{07}x") == "tx")
        #expect(TerminalText.sanitize("t\u{1B}]8;;http://x\u{1B}\\link") == "tlink")
        #expect(TerminalText.sanitize("nul\0here\r\u{08}") == "nulhere")
        #expect(TerminalText.sanitize("c1\u{9B}2Jx\u{85}y") == "c1xy")
        #expect(TerminalText.sanitize("rtl\u{202E}cba") == "rtlcba")
        #expect(TerminalText.sanitize("two\nlines\tok") == "two\nlines\tok")
        #expect(TerminalText.line("two\nlines\tok") == "two lines ok")
        #expect(TerminalText.sanitize("plain ✓ text") == "plain ✓ text")
        #expect(TerminalText.sanitize("\u{1B}") == "")
    }

    @Test("RetryPolicy: 429/5xx/connection failures only, capped backoff, Retry-After honoured or respected by giving up")
    func retryPolicy() {
        let p = RetryPolicy(maxRetries: 2, baseDelay: 1, maxDelay: 5)
        #expect(p.delay(attempt: 0, status: 400, retryAfter: nil, error: nil) == nil)
        #expect(p.delay(attempt: 0, status: 200, retryAfter: nil, error: nil) == nil)
        let d = p.delay(attempt: 1, status: 503, retryAfter: nil, error: nil)
        #expect(d != nil && d! >= 1.6 && d! <= 2.4)
        #expect(p.delay(attempt: 2, status: 503, retryAfter: nil, error: nil) == nil)
        #expect(p.delay(attempt: 0, status: 429, retryAfter: "4", error: nil) == 4)
        #expect(p.delay(attempt: 0, status: 429, retryAfter: "60", error: nil) == nil)
        #expect(p.delay(attempt: 0, status: nil, retryAfter: nil, error: .cannotConnect(endpoint: "h:1", reason: "connection refused")) != nil)
        #expect(p.delay(attempt: 0, status: nil, retryAfter: nil, error: .timedOut(seconds: 1)) == nil)
        #expect(p.delay(attempt: 0, status: nil, retryAfter: nil, error: .tooLarge(limit: 1)) == nil)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == 0)
    }

    @Test("RPC client over a fake transport: reads retried, sendTransaction never")
    func fakeRetries() async throws {
        let http = FakeHTTP([.respond(429, ["retry-after": "0"], "busy"), .respond(502, [:], "bad gateway"), ok("7")])
        let c = try RPCClient(url: "http://fake:1", maxRetries: 3, baseBackoff: 0.001, http: http)
        #expect(try await c.call("getSlot") == .int(7))
        #expect(http.count == 3)

        let w = FakeHTTP([.respond(503, [:], "down")])
        let s = try RPCClient(url: "http://fake:1", maxRetries: 3, baseBackoff: 0.001, http: w)
        await #expect(throws: RPCError.self) { try await s.call("sendTransaction", [.string("x")]) }
        #expect(w.count == 1)
    }

    @Test("a blocking call stops at once when its cancel check turns true")
    func syncCancel() throws {
        let c = try RPCClient(url: "http://fake:1", timeout: 30, http: FakeHTTP([.hang]))
        let start = Date()
        let flag = CancelFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { flag.cancel() }
        do { _ = try c.callSync("getSlot", rawParams: nil, isCancelled: { flag.isCancelled }); Issue.record("no error") } catch let e as RPCError {
            guard case .network(.cancelled) = e.kind else { Issue.record("kind \(e.kind)"); return }
        }
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test("the buffered path enforces the size limit even when a fake does not")
    func fakeLimit() async throws {
        let big = String(repeating: "x", count: 5000)
        let c = try RPCClient(url: "http://fake:1", maxResponseBytes: 1000, http: FakeHTTP([ok("\"\(big)\"")]))
        do { _ = try await c.call("getSlot"); Issue.record("no error") } catch let e as RPCError {
            #expect(e.description == "getSlot: response larger than 1000 bytes")
        }
    }

    @Test("plain HTTP against real faults: gzip bomb refused, limit counted while streaming, drip bounded by the deadline")
    func realFaults() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("tests/faults/faulty_rpc.py").path
        let server = try ServerProcess(executable: "/usr/bin/env", arguments: ["python3", script])
        defer { server.stop() }
        func failure(_ mode: String, timeout: Double = 5, limit: Int = HTTPRequest.defaultMaxResponseBytes) async -> (RPCError?, Double) {
            let start = Date()
            let c = try! RPCClient(url: server.url + "/" + mode, timeout: timeout, maxRetries: 0, maxResponseBytes: limit)
            do { _ = try await c.call("getSlot"); return (nil, 0) } catch { return (error as? RPCError, Date().timeIntervalSince(start)) }
        }
        let (bomb, bombTime) = await failure("gzip-bomb")
        guard case .network(.badResponse)? = bomb?.kind else { Issue.record("bomb: \(String(describing: bomb))"); return }
        #expect(bombTime < 2)
        let (huge, _) = await failure("body-100mb")
        guard case .network(.tooLarge(let limit))? = huge?.kind else { Issue.record("huge: \(String(describing: huge))"); return }
        #expect(limit == 64 << 20)
        let (small, _) = await failure("string-50mb", limit: 1 << 20)
        #expect(small?.description == "getSlot: response larger than 1 MiB")
        let (drip, dripTime) = await failure("drip", timeout: 1.5)
        #expect(drip?.description == "getSlot: timed out after 1.5 s")
        // The drip would last ~36 s (one byte a second); ending within 6 s shows the 1.5 s
        // deadline ended it. (A 3 s bound was once exceeded with the suites in parallel at
        // load 4 on 2 cores: process and thread start-up, not the deadline.)
        #expect(dripTime < 6)
        let (loop, _) = await failure("redirect-loop")
        #expect(loop?.description == "getSlot: too many redirects")
        let (cut, _) = await failure("truncated")
        #expect(cut?.description == "getSlot: server closed the connection mid-response")
        let (refused, _) = await { () async -> (RPCError?, Double) in
            let c = try! RPCClient(url: "http://127.0.0.1:9", timeout: 2, maxRetries: 0)
            do { _ = try await c.call("getSlot"); return (nil, 0) } catch { return (error as? RPCError, 0) }
        }()
        #expect(refused?.description == "getSlot: cannot connect to 127.0.0.1:9 (connection refused)")
    }
}
