import Foundation
import Testing
@testable import Chain
@testable import OSVMHost
import OVSMKit

/// End-to-end against tools/localnet (LiteSVM): started on an ephemeral 127.0.0.1 port by
/// each test, stopped at its end.
@Suite("local validator end-to-end", .serialized, .enabled(if: Localnet.available, Comment(rawValue: Localnet.skipMessage)))
struct LocalnetTests {
    func withValidator(_ body: (RPCClient, ServerProcess) async throws -> Void) async throws {
        let server = try Localnet.start()
        defer { server.stop() }
        let client = try RPCClient(url: server.url, timeout: 10)
        try await body(client, server)
    }

    @Test("health, version, slot, epoch, blockhash, rent, batch")
    func basics() async throws {
        try await withValidator { rpc, _ in
            #expect(try await rpc.getHealth() == "ok")
            #expect(try await rpc.getVersion().solanaCore.isEmpty == false)
            let slot = try await rpc.getSlot()
            #expect(slot >= 1)
            #expect(try await rpc.getBlockHeight() >= 1)
            let epoch = try await rpc.getEpochInfo()
            #expect(epoch.absoluteSlot == slot && epoch.slotsInEpoch > 0)
            _ = try await rpc.getLatestBlockhash()
            #expect(try await rpc.getMinimumBalanceForRentExemption(0) == 890_880)
            let unknown = try Keypair.generate().pubkey
            #expect(try await rpc.getBalance(unknown) == 0)
            #expect(try await rpc.getAccountInfo(unknown) == nil)
            #expect(try await rpc.getTokenAccountsByOwner(unknown).isEmpty)
            let b = try await rpc.batch([("getSlot", []), ("getHealth", []), ("noSuchMethod", [])])
            #expect(try b[1].get() == .string("ok"))
            if case .failure(let e) = b[2] { #expect(e.serverCode == -32601) } else { Issue.record("expected -32601") }
            // Malformed params → a typed server error, not a crash.
            do { _ = try await rpc.call("getBalance", [.string("not-a-key")]); Issue.record("accepted") } catch let e as RPCError {
                #expect(e.serverCode == -32602)
            }
        }
    }

    @Test("airdrop, transfer, read back via getTransaction and getSignaturesForAddress")
    func airdropAndTransfer() async throws {
        try await withValidator { rpc, _ in
            let payer = try Keypair.generate()
            let dest = try Keypair.generate().pubkey
            let drop = try await rpc.requestAirdrop(payer.pubkey, lamports: 2_000_000_000)
            let st = try await rpc.confirm(drop, commitment: .confirmed, timeout: 10)
            #expect(st.err == nil)
            #expect(try await rpc.getBalance(payer.pubkey) == 2_000_000_000)

            let bh = try await rpc.getLatestBlockhash().blockhash
            let amount: UInt64 = 123_456_789
            let tx = try Transaction(instructions: [SystemProgram.transfer(from: payer.pubkey, to: dest, lamports: amount)],
                                     signers: [payer], recentBlockhash: bh)
            #expect(try await rpc.getFeeForMessage(tx.message) == 5000)
            let sim = try await rpc.simulateTransaction(tx)
            #expect(sim.err == nil && sim.logs.contains { $0.contains("success") })
            let sig = try await rpc.sendTransaction(tx)
            #expect(sig == tx.id)
            let status = try await rpc.confirm(sig, timeout: 10)
            #expect(status.err == nil && status.reached(.confirmed))

            #expect(try await rpc.getBalance(dest) == amount)
            #expect(try await rpc.getBalance(payer.pubkey) == 2_000_000_000 - amount - 5000)
            let acct = try #require(try await rpc.getAccountInfo(dest))
            #expect(acct.lamports == amount && acct.owner == Programs.system)
            let multi = try await rpc.getMultipleAccounts([dest, try Keypair.generate().pubkey])
            #expect(multi.count == 2 && multi[0]?.lamports == amount && multi[1] == nil)

            // getTransaction (base64): our decoder reads back the exact transaction and it verifies.
            let details = try #require(try await rpc.getTransaction(sig))
            #expect(details.transaction == tx && details.transaction.verify())
            #expect(details.fee == 5000 && details.err == nil)
            #expect(details.preBalances == [2_000_000_000, 0, 1] && details.postBalances == [2_000_000_000 - amount - 5000, amount, 1])
            let ix = details.transaction.message.instructions[0]
            #expect(SystemProgram.decodeTransfer(ix.data) == amount)
            // getTransaction (json)
            let json = try #require(try await rpc.getTransactionRaw(sig, encoding: "json"))
            guard case .object(let o) = json, case .object(let t)? = o["transaction"], case .array(let sigs)? = t["signatures"] else {
                Issue.record("shape"); return
            }
            #expect(sigs == [.string(sig.base58)])
            #expect(try await rpc.getTransaction(try Signature(bytes: [UInt8](repeating: 7, count: 64))) == nil)

            let history = try await rpc.getSignaturesForAddress(dest)
            #expect(history.map(\.signature) == [sig.base58])
            let payerHistory = try await rpc.getSignaturesForAddress(payer.pubkey, limit: 10)
            #expect(payerHistory.map(\.signature) == [sig.base58, drop.base58])   // newest first
            #expect(try await rpc.getSignaturesForAddress(payer.pubkey, limit: 1).count == 1)
            let statuses = try await rpc.getSignatureStatuses([sig, drop])
            #expect(statuses.allSatisfy { $0?.err == nil && $0 != nil })
        }
    }

    @Test("forged signature and overspend are rejected with the validator's errors")
    func rejections() async throws {
        try await withValidator { rpc, _ in
            let payer = try Keypair.generate()
            let dest = try Keypair.generate().pubkey
            _ = try await rpc.confirm(try await rpc.requestAirdrop(payer.pubkey, lamports: 1_000_000_000), timeout: 10)
            let bh = try await rpc.getLatestBlockhash().blockhash

            // Forged: flip one bit of the signature.
            let good = try Transaction(instructions: [SystemProgram.transfer(from: payer.pubkey, to: dest, lamports: 1_000_000)],
                                       signers: [payer], recentBlockhash: bh)
            var forged = good
            var bytes = forged.signatures[0].bytes; bytes[0] ^= 1
            forged.signatures[0] = try Signature(bytes: bytes)
            #expect(!forged.verify())
            do { _ = try await rpc.sendTransaction(forged); Issue.record("forged accepted") } catch let e as RPCError {
                #expect(e.serverCode == -32003)
                #expect(e.serverMessage == "Transaction signature verification failure")
            }
            do { _ = try await rpc.sendTransaction(forged, skipPreflight: true); Issue.record("forged accepted") } catch let e as RPCError {
                #expect(e.transactionError == .string("SignatureFailure"))
            }

            // Overspend: more than the balance → InstructionError [0, {Custom: 1}], no fee with preflight.
            let over = try Transaction(instructions: [SystemProgram.transfer(from: payer.pubkey, to: dest, lamports: 5_000_000_000)],
                                       signers: [payer], recentBlockhash: bh)
            do { _ = try await rpc.sendTransaction(over); Issue.record("overspend accepted") } catch let e as RPCError {
                #expect(e.serverCode == -32002)
                #expect(e.serverMessage == "Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1")
                let expected: Value = .object(OVSMObject([("InstructionError", .array([.int(0), .object(OVSMObject([("Custom", .int(1))]))]))]))
                #expect(e.transactionError == expected)
            }
            #expect(try await rpc.getBalance(payer.pubkey) == 1_000_000_000)

            // Unknown blockhash.
            let stale = try Transaction(instructions: [SystemProgram.transfer(from: payer.pubkey, to: dest, lamports: 1)],
                                        signers: [payer], recentBlockhash: try Hash(bytes: [UInt8](repeating: 5, count: 32)))
            do { _ = try await rpc.sendTransaction(stale); Issue.record("stale accepted") } catch let e as RPCError {
                #expect(e.transactionError == .string("BlockhashNotFound"))
            }
            // The good one still lands; resending it is AlreadyProcessed.
            _ = try await rpc.sendTransaction(good)
            do { _ = try await rpc.sendTransaction(good); Issue.record("replay accepted") } catch let e as RPCError {
                #expect(e.transactionError == .string("AlreadyProcessed"))
            }
        }
    }

    @Test("wire-format cross-check: solders decodes and verifies our transactions (legacy and v0)")
    func soldersCrossCheck() async throws {
        try await withValidator { rpc, _ in
            let payer = try Keypair.generate()
            let dest = try Keypair.generate().pubkey
            _ = try await rpc.confirm(try await rpc.requestAirdrop(payer.pubkey, lamports: 1_000_000_000), timeout: 10)
            let bh = try await rpc.getLatestBlockhash().blockhash
            let legacy = try Transaction(instructions: [SystemProgram.transfer(from: payer.pubkey, to: dest, lamports: 1_000_000),
                                                        MemoProgram.memo("osvm ◎ cross-check", signers: [payer.pubkey])],
                                         signers: [payer], recentBlockhash: bh)
            var v0msg = try Message.compile(instructions: [SystemProgram.transfer(from: payer.pubkey, to: dest, lamports: 2_000_000)],
                                            payer: payer.pubkey, recentBlockhash: bh)
            v0msg.version = .v0
            var v0 = Transaction(message: v0msg)
            try v0.sign([payer])

            let code = """
            import sys, base64
            from solders.transaction import VersionedTransaction, Transaction
            from solders.keypair import Keypair
            from solders.message import Message, MessageV0
            from solders.system_program import transfer, TransferParams
            from solders.instruction import Instruction, AccountMeta
            from solders.pubkey import Pubkey
            from solders.hash import Hash
            for arg in sys.argv[1:3]:
                raw = base64.b64decode(arg)
                tx = VersionedTransaction.from_bytes(raw)
                assert all(tx.verify_with_results()), "signature"
                assert bytes(tx) == raw, "re-serialization differs"
                print(type(tx.message).__name__, str(tx.signatures[0]), len(tx.message.instructions))
            # Rebuild the legacy transaction with solders from the same secret: identical bytes.
            kp = Keypair.from_bytes(bytes(int(x) for x in sys.argv[3].split(",")))
            dest = Pubkey.from_string(sys.argv[4])
            memo = Instruction(Pubkey.from_string("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr"), "osvm ◎ cross-check".encode(), [AccountMeta(kp.pubkey(), True, False)])
            ix = transfer(TransferParams(from_pubkey=kp.pubkey(), to_pubkey=dest, lamports=1_000_000))
            mine = Transaction([kp], Message([ix, memo], kp.pubkey()), Hash.from_string(sys.argv[5]))
            print("same-bytes", bytes(mine) == base64.b64decode(sys.argv[1]))
            """
            let r = try Localnet.runPython(code, args: [try legacy.base64(), try v0.base64(),
                                                        payer.secretKey.map(String.init).joined(separator: ","),
                                                        dest.base58, bh.base58])
            #expect(r.status == 0, "python: \(r.err)")
            let lines = r.out.split(separator: "\n").map(String.init)
            #expect(lines == ["Message \(legacy.id!.base58) 2", "MessageV0 \(v0.id!.base58) 1", "same-bytes True"])

            // And the validator accepts both.
            _ = try await rpc.confirm(try await rpc.sendTransaction(legacy), timeout: 10)
            let s0 = try await rpc.sendTransaction(v0)
            _ = try await rpc.confirm(s0, timeout: 10)
            let d = try #require(try await rpc.getTransaction(s0))
            #expect(d.version == .v0 && d.transaction == v0)
            #expect(try await rpc.getBalance(dest) == 3_000_000)
            let memos = try await rpc.getSignaturesForAddress(payer.pubkey, limit: 5)
            #expect(memos.contains { $0.memo?.contains("osvm ◎ cross-check") == true })
        }
    }

    @Test("OVSM host: rpc returns results in the server's shape")
    func liveHost() async throws {
        try await withValidator { _, server in
            let host = LiveHost.make(rpcURL: server.url, output: { _ in })
            let v = try host.rpc!("getBalance", .array([.string(Programs.system.base58)]))
            guard case .object(let o) = v else { Issue.record("shape \(v)"); return }
            #expect(o.keys == ["context", "value"])
            #expect(try host.rpc!("getHealth", .array([])) == .string("ok"))
            do { _ = try host.rpc!("nope", .array([])); Issue.record("no error") } catch let e as OVSMError {
                #expect(e.message == "rpc: nope: server error -32601: Method not found")
            }
        }
    }

    /// Not a test: figures for the report (`OSVM_CHAIN_BENCH=1 swift test -c release --filter bench`).
    @Test("bench: 1,000 sequential getBalance; 5 MB getBlock-like decode",
          .enabled(if: ProcessInfo.processInfo.environment["OSVM_CHAIN_BENCH"] == "1"))
    func bench() async throws {
        try await withValidator { rpc, server in
            let pk = Programs.system
            _ = try await rpc.getBalance(pk)
            var t = Date()
            for _ in 0..<1000 { _ = try await rpc.getBalance(pk) }
            let asyncTime = Date().timeIntervalSince(t)
            t = Date()
            for _ in 0..<1000 { _ = try rpc.callSync("getBalance", [.string(pk.base58)]) }
            let syncTime = Date().timeIntervalSince(t)
            // Server-side cost alone: the same 1,000 requests from Python's http.client on one connection.
            let py = try Localnet.runPython("""
            import http.client, json, time, sys
            c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
            body = json.dumps({"jsonrpc":"2.0","id":1,"method":"getBalance","params":["11111111111111111111111111111111"]})
            t = time.time()
            for i in range(1000):
                c.request("POST", "/", body, {"Content-Type": "application/json"}); c.getresponse().read()
            print("%.3f" % (time.time() - t))
            """, args: [String(server.port)])
            print("BENCH 1000 getBalance: async \(String(format: "%.3f", asyncTime)) s, sync \(String(format: "%.3f", syncTime)) s, python http.client \(py.out.trimmingCharacters(in: .whitespacesAndNewlines)) s")
        }
        // A getBlock-like body: 5000 transactions with meta, ~5 MB.
        var parts: [String] = []
        for i in 0..<5000 {
            let key = Base58.encode((0..<32).map { UInt8(($0 * 7 + i) & 0xFF) })
            let sig = Base58.encode((0..<64).map { UInt8(($0 * 13 + i) & 0xFF) })
            parts.append(#"{"meta":{"computeUnitsConsumed":150,"err":null,"fee":5000,"innerInstructions":[],"loadedAddresses":{"readonly":[],"writable":[]},"logMessages":["Program 11111111111111111111111111111111 invoke [1]","Program 11111111111111111111111111111111 success"],"postBalances":[\#(i * 1000),1000000,1],"postTokenBalances":[],"preBalances":[\#(i * 1000 + 5000),1000000,1],"preTokenBalances":[],"rewards":[],"status":{"Ok":null}},"transaction":{"message":{"accountKeys":["\#(key)","\#(key)","11111111111111111111111111111111"],"header":{"numReadonlySignedAccounts":0,"numReadonlyUnsignedAccounts":1,"numRequiredSignatures":1},"instructions":[{"accounts":[0,1],"data":"3Bxs4h24hBtQy9rw","programIdIndex":2,"stackHeight":null}],"recentBlockhash":"\#(key)"},"signatures":["\#(sig)"]},"version":"legacy"}"#)
        }
        let body = #"{"jsonrpc":"2.0","result":{"blockHeight":1,"blockTime":1700000000,"blockhash":"x","parentSlot":0,"previousBlockhash":"y","transactions":["# + parts.joined(separator: ",") + "]},\"id\":1}"
        let data = Data(body.utf8)
        var best = Double.infinity
        for _ in 0..<5 {
            let t = Date()
            let r = RPCCodec.response(method: "getBlock", id: 1, outcome: .success(.init(status: 200, headers: [:], body: data)))
            best = min(best, Date().timeIntervalSince(t))
            _ = try r.get()
        }
        print("BENCH getBlock-like decode: \(data.count) bytes in \(String(format: "%.1f", best * 1000)) ms (best of 5)")
    }
}
