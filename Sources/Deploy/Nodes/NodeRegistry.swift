import Foundation
import OSVMSettings

/// A deployed node as `osvm nodes` knows it: how to reach it and what runs there.
public struct NodeRecord: Sendable, Codable, Hashable {
    public var name: String
    public var target: SSHTarget
    public var ssh: SSHOptions
    public var spec: DeploymentSpec
    public var deployedAt: Date

    public init(name: String, target: SSHTarget, ssh: SSHOptions, spec: DeploymentSpec, deployedAt: Date = Date()) {
        self.name = name; self.target = target; self.ssh = ssh; self.spec = spec; self.deployedAt = deployedAt
    }

    public var service: ServiceControl { ServiceControl(manager: spec.serviceManager, name: spec.serviceName) }
    public var client: SSHClient { SSHClient(target: target, options: ssh) }

    /// A monitor for this node.
    public func monitor(thresholds: Thresholds = Thresholds()) -> NodeMonitor {
        NodeMonitor(name: name, shell: client, service: service, logFile: spec.logFile, dataPath: spec.prefix,
                    rpcURL: spec.rpcURL, referenceRPC: spec.referenceRPC, thresholds: thresholds)
    }
}

/// `~/.config/osvm/nodes.json`: the nodes osvm deployed, per-node user, key and port.
///
///     var reg = try NodeRegistry.load(.standard())
///     reg.upsert(record); try reg.save()
public struct NodeRegistry: Sendable {
    public let path: String
    public private(set) var nodes: [NodeRecord]

    public static func standardPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        (environment["HOME"] ?? NSHomeDirectory()) + "/.config/osvm/nodes.json"
    }

    public static func load(_ path: String = standardPath()) throws -> NodeRegistry {
        guard FileManager.default.fileExists(atPath: path) else { return NodeRegistry(path: path, nodes: []) }
        do {
            let d = JSONDecoder()
            d.dateDecodingStrategy = .iso8601
            return NodeRegistry(path: path, nodes: try d.decode([NodeRecord].self, from: Data(contentsOf: URL(fileURLWithPath: path))))
        } catch {
            throw DeployError.registry("\(path) is not readable (\(PlainError.reason(error))); fix or move it")
        }
    }

    public func save() throws {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try AtomicFile.write(try e.encode(nodes), to: path) } catch let err as SettingsError {
            throw DeployError.registry(err.description)
        }
    }

    public func get(_ name: String) throws -> NodeRecord {
        guard let n = nodes.first(where: { $0.name == name }) else {
            throw DeployError.registry("no node named '\(name)' (see `osvm nodes list`)")
        }
        return n
    }

    /// Adds or replaces the node with the same name.
    public mutating func upsert(_ n: NodeRecord) {
        nodes.removeAll { $0.name == n.name }
        nodes.append(n)
    }

    public mutating func remove(_ name: String) throws {
        guard nodes.contains(where: { $0.name == name }) else { throw DeployError.registry("no node named '\(name)'") }
        nodes.removeAll { $0.name == name }
    }
}
