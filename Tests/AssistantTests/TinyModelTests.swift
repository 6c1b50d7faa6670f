import Assistant
import Foundation
import Testing

/// Optional: a real tiny model (SmolLM2-135M via xllamacpp). Asserts protocol only.
@Suite(.serialized) struct TinyModelTests {
    @Test(.enabled(if: PeerProcess.tinyModelReady, Comment(rawValue: PeerProcess.tinyModelSkipMessage))) func realModelStreamsAndCompletes() async throws {
        let peer: PeerProcess
        peer = try PeerProcess(script: "tiny_model.py", startTimeout: 90)
        var cfg = AIConfig(url: peer.baseURL + "/v1", model: "smollm2")
        cfg.timeout = 30
        let client = ChatClient(config: cfg)
        var chunks = 0
        var turn: ChatTurn?
        for try await e in client.stream(messages: [.user("Say hello in five words.")]) {
            if case .token = e { chunks += 1 }
            if case .completed(let t) = e { turn = t }
        }
        #expect(chunks > 1)
        #expect(turn?.finishReason != nil)
        // Cancel mid-answer: the stream ends promptly.
        let start = Date()
        let task = Task {
            for try await e in client.stream(messages: [.user("Write a long story about Solana validators.")]) {
                if case .token = e { break }
            }
        }
        _ = try? await task.value
        #expect(Date().timeIntervalSince(start) < 20)
    }
}
