import Assistant
import Chain
import Foundation
import OVSMKit
import Synchronization
import Testing

/// The three consumers of `RPCMethodTable` — the OVSM builtins, Chain/the CLI, the
/// assistant's chain tools — agree with it and with each other.
@Suite struct RPCTableTests {
    static let address = "11111111111111111111111111111111"
    static let signature = Base58.encode([UInt8](repeating: 7, count: 64))

    /// Arguments a builtin accepts: its primary parameter of the right type, plus what the
    /// method needs besides.
    func sampleArgs(_ b: RPCBuiltinSpec) -> [Value] {
        var args: [Value] = []
        if !b.primary.isEmpty {
            switch b.kind {
            case .string: args = [.string(Self.address)]
            case .array: args = [.array([.string(Self.address)])]
            case .int: args = [.int(5)]
            }
        }
        if b.name == "getTokenAccountsByOwner" { args += [.kw("mint"), .string(Self.address)] }
        return args
    }

    @Test func everyOVSMRPCBuiltinIsATableEntryAndSendsItsMethod() throws {
        let sent = Mutex<[String]>([])
        var host = Host()
        host.rpc = { method, _ in sent.withLock { $0.append(method) }; return .null }
        let interp = Interpreter(host: host)

        // Every global that looks like a Solana RPC method is generated from the table, and
        // every builtin of the table is bound.
        let rpcLike = Set(interp.globalNames.filter { $0.range(of: "^get[A-Z]", options: .regularExpression) != nil })
        let fromTable = RPCMethodTable.all.flatMap(\.builtins).map(\.name)
        #expect(rpcLike == Set(fromTable))
        #expect(fromTable.count == Set(fromTable).count, "a builtin name listed twice")

        for entry in RPCMethodTable.all {
            for b in entry.builtins {
                sent.withLock { $0 = [] }
                let f = try #require(interp.globalValue(b.name), "\(b.name) unbound")
                _ = try interp.apply(f, sampleArgs(b))
                #expect(sent.withLock { $0 } == [entry.method], "\(b.name) must send \(entry.method)")
                #expect(entry.access == .read, "\(b.name): builtins are generated for reads only")
                #expect(interp.documentation(for: b.name)?.contains(b.doc) == true)
            }
        }
    }

    @Test func writeMethodsAreNeverToolsNorBuiltinsAndNeverRetried() {
        let writes = RPCMethodTable.all.filter { $0.access == .write }
        #expect(Set(writes.map(\.method)) == ["sendTransaction", "requestAirdrop"])
        for w in writes {
            #expect(w.tool == nil, "\(w.method) must not be a tool the assistant calls unasked")
            #expect(w.builtins.isEmpty)
        }
        #expect(RPCClient.writeMethods == RPCMethodTable.writeMethods)
    }

    @Test func everyAssistantChainToolMapsToAReadEntry() throws {
        let tools = ChainTools.make(rpcURL: "http://127.0.0.1:9")
        #expect(tools.map(\.name) == RPCMethodTable.tools.map(\.tool.name))
        #expect(tools.map(\.name) == ["get_balance", "get_account", "get_signatures", "get_transaction", "get_slot", "get_epoch"])
        for (entry, spec) in RPCMethodTable.tools {
            #expect(entry.access == .read)
            // The tool's builtin belongs to the same entry: the tool sends what the script would.
            let owner = try #require(RPCMethodTable.builtin(named: spec.builtin))
            #expect(owner.method.method == entry.method)
            let tool = try #require(tools.first { $0.name == spec.name })
            #expect(tool.spec.description == spec.description)
            #expect(tool.spec.parameters["type"]?.stringValue == "object")
            for p in spec.params {
                #expect(tool.spec.parameters["properties"]?[p.name]?["type"]?.stringValue != nil, "\(spec.name).\(p.name) in schema")
            }
            let required = (tool.spec.parameters["required"].flatMap { v -> [String]? in
                if case .array(let a) = v { return a.compactMap(\.stringValue) }
                return nil
            }) ?? []
            #expect(required == spec.params.filter(\.required).map(\.name))
        }
    }

    func sent(_ tool: String, _ args: JSONValue) throws -> String {
        let spec = try #require(RPCMethodTable.tools.first { $0.tool.name == tool }?.tool)
        let r = try ChainTools.request(spec, args)
        return r.method + " " + (try OVSMKit.JSON.stringify(.array(r.params)))
    }

    @Test func toolRequestsAreTheBuiltinRequests() throws {
        let a = Self.address, s = Self.signature
        #expect(try sent("get_balance", ["address": .string(a)]) == "getBalance [\"\(a)\"]")
        #expect(try sent("get_account", ["address": .string(a)]) == "getAccountInfo [\"\(a)\",{\"encoding\":\"base64\"}]")
        #expect(try sent("get_transaction", ["signature": .string(s)]) ==
                "getTransaction [\"\(s)\",{\"encoding\":\"json\",\"maxSupportedTransactionVersion\":0}]")
        #expect(try sent("get_signatures", ["address": .string(a)]) == "getSignaturesForAddress [\"\(a)\",{\"limit\":10}]")
        #expect(try sent("get_signatures", ["address": .string(a), "limit": 500]) == "getSignaturesForAddress [\"\(a)\",{\"limit\":100}]")
        #expect(try sent("get_signatures", ["address": .string(a), "limit": 0]) == "getSignaturesForAddress [\"\(a)\",{\"limit\":1}]")
        #expect(try sent("get_slot", [:]) == "getSlot []")
        #expect(try sent("get_epoch", [:]) == "getEpochInfo []")
        // Bad arguments are the model's error, told plainly; nothing is sent.
        #expect(throws: (any Error).self) { try sent("get_balance", [:]) }
        #expect(throws: (any Error).self) { try sent("get_balance", ["address": "not base58!"]) }
        #expect(throws: (any Error).self) { try sent("get_transaction", ["signature": .string(a)]) }
    }

    /// Every method Chain and the CLI call by name is in the table (so its result shape and
    /// retry rule come from it). Read from the sources: the typed client's calls are code.
    @Test func chainAndCLIMethodsAreTableEntries() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let pattern = try NSRegularExpression(pattern: #"(?:call|callSync)\("([A-Za-z]+)"|\("(get[A-Za-z]+)", "#)
        var found: Set<String> = []
        for dir in ["Sources/Chain", "Sources/OSVMCLI/Commands/Chain"] {
            let e = FileManager.default.enumerator(atPath: root.appendingPathComponent(dir).path)
            while let f = e?.nextObject() as? String {
                guard f.hasSuffix(".swift"),
                      let text = try? String(contentsOf: root.appendingPathComponent(dir).appendingPathComponent(f), encoding: .utf8)
                else { continue }
                for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    for g in 1...2 where m.range(at: g).location != NSNotFound {
                        found.insert((text as NSString).substring(with: m.range(at: g)))
                    }
                }
            }
        }
        #expect(found.count >= 20, "the scan found the client's calls")
        for method in found.sorted() {
            #expect(RPCMethodTable.byMethod[method] != nil, "\(method) is called by Chain/CLI but not in RPCMethodTable")
        }
    }

    @Test func resultShapesComeFromTheTable() {
        #expect(RPCResultShape.of(method: "getSlot") == .uint)
        #expect(throws: RPCError.self) { try RPCResultShape.check(method: "getSlot", .array([.int(1)])) }
        #expect(throws: RPCError.self) { try RPCResultShape.check(method: "getHealth", .null) }
        #expect(throws: Never.self) { try RPCResultShape.check(method: "getBalance", .object(OVSMObject([("context", .object(OVSMObject())), ("value", .int(5))]))) }
        #expect(throws: Never.self) { try RPCResultShape.check(method: "someNewMethod", .array([])) }
    }

    @Test func systemPromptNamesEveryToolOfTheTable() {
        let prompt = SystemPrompt.text(host: "osvm")
        #expect(prompt.hasPrefix("You are the assistant inside osvm,"))
        for entry in RPCMethodTable.tools { #expect(prompt.contains(entry.tool.name)) }
        // Write methods are never offered (they are not tools).
        #expect(!prompt.contains("sendTransaction") && !prompt.contains("request_airdrop"))
    }
}
