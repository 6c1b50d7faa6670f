import Foundation

/// Reads the assistant's settings out of `~/.config/osvm/config.yml` without a YAML library:
///
///     ai:
///       url: http://127.0.0.1:11434/v1
///       key: sk-…            # quotes optional
///       model: llama3.2
///
/// Flat keys `ai_url`, `ai_key`, `ai_model` are accepted too (they suit parsers that
/// only read flat files). Other top-level keys and other blocks are skipped.
public enum AIConfigFile {
    /// Returns `url`/`key`/`model` values found; errors name file and line.
    public static func parse(_ text: String, path: String) throws -> [String: String] {
        var out: [String: String] = [:]
        var inAI = false
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "---" { continue }
            let indented = line.first == " " || line.first == "\t"
            if !indented {
                inAI = false
                guard let (k, v) = try pair(trimmed, path: path, line: n + 1) else { continue }
                if k == "ai" {
                    guard v.isEmpty else { throw AIConfigError("\(path):\(n + 1):1: 'ai:' must be followed by indented url/key/model lines") }
                    inAI = true
                } else if k.hasPrefix("ai_"), ["url", "key", "model"].contains(String(k.dropFirst(3))) {
                    out[String(k.dropFirst(3))] = v
                }
                continue
            }
            guard inAI else { continue }
            guard let (k, v) = try pair(trimmed, path: path, line: n + 1) else {
                throw AIConfigError("\(path):\(n + 1):1: expected 'key: value' inside 'ai:'")
            }
            guard ["url", "key", "model"].contains(k) else {
                throw AIConfigError("\(path):\(n + 1):1: unknown ai setting '\(k)' (expected url, key or model)")
            }
            out[k] = v
        }
        return out
    }

    private static func pair(_ s: String, path: String, line: Int) throws -> (String, String)? {
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let key = s[..<colon].trimmingCharacters(in: .whitespaces)
        var value = s[s.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if let q = value.first, q == "\"" || q == "'" {
            guard let end = value.dropFirst().firstIndex(of: q) else {
                throw AIConfigError("\(path):\(line):1: unterminated quoted value")
            }
            value = String(value[value.index(after: value.startIndex)..<end])
        } else if let hash = value.range(of: " #") {
            value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        return (key, value)
    }
}
