import Foundation
import Yams

/// A YAML document as plain values with line numbers, for the other modules' files
/// (the fleet inventory) — so only OSVMSettings depends on Yams and every YAML error reads
/// the same: `file:line:column: problem`.
public indirect enum YAMLValue: Sendable, Equatable {
    case scalar(String, line: Int)
    case sequence([YAMLValue], line: Int)
    case mapping([(key: String, value: YAMLValue)], line: Int)
    case null(line: Int)

    public var line: Int {
        switch self {
        case .scalar(_, let l), .sequence(_, let l), .mapping(_, let l), .null(let l): return l
        }
    }

    public static func == (a: YAMLValue, b: YAMLValue) -> Bool {
        switch (a, b) {
        case (.scalar(let x, let l1), .scalar(let y, let l2)): return x == y && l1 == l2
        case (.sequence(let x, let l1), .sequence(let y, let l2)): return x == y && l1 == l2
        case (.mapping(let x, let l1), .mapping(let y, let l2)):
            return l1 == l2 && x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.null(let l1), .null(let l2)): return l1 == l2
        default: return false
        }
    }

    /// The value of `key` in a mapping.
    public subscript(key: String) -> YAMLValue? {
        if case .mapping(let pairs, _) = self { return pairs.first { $0.key == key }?.value }
        return nil
    }

    public var string: String? { if case .scalar(let s, _) = self { return s } else { return nil } }
}

public enum YAMLDocument {
    /// Parses `text` (from `path`, for messages); an empty document is `.null`.
    public static func parse(_ text: String, path: String) throws(SettingsError) -> YAMLValue {
        if let tab = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(where: { $0.hasPrefix("\t") }) {
            throw SettingsError("\(path):\(tab + 1): tab in indentation (YAML indents with spaces)")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw SettingsError(ConfigFile.describeYAMLError(error, path: path))
        }
        guard let root else { return .null(line: 1) }
        return try convert(root, path: path)
    }

    private static func convert(_ n: Node, path: String) throws(SettingsError) -> YAMLValue {
        let line = n.mark?.line ?? 1
        switch n {
        case .scalar(let s):
            return ["", "~", "null", "Null", "NULL"].contains(s.string) && s.style == .plain ? .null(line: line) : .scalar(s.string, line: line)
        case .sequence(let seq):
            var items: [YAMLValue] = []
            for item in seq { items.append(try convert(item, path: path)) }
            return .sequence(items, line: line)
        case .mapping(let map):
            var pairs: [(key: String, value: YAMLValue)] = []
            for (k, v) in map {
                guard let key = k.scalar?.string else { throw SettingsError("\(path):\(k.mark?.line ?? line): keys must be plain words") }
                if pairs.contains(where: { $0.key == key }) { throw SettingsError("\(path):\(k.mark?.line ?? line): duplicate key '\(key)'") }
                pairs.append((key, try convert(v, path: path)))
            }
            return .mapping(pairs, line: line)
        case .alias:
            throw SettingsError("\(path):\(line): YAML aliases are not supported here")
        }
    }
}
