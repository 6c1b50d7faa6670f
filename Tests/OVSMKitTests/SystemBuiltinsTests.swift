import Synchronization
import Testing
@testable import OVSMKit

/// Collects host output for assertions.
final class SystemOutputBox: Sendable {
    let text = Mutex("")
    var value: String { text.withLock { $0 } }
}

@Suite("System builtins")
struct SystemBuiltinsTests {
    let box = SystemOutputBox()
    let interp: Interpreter

    init() {
        var h = Host()
        let box = self.box
        h.output = { s in box.text.withLock { $0 += s } }
        h.nowMillis = { 1_700_000_123_456 }
        interp = Interpreter(host: h)
    }

    func call(_ name: String, _ args: Value...) throws -> Value {
        try call(name, args, in: interp)
    }

    func call(_ name: String, _ args: [Value], in interp: Interpreter) throws -> Value {
        guard let b = Builtins.byName[name] else { throw OVSMError.unbound(name) }
        try b.checkArity(args.count)
        return try b.body(args, interp)
    }

    func category(_ body: () throws -> Any) -> ErrorCategory? {
        do { _ = try body() } catch let e as OVSMError { return e.category } catch { return nil }
        return nil
    }

    func message(_ body: () throws -> Any) -> String? {
        do { _ = try body() } catch let e as OVSMError { return e.message } catch { return nil }
        return nil
    }

    @Test func everyBuiltinHasADocstring() {
        for b in Builtins.system {
            #expect(b.doc.hasPrefix("(\(b.name)"), "doc of \(b.name)")
            #expect(b.doc.contains("—"), "doc of \(b.name)")
        }
    }

    @Test func logForms() throws {
        _ = try call("log", .kw("message"), .string("Sum is:"), .kw("value"), .int(30))
        _ = try call("log", .kw("message"), .string("m"), .kw("level"), .string("info"))
        _ = try call("log", .string("x"), .kw("value"), .int(1))
        _ = try call("log", .kw("level"), .int(3))
        _ = try call("log", .kw("value"), .int(1), .string("y"))
        _ = try call("log", .kw("value"), .array([.int(1), .string("a")]))
        _ = try call("log", .string("a\nb"))
        #expect(box.value == "Sum is: 30\nm\nx :value 1\n\n:value 1 y\n[1 \"a\"]\na\nb\n")
    }

    @Test func printFamily() throws {
        #expect(try call("print", .string("a")) == .null)
        _ = try call("print", .string("b"), .int(1))
        _ = try call("println", .string("c"))
        #expect(try call("prin1", .string("q")) == .string("q"))
        _ = try call("terpri")
        #expect(try call("princ", .string("r")) == .string("r"))
        _ = try call("newline")
        #expect(try call("write-line", .string("w")) == .string("w"))
        _ = try call("write", .int(1))
        #expect(box.value == "ab 1c\n\"q\"\nr\nw\n1")
    }

    @Test func formatDestinations() throws {
        #expect(try call("format", .null, .string("~a-~a"), .int(1), .int(2)) == .string("1-2"))
        #expect(try call("format", .false, .string("x")) == .string("x"))
        #expect(try call("format", .string("~a-~a"), .string("x"), .string("y")) == .string("x-y"))
        #expect(try call("format", .true, .string("x=~d~%"), .int(5)) == .null)
        #expect(box.value == "x=5\n")
        #expect(category { try call("format", .int(5), .string("x")) } == .type)
        #expect(category { try call("format", .null) } == .arity)
    }

    @Test func timeAndSleep() throws {
        #expect(try call("now") == .int(1_700_000_123))
        #expect(try call("now-ms") == .int(1_700_000_123_456))
        #expect(try call("sleep", .int(120)) == .null)
        #expect(category { try call("sleep", .string("x")) } == .type)
        let flag = CancelFlag()
        flag.cancel()
        let cancelled = Interpreter(host: Host(), cancelFlag: flag)
        #expect(category { try call("sleep", [.int(1000)], in: cancelled) } == .limit)
    }

    @Test func jsonBuiltins() throws {
        let v = try call("parse-json", .string(#"{"b":1,"a":[true,null]}"#))
        #expect(Printer.printForm(v) == "{:b 1 :a [true null]}")
        #expect(try call("json-stringify", v) == .string(#"{"b":1,"a":[true,null]}"#))
        #expect(try call("to-json", .array([.int(1), .string("a")])) == .string(#"[1,"a"]"#))
        #expect(category { try call("parse-json", .string("{bad")) } == .type)
        #expect(category { try call("parse-json", .int(1)) } == .type)
    }

    @Test func errorsAndAssert() throws {
        #expect(message { try call("error", .string("boom")) } == "boom")
        #expect(message { try call("error", .string("bad ~a at ~a"), .string("x"), .int(3)) } == "bad x at 3")
        #expect(message { try call("error", .int(42)) } == "42")
        #expect(message { try call("error", .string("100~%")) } == "100~%")
        #expect(category { try call("error", .string("x")) } == .user)
        #expect(try call("assert", .true) == .true)
        #expect(message { try call("assert", .false) } == "assertion failed")
        #expect(message { try call("assert", .int(0), .string("math broke")) } == "math broke")
        #expect(category { try call("assert", .null) } == .user)
    }

    @Test func encodings() throws {
        #expect(try call("base64-encode", .string("hello")) == .string("aGVsbG8="))
        #expect(try call("hex-encode", .string("hi")) == .string("6869"))
        #expect(try call("bytes-to-hex", .array([.int(255), .int(0), .int(16)])) == .string("ff0010"))
        #expect(try call("base58-encode", .array([.int(0), .int(1)])) == .string("12"))
        #expect(try call("base64-decode", .string("aGVsbG8=")) == .string("hello"))
        #expect(try call("hex-decode", .string("6869")) == .string("hi"))
        #expect(try call("base58-decode", .string("StV1DL6CwTryKyV")) == .string("hello world"))
        #expect(try call("base64-decode-bytes", .string("AQID")) == .array([.int(1), .int(2), .int(3)]))
        #expect(try call("base58-decode-bytes", .string("2")) == .array([.int(1)]))
        #expect(try call("hex-decode-bytes", .string("ff")) == .array([.int(255)]))
        #expect(try call("base64-decode-raw", .string("AAEC/w==")) == .string("000102ff"))
        #expect(category { try call("hex-decode", .string("ff")) } == .type)        // not UTF-8
        #expect(category { try call("base64-decode", .string("!!")) } == .type)
        #expect(category { try call("base58-decode-bytes", .string("0")) } == .type)
        #expect(category { try call("hex-encode", .array([.int(256)])) } == .type)
        #expect(category { try call("hex-encode", .int(5)) } == .type)
        #expect(category { try call("base64-decode-raw", .string("a")) } == .type)
    }

    @Test func digests() throws {
        #expect(try call("sha256", .string("abc")) ==
                .string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(try call("sha256", .array([.int(97), .int(98), .int(99)])) ==
                .string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(try call("sha512", .string("abc")) ==
                .string("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"))
    }

    @Test func u64LittleEndian() throws {
        #expect(try call("parse-u64-le", .array([1, 0, 0, 0, 0, 0, 0, 0].map { .int($0) }), .int(0)) == .int(1))
        #expect(try call("parse-u64-le", .string("abcdefgh"), .int(0)) == .int(7523094288207667809))
        #expect(try call("hex-to-u64-le", .string("00e803000000000000"), .int(1)) == .int(1000))
        #expect(category { try call("parse-u64-le", .array((1...8).map { .int($0) }), .int(1)) } == .index)
        #expect(category { try call("parse-u64-le", .string("abcdefgh"), .int(-1)) } == .index)
        #expect(category { try call("hex-to-u64-le", .string("0000000000000080"), .int(0)) } == .limit)
        #expect(category { try call("hex-to-u64-le", .string("zz"), .int(0)) } == .type)
    }

    @Test func lamports() throws {
        #expect(try call("lamports->sol", .int(1_500_000_000)) == .float(1.5))
        #expect(try call("sol->lamports", .float(2.5)) == .int(2_500_000_000))
        #expect(try call("sol->lamports", .int(3)) == .int(3_000_000_000))
        #expect(try call("sol->lamports", .float(0.1)) == .int(100_000_000))
        #expect(try call("sol->lamports", .float(1.0000000005)) == .int(1_000_000_001))
        #expect(try call("sol->lamports", .float(-1.0000000005)) == .int(-1_000_000_001))
        #expect(try call("sol->lamports", .float(1e-12)) == .int(0))
        #expect(category { try call("sol->lamports", .float(1e20)) } == .limit)
        #expect(category { try call("sol->lamports", .float(.nan)) } == .limit)
        #expect(category { try call("sol->lamports", .int(Int.max)) } == .limit)
        #expect(category { try call("lamports->sol", .string("1")) } == .type)
    }

    // MARK: RPC

    func req(_ name: String, _ args: Value...) throws -> String {
        let r = try Builtins.rpcRequest(for: name, args: args)
        return r.method + " " + (try JSON.stringify(r.params))
    }

    @Test func rpcRequests() throws {
        #expect(try req("getBalance", .string("A")) == #"getBalance ["A"]"#)
        #expect(try req("getBalance", .kw("address"), .string("A")) == #"getBalance ["A"]"#)
        #expect(try req("getBalance", .kw("pubkey"), .string("A"), .kw("commitment"), .string("finalized")) ==
                #"getBalance ["A",{"commitment":"finalized"}]"#)
        #expect(try req("getAccountInfo", .string("A")) == #"getAccountInfo ["A",{"encoding":"base64"}]"#)
        #expect(try req("getAccountInfo", .string("A"), .object(OVSMObject([("encoding", .string("jsonParsed"))]))) ==
                #"getAccountInfo ["A",{"encoding":"jsonParsed"}]"#)
        #expect(try req("getMultipleAccounts", .array([.string("A"), .string("B")])) ==
                #"getMultipleAccounts [["A","B"],{"encoding":"base64"}]"#)
        #expect(try req("getProgramAccounts", .kw("programId"), .string("P"), .kw("filters"), .array([])) ==
                #"getProgramAccounts ["P",{"encoding":"base64","filters":[]}]"#)
        #expect(try req("getSignaturesForAddress", .kw("address"), .string("A"), .kw("limit"), .int(5000)) ==
                #"getSignaturesForAddress ["A",{"limit":1000}]"#)
        #expect(try req("getSignaturesForAddress", .string("A"), .kw("limit"), .int(10), .kw("before"), .string("S")) ==
                #"getSignaturesForAddress ["A",{"limit":10,"before":"S"}]"#)
        #expect(try req("getTransaction", .string("S")) ==
                #"getTransaction ["S",{"encoding":"json","maxSupportedTransactionVersion":0}]"#)
        #expect(try req("getParsedTransaction", .kw("signature"), .string("S")) ==
                #"getTransaction ["S",{"maxSupportedTransactionVersion":0,"encoding":"jsonParsed"}]"#)
        #expect(try req("getSignatureStatuses", .array([.string("S")])) == #"getSignatureStatuses [["S"]]"#)
        #expect(try req("getSlot") == "getSlot []")
        #expect(try req("getSlot", .kw("commitment"), .string("processed")) == #"getSlot [{"commitment":"processed"}]"#)
        #expect(try req("getBlockHeight") == "getBlockHeight []")
        #expect(try req("getBlock", .int(5)) == #"getBlock [5,{"maxSupportedTransactionVersion":0}]"#)
        #expect(try req("getBlockTime", .kw("slot"), .int(5)) == "getBlockTime [5]")
        #expect(try req("getEpochInfo") == "getEpochInfo []")
        #expect(try req("getLatestBlockhash") == "getLatestBlockhash []")
        #expect(try req("getHealth") == "getHealth []")
        #expect(try req("getVersion") == "getVersion []")
        #expect(try req("getTokenAccountsByOwner", .string("O"), .kw("mint"), .string("M")) ==
                #"getTokenAccountsByOwner ["O",{"mint":"M"},{"encoding":"jsonParsed"}]"#)
        #expect(try req("getTokenAccountsByOwner", .kw("owner"), .string("O"), .kw("programId"), .string("T")) ==
                #"getTokenAccountsByOwner ["O",{"programId":"T"},{"encoding":"jsonParsed"}]"#)
        #expect(try req("getTokenAccountBalance", .string("A")) == #"getTokenAccountBalance ["A"]"#)
        #expect(try req("getTokenSupply", .kw("mint"), .string("M")) == #"getTokenSupply ["M"]"#)
        #expect(try req("getMinimumBalanceForRentExemption", .int(165)) == "getMinimumBalanceForRentExemption [165]")
        #expect(try req("rpc-call", .string("getFoo")) == "getFoo []")
        #expect(try req("rpc-call", .string("getFoo"), .array([.int(1), .string("x")])) == #"getFoo [1,"x"]"#)
    }

    @Test func rpcRequestErrors() {
        #expect(category { try Builtins.rpcRequest(for: "getBalance", args: []) } == .arity)
        #expect(category { try Builtins.rpcRequest(for: "getBalance", args: [.kw("commitment")]) } == .arity)
        #expect(category { try Builtins.rpcRequest(for: "getBalance", args: [.int(5)]) } == .type)
        #expect(category { try Builtins.rpcRequest(for: "getBlock", args: [.string("5")]) } == .type)
        #expect(category { try Builtins.rpcRequest(for: "getMultipleAccounts", args: [.string("A")]) } == .type)
        #expect(category { try Builtins.rpcRequest(for: "getTokenAccountsByOwner", args: [.string("O")]) } == .arity)
        #expect(category { try Builtins.rpcRequest(for: "getSlot", args: [.int(1)]) } == .type)
        #expect(category { try Builtins.rpcRequest(for: "getBalance", args: [.string("A"), .int(1)]) } == .type)
        #expect(category { try Builtins.rpcRequest(for: "rpc-call", args: [.string("m"), .int(1)]) } == .type)
    }

    @Test func rpcOfflineAndOnline() throws {
        #expect(message { try call("getBalance", .string("A")) } == "rpc: offline")
        #expect(category { try call("getSlot") } == .user)
        #expect(category { try call("rpc-call", .string("getSlot")) } == .user)

        let seen = Mutex<[String]>([])
        var h = Host()
        h.rpc = { method, params in
            let text = (try? JSON.stringify(params)) ?? "?"
            seen.withLock { $0.append(method + " " + text) }
            if method == "getHealth" { throw OVSMError(.user, "rpc: getHealth: down") }
            return .int(42)
        }
        let online = Interpreter(host: h)
        #expect(try call("getSlot", [], in: online) == .int(42))
        #expect(try call("getBalance", [.string("A")], in: online) == .int(42))
        #expect(message { try call("getHealth", [], in: online) } == "rpc: getHealth: down")
        #expect(seen.withLock { $0 } == ["getSlot []", #"getBalance ["A"]"#, "getHealth []"])
    }

    // MARK: host capabilities, async

    @Test func capabilities() throws {
        #expect(message { try call("http-get", .string("https://example.com")) } == "host: http-get: not granted")
        #expect(category { try call("llm-query", .string("openai"), .string("hi")) } == .user)
        for name in ["http-get", "http-post", "json-rpc", "llm-query", "stream-connect", "stream-poll",
                     "stream-wait", "stream-close", "osvm-stream"] {
            #expect(Builtins.byName[name] != nil, "\(name) bound")
        }
        var h = Host()
        h.capabilities["http-get"] = { args in
            .object(OVSMObject([("status", .int(200)), ("body", args.first ?? .null)]))
        }
        let granted = Interpreter(host: h)
        let r = try call("http-get", [.string("u")], in: granted)
        #expect(Printer.printForm(r) == #"{:status 200 :body "u"}"#)
    }

    @Test func asyncAwait() throws {
        let plus = Value.function(Function(builtin: Builtin("plus", min: 0, max: nil, doc: "") { args, _ in
            .int(args.reduce(0) { acc, v in if case .int(let n) = v { return acc + n } else { return acc } })
        }))
        let h = try call("async", plus, .int(1), .int(2))
        #expect(Printer.printForm(h) == "#<function async-handle>")
        #expect(try call("await", h) == .int(3))
        guard case .function(let fn) = h, case .builtin(let b) = fn.kind else {
            Issue.record("handle is not a builtin"); return
        }
        #expect(try b.body([], interp) == .int(3))

        let failing = Value.function(Function(builtin: Builtin("boom", arity: 0, doc: "") { _, _ in
            throw OVSMError(.user, "boom")
        }))
        let hf = try call("async", failing)
        #expect(category { try call("await", hf) } == .user)
        #expect(message { try call("await", hf) } == "boom")
        #expect(category { try call("await", .int(5)) } == .type)
        #expect(category { try call("await", plus) } == .type)

        let cancelledCall = Value.function(Function(builtin: Builtin("stop", arity: 0, doc: "") { _, _ in
            throw OVSMError(.limit, "cancelled")
        }))
        #expect(category { try call("async", cancelledCall) } == .limit)
    }

    // MARK: end to end (reader + evaluator)

    /// Runs a program; returns the printed value (or "error[category]") and the output.
    func eval(_ source: String) -> (String, String) {
        let box = SystemOutputBox()
        var h = Host()
        h.output = { s in box.text.withLock { $0 += s } }
        h.nowMillis = { 1_700_000_000_000 }
        let program = Interpreter(host: h)
        let outcome = LargeStack.value { program.run(source: source) }
        if let e = outcome.error { return ("error[\(e.category.rawValue)]", box.value) }
        return (outcome.printed, box.value)
    }

    @Test func programs() {
        #expect(eval(#"(log :message "Sum is:" :value 30)"#) == ("null", "Sum is: 30\n"))
        #expect(eval(#"(print "a") (format t "x=~d~%" 5) (println "b" 1) 7"#) == ("7", "ax=5\nb 1\n"))
        #expect(eval(#"(try (error "bad ~a at ~a" "x" 3) (catch e (get e :message)))"#) == (#""bad x at 3""#, ""))
        #expect(eval(#"(try (assert (= 1 2) "math broke") (catch e [(get e :category) (get e :message)]))"#)
                == (#"["user" "math broke"]"#, ""))
        #expect(eval(#"(get-in (parse-json "{\"result\":{\"value\":[{\"lamports\":5}]}}") [:result :value 0 :lamports])"#)
                == ("5", ""))
        #expect(eval(#"(json-stringify {:name "A" :n [1 2.0 null] :ok true})"#)
                == (#""{\"name\":\"A\",\"n\":[1,2.0,null],\"ok\":true}""#, ""))
        #expect(eval(#"(define h1 (async (lambda (x) (log "ran") (* x 2)) 21)) (log "after") (list (await h1) (h1) h1)"#)
                == ("[42 42 #<function async-handle>]", "ran\nafter\n"))
        #expect(eval(#"(try (await (async (lambda () (error "boom")))) (catch e (get e :category)))"#) == (#""user""#, ""))
        #expect(eval(#"(catch :x (await (async (lambda () (throw :x 1)))))"#) == ("1", ""))
        #expect(eval(#"(try (getBalance "A") (catch e (get e :message)))"#) == (#""rpc: offline""#, ""))
        #expect(eval(#"(try (http-get "https://example.com") (catch e (get e :message)))"#)
                == (#""host: http-get: not granted""#, ""))
        #expect(eval("(now)") == ("1700000000", ""))
        #expect(eval(#"(format nil "~{~a~^, ~}" (map (lambda (x) (* x x)) [1 2 3]))"#) == (#""1, 4, 9""#, ""))
        #expect(eval(#"(println "one") (car 5)"#) == ("error[type]", "one\n"))
        #expect(eval(#"(parse-json "{bad")"#).0 == "error[type]")
    }
}
