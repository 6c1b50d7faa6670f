import Foundation
import Testing
@testable import Deploy

/// The devnet node's pieces that need no process: its command line, its state layout,
/// the log follower over truncation and rotation. The lifecycle against an executable
/// stand-in runs from tests/deploy/test_rpc_devnet.py.
struct DevnetNodeTests {
    @Test func commandLineIsExactlyTheDevnetRPCNode() {
        let layout = DevnetNodeLayout(directory: "/s")
        let args = DevnetNodeOptions().arguments(layout: layout)
        #expect(args == [
            "--identity", "/s/identity.json", "--ledger", "/s/ledger", "--log", "/s/validator.log",
            "--rpc-port", "8899", "--rpc-bind-address", "127.0.0.1", "--dynamic-port-range", "8000-8030",
            "--entrypoint", "entrypoint.devnet.solana.com:8001", "--entrypoint", "entrypoint2.devnet.solana.com:8001",
            "--entrypoint", "entrypoint3.devnet.solana.com:8001", "--entrypoint", "entrypoint4.devnet.solana.com:8001",
            "--entrypoint", "entrypoint5.devnet.solana.com:8001",
            "--known-validator", "dv1ZAGvdsz5hHLwWXsVnM94hWf1pjbKVau1QVkaMJ92",
            "--known-validator", "dv2eQHeP4RFrJZ6UeiZWoc3XTtmtZCUKxxCApCDcRNV",
            "--known-validator", "dv4ACNkpYPcE3aKmYDqZm9G5EB3J4MRoeE7WNDRBVJB",
            "--known-validator", "dv3qDFk1DTF36Z62bNvrCXe9sKATA6xvVy6A798xxAS",
            "--only-known-rpc", "--expected-genesis-hash", "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG",
            "--limit-ledger-size", "50000000", "--wal-recovery-mode", "skip_any_corrupted_record",
            "--no-voting", "--full-rpc-api", "--enable-rpc-transaction-history",
        ])
        #expect(!args.joined(separator: " ").contains(".config/solana"))
    }

    @Test func layoutFollowsXDGStateHomeAndNeverSolanaConfig() {
        #expect(DevnetNodeLayout.standard(environment: ["HOME": "/h/"]).directory == "/h/.local/state/osvm/devnet")
        #expect(DevnetNodeLayout.standard(environment: ["HOME": "/h", "XDG_STATE_HOME": "/x"]).identity == "/x/osvm/devnet/identity.json")
        // A relative XDG_STATE_HOME is ignored, as the XDG spec says.
        #expect(DevnetNodeLayout.standard(environment: ["HOME": "/h", "XDG_STATE_HOME": "rel"]).directory == "/h/.local/state/osvm/devnet")
        #expect(DevnetNodeLayout.standard(environment: ["HOME": "/h"], ledger: "/big/ledger").ledger == "/big/ledger")
    }

    @Test func optionsAreValidated() throws {
        var o = DevnetNodeOptions()
        try o.validate()
        o.rpcPort = 8001
        #expect(throws: DeployError.self) { try o.validate() }
        o = DevnetNodeOptions(); o.ledgerLimitShreds = 49_999_999
        #expect(throws: DeployError.self) { try o.validate() }
        o = DevnetNodeOptions(); o.rpcBindAddress = "256.0.0.1"
        #expect(throws: DeployError.self) { try o.validate() }
        #expect(try DevnetNodeOptions.PortRange.parse("9000-9040") == .init(9000, 9040))
        for bad in ["9000", "9040-9000", "0-10", "a-b", "1-2-3", "-5"] {
            #expect(throws: DeployError.self) { try DevnetNodeOptions.PortRange.parse(bad) }
        }
    }

    @Test func logFollowerSeesAppendsTruncationAndRotation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("devnet-log-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/validator.log"
        try Data((1...100).map { "line \($0)\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
        #expect(LogFollower.lastLines(of: path, count: 3) == "line 98\nline 99\nline 100\n")
        #expect(LogFollower.lastLines(of: path, count: 500).split(separator: "\n").count == 100)
        #expect(LogFollower.lastLines(of: dir + "/missing", count: 3) == "")

        let f = LogFollower(path: path)
        #expect(f.poll().isEmpty)   // starts at the end
        let h = try #require(FileHandle(forWritingAtPath: path))
        try h.seekToEnd()
        h.write(Data("line 101\n".utf8))
        #expect(f.poll() == [.data(Data("line 101\n".utf8))])
        // copytruncate: the file shrinks under the follower.
        try h.truncate(atOffset: 0)
        h.write(Data("fresh\n".utf8))
        try h.close()
        #expect(f.poll() == [.restarted, .data(Data("fresh\n".utf8))])
        // Rotation by rename: a new file (new inode) at the same path.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        #expect(f.poll().isEmpty)   // gone for now: wait for it
        try Data("after rotation\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(f.poll() == [.restarted, .data(Data("after rotation\n".utf8))])
    }

    @Test func processStateTellsOursFromOthersAndFromTheDead() throws {
        let me = getpid()
        let myArgs = CommandLine.arguments
        #expect(DetachedProcess.state(of: me, marker: myArgs[0]) == .running)
        #expect(DetachedProcess.state(of: me, marker: "/no/such/ledger") == .otherProcess)
        #expect(DetachedProcess.state(of: 0, marker: "x") == .gone)
        #expect(DetachedProcess.state(of: Int32.max, marker: "x") == .gone)
    }
}
