import Foundation

/// Where a node lives: `user@host[:port]`, parsed before anything connects.
///
///     let t = try SSHTarget.parse("root@10.0.0.5:2222")      // user root, port 2222
///     let v6 = try SSHTarget.parse("sol@[2001:db8::1]:22")   // IPv6 in brackets
///
/// The CLI, the node registry and the deployer all use this one parser, so a malformed
/// target is the same one-line `DeployError.badTarget` everywhere.
public struct SSHTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int

    public init(user: String, host: String, port: Int = 22) {
        self.user = user
        self.host = host
        self.port = port
    }

    /// `user@host` for ssh (IPv6 hosts need no brackets there; `-p` carries the port).
    public var sshDestination: String { "\(user)@\(host)" }

    /// `user@[host]` when the host is IPv6 (scp needs the brackets before `:path`).
    public var scpDestination: String { host.contains(":") ? "\(user)@[\(host)]" : "\(user)@\(host)" }

    /// `host` or `[v6]`, for URLs and display.
    public var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    public var description: String { port == 22 ? "\(user)@\(hostForURL)" : "\(user)@\(hostForURL):\(port)" }

    /// True when `text` has the shape of a target (used to route the `osvm user@host` shorthand).
    public static func looksLikeTarget(_ text: String) -> Bool {
        !text.hasPrefix("-") && text.contains("@") && !text.contains("/") && !text.contains(" ")
    }

    /// Parses `user@host`, `user@host:port`, `user@[v6]`, `user@[v6]:port`.
    public static func parse(_ text: String) throws -> SSHTarget {
        func bad(_ why: String) -> DeployError { .badTarget(text, why) }
        guard let at = text.lastIndex(of: "@") else { throw bad("expected user@host[:port]") }
        let user = String(text[..<at])
        var rest = Substring(text[text.index(after: at)...])
        guard !user.isEmpty else { throw bad("missing user before '@'") }
        guard user.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }), user.first != "-" else {
            throw bad("user '\(user)' has characters other than letters, digits, '.', '_' and '-'")
        }
        var host: String
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw bad("missing ']' after the IPv6 address") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw bad("unexpected text after ']'") }
                portText = rest.dropFirst()
            }
            guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" }) else {
                throw bad("'\(host)' is not an IPv6 address")
            }
        } else {
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw bad("IPv6 addresses go in brackets: user@[addr]:port") }
            host = String(parts[0])
            if parts.count == 2 { portText = parts[1] }
            guard !host.isEmpty else { throw bad("missing host after '@'") }
            guard host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }), host.first != "-",
                  host.first != ".", host.last != "." || host.count > 1 else {
                throw bad("host '\(host)' is not a hostname or IP address")
            }
        }
        var port = 22
        if let pt = portText {
            guard let p = Int(pt), (1...65535).contains(p) else { throw bad("port '\(pt)' is not a number in 1...65535") }
            port = p
        }
        host = host.lowercased()
        return SSHTarget(user: user, host: host, port: port)
    }
}
