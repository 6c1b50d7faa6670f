import Assistant
import Foundation
import Testing

@Suite(.serialized) struct ChatClientTests {
    func client(_ peer: PeerProcess, model: String, key: String? = "test-key", retries: Int = 3) -> ChatClient {
        var cfg = AIConfig(url: peer.baseURL + "/v1", key: key, model: model)
        cfg.baseBackoff = 0.05
        cfg.maxRetries = retries
        cfg.timeout = 10
        return ChatClient(config: cfg)
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func streamsTokensAndMeasuresRate() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py", arguments: ["--key", "test-key"])
        defer { peer.stop() }
        var tokens: [String] = []
        for try await e in client(peer, model: "text").stream(messages: [.user("hi")]) {
            if case .token(let t) = e { tokens.append(t) }
        }
        #expect(tokens == ["Hello ", "from ", "the ", "scripted ", "server."])
        let n = 5000
        let start = Date()
        var count = 0
        var turn: ChatTurn?
        for try await e in client(peer, model: "text:\(n)").stream(messages: [.user("many")]) {
            switch e {
            case .token: count += 1
            case .completed(let t): turn = t
            default: break
            }
        }
        let secs = Date().timeIntervalSince(start)
        print("streamed \(count) tokens in \(String(format: "%.2f", secs)) s = \(Int(Double(count) / secs)) tokens/s")
        #expect(count == n)
        #expect(turn?.finishReason == "stop")
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func plainJSONAnswerIsAccepted() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py")
        let t = try await client(peer, model: "json").complete(messages: [.user("x")])
        #expect(t.content == "plain JSON answer")
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func toolCallAssembledFromFragments() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py")
        var started: [String] = []
        var turn: ChatTurn?
        for try await e in client(peer, model: "tool-ovsm").stream(messages: [.user("x")]) {
            if case .toolCallStarted(_, let id, let name) = e { started.append("\(id):\(name)") }
            if case .completed(let t) = e { turn = t }
        }
        #expect(started == ["call_1:run_ovsm"])
        #expect(turn?.toolCalls == [ToolCall(id: "call_1", name: "run_ovsm", arguments: #"{"code": "(+ 40 2)"}"#)])
        #expect(turn?.finishReason == "tool_calls")
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func faults() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py", arguments: ["--key", "test-key"])
        func failure(_ c: ChatClient) async -> AIError? {
            do { _ = try await c.complete(messages: [.user("x")]); return nil } catch { return error as? AIError }
        }
        let e401 = await failure(client(peer, model: "text", key: "wrong"))
        #expect(e401?.description.contains("OPENAI_KEY") == true)
        if case .unauthorized = e401 {} else { Issue.record("expected unauthorized, got \(String(describing: e401))") }

        let ok = try await client(peer, model: "fault-429-once").complete(messages: [.user("x")])
        #expect(ok.content == "Hello from the scripted server.")

        let e500 = await failure(client(peer, model: "fault-500", retries: 2))
        #expect(e500 == .server(status: 500, detail: "scripted internal error"))

        let e404 = await failure(client(peer, model: "missing-model"))
        if case .unknownModel(let m, _) = e404 { #expect(m == "missing-model") } else { Issue.record("got \(String(describing: e404))") }
        #expect(e404?.description.contains("OPENAI_MODEL") == true)

        let bad = await failure(client(peer, model: "fault-malformed"))
        if case .malformedStream = bad {} else { Issue.record("expected malformedStream, got \(String(describing: bad))") }

        let cut = await failure(client(peer, model: "fault-disconnect"))
        if case .interrupted = cut {} else { Issue.record("expected interrupted, got \(String(describing: cut))") }
    }

    @Test func unreachableNamesTheSetting() async throws {
        var cfg = AIConfig(url: "http://127.0.0.1:1/v1", model: "m")
        cfg.maxRetries = 0
        do {
            _ = try await ChatClient(config: cfg).complete(messages: [.user("x")])
            Issue.record("expected failure")
        } catch let e as AIError {
            if case .unreachable = e {} else { Issue.record("got \(e)") }
            #expect(e.description.contains("OPENAI_URL"))
        }
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func cancellationStopsTheStream() async throws {
        let peer = try PeerProcess(script: "scripted_openai.py")
        let c = client(peer, model: "slow")
        let start = Date()
        let task = Task {
            var n = 0
            for try await e in c.stream(messages: [.user("x")]) {
                if case .token = e { n += 1 }
            }
            return n
        }
        try await Task.sleep(nanoseconds: 400_000_000)
        task.cancel()
        let n = (try? await task.value) ?? -1
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(n < 200)
    }
}
