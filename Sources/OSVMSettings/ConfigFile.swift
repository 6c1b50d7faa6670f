import Foundation
import Yams

/// `~/.config/osvm/config.yml`, parsed by a real YAML parser (libyaml through Yams), so
/// CRLF line ends, a UTF-8 byte-order mark, quoting and comments mean what YAML says they
/// mean. The reading rules:
/// - a syntax error, a tab in indentation, a duplicate key, a known key holding a list or
///   block, an `ai:` that is not a block: an error naming `file:line:column`;
/// - an unknown key: a warning naming `file:line` (returned in `warnings`, never printed
///   here), so a newer or misspelled setting does not stop every command;
/// - the Solana CLI's own keys (`websocket_url`, `address_labels`) are accepted silently.
public struct ConfigFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The scalar's text ("" for an empty or null value).
        public var value: String
        public var line: Int
        /// The key as written, dotted inside a block (`ai.key`).
        public var key: String
    }

    public let path: String
    /// Keyed by the key as written (`json_rpc_url`, `ai.key`, `ai_key`).
    public private(set) var entries: [String: Entry] = [:]
    public private(set) var warnings: [String] = []

    /// `$HOME/.config/osvm/config.yml`.
    public static func standardPath(environment: [String: String]) -> String {
        (environment["HOME"] ?? NSHomeDirectory()) + "/.config/osvm/config.yml"
    }

    /// The parsed file, or nil when it does not exist.
    public static func load(path: String) throws(SettingsError) -> ConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SettingsError("\(path): cannot read")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws(SettingsError) -> ConfigFile {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw SettingsError("\(path): not UTF-8 text")
        }
        try rejectTabIndentation(text, path: path)
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw SettingsError(describe(error, path: path))
        }
        var file = ConfigFile(path: path)
        guard let root else { return file }  // empty, or only comments
        guard let mapping = root.mapping else {
            throw SettingsError("\(path):\(root.mark?.line ?? 1): expected 'key: value' lines")
        }
        try file.read(mapping, block: nil)
        return file
    }

    private init(path: String) { self.path = path }

    private mutating func read(_ mapping: Node.Mapping, block: String?) throws(SettingsError) {
        for (keyNode, value) in mapping {
            let line = keyNode.mark?.line ?? 1
            guard let key = keyNode.scalar?.string else {
                throw SettingsError("\(path):\(line): keys must be plain names")
            }
            let name = block.map { $0 + "." + key } ?? key
            let known = block == nil ? ConfigKey.topLevelScalars.contains(key) : ConfigKey.aiBlock.contains(key)
            if block == nil, key == "ai" {
                if value.scalar.map(Self.isNull) == true { continue }   // `ai:` with nothing under it
                guard let inner = value.mapping else {
                    throw SettingsError("\(path):\(line): 'ai' must be a block of indented url/key/model lines")
                }
                try read(inner, block: "ai")
            } else if known {
                guard let scalar = value.scalar else {
                    throw SettingsError("\(path):\(line): '\(name)' must be a single value, not a list or block")
                }
                entries[name] = Entry(value: Self.isNull(scalar) ? "" : scalar.string, line: line, key: name)
            } else if block == nil, ConfigKey.solanaOnly.contains(key) {
                continue
            } else {
                warnings.append("\(path):\(line): unknown key '\(name)' (ignored)")
            }
        }
    }

    private static func isNull(_ s: Node.Scalar) -> Bool {
        s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// libyaml reports a tab in indentation as "found character that cannot start any
    /// token"; say what is wrong instead.
    private static func rejectTabIndentation(_ text: String, path: String) throws(SettingsError) {
        var line = 1, column = 1, tabColumn = 0
        var atLineStart = true, previousCR = false
        for u in text.unicodeScalars {
            if u == "\n" && previousCR { previousCR = false; continue }   // the second half of CRLF
            previousCR = u == "\r"
            if u == "\n" || u == "\r" {
                line += 1; column = 1; tabColumn = 0; atLineStart = true
                continue
            }
            if atLineStart {
                if u == "\t" && tabColumn == 0 { tabColumn = column }
                if u != " " && u != "\t" {
                    atLineStart = false
                    // Blank lines may hold tabs; an indented line (even a comment) may not.
                    if tabColumn > 0 {
                        throw SettingsError("\(path):\(line):\(tabColumn): tab in indentation (YAML indents with spaces)")
                    }
                }
            }
            column += 1
        }
    }

    static func describeYAMLError(_ error: Error, path: String) -> String { describe(error, path: path) }

    private static func describe(_ error: Error, path: String) -> String {
        guard let y = error as? YamlError else { return "\(path): \(PlainError.reason(error))" }
        switch y {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return "\(path):\(mark.line):\(mark.column): \(problem)\(ctx)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "\(path):\(context.mark.line): duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))"
        case .reader(let problem, _, _, _):
            return "\(path): \(problem)"
        default:
            return "\(path): \(String(describing: y).split(separator: "\n").first.map(String.init) ?? "invalid YAML")"
        }
    }
}
