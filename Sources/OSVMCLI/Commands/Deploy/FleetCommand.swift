import ArgumentParser
import Deploy
import Foundation

/// `osvm nodes deploy HOST HOST … | --inventory hosts.yml [--group G] [--limit a,b] --parallel N`:
/// the same deployment on many hosts at once, a live per-host table, a summary, and every
/// completed host registered. One host failing never stops the others; each has its own
/// journal, so running the same command again resumes only the unfinished hosts.
enum FleetCommand {
    struct Member: Sendable {
        var name: String
        var target: String
        var key: String?
        var proxyCommand: String? = nil
    }

    static func members(_ cmd: DeployCommand) throws -> [Member] {
        var out = cmd.targets.map { Member(name: $0, target: $0, key: nil) }
        if let path = cmd.inventory {
            let inv = try Inventory.load((path as NSString).expandingTildeInPath)
            let names = cmd.limit.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            for h in try inv.select(groups: cmd.group, names: names) {
                out.append(Member(name: h.name, target: h.target.description, key: h.key, proxyCommand: h.proxyCommand))
            }
        }
        var seen = Set<String>()
        for m in out where !seen.insert(m.name).inserted { throw DeployError.local("host '\(m.name)' is listed twice") }
        return out
    }

    static func run(_ cmd: DeployCommand) async throws {
        let members = try members(cmd)
        // Every input error surfaces before anything connects.
        var specs: [String: DeploymentSpec] = [:]
        for m in members { specs[m.name] = try cmd.request(for: m.target).spec() }
        if let w = specs.values.first?.metrics?.warning { deployErr(w) }
        let sshFor: @Sendable (Member) -> SSHOptions = { [ssh = cmd.ssh.options()] m in
            var o = ssh
            if let key = m.key { o.identityFile = key }
            if let pc = m.proxyCommand { o.extraOptions.append("ProxyCommand=" + pc) }
            return o
        }
        if cmd.dryRun {
            for m in members {
                deployOut("== \(m.name)")
                do {
                    let (plan, client) = try await DeploySession.plan(cmd.request(for: m.target), ssh: sshFor(m), dryRun: true) { deployOut("   " + $0) }
                    for (i, item) in await Deployer(shell: client, store: .standard()).dryRun(plan).enumerated() {
                        deployOut(String(format: "%2d. ", i + 1) + item.line)
                    }
                } catch {
                    deployOut("   cannot plan: \(error)")
                }
            }
            return
        }
        if !cmd.yes {
            guard isatty(0) == 1 else { throw DeployError.local("refusing to deploy without a terminal to confirm; pass --yes") }
            deployOut("Deploy \(cmd.svm) \(cmd.nodeType) (\(cmd.network)) to \(members.count) hosts (\(cmd.parallel) at a time): "
                      + members.map(\.name).joined(separator: ", ") + "? [y/N] ")
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { throw ExitCode(1) }
        }
        let store = JournalStore.standard()
        let jobs = members.map { m in
            FleetDeployer.Job(name: m.name) { [req = cmd.request(for: m.target), ssh = sshFor(m), consent = cmd.tuneSystem] events in
                let (plan, client) = try await DeploySession.plan(req, ssh: ssh, dryRun: false)
                return try await Deployer(shell: client, store: store, consent: consent, onEvent: events).run(plan)
            }
        }
        let progress = FleetProgress(hosts: members.map(\.name))
        let live = isatty(2) == 1 ? LiveTable(progress) : nil
        let started = Date()
        let results = await FleetDeployer(store: store, parallel: cmd.parallel).run(jobs: jobs) { host, event in
            progress.apply(host, event)
            if live == nil { plainLine(host, event) }
        }
        live?.stop()

        // Registered one after another: the registry is one file.
        deployOut(FleetSummary.header(hosts: members.count, seconds: Date().timeIntervalSince(started), parallel: cmd.parallel))
        let width = members.map(\.name.count).max() ?? 4
        for (m, r) in zip(members, results) {
            var node: String?
            if case .completed(let journal) = r.outcome {
                node = try DeploySession.register(journal.spec, ssh: sshFor(m), name: cmd.inventory != nil ? m.name : nil)
            }
            deployOut(FleetSummary.line(r, width: width, registeredAs: node))
        }
        if let footer = FleetSummary.footer(results) {
            deployErr(footer)
            throw ExitCode(FleetSummary.exitStatus(results))
        }
    }

    /// Without a terminal: the single-host lines (not the remote output), prefixed with the host.
    static func plainLine(_ host: String, _ e: DeployEvent) {
        if case .output = e { return }
        deployOut("\(host): " + DeployPrinter.line(e))
    }

    /// The table redrawn in place on stderr twice a second.
    final class LiveTable: @unchecked Sendable {
        private let timer: DispatchSourceTimer
        private var drawn = 0
        private let lock = NSLock()
        private let progress: FleetProgress

        init(_ progress: FleetProgress) {
            self.progress = progress
            timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now(), repeating: 0.5)
            timer.setEventHandler { [weak self] in self?.draw() }
            timer.resume()
        }

        func draw() {
            lock.withLock {
                let lines = progress.table()
                var out = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
                for l in lines { out += "\r\u{1B}[2K" + l + "\n" }
                drawn = lines.count
                FileHandle.standardError.write(Data(out.utf8))
            }
        }

        func stop() {
            timer.cancel()
            draw()
        }
    }
}
