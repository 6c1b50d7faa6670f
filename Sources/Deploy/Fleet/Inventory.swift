import Foundation
import OSVMSettings

/// A fleet inventory (`hosts.yml`): hosts in groups, with per-host user, port, key and
/// labels over group and file defaults, and an optional `proxy_command` (ssh's
/// `ProxyCommand`, `%h`/`%p` expanded by ssh) for hosts behind a bastion or, in the tests,
/// inside a network namespace.
///
///     defaults: {user: root, port: 22, key: ~/.ssh/osvm}
///     groups:
///       rpc:
///         labels: {role: rpc}
///         hosts:
///           - 10.0.0.5                      # or user@host:port
///           - {host: 10.0.0.6, name: rpc-2, user: solana, port: 2222, labels: {region: eu}}
///       private:
///         proxy_command: ssh -W %h:%p bastion.example      # ssh ProxyCommand
///         hosts: [10.1.0.7]
public struct Inventory: Sendable, Equatable {
    public struct Host: Sendable, Equatable {
        public var name: String
        public var group: String
        public var target: SSHTarget
        public var key: String?
        public var labels: [String: String]
        /// ssh `ProxyCommand` for this host (nil: connect directly).
        public var proxyCommand: String? = nil
    }

    public var hosts: [Host]

    public static func load(_ path: String) throws -> Inventory {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw DeployError.local("cannot read inventory \(path): \(FileManager.default.fileExists(atPath: path) ? "not readable UTF-8 text" : "no such file")")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> Inventory {
        let doc: YAMLValue
        do { doc = try YAMLDocument.parse(text, path: path) } catch { throw DeployError.local(error.description) }
        func fail(_ v: YAMLValue?, _ msg: String) -> DeployError { DeployError.local("\(path):\(v?.line ?? 1): \(msg)") }
        guard case .mapping(let top, _) = doc else { throw fail(doc, "expected 'defaults:' and 'groups:'") }
        for (k, v) in top where !["defaults", "groups"].contains(k) { throw fail(v, "unknown key '\(k)' (expected defaults, groups)") }
        if let d = doc["defaults"], case .mapping(let pairs, _) = d {
            for (k, v) in pairs where !["user", "port", "key", "labels", "proxy_command"].contains(k) { throw fail(v, "unknown key '\(k)' in defaults") }
        }
        let defaults = try settings(doc["defaults"], path: path, inherited: Settings())
        guard let groupsNode = doc["groups"], case .mapping(let groups, _) = groupsNode else {
            throw fail(doc["groups"] ?? doc, "'groups:' must map group names to their hosts")
        }
        var hosts: [Host] = []
        for (group, g) in groups {
            guard case .mapping(let groupKeys, _) = g else { throw fail(g, "group '\(group)' must have 'hosts:'") }
            for (k, v) in groupKeys where !["hosts", "labels", "user", "port", "key", "proxy_command"].contains(k) {
                throw fail(v, "unknown key '\(k)' in group '\(group)'")
            }
            let groupSettings = try settings(g, path: path, inherited: defaults)
            guard let list = g["hosts"], case .sequence(let items, _) = list else { throw fail(g, "group '\(group)' must list its hosts under 'hosts:'") }
            for item in items {
                var s = groupSettings
                var hostText: String
                var name: String?
                switch item {
                case .scalar(let text, _):
                    hostText = text
                case .mapping(let pairs, _):
                    for (k, v) in pairs where !["host", "name", "user", "port", "key", "labels", "proxy_command"].contains(k) {
                        throw fail(v, "unknown key '\(k)' for a host")
                    }
                    guard let h = item["host"]?.string else { throw fail(item, "a host entry needs 'host:'") }
                    hostText = h
                    name = item["name"]?.string
                    s = try settings(item, path: path, inherited: s)
                default:
                    throw fail(item, "a host is a name/address or a mapping with 'host:'")
                }
                let target: SSHTarget
                do {
                    let spelled = hostText.contains("@") ? hostText : "\(s.user)@\(hostText)"
                    var t = try SSHTarget.parse(spelled)
                    // A port written in the entry wins over the group's and the defaults'.
                    let bare = hostText.split(separator: "@").last.map(String.init) ?? hostText
                    if bare.range(of: #"^(\[[^\]]+\]|[^:\[\]]+):[0-9]+$"#, options: .regularExpression) == nil { t.port = s.port }
                    target = t
                } catch {
                    throw fail(item, "bad host '\(hostText)': \(error)")
                }
                let hostName = name ?? target.host
                if hosts.contains(where: { $0.name == hostName }) { throw fail(item, "host name '\(hostName)' appears twice (give one a 'name:')") }
                hosts.append(Host(name: hostName, group: group, target: target, key: s.key, labels: s.labels, proxyCommand: s.proxyCommand))
            }
        }
        if hosts.isEmpty { throw fail(doc, "the inventory lists no hosts") }
        return Inventory(hosts: hosts)
    }

    /// The hosts of `groups` (all when empty) whose name is in `names` (all when empty).
    public func select(groups: [String] = [], names: [String] = []) throws -> [Host] {
        for g in groups where !hosts.contains(where: { $0.group == g }) { throw DeployError.local("no group '\(g)' in the inventory") }
        for n in names where !hosts.contains(where: { $0.name == n }) { throw DeployError.local("no host named '\(n)' in the inventory") }
        return hosts.filter { (groups.isEmpty || groups.contains($0.group)) && (names.isEmpty || names.contains($0.name)) }
    }

    struct Settings {
        var user = "root"
        var port = 22
        var key: String?
        var labels: [String: String] = [:]
        var proxyCommand: String?
    }

    private static func settings(_ node: YAMLValue?, path: String, inherited: Settings) throws -> Settings {
        var s = inherited
        guard let node else { return s }
        if let u = node["user"] { guard let v = u.string, !v.isEmpty else { throw DeployError.local("\(path):\(u.line): 'user' must be a name") }; s.user = v }
        if let p = node["port"] {
            guard let v = p.string.flatMap(Int.init), (1...65535).contains(v) else { throw DeployError.local("\(path):\(p.line): 'port' must be 1–65535") }
            s.port = v
        }
        if let k = node["key"] { guard let v = k.string else { throw DeployError.local("\(path):\(k.line): 'key' must be a file path") }; s.key = (v as NSString).expandingTildeInPath }
        if let pc = node["proxy_command"] {
            guard let v = pc.string, !v.trimmingCharacters(in: .whitespaces).isEmpty, !v.contains("\n") else {
                throw DeployError.local("\(path):\(pc.line): 'proxy_command' must be one command line (ssh ProxyCommand, e.g. ssh -W %h:%p bastion)")
            }
            s.proxyCommand = v
        }
        if let l = node["labels"] {
            guard case .mapping(let pairs, _) = l else { throw DeployError.local("\(path):\(l.line): 'labels' must map names to values") }
            for (k, v) in pairs {
                guard k.range(of: "^[a-zA-Z_][a-zA-Z0-9_]*$", options: .regularExpression) != nil, let value = v.string else {
                    throw DeployError.local("\(path):\(v.line): label '\(k)' must be a Prometheus label name with a text value")
                }
                s.labels[k] = value
            }
        }
        return s
    }
}
