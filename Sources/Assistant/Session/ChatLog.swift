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

    /// The conversation stored in `path`: messages in order; streamed tokens with no
    /// closing message (a kill mid-stream) become a final assistant message.
    public static func load(path: String) throws -> [ChatMessage] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AIConfigError("cannot read chat log \(path)")
        }
        var messages: [ChatMessage] = []
        var pending = ""
        for line in data.split(separator: 0x0A) {
            guard let v = try? JSONValue.parse(Data(line)) else { continue }   // a torn last line is skipped
            switch v["t"]?.stringValue {
            case "token": pending += v["text"]?.stringValue ?? ""
            case "message":
                guard let m = v["message"], let msg = try? JSONDecoder().decode(ChatMessage.self, from: m.jsonData) else { continue }
                if msg.role != .assistant, !pending.isEmpty { messages.append(.assistant(pending)) }
                pending = ""
                messages.append(msg)
            case "clear":
                messages.removeAll()
                pending = ""
            default: continue
            }
        }
        if !pending.isEmpty { messages.append(.assistant(pending)) }
        return messages
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
