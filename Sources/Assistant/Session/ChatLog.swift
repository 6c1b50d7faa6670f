import Foundation
import OSVMSettings

/// A chat session persisted as JSONL under `~/.local/state/osvm/chats/` (or
/// `$XDG_STATE_HOME/osvm/chats/`). Every event is appended as one line the moment it
/// happens, so killing the process loses nothing already shown:
///
///     {"t":"message","message":{"role":"user","content":"hi"}}
///     {"t":"token","text":"Hel"}            ← streamed, folded into the next assistant message
///     {"t":"message","message":{"role":"assistant","content":"Hello"}}
///
///     let log = try ChatLog.create(in: ChatLog.directory())
///     try log.append(.user("hi"))
public final class ChatLog: @unchecked Sendable {
    public let path: String
    private let handle: FileHandle
    private let lock = NSLock()

    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let x = environment["XDG_STATE_HOME"], !x.isEmpty { return x + "/osvm/chats" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state/osvm/chats"
    }

    /// A new session file named after the current time.
    public static func create(in directory: String, name: String? = nil) throws -> ChatLog {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.locale = Locale(identifier: "en_US_POSIX")
        let base = name ?? f.string(from: Date()) + "-\(getpid())"
        return try ChatLog(path: directory + "/" + sanitize(base) + ".jsonl")
    }

    /// Opens (creating if needed) a session file for appending.
    public init(path: String) throws {
        self.path = path
        // Chat text can hold anything the user pasted: the file is 0600 in a 0700 directory.
        do { handle = try PrivateFile.openForAppending(path) } catch {
            throw AIConfigError("cannot open chat log \(path) for writing: \(PlainError.reason(error))")
        }
    }

    deinit { try? handle.close() }

    public func append(_ message: ChatMessage) throws {
        try write(["t": "message", "message": message.wire])
    }

    public func appendToken(_ text: String) throws {
        try write(["t": "token", "text": .string(text)])
    }

    /// Records what the UI showed for an agent event.
    public func record(_ event: AgentEvent) throws {
        switch event {
        case .token(let t): try appendToken(t)
        case .message(let m): try append(m)
        case .error(let e): try write(["t": "error", "text": .string(e)])
        default: break
        }
    }

    /// Marks a `/clear`: loading starts after the last mark.
    public func appendClear() throws { try write(["t": "clear"]) }

    private func write(_ v: JSONValue) throws {
        var d = v.jsonData
        d.append(0x0A)
        try lock.withLock { try handle.write(contentsOf: d) }
    }

    /// A stored conversation as read back.
    public struct Transcript: Sendable, Equatable {
        public var messages: [ChatMessage]
        /// Lines that could not be read (torn by a kill, edited by hand): reported, not hidden.
        public var unreadable: Int
        /// Tool results with no tool call before them (dropped) and tool calls with no
        /// result (answered "no result"): an OpenAI-compatible server rejects either.
        public var repaired: Int
        public init(messages: [ChatMessage], unreadable: Int = 0, repaired: Int = 0) {
            self.messages = messages; self.unreadable = unreadable; self.repaired = repaired
        }
    }

    /// The conversation stored in `path`: messages in order; streamed tokens with no
    /// closing message (a kill mid-stream) become a final assistant message.
    public static func load(path: String) throws -> [ChatMessage] {
        try read(path: path).messages
    }

    /// The conversation in `path` with what could not be read. Messages are decoded from
    /// the wire form the log writes (`tool_calls: [{id, type, function: {name, arguments}}]`),
    /// so the model's tool calls come back with their results.
    public static func read(path: String) throws -> Transcript {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AIConfigError("cannot read chat log \(path)")
        }
        var messages: [ChatMessage] = []
        var pending = ""
        var unreadable = 0
        for line in data.split(separator: 0x0A) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            guard let v = try? JSONValue.parse(Data(line)) else { unreadable += 1; continue }
            switch v["t"]?.stringValue {
            case "token": pending += v["text"]?.stringValue ?? ""
            case "message":
                guard let m = v["message"], let msg = message(fromWire: m) else { unreadable += 1; continue }
                if msg.role != .assistant, !pending.isEmpty { messages.append(.assistant(pending)) }
                pending = ""
                messages.append(msg)
            case "clear":
                messages.removeAll()
                pending = ""
            case "error": continue
            default: unreadable += 1
            }
        }
        if !pending.isEmpty { messages.append(.assistant(pending)) }
        let (paired, repaired) = pairToolCalls(messages)
        return Transcript(messages: paired, unreadable: unreadable, repaired: repaired)
    }

    /// One message in the request-body form (or the flat `{id, name, arguments}` form).
    static func message(fromWire v: JSONValue) -> ChatMessage? {
        guard let r = v["role"]?.stringValue, let role = ChatMessage.Role(rawValue: r) else { return nil }
        var calls: [ToolCall]?
        if let list = v["tool_calls"]?.arrayValue {
            calls = []
            for c in list {
                let fn = c["function"]
                guard let id = c["id"]?.stringValue,
                      let name = fn?["name"]?.stringValue ?? c["name"]?.stringValue else { return nil }
                calls?.append(ToolCall(id: id, name: name, arguments: fn?["arguments"]?.stringValue ?? c["arguments"]?.stringValue ?? "{}"))
            }
        }
        return ChatMessage(role: role, content: v["content"]?.stringValue, toolCalls: calls,
                           toolCallID: v["tool_call_id"]?.stringValue)
    }

    /// Every tool result follows the assistant message that called it, and every call has
    /// a result: orphan results are dropped, unanswered calls get a "no result" message.
    static func pairToolCalls(_ messages: [ChatMessage]) -> ([ChatMessage], Int) {
        var out: [ChatMessage] = []
        var open: [String] = []           // calls of the last assistant message still unanswered
        var repaired = 0
        func closeOpen() {
            for id in open {
                out.append(ChatMessage(role: .tool, content: "error: no result (the session ended before the tool finished)", toolCallID: id))
                repaired += 1
            }
            open = []
        }
        for m in messages {
            if m.role == .tool {
                guard let id = m.toolCallID, let i = open.firstIndex(of: id) else { repaired += 1; continue }
                open.remove(at: i)
                out.append(m)
                continue
            }
            closeOpen()
            out.append(m)
            if m.role == .assistant { open = (m.toolCalls ?? []).map(\.id) }
        }
        closeOpen()
        return (out, repaired)
    }

    /// Session files, newest first.
    public static func list(in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".jsonl") }.sorted(by: >).map { directory + "/" + $0 }
    }

    static func sanitize(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }
}
