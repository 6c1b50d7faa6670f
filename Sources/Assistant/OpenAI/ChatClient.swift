import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one streamed completion yields, in order: tokens and tool-call openings as they
/// arrive, then `completed` with the whole turn.
public enum ChatStreamEvent: Sendable, Equatable {
    case token(String)
    case toolCallStarted(index: Int, id: String, name: String)
    case completed(ChatTurn)
}

/// One finished assistant turn: its text and the tool calls it asked for.
public struct ChatTurn: Sendable, Equatable {
    public var content: String
    public var toolCalls: [ToolCall]
    public var finishReason: String?

    public var message: ChatMessage {
        ChatMessage(role: .assistant, content: content.isEmpty && !toolCalls.isEmpty ? nil : content,
                    toolCalls: toolCalls.isEmpty ? nil : toolCalls)
    }
}

/// OpenAI chat-completions client (Ollama, llama.cpp and vLLM speak the same API).
/// Streams with SSE, retries 429/5xx with backoff before any token arrived, and turns
/// every failure into an `AIError` that names the setting to fix.
///
///     let client = ChatClient(config: try AIConfig.resolve())
///     for try await e in client.stream(messages: [.user("hi")]) { if case .token(let t) = e { … } }
public struct ChatClient: Sendable {
    public var config: AIConfig

    public init(config: AIConfig) { self.config = config }

    public func stream(messages: [ChatMessage], tools: [ToolSpec] = [], model: String? = nil)
        -> AsyncThrowingStream<ChatStreamEvent, Error>
    {
        let (stream, continuation) = AsyncThrowingStream<ChatStreamEvent, Error>.makeStream()
        let body = requestBody(messages: messages, tools: tools, model: model ?? config.model)
        let task = Task {
            do {
                try await run(body: body, model: model ?? config.model, out: continuation)
                continuation.finish()
            } catch is CancellationError {
                continuation.finish(throwing: AIError.cancelled)
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Collects a whole turn (no streaming to the caller).
    public func complete(messages: [ChatMessage], tools: [ToolSpec] = [], model: String? = nil) async throws -> ChatTurn {
        for try await e in stream(messages: messages, tools: tools, model: model) {
            if case .completed(let t) = e { return t }
        }
        throw AIError.interrupted("no completion")
    }

    func requestBody(messages: [ChatMessage], tools: [ToolSpec], model: String) -> Data {
        var o: [String: JSONValue] = [
            "model": .string(model), "stream": true, "messages": .array(messages.map(\.wire)),
        ]
        if !tools.isEmpty { o["tools"] = .array(tools.map(\.wire)) }
        return JSONValue.object(o).jsonData
    }

    func makeRequest(body: Data) throws -> URLRequest {
        guard let url = URL(string: config.completionsURL) else { throw AIError.invalidURL(config.url) }
        var r = URLRequest(url: url)
        r.httpMethod = "POST"
        r.httpBody = body
        r.setValue("application/json", forHTTPHeaderField: "Content-Type")
        r.setValue("text/event-stream, application/json", forHTTPHeaderField: "Accept")
        if let key = config.key, !key.isEmpty { r.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        return r
    }

    private func run(body: Data, model: String,
                     out: AsyncThrowingStream<ChatStreamEvent, Error>.Continuation) async throws {
        var attempt = 0
        while true {
            try Task.checkCancellation()
            var reader = ChatStreamReader(model: model, url: config.url)
            let outcome = try await exchange(request: try makeRequest(body: body), reader: &reader, out: out)
            switch outcome {
            case .finished(let turn):
                out.yield(.completed(turn))
                return
            case .failed(let error, let retryAfter):
                guard reader.tokensEmitted == 0, attempt < config.maxRetries, isRetryable(error) else { throw error }
                let delay = min(retryAfter ?? config.baseBackoff * pow(2, Double(attempt)), 30)
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(max(delay, 0) * 1e9))
            }
        }
    }

    private func isRetryable(_ e: AIError) -> Bool {
        switch e {
        case .rateLimited, .server: return true
        default: return false
        }
    }

    private enum Outcome { case finished(ChatTurn), failed(AIError, retryAfter: Double?) }

    private func exchange(request: URLRequest, reader: inout ChatStreamReader,
                          out: AsyncThrowingStream<ChatStreamEvent, Error>.Continuation) async throws -> Outcome {
        var status = 0
        var headers: [String: String] = [:]
        do {
            for try await part in HTTPStream.start(request, idleTimeout: config.timeout) {
                try Task.checkCancellation()
                switch part {
                case .head(let s, let h):
                    status = s
                    headers = h
                    reader.isJSON = (h["content-type"] ?? "").contains("application/json")
                case .body(let d):
                    if (200..<300).contains(status) {
                        for e in try reader.feed(d) { out.yield(e) }
                    } else {
                        reader.appendError(d)
                    }
                }
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch let e as AIError {
            return .failed(e, retryAfter: nil)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .failed(transportError(error, reader: reader), retryAfter: nil)
        }
        guard (200..<300).contains(status) else {
            let retryAfter = headers["retry-after"].flatMap(Double.init)
            return .failed(HTTPErrorMapper.map(status: status, body: reader.errorBody, model: reader.model, url: config.url),
                           retryAfter: retryAfter)
        }
        do {
            return .finished(try reader.finish())
        } catch let e as AIError {
            return .failed(e, retryAfter: nil)
        }
    }

    private func transportError(_ error: Error, reader: ChatStreamReader) -> AIError {
        let ns = error as NSError
        if ns.domain == NSURLErrorDomain {
            switch ns.code {
            case NSURLErrorTimedOut: return .timedOut(url: config.url, seconds: config.timeout)
            case NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed,
                 NSURLErrorNotConnectedToInternet:
                return .unreachable(url: config.url, detail: ns.localizedDescription)
            case NSURLErrorNetworkConnectionLost:
                return reader.tokensEmitted > 0 || reader.sawData
                    ? .interrupted("connection closed after \(reader.tokensEmitted) tokens")
                    : .unreachable(url: config.url, detail: "connection closed before any answer")
            default: break
            }
        }
        return reader.tokensEmitted > 0 ? .interrupted("\(ns.localizedDescription)")
            : .unreachable(url: config.url, detail: ns.localizedDescription)
    }
}
