import Foundation
import OSVMSettings

/// The rows `config show` prints, already redacted.
enum ConfigReport {
    struct Row {
        var key: String
        var value: String?
        var origin: Origin?
    }

    static func rows(_ s: Settings) throws -> [Row] {
        let rpc = try s.rpcURL(), kp = try s.keypairPath(), c = try s.commitment()
        let aiURL = try s.aiURL(), aiKey = try s.aiKey(), model = try s.aiModel()
        return [
            Row(key: "rpc_url", value: Redact.url(rpc.value), origin: rpc.origin),
            Row(key: "keypair_path", value: kp?.value, origin: kp?.origin),
            Row(key: "commitment", value: c.value, origin: c.origin),
            Row(key: "ai.url", value: Redact.url(aiURL.value), origin: aiURL.origin),
            Row(key: "ai.key", value: aiKey.map { Redact.secret($0.value) }, origin: aiKey?.origin),
            Row(key: "ai.model", value: model.value, origin: model.origin),
        ]
    }

    static func text(_ s: Settings, _ rows: [Row]) -> String {
        var lines = ["config file: \(s.configPath)\(s.file == nil ? " (not present)" : "")"]
        let width = rows.map(\.key.count).max() ?? 0
        let valueWidth = min(48, rows.map { ($0.value ?? "(not set)").count }.max() ?? 0)
        for r in rows {
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
