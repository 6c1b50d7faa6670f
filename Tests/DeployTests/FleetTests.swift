import Foundation
import Testing
@testable import Deploy

@Suite struct InventoryTests {
    static let sample = """
        defaults: {user: root, port: 2200, key: /keys/osvm}
        groups:
          rpc:
            labels: {role: rpc}
            hosts:
              - 10.0.0.5
              - {host: 10.0.0.6, name: rpc-2, user: solana, port: 2222, labels: {region: eu}}
              - admin@10.0.0.7:2022
          validators:
            port: 22
            hosts:
              - "[::1]:2201"
              - val.example
        """

    @Test func hostsInheritDefaultsGroupsAndTheirOwnSettings() throws {
        let inv = try Inventory.parse(Self.sample, path: "hosts.yml")
        let byName = Dictionary(uniqueKeysWithValues: inv.hosts.map { ($0.name, $0) })
        #expect(inv.hosts.map(\.name) == ["10.0.0.5", "rpc-2", "10.0.0.7", "::1", "val.example"])
        #expect(byName["10.0.0.5"]?.target == SSHTarget(user: "root", host: "10.0.0.5", port: 2200))
        #expect(byName["10.0.0.5"]?.labels == ["role": "rpc"] && byName["10.0.0.5"]?.key == "/keys/osvm")
        #expect(byName["rpc-2"]?.target == SSHTarget(user: "solana", host: "10.0.0.6", port: 2222))
        #expect(byName["rpc-2"]?.labels == ["role": "rpc", "region": "eu"])
        #expect(byName["10.0.0.7"]?.target == SSHTarget(user: "admin", host: "10.0.0.7", port: 2022))
        #expect(byName["::1"]?.target.port == 2201)
        #expect(byName["val.example"]?.target.port == 22 && byName["val.example"]?.group == "validators")
        #expect(try inv.select(groups: ["validators"]).count == 2)
        #expect(try inv.select(names: ["rpc-2"]).map(\.name) == ["rpc-2"])
        #expect(throws: DeployError.self) { try inv.select(groups: ["nope"]) }
    }

    @Test func proxyCommandIsInheritedAndOverridden() throws {
        let text = """
            defaults:
              proxy_command: "ssh -W %h:%p bastion"
            groups:
              a:
                hosts: [h1, {host: h2, proxy_command: "ip netns exec %h socat - TCP:127.0.0.1:%p"}]
              b:
                hosts: [h3]
            """
        let inv = try Inventory.parse(text, path: "hosts.yml")
        #expect(inv.hosts.map(\.proxyCommand) == ["ssh -W %h:%p bastion", "ip netns exec %h socat - TCP:127.0.0.1:%p", "ssh -W %h:%p bastion"])
    }

    @Test(arguments: [
        ("defaults: {proxy_command: \"\"}\ngroups: {a: {hosts: [h]}}", "'proxy_command' must be one command line"),
        ("defaults: {usr: x}\ngroups: {a: {hosts: [h]}}", "unknown key 'usr' in defaults"),
        ("groups: {a: {hosts: [h1, h1]}}", "appears twice"),
        ("groups: {a: {hosts: [h1]}}\nextra: 1", ":2: unknown key 'extra'"),
        ("groups: {a: {hostz: [h1]}}", "unknown key 'hostz'"),
        ("defaults: {port: 70000}\ngroups: {a: {hosts: [h]}}", ":1: 'port' must be 1–65535"),
        ("groups: {a: {hosts: [{name: x}]}}", "needs 'host:'"),
        ("groups: {a: {labels: {bad-name: x}, hosts: [h]}}", "Prometheus label name"),
        ("groups:\n\ta: 1", ":2: tab in indentation"),
        ("groups: {a: {hosts: []}}", "lists no hosts"),
        ("groups: [", "hosts.yml:"),
    ])
    func badInventoriesNameFileAndLine(text: String, message: String) {
        do {
            _ = try Inventory.parse(text, path: "hosts.yml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}

@Suite(.serialized) struct FleetTests {
    /// Two real hosts (each its own sshd and supervisord) and one that refuses SSH,
    /// deployed together: the broken one fails alone, the others complete.
    @Test(.enabled(if: haveSSHD, Comment(rawValue: skipNote)))
    func oneBrokenHostNeverStopsTheOthers() async throws {
        let a = try SSHDFixture(), b = try SSHDFixture()
        defer { a.stop(); b.stop() }
        let dead = SSHTarget(user: "root", host: "127.0.0.1", port: freePort())
        var deadSpec = try a.localnetSpec(prefix: a.dir + "/dead")
        deadSpec.target = dead
        let hosts = [
            FleetDeployer.Host(name: "a", plan: PlanBuilder.plan(for: try a.localnetSpec()), shell: a.client),
            FleetDeployer.Host(name: "dead", plan: PlanBuilder.plan(for: deadSpec),
                               shell: SSHClient(target: dead, options: SSHOptions(identityFile: a.userKey, knownHostsFile: a.knownHosts, connectTimeout: 3))),
            FleetDeployer.Host(name: "b", plan: PlanBuilder.plan(for: try b.localnetSpec()), shell: b.client),
        ]
        let progress = FleetProgress(hosts: hosts.map(\.name))
        let store = JournalStore(directory: a.dir + "/fleet-journals")
        let results = await FleetDeployer(store: store, parallel: 3).run(hosts) { progress.apply($0, $1) }
        #expect(results.map(\.host) == ["a", "dead", "b"])
        #expect(results[0].outcome.succeeded && results[2].outcome.succeeded, "\(results)")
        guard case .failed(let why) = results[1].outcome else { Issue.record("the dead host succeeded"); return }
        #expect(why.contains("refused") || why.contains("timed out"), "\(why)")
        let rows = progress.snapshot
        #expect(rows.first { $0.host == "a" }?.state == "completed" && rows.first { $0.host == "b" }?.state == "completed", "\(rows)")
        #expect(progress.table().count == 3)
    }
}
