import Chain
import Foundation
import OVSMKit
import Testing
@testable import Deploy

let prometheusPath = "/usr/bin/prometheus"
let havePrometheus = FileManager.default.isExecutableFile(atPath: prometheusPath)
    && FileManager.default.isExecutableFile(atPath: repoRoot + "/tools/localnet/.venv/bin/python")
let promSkipNote = "skipped: needs Debian's prometheus (apt-get install -y prometheus) and the local validator (bash tools/localnet/setup.sh)"

/// A child process started for a test and killed when the test ends.
final class Child: @unchecked Sendable {
    let process = Process()
    let output = Pipe()
    init(_ path: String, _ args: [String]) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }
    /// The first line the child prints.
    func firstLine() -> String {
        var bytes = Data()
        while true {
            let b = output.fileHandleForReading.readData(ofLength: 1)
            if b.isEmpty || b == Data("\n".utf8) { break }
            bytes.append(b)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }
}

/// Polls `body` until it returns a value or `seconds` pass.
func eventually<T>(_ seconds: Double, _ body: () async throws -> T?) async -> T? {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if let v = try? await body() { return v }
        try? await Task.sleep(nanoseconds: 200_000_000)
    }
    return nil
}

@Suite struct NodeMetricsTests {
    @Test func expositionFollowsThePrometheusTextFormat() {
        var m = NodeMetrics()
        m.up = true; m.healthy = true; m.slot = 42; m.referenceSlot = 50; m.version = "2.1 \"x\"\n"; m.voteDelinquent = false
        let text = m.exposition(labels: ["node": "a\\b"])
        #expect(text.contains("# TYPE solana_node_slot gauge\nsolana_node_slot{node=\"a\\\\b\"} 42\n"))
        #expect(text.contains("solana_node_slots_behind{node=\"a\\\\b\"} 8\n"))
        #expect(text.contains("solana_node_version_info{node=\"a\\\\b\",version=\"2.1 \\\"x\\\"\\n\"} 1\n"))
        #expect(text.contains("solana_vote_delinquent{node=\"a\\\\b\"} 0\n"))
        // Unknown figures are absent, never 0.
        #expect(!NodeMetrics().exposition().contains("solana_node_slot "))
    }

    @Test func delinquencyIsReadFromGetVoteAccounts() throws {
        let v = try JSONValueFixture.parse(#"{"current":[{"votePubkey":"A"}],"delinquent":[{"votePubkey":"B"}]}"#)
        #expect(try NodeMetrics.delinquency(of: "B", in: v) == true)
        #expect(try NodeMetrics.delinquency(of: "A", in: v) == false)
        #expect(throws: DeployError.self) { try NodeMetrics.delinquency(of: "C", in: v) }
    }

    @Test func theServerAnswersScrapesAndRefusesTheRest() async throws {
        let server = try MetricsServer(host: "127.0.0.1", port: 0, render: { "m 1\n" })
        Thread { server.serve() }.start()
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let http = DefaultHTTPClient.shared
        let ok = try await http.send(HTTPRequest(url: URL(string: base + "/metrics")!, method: "GET", deadline: 5))
        #expect(ok.status == 200 && String(decoding: ok.body, as: UTF8.self) == "m 1\n")
        #expect(ok.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let missing = try await http.send(HTTPRequest(url: URL(string: base + "/nope")!, method: "GET", deadline: 5))
        #expect(missing.status == 404)
        let post = try await http.send(HTTPRequest(url: URL(string: base + "/metrics")!, method: "POST", body: Data(), deadline: 5))
        #expect(post.status == 405)
        #expect(throws: DeployError.self) { _ = try MetricsServer(host: "not-an-ip", port: 0, render: { "" }) }
    }

    @Test func configurationAndTargetsComeFromTheRegistry() throws {
        let dir = NSTemporaryDirectory() + "osvm-prom-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let nodes = [PrometheusTests.record("b", host: "10.0.0.2"), PrometheusTests.record("a", host: "::1")]
        var setup = PrometheusSetup()
        setup.exporterPort = 9999
        let written = try setup.write(to: dir, nodes: nodes)
        #expect(written.count == 4)
        let targets = try String(contentsOfFile: dir + "/osvm-nodes.json", encoding: .utf8)
        #expect(targets.contains("\"[::1]:9999\"") && targets.contains("\"10.0.0.2:9999\""))
        #expect(targets.range(of: "\"a\"")!.lowerBound < targets.range(of: "\"b\"")!.lowerBound)
        // A node deployed with its own metrics ports is scraped there.
        var c = PrometheusTests.record("c", host: "10.0.0.3")
        c.spec.metrics = MetricsEndpoint(listen: "0.0.0.0", port: 9801, allow: [], exporterBinary: "/x", exporterSHA256: "", machinePort: 9802)
        #expect(setup.targets([c], port: 9999).contains("\"10.0.0.3:9801\""))
        #expect(setup.targets([c], port: 9100, machine: true).contains("\"10.0.0.3:9802\""))
        // An edited prometheus.yml is kept; the target lists are always rewritten.
        try "edited".write(toFile: dir + "/prometheus.yml", atomically: true, encoding: .utf8)
        let again = try setup.write(to: dir, nodes: [])
        #expect(again.count == 2)
        #expect(try String(contentsOfFile: dir + "/prometheus.yml", encoding: .utf8) == "edited")
    }
}

/// A real Prometheus from Debian scraping `osvm nodes exporter`'s server in front of the
/// local validator; the status read back through PromQL; the down alert firing once the
/// exporter stops.
@Suite(.serialized) struct PrometheusTests {
    static func record(_ name: String, host: String, port: Int = 8899) -> NodeRecord {
        let spec = DeploymentSpec(
            svm: "solana", nodeType: .rpc, network: "devnet", target: SSHTarget(user: "root", host: host), prefix: "/opt/osvm",
            serviceName: "osvm-\(name)", serviceUser: "solana", rpcPort: port, version: "2.1.0",
            binary: .upload(localPath: "/bin/true", sha256: ""), binaryName: "true", launch: "", commands: [], aptPackages: [],
            requirements: nil, ports: [port], sysctl: [:], nofileLimit: nil, systemTuning: false,
            serviceManager: .systemd, rpcURL: "http://\(host):\(port)", referenceRPC: nil, healthTimeout: 20)
        return NodeRecord(name: name, target: SSHTarget(user: "root", host: host), ssh: SSHOptions(), spec: spec)
    }

    @Test(.enabled(if: havePrometheus, Comment(rawValue: promSkipNote)))
    func prometheusScrapesTheExporterAndFiresTheDownAlert() async throws {
        let dir = NSTemporaryDirectory() + "osvm-prom-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let validator = try Child(repoRoot + "/tools/localnet/.venv/bin/python", [repoRoot + "/tools/localnet/localnet.py", "--port", "0"])
        defer { validator.stop() }
        let listening = validator.firstLine()
        let rpcPort = try #require(Int(listening.split(separator: " ").last ?? ""), "validator said \(listening)")
        let rpc = "http://127.0.0.1:\(rpcPort)"

        let exporter = try MetricsServer(host: "127.0.0.1", port: 0, render: {
            let box = Box<NodeMetrics>()
            let done = DispatchSemaphore(value: 0)
            Task { box.value = await NodeMetrics.collect(rpc: rpc, reference: rpc); done.signal() }
            done.wait()
            return box.value!.exposition()
        })
        Thread { exporter.serve() }.start()
        var exporterStopped = false
        defer { if !exporterStopped { exporter.stop() } }

        var setup = PrometheusSetup()
        setup.exporterPort = Int(exporter.port)
        setup.machinePort = 1            // no node-exporter here: that job is simply down
        setup.scrapeInterval = "1s"
        setup.alertFor = "2s"
        try setup.write(to: dir, nodes: [Self.record("n1", host: "127.0.0.1", port: rpcPort)])
        let promPort = freePort()
        let prom = try Child(prometheusPath, ["--config.file=\(dir)/prometheus.yml", "--storage.tsdb.path=\(dir)/data",
                                              "--web.listen-address=127.0.0.1:\(promPort)", "--log.level=error"])
        defer { prom.stop() }
        let client = try PromQLClient(url: "http://127.0.0.1:\(promPort)")

        let slot = await eventually(60) { () async throws -> Double? in
            try await client.query(#"solana_node_slot{node="n1"}"#).first?.value
        }
        #expect(slot != nil, "Prometheus never scraped a slot")
        let snaps = try await PrometheusStatus.snapshots(client)
        let n1 = try #require(snaps.first { $0.node == "n1" })
        #expect(n1.serviceState == "UP" && n1.health == "ok" && n1.slot != nil && n1.slotsBehind == 0, "\(n1.line)")

        // Range queries feed the sparklines.
        let series = try await client.queryRange(#"solana_node_slot{node="n1"}"#, start: Date().addingTimeInterval(-30), end: Date(), step: 1)
        #expect(series.first?.points.isEmpty == false)
        // The fleet reading the Nodes pane uses: source first, history, then snapshots.
        var readings: [FleetReading] = []
        for await r in FleetReadings.prometheus(client, every: 1, historyWindow: 30) {
            readings.append(r)
            if case .snapshot = r { break }
        }
        #expect(readings.first == .source("Prometheus http://127.0.0.1:\(promPort)"))
        // (Prometheus has scraped for a few seconds only: the history may hold a point or two.)
        #expect(readings.contains { if case .history(node: "n1", _, _) = $0 { return true }; return false })
        #expect(readings.contains { if case .snapshot(let s) = $0 { return s.node == "n1" }; return false })

        // The exporter goes away: up == 0, and after `for: 2s` the alert fires.
        exporter.stop()
        exporterStopped = true
        let firing = await eventually(60) { () async throws -> Bool? in
            let a = try await client.query(#"ALERTS{alertname="OsvmNodeDown",alertstate="firing",node="n1"}"#)
            return a.isEmpty ? nil : true
        }
        #expect(firing == true, "OsvmNodeDown never fired")
        let after = try await PrometheusStatus.snapshots(client)
        #expect(after.first { $0.node == "n1" }?.alerts.contains { $0.message == "OsvmNodeDown" } == true)

        // A bad query is a plain error naming Prometheus.
        await #expect(throws: DeployError.self) { _ = try await client.query("sum(") }
    }
}

final class Box<T>: @unchecked Sendable { var value: T? }

enum JSONValueFixture {
    static func parse(_ s: String) throws -> OVSMKit.Value { try OVSMKit.JSON.parse(s) }
}
