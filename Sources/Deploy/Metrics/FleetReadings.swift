import Foundation
import OSVMSettings

/// What the Nodes pane and `osvm nodes monitor` receive: where readings come from, the
/// readings themselves, sparkline history, and problems of the source (a Prometheus that
/// stops answering is a message, not an empty fleet).
public enum FleetReading: Sendable, Equatable, Codable {
    /// "Prometheus http://host:9090" or "SSH probes": shown by every reader of the fleet.
    case source(String)
    case snapshot(NodeSnapshot)
    /// Per node, slots gained per step and load, oldest first (from range queries).
    case history(node: String, slots: [Double], load: [Double])
    /// The source failed this round (the next round tries again).
    case problem(String)
}

/// One way to read the whole fleet: Prometheus (PromQL over its HTTP API) when a URL is
/// configured, SSH probes of each registered node otherwise — the same choice for the CLI
/// and the workbench.
public enum FleetReadings {
    /// Prometheus' instant queries every `interval` seconds, after a first history of the
    /// last `historyWindow` seconds from range queries (the sparklines start full).
    public static func prometheus(_ prom: PromQLClient, every interval: Double,
                                  historyWindow: Double = 300) -> AsyncStream<FleetReading> {
        AsyncStream { out in
            let task = Task {
                out.yield(.source("Prometheus \(Redact.url(prom.base.absoluteString))"))
                if historyWindow > 0 {
                    do {
                        for h in try await history(prom, window: historyWindow, step: max(1, interval)) {
                            out.yield(.history(node: h.node, slots: h.slots, load: h.load))
                        }
                    } catch {
                        out.yield(.problem("history: \(error)"))
                    }
                }
                while !Task.isCancelled {
                    do {
                        for s in try await PrometheusStatus.snapshots(prom) { out.yield(.snapshot(s)) }
                    } catch {
                        out.yield(.problem("\(error)"))
                    }
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                }
                out.finish()
            }
            out.onTermination = { _ in task.cancel() }
        }
    }

    /// SSH probes of each node, every `interval` seconds.
    public static func ssh(_ nodes: [NodeRecord], every interval: Double) -> AsyncStream<FleetReading> {
        AsyncStream { out in
            out.yield(.source("SSH probes"))
            let tasks = nodes.map { n in
                Task { for await snap in n.monitor().snapshots(every: interval) { out.yield(.snapshot(snap)) } }
            }
            out.onTermination = { _ in for t in tasks { t.cancel() } }
        }
    }

    /// Sparkline history per node: slots gained per step (`increase` of the node's slot)
    /// and the machine's 1-minute load.
    public static func history(_ prom: PromQLClient, window: Double, step: Double,
                               now: Date = Date()) async throws -> [(node: String, slots: [Double], load: [Double])] {
        let start = now.addingTimeInterval(-window)
        async let slots = prom.queryRange("solana_node_slot", start: start, end: now, step: step)
        async let load = prom.queryRange(#"node_load1{job="osvm-machines"}"#, start: start, end: now, step: step)
        var byNode: [String: (slots: [Double], load: [Double])] = [:]
        for series in try await slots {
            guard let node = series.labels["node"] else { continue }
            let values = series.points.map(\.value)
            byNode[node, default: ([], [])].slots = zip(values, values.dropFirst()).map { max(0, $1 - $0) }
        }
        // The machine job may be absent (no node-exporter): its failure leaves load empty.
        for series in (try? await load) ?? [] {
            guard let node = series.labels["node"] else { continue }
            byNode[node, default: ([], [])].load = series.points.map(\.value)
        }
        return byNode.keys.sorted().map { (node: $0, slots: byNode[$0]!.slots, load: byNode[$0]!.load) }
    }
}
