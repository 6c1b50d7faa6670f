import Chain
import Deploy
import Foundation

/// `osvm-tui --bench`, the fleet part: 200 nodes read through Prometheus — recorded
/// `/api/v1/query` answers (the exact JSON Prometheus sends) served in process, parsed by
/// the real PromQL client and `PrometheusStatus` — into the state, then the Nodes pane
/// rendered in the full layout at 200×60 and the selection moved through the fleet.
enum NodesBenchmark {
    /// Answers every instant query with a recorded vector for `nodes` nodes.
    struct RecordedPrometheus: HTTPClient {
        let nodes: Int
        func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, Error> {
            let query = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?
                .queryItems?.first { $0.name == "query" }?.value ?? ""
            let body = Data(answer(query).utf8)
            return AsyncThrowingStream { out in
                out.yield(.head(status: 200, headers: ["Content-Type": "application/json"]))
                out.yield(.body(body))
                out.finish()
            }
        }

        func answer(_ query: String) -> String {
            let samples = (0..<nodes).compactMap { i -> String? in
                let node = String(format: "node-%03d", i)
                var labels = #""node":"\#(node)","network":"devnet","node_type":"rpc""#
                let value: String
                switch query {
                case let q where q.hasPrefix("up"): value = i % 37 == 5 ? "0" : "1"
                case "solana_node_healthy": value = i % 23 == 3 ? "0" : "1"
                case "solana_node_slot": value = String(350_000_000 - (i % 11) * 3)
                case "solana_cluster_slot": value = "350000000"
                case "solana_node_version_info": labels += #","version":"3.1.14""#; value = "1"
                case let q where q.hasPrefix("node_load1"): value = String(format: "%.2f", Double(i % 9) / 3)
                case let q where q.hasPrefix("100 * (1 - node_memory"): value = String(40 + i % 50)
                case let q where q.hasPrefix("max by (node)"): value = String(30 + i % 65)
                case let q where q.hasPrefix("ALERTS"):
                    guard i % 37 == 5 else { return nil }
                    labels += #","alertname":"OsvmNodeDown","alertstate":"firing""#; value = "1"
                default: return nil
                }
                return #"{"metric":{\#(labels)},"value":[1765000000.0,"\#(value)"]}"#
            }
            return #"{"status":"success","data":{"resultType":"vector","result":[\#(samples.joined(separator: ","))]}}"#
        }
    }

    /// Runs a query round through the real client (blocking: the benchmark is synchronous).
    static func poll(_ prom: PromQLClient) -> [NodeSnapshot] {
        final class Box: @unchecked Sendable { var value: [NodeSnapshot] = [] }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = (try? await PrometheusStatus.snapshots(prom)) ?? []
            done.signal()
        }
        done.wait()
        return box.value
    }

    static func run(nodes count: Int = 200) {
        guard let prom = try? PromQLClient(url: "http://prometheus.bench:9090", http: RecordedPrometheus(nodes: count)) else { return }
        var state = DemoState.make(width: 200, height: 60, logLines: 1000)
        state.layout = .full
        state.focus = .nodes
        _ = Update.reduce(&state, .nodesListed([], error: nil))
        _ = Update.reduce(&state, .fleet(.source("Prometheus http://prometheus.bench:9090")))
        var polls: [UInt64] = []
        for _ in 0..<20 {   // 20 polls: the sparklines fill as they would over 100 s
            let t = Benchmark.now()
            for snap in poll(prom) { _ = Update.reduce(&state, .nodeSnapshot(snap)) }
            polls.append(Benchmark.now() - t)
        }
        var frame = ScreenBuffer(width: 200, height: 60)
        var renders: [UInt64] = []
        for _ in 0..<1000 {
            let t = Benchmark.now()
            Renderer.render(state, into: &frame)
            renders.append(Benchmark.now() - t)
        }
        var keys: [UInt64] = []
        for i in 0..<2000 {
            let t = Benchmark.now()
            _ = Update.reduce(&state, .key((i / 400) % 2 == 0 ? .down : .up))
            Renderer.render(state, into: &frame)
            keys.append(Benchmark.now() - t)
        }
        print("nodes pane (200×60 full layout, \(state.nodes.nodes.count) nodes from recorded Prometheus answers)")
        print(String(format: "  poll → state        p50 %.1f ms   p99 %.1f ms   (9 PromQL answers parsed + %d snapshots reduced)",
                     Benchmark.percentile(polls, 0.5) / 1000, Benchmark.percentile(polls, 0.99) / 1000, state.nodes.nodes.count))
        print(String(format: "  full-frame render   p50 %.0f µs   p99 %.0f µs",
                     Benchmark.percentile(renders, 0.5), Benchmark.percentile(renders, 0.99)))
        print(String(format: "  j/k → frame         p50 %.0f µs   p99 %.0f µs   (selection scrolls through the fleet)",
                     Benchmark.percentile(keys, 0.5), Benchmark.percentile(keys, 0.99)))
    }
}
