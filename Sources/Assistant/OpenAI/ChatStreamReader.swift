import Foundation

/// Turns the body of one chat-completions response into `ChatStreamEvent`s: SSE chunks
/// (`data: {chunk}` … `data: [DONE]`) or, when a server ignores `stream: true`, one JSON
/// completion. A stream that ends without `[DONE]` or a finish reason is `interrupted`.
struct ChatStreamReader {
    let model: String
    let url: String
    var isJSON = false
    private(set) var tokensEmitted = 0
    private(set) var sawData = false
    private(set) var errorBody = Data()
    private var parser = SSEParser()
    private var assembler = ToolCallAssembler()
    private var content = ""
    private var finishReason: String?
    private var done = false
    private var jsonBody = Data()

    init(model: String, url: String) {
        self.model = model
        self.url = url
    }

    mutating func appendError(_ d: Data) {
        if errorBody.count < 64 << 10 { errorBody.append(d) }
    }

    mutating func feed(_ data: Data) throws -> [ChatStreamEvent] {
        sawData = true
        if isJSON {
            jsonBody.append(data)
            return []
        }
        let events: [SSEParser.Event]
        do { events = try parser.feed(data) } catch { throw AIError.malformedStream("\(error)") }
        var out: [ChatStreamEvent] = []
        for e in events where !done { out += try handle(e.data) }
        return out
    }

    mutating func finish() throws -> ChatTurn {
        if isJSON { return try decodeWhole() }
        if !done, let e = parser.finish() { _ = try handle(e.data) }
        guard done || finishReason != nil else {
            throw AIError.interrupted("the server closed the stream after \(tokensEmitted) tokens without finishing")
        }
        return ChatTurn(content: content, toolCalls: assembler.calls, finishReason: finishReason)
    }

    private mutating func handle(_ data: String) throws -> [ChatStreamEvent] {
        let trimmed = data.trimmingCharacters(in: .whitespaces)
        if trimmed == "[DONE]" {
            done = true
            return []
        }
        let chunk: JSONValue
        do { chunk = try JSONValue.parse(trimmed) } catch {
            throw AIError.malformedStream("not JSON: \(String(trimmed.prefix(80)))")
        }
        if let err = chunk["error"] {
            let msg = err["message"]?.stringValue ?? err.stringValue ?? err.jsonString
            throw AIError.server(status: 200, detail: msg)
        }
        guard let choice = chunk["choices"]?[0] else { return [] }
        var out: [ChatStreamEvent] = []
        let delta = choice["delta"] ?? choice["message"]
        if let text = delta?["content"]?.stringValue, !text.isEmpty {
            content += text
            tokensEmitted += 1
            out.append(.token(text))
        }
        for fragment in delta?["tool_calls"]?.arrayValue ?? [] {
            if let opened = assembler.add(fragment) {
                out.append(.toolCallStarted(index: opened.index, id: opened.id, name: opened.name))
            }
        }
        if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
        return out
    }

    private mutating func decodeWhole() throws -> ChatTurn {
        let v: JSONValue
        do { v = try JSONValue.parse(jsonBody) } catch { throw AIError.malformedStream("response is not JSON") }
        if let err = v["error"] { throw AIError.server(status: 200, detail: err["message"]?.stringValue ?? err.jsonString) }
        guard let msg = v["choices"]?[0]?["message"] else { throw AIError.malformedStream("no choices[0].message") }
        var calls = ToolCallAssembler()
        for (i, tc) in (msg["tool_calls"]?.arrayValue ?? []).enumerated() {
            var frag = tc.objectValue ?? [:]
            frag["index"] = .int(i)
            calls.add(.object(frag))
        }
        let text = msg["content"]?.stringValue ?? ""
        if !text.isEmpty { tokensEmitted += 1 }
        return ChatTurn(content: text, toolCalls: calls.calls, finishReason: v["choices"]?[0]?["finish_reason"]?.stringValue)
    }
}

/// Maps a non-2xx status and its body to the error naming the setting to fix.
enum HTTPErrorMapper {
    static func map(status: Int, body: Data, model: String, url: String) -> AIError {
        let v = try? JSONValue.parse(body)
        let err = v?["error"]
        let message = err?["message"]?.stringValue ?? err?.stringValue
            ?? String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let code = err?["code"]?.stringValue ?? ""
        let lower = message.lowercased()
        let mentionsModel = code == "model_not_found" || (lower.contains("model") &&
            (lower.contains("not found") || lower.contains("does not exist") || lower.contains("unknown")))
        switch status {
        case 401, 403: return .unauthorized(url: url, detail: message)
        case 404: return mentionsModel ? .unknownModel(model: model, detail: message) : .endpointNotFound(url: url)
        case 429: return .rateLimited(detail: message)
        case 500...599: return .server(status: status, detail: message)
        default: return mentionsModel ? .unknownModel(model: model, detail: message) : .badRequest(status: status, detail: message)
        }
    }
}
