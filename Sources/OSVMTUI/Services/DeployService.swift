import Assistant
import Deploy
import Foundation
import OSVMSettings
import Synchronization

extension Services {
    /// Adds live deployments (`:deploy`) through the Deploy library: the same plan, journal
    /// (`~/.config/osvm/deployments/`) and node registry as `osvm deploy`. Kernel settings
    /// are never changed from the workbench (no consent); dry runs change nothing.
    func withDeploy(environment: [String: String]) -> Services {
        var s = self
        let home = environment["HOME"] ?? NSHomeDirectory()
        let store = JournalStore(directory: home + "/.config/osvm/deployments")
        let registry = NodeRegistry.standardPath(environment: environment)
        s.doctor = {
            var d = Doctor.load(environment: environment)
            let store = MCPConfigStore(home: d.settings.home)
            d.mcpProbe = { t in
                await MCPProbe.probeAll(try store.load(), timeout: t).map { MCPServerAnswer(name: $0.name, answered: $0.answered, detail: $0.detail) }
            }
            return await d.run()
        }
        s.deploy = { order in
            AsyncStream { out in
                let task = Task { await Self.runDeployment(order, store: store, registry: registry, out: out) }
                out.onTermination = { _ in task.cancel() }
            }
        }
        return s
    }

    static func runDeployment(_ order: DeployOrder, store: JournalStore, registry: String,
                              out: AsyncStream<DeployUpdate>.Continuation) async {
        defer { out.finish() }
        let running = Mutex<(index: Int, since: Date)?>(nil)
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                if let r = running.withLock({ $0 }) { out.yield(.elapsed(index: r.index, seconds: Date().timeIntervalSince(r.since))) }
            }
        }
        defer { heartbeat.cancel() }
        do {
            let (plan, client) = try await DeploySession.plan(order.request, ssh: order.ssh, dryRun: order.dryRun) { out.yield(.note($0)) }
            let deployer = Deployer(shell: client, store: store, consent: false) { e in
                switch e {
                case .stepStarted(let i, _): running.withLock { $0 = (i, Date()) }
                case .stepFinished, .finished: running.withLock { $0 = nil }
                default: break
                }
                out.yield(.event(e))
            }
            if order.dryRun {
                out.yield(.event(.started(id: plan.id, steps: plan.steps.map(\.title), resumedFrom: nil)))
                for (i, item) in await deployer.dryRun(plan).enumerated() {
                    out.yield(.verdict(index: i, String(item.line.prefix { $0 != "]" }.dropFirst())))
                }
                return
            }
            try await deployer.run(plan)
            let name = try DeploySession.register(plan.spec, ssh: order.ssh, name: order.options["name"], registryPath: registry)
            out.yield(.note("registered node '\(name)'"))
        } catch {
            if !Task.isCancelled { out.yield(.failed("\(error)")) }
        }
    }
}
