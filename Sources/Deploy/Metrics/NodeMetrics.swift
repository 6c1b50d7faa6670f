import Chain
import Foundation
import OVSMKit

/// What `osvm nodes exporter` publishes about one Solana node, in Prometheus' text format
/// (version 0.0.4): RPC health, slot, the reference cluster's slot and how far behind the
/// node is, its version, and how long the probe took. Machine figures (CPU, disk, memory)
/// come from Debian's `prometheus-node-exporter` beside it; these are the node's own.
///
///     let m = await NodeMetrics.collect(rpc: "http://127.0.0.1:8899", reference: nil)
///     print(m.exposition())
public struct NodeMetrics: Sendable, Equatable {
    public var up: Bool = false
    public var healthy: Bool = false
    public var slot: UInt64?
    public var referenceSlot: UInt64?
    public var version: String?
    /// With `--vote-account`: whether getVoteAccounts lists it as delinquent.
    public var voteDelinquent: Bool?
    public var probeSeconds: Double = 0
    /// Why a probe failed (shown on the exporter's index page, never in the metrics).
    public var errors: [String] = []

    public init() {}

    public var slotsBehind: Int64? {
        guard let s = slot, let r = referenceSlot else { return nil }
        return max(0, Int64(r) - Int64(s))
    }

    /// Probes `rpc` (and `reference`, the cluster to compare with) with a per-call timeout.
    public static func collect(rpc: String, reference: String?, voteAccount: String? = nil, timeout: Double = 5) async -> NodeMetrics {
        var m = NodeMetrics()
        let start = Date()
        do {
            let client = try RPCClient(url: rpc, timeout: timeout, maxRetries: 0)
            do { m.slot = try await client.getSlot(); m.up = true } catch { m.errors.append("getSlot: \(error)") }
            do { m.healthy = try await client.getHealth() == "ok"; m.up = true } catch { m.errors.append("getHealth: \(error)") }
            if let v = try? await client.getVersion() { m.version = v.solanaCore }
            if let voteAccount {
                do {
                    m.voteDelinquent = try delinquency(of: voteAccount, in: try await client.call("getVoteAccounts"))
                } catch {
                    m.errors.append("getVoteAccounts: \(error)")
                }
            }
        } catch {
            m.errors.append("\(error)")
        }
        if let reference {
            do {
                let ref = try RPCClient(url: reference, timeout: timeout, maxRetries: 0)
                m.referenceSlot = try await ref.getSlot()
            } catch {
                m.errors.append("reference getSlot: \(error)")
            }
        }
        m.probeSeconds = Date().timeIntervalSince(start)
        return m
    }

    /// Whether `vote` is in getVoteAccounts' `delinquent` list (false: in `current`).
    static func delinquency(of vote: String, in result: Value) throws -> Bool {
        guard case .object(let o) = result else { throw DeployError.local("getVoteAccounts: not an object") }
        for (list, delinquent) in [("delinquent", true), ("current", false)] {
            guard case .array(let items) = o[list] ?? .array([]) else { continue }
            for item in items {
                if case .object(let a) = item, case .string(let key) = a["votePubkey"] ?? .null, key == vote { return delinquent }
            }
        }
        throw DeployError.local("vote account \(vote) is not known to the cluster")
    }

    /// The metrics as Prometheus' text exposition format.
    public func exposition(labels: [String: String] = [:]) -> String {
        let base = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Self.escape($0.value))\"" }
        func sample(_ name: String, _ value: String, extra: [String] = []) -> String {
            let all = base + extra
            return all.isEmpty ? "\(name) \(value)\n" : "\(name){\(all.joined(separator: ","))} \(value)\n"
        }
        var out = ""
        func metric(_ name: String, _ help: String, _ body: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n" + body
        }
        metric("solana_node_up", "1 when the node's RPC answered the probe.", sample("solana_node_up", up ? "1" : "0"))
        metric("solana_node_healthy", "1 when getHealth answered ok.", sample("solana_node_healthy", healthy ? "1" : "0"))
        if let slot { metric("solana_node_slot", "The node's current slot (getSlot).", sample("solana_node_slot", String(slot))) }
        if let referenceSlot {
            metric("solana_cluster_slot", "The reference cluster's slot (getSlot).", sample("solana_cluster_slot", String(referenceSlot)))
        }
        if let behind = slotsBehind {
            metric("solana_node_slots_behind", "Slots the node is behind the reference cluster.", sample("solana_node_slots_behind", String(behind)))
        }
        if let version {
            metric("solana_node_version_info", "The node's software version (getVersion), as a label.",
                   sample("solana_node_version_info", "1", extra: ["version=\"\(Self.escape(version))\""]))
        }
        if let voteDelinquent {
            metric("solana_vote_delinquent", "1 when the node's vote account is delinquent.", sample("solana_vote_delinquent", voteDelinquent ? "1" : "0"))
        }
        metric("solana_node_probe_seconds", "How long the probe took.", sample("solana_node_probe_seconds", String(format: "%.6f", probeSeconds)))
        return out
    }

    /// Label values escape backslash, double quote and line feed (the format's rules).
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }
}
