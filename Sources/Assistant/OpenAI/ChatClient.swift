import Chain
import Foundation
import OSVMSettings

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
/// Streams with SSE over the shared `HTTPClient`, retries 429/5xx and connection failures
/// with the shared `RetryPolicy` before any token arrived, and turns every failure into an
/// `AIError` that names the setting to fix.
///
///     let client = ChatClient(config: try AIConfig.resolve())
///     for try await e in client.stream(messages: [.user("hi")]) { if case .token(let t) = e { … } }
public struct ChatClient: Sendable {
    public var config: AIConfig
    public var http: any HTTPClient

    public init(config: AIConfig, http: any HTTPClient = DefaultHTTPClient.shared) {
        self.config = config
        self.http = http
    }

    /// Waits between attempts; the cap keeps an interactive chat responsive.
    var retry: RetryPolicy { RetryPolicy(maxRetries: config.maxRetries, baseDelay: config.baseBackoff, maxDelay: 30) }

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

    func makeRequest(body: Data) throws -> HTTPRequest {
        guard let url = URL(string: config.completionsURL), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else { throw AIError.invalidURL(config.url) }
        var headers = ["Content-Type": "application/json", "Accept": "text/event-stream, application/json"]
        if let key = config.key, !key.isEmpty { headers["Authorization"] = "Bearer \(key)" }
        // Only an idle timeout: a long answer may stream for minutes, but never stalls.
        return HTTPRequest(url: url, method: "POST", headers: headers, body: body, idleTimeout: config.timeout)
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
            case .failed(let error, let status, let retryAfter, let transport):
                // Never retry once tokens reached the caller: they would see them twice.
                guard reader.tokensEmitted == 0,
                      let delay = retry.delay(attempt: attempt, status: status, retryAfter: retryAfter, error: transport)
                else { throw error }
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(max(delay, 0) * 1e9))
            }
        }
    }

    private enum Outcome {
        case finished(ChatTurn)
        /// `status` for an HTTP error answer, `transport` for a failed exchange: what the
        /// retry policy decides on.
        case failed(AIError, status: Int?, retryAfter: String?, transport: HTTPError?)
    }

    private func exchange(request: HTTPRequest, reader: inout ChatStreamReader,
                          out: AsyncThrowingStream<ChatStreamEvent, Error>.Continuation) async throws -> Outcome {
        var status = 0
        var headers: [String: String] = [:]
        do {
            for try await part in http.stream(request) {
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
            return .failed(e, status: nil, retryAfter: nil, transport: nil)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let e = error as? HTTPError ?? .other(PlainError.describe(error))
            if e == .cancelled { throw CancellationError() }
            return .failed(transportError(e, reader: reader), status: nil, retryAfter: nil, transport: e)
        }
        guard (200..<300).contains(status) else {
            return .failed(HTTPErrorMapper.map(status: status, body: reader.errorBody, model: reader.model, url: config.url),
                           status: status, retryAfter: headers["retry-after"], transport: nil)
        }
        do {
            return .finished(try reader.finish())
        } catch let e as AIError {
            return .failed(e, status: nil, retryAfter: nil, transport: nil)
        }
    }

    private func transportError(_ error: HTTPError, reader: ChatStreamReader) -> AIError {
        switch error {
        case .timedOut: return .timedOut(url: config.url, seconds: config.timeout)
        case .cannotConnect, .invalidURL, .tls: return .unreachable(url: config.url, detail: error.description)
        case .closedMidResponse:
            return reader.tokensEmitted > 0 || reader.sawData
                ? .interrupted("connection closed after \(reader.tokensEmitted) tokens")
                : .unreachable(url: config.url, detail: "connection closed before any answer")
        default:
            return reader.tokensEmitted > 0 ? .interrupted(error.description)
                : .unreachable(url: config.url, detail: error.description)
        }
    }
}
