import Assistant
import Chain
import Foundation
import Testing

/// The chat client over an in-process `HTTPClient`: the shared retry policy and sanitised
/// error bodies, with no server.
final class ScriptedHTTP: HTTPClient, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [(Int, [String: String], String)]
    private(set) var seen = 0

    init(_ answers: [(Int, [String: String], String)]) { self.answers = answers }

    func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, Error> {
        let (status, headers, body) = lock.withLock { () -> (Int, [String: String], String) in
            seen += 1
            return answers.count > 1 ? answers.removeFirst() : answers[0]
        }
        return AsyncThrowingStream { c in
            c.yield(.head(status: status, headers: headers))
            c.yield(.body(Data(body.utf8)))
            c.finish()
        }
    }
}

@Suite struct ChatTransportTests {
    func config(retries: Int) -> AIConfig {
        var cfg = AIConfig(url: "http://fake:1/v1", key: "k", model: "m")
        cfg.maxRetries = retries
        cfg.baseBackoff = 0.001
        return cfg
    }

    @Test func retriesFollowTheSharedPolicy() async throws {
        let sse = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n"
        let http = ScriptedHTTP([(429, ["retry-after": "0"], "{}"), (503, [:], "{}"),
                                 (200, ["content-type": "text/event-stream"], sse)])
        let turn = try await ChatClient(config: config(retries: 2), http: http).complete(messages: [.user("x")])
        #expect(turn.content == "hi")
        #expect(http.seen == 3)

        // A Retry-After beyond the cap is honoured by not retrying.
        let busy = ScriptedHTTP([(429, ["retry-after": "3600"], "{\"error\":{\"message\":\"slow down\"}}")])
        await #expect(throws: AIError.self) { try await ChatClient(config: config(retries: 3), http: busy).complete(messages: [.user("x")]) }
        #expect(busy.seen == 1)
    }

    @Test func errorBodiesAreSanitised() async throws {
        let body = "{\"error\":{\"message\":\"bad \\u001b[2Jkey\\u0000\\u009b31m\"}}"
        let http = ScriptedHTTP([(401, [:], body)])
        do {
            _ = try await ChatClient(config: config(retries: 0), http: http).complete(messages: [.user("x")])
            Issue.record("no error")
        } catch let e as AIError {
            #expect(!e.description.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            #expect(e.description.contains("bad key"))
        }
    }
}
