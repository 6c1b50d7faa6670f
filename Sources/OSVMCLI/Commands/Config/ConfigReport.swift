import Foundation
import OSVMSettings

/// The rows `config show` prints, already redacted. A setting whose winning value is bad
/// becomes a row carrying the error (the others still show: this is the command people run
/// to find what is wrong), and the command then exits 2.
enum ConfigReport {
    struct Row {
        var key: String
        var value: String?
        var origin: Origin?
        var error: String?
    }

    static func rows(_ s: Settings) -> [Row] {
        func row(_ key: String, _ get: () throws(SettingsError) -> Setting<String>?, show: (String) -> String = { $0 }) -> Row {
            do {
                let v = try get()
                return Row(key: key, value: v.map { show($0.value) }, origin: v?.origin)
            } catch {
                return Row(key: key, error: error.description)
            }
        }
        return [
            row("rpc_url", { () throws(SettingsError) in try s.rpcURL() }, show: Redact.url),
            row("keypair_path", { () throws(SettingsError) in try s.keypairPath() }),
            row("commitment", { () throws(SettingsError) in try s.commitment() }),
            row("ai.url", { () throws(SettingsError) in try s.aiURL() }, show: Redact.url),
            row("ai.key", { () throws(SettingsError) in try s.aiKey() }, show: Redact.secret),
            row("ai.model", { () throws(SettingsError) in try s.aiModel() }),
            row("prometheus_url", { () throws(SettingsError) in try s.prometheusURL(flag: nil) }, show: Redact.url),
            row("validator_bin", { () throws(SettingsError) in try s.validatorBin(flag: nil) }),
        ]
    }

    static func text(_ s: Settings, _ rows: [Row]) -> String {
        var lines = ["config file: \(s.configPath)\(s.file == nil ? " (not present)" : "")"]
        let width = rows.map(\.key.count).max() ?? 0
        let valueWidth = min(48, rows.map { ($0.value ?? "(not set)").count }.max() ?? 0)
        for r in rows {
            if let e = r.error {
                lines.append(r.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  error: " + e)
                continue
            }
            let v = r.value ?? "(not set)"
            lines.append(r.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                         + v.padding(toLength: max(valueWidth, v.count), withPad: " ", startingAt: 0) + "  "
                         + (r.origin.map(\.description) ?? "-"))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ s: Settings, _ rows: [Row]) -> String {
        var settings: [String: Any] = [:]
        for r in rows {
            var o: [String: Any] = ["value": r.value.map { $0 as Any } ?? NSNull(), "origin": r.origin?.kind ?? "unset"]
            if let e = r.error { o = ["value": NSNull(), "origin": "error", "error": e] }
            switch r.origin {
            case .flag(let f): o["flag"] = f
            case .environment(let v): o["env"] = v
            case .file(let p, let l, let k): o["file"] = p; o["line"] = l; o["key"] = k
            default: break
            }
            settings[r.key] = o
        }
        let root: [String: Any] = ["config_file": s.configPath, "config_file_exists": s.file != nil,
                                   "settings": settings, "warnings": s.warnings]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
