import Foundation
import Testing
import TestSupport
@testable import OSVMTUI

/// The explorer's store and chain service against a real JSON-RPC server on 127.0.0.1
/// whose answers change (Peers/changing_rpc.py, Python stdlib): refresh after an airdrop,
/// "load more" with the before= cursor, and the header poll logged only on changes.
@Suite(.serialized) struct ExplorerServerTests {
    static let address = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"

    /// The server process; its stdin is our pipe, so it exits with us.
    final class Server: @unchecked Sendable {
        let peer: PortPeer
        var url: String { peer.baseURL }       // it listens before it prints

        init() throws {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers/changing_rpc.py")
            peer = try PortPeer(executable: "/usr/bin/env", arguments: ["python3", script.path])
        }

        /// A JSON-RPC call from outside the workbench (another client of the cluster).
        func call(_ method: String, _ params: String) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", "-c", """
                import sys, urllib.request
                req = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), headers={"Content-Type": "application/json"})
                print(urllib.request.urlopen(req, timeout=10).read().decode())
                """, url, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\(method)\",\"params\":\(params)}"]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }

        func stop() { peer.stop(grace: 5) }
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [LogLine] = []
        func add(_ l: [LogLine]) { lock.withLock { all += l } }
        var texts: [String] { lock.withLock { all.map(\.text) } }
    }

    static func waitFor(_ what: String, timeout: Double = 20, _ ok: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if await ok() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("timed out waiting for \(what)")
        return false
    }

    @Test func refreshShowsTheBalanceAfterAnAirdropAndLoadMorePagesWithBefore() async throws {
        let server = try Server()
        defer { server.stop() }
        let lines = Lines()
        let log = LogSink(clock: { "00:00:00" }) { lines.add($0) }
        let chain = ChainService(url: server.url, log: log)
        let services = Services(lookup: { try await chain.lookup($0) })
        var live = services
        live.signatures = { try await chain.signatures($0, before: $1) }
        var s = Fixture.state()
        s.focus = .explorer
        let store = Store(state: s, services: live, publish: { _ in })
        Task { await store.run() }
        for c in Self.address { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        func account() async -> AccountSummary? {
            if case .account(let a)? = await store.state.explorer.stack.last { return a }
            return nil
        }
        guard await Self.waitFor("the account", { await account()?.balance == "1 ◎" }) else { return }
        let first = await account()
        #expect(first?.signatures.count == 20 && first?.moreSignatures == true)

        _ = try server.call("requestAirdrop", "[\"\(Self.address)\", 2000000000]")
        store.input.yield(.key(.escape))                      // navigation mode
        store.input.yield(.key(.char("j")))
        store.input.yield(.key(.char("r")))
        guard await Self.waitFor("the refreshed balance", { await account()?.balance == "3 ◎" }) else { return }
        #expect(await store.state.explorer.stack.count == 1)   // replaced, not pushed
        #expect(await store.state.explorer.selected == 1)      // selection kept

        store.input.yield(.key(.end))                          // the "load more" item
        store.input.yield(.key(.enter))
        guard await Self.waitFor("the second page", { await account()?.signatures.count == 40 }) else { return }
        store.input.yield(.key(.end))
        store.input.yield(.key(.enter))
        guard await Self.waitFor("the last page", { await account()?.moreSignatures == false }) else { return }
        let a = await account()
        #expect(a?.signatures.count == 45)
        #expect(Set(a?.signatures.map(\.signature) ?? []).count == 45)          // no page twice
        #expect(a?.signatures.map(\.slot) == (0..<45).map { UInt64(900 - $0) })  // newest first, in order
        store.input.finish()
    }

    @Test func theHeaderPollIsLoggedOnlyWhenItChanges() async throws {
        let server = try Server()
        defer { server.stop() }
        let lines = Lines()
        let log = LogSink(clock: { "00:00:00" }) { lines.add($0) }
        let chain = ChainService(url: server.url, log: log)
        for _ in 0..<4 { #expect(await chain.status().connected == true) }
        _ = try server.call("setFailing", "[true]")
        for _ in 0..<4 { #expect(await chain.status().connected == false) }
        _ = try server.call("setFailing", "[false]")
        for _ in 0..<4 { #expect(await chain.status().connected == true) }
        _ = try await chain.lookup(.account(Self.address))     // explorer calls are all logged
        guard await Self.waitFor("the log lines", { lines.texts.contains { $0.hasPrefix("rpc getAccountInfo") } }) else { return }
        let polls = lines.texts.filter { $0.contains("getEpochInfo") }
        #expect(polls.count == 3, "\(polls)")
        #expect(polls[0].hasPrefix("rpc getEpochInfo ") && polls[0].contains("polled"))
        #expect(polls[1].contains("failed") && polls[1].contains("node is behind"))
        #expect(polls[2].hasPrefix("rpc getEpochInfo recovered"))
    }
}
