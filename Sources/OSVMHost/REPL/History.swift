import Foundation
import OSVMSettings
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The REPL's persistent input history: one entry per line in
/// `$XDG_STATE_HOME/osvm/ovsm_history` (default `~/.local/state/osvm/ovsm_history`).
/// Multi-line entries are stored escaped (`\n`, `\\`). The file keeps the newest
/// `limit` entries and is rewritten through a temporary file and `rename`, so a crash never
/// leaves it half written. Failing to read or write it is never fatal.
public final class History: @unchecked Sendable {
    public static let limit = 1000

    public private(set) var entries: [String] = []
    /// Where the history lives; nil = in memory only.
    public let path: String?
    /// Set when the file could not be read or written (reported once by the session).
    public private(set) var problem: String?

    public init(path: String?) {
        self.path = path
        load()
    }

    /// `$XDG_STATE_HOME/osvm/ovsm_history`, falling back to `$HOME/.local/state/...`.
    public static func defaultPath(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let state = env["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/osvm/ovsm_history"
        }
        var home = env["HOME"] ?? ""
        if home.isEmpty { home = NSHomeDirectory() }
        guard home.hasPrefix("/") else { return nil }
        return (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.local/state/osvm/ovsm_history"
    }

    private func load() {
        var isDirectory: ObjCBool = false
        guard let path, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            problem = "cannot read history file \(path)"
            return
        }
        let text = String(decoding: data, as: UTF8.self)
        var loaded: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let entry = History.unescape(String(line))
            if !entry.trimmingCharacters(in: .whitespaces).isEmpty { loaded.append(entry) }
        }
        entries = Array(loaded.suffix(History.limit))
    }

    /// Records an entry (blank entries and repeats of the newest one are skipped) and saves.
    public func add(_ entry: String) {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, entries.last != entry else { return }
        entries.append(entry)
        if entries.count > History.limit { entries.removeFirst(entries.count - History.limit) }
        save()
    }

    /// Writes the history through a temporary file in the same directory plus `rename`.
    public func save() {
        guard let path else { return }
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            problem = "cannot create \(dir)"
            return
        }
        let text = entries.map(History.escape).joined(separator: "\n") + (entries.isEmpty ? "" : "\n")
        do { try AtomicFile.write(Data(text.utf8), to: path) } catch {
            problem = "cannot write history file \(path)"
        }
    }

    /// One entry per line: backslash and line breaks are escaped.
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    public static func unescape(_ s: String) -> String {
        var out = ""
        var escaping = false
        for ch in s.unicodeScalars {
            if escaping {
                switch ch {
                case "n": out += "\n"
                case "r": out += "\r"
                case "\\": out += "\\"
                default: out += "\\"; out.unicodeScalars.append(ch)
                }
                escaping = false
            } else if ch == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(ch)
            }
        }
        if escaping { out += "\\" }
        return out
    }
}
