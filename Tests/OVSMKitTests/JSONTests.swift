import Testing
@testable import OVSMKit

@Suite("System: JSON")
struct JSONTests {
    func p(_ s: String) throws -> String { Printer.printForm(try JSON.parse(s)) }

    @Test func parsesScalarsAndContainers() throws {
        #expect(try p(#"{"b": 1, "a": [true, null, 2.5, "x"]}"#) == #"{:b 1 :a [true null 2.5 "x"]}"#)
        #expect(try p(" [ ] ") == "[]")
        #expect(try p("{}") == "{}")
        #expect(try p("-0") == "0")
        #expect(try p("-0.0") == "-0.0")
        #expect(try p("1e2") == "100.0")
        #expect(try p("1E-2") == "0.01")
        #expect(try p("9223372036854775807") == "9223372036854775807")
        #expect(try p("-9223372036854775808") == "-9223372036854775808")
        #expect(try p("9223372036854775808") == "9.223372036854776e18")
        #expect(try p("123456789012345678901234567890") == "1.2345678901234568e29")
        #expect(try p(#"[[[1],[2,[3]]],{"x":{"y":[]}}]"#) == "[[[1] [2 [3]]] {:x {:y []}}]")
    }

    @Test func duplicateKeysKeepFirstPositionLastValue() throws {
        #expect(try p(#"{"a":1,"b":2,"a":3}"#) == "{:a 3 :b 2}")
        // Over the object index threshold too.
        let keys = (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let v = try JSON.parse("{" + keys + ",\"k3\":99}")
        guard case .object(let o) = v else { Issue.record("not an object"); return }
        #expect(o.count == 20)
        #expect(o.keys[3] == "k3")
        #expect(o["k3"] == .int(99))
    }

    @Test func parsesEscapes() throws {
        let v = try JSON.parse(#""a\"b\\c\/d\n\t\r\b\f\u00e9\u65e5\ud83d\ude80""#)
        #expect(v == .string("a\"b\\c/d\n\t\r\u{8}\u{c}é日🚀"))
        #expect(try JSON.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
        #expect(try JSON.parse("\"héllo 日本\"") == .string("héllo 日本"))
    }

    @Test(arguments: ["{bad", "", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", ".5", "-",
                      "tru", "nul", "\"abc", "\"a\nb\"", "\"\\x\"", "\"\\u12\"", "[1]]", "{} x", "+1",
                      "NaN", "Infinity", "[", "{\"a\":"])
    func invalidIsTypeError(_ text: String) {
        do {
            _ = try JSON.parse(text)
            Issue.record("parsed invalid JSON \(text)")
        } catch let e as OVSMError {
            #expect(e.category == .type)
            #expect(e.message.contains("line"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func nestingLimit() throws {
        let ok = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: Never.self) { _ = try JSON.parse(ok) }
        let deep = String(repeating: "[", count: 10_001) + String(repeating: "]", count: 10_001)
        do {
            _ = try JSON.parse(deep)
            Issue.record("accepted nesting > 10000")
        } catch let e as OVSMError {
            #expect(e.category == .limit)
        }
        // A huge unterminated nest must not crash either.
        let huge = String(repeating: "{\"a\":", count: 200_000)
        #expect(throws: OVSMError.self) { _ = try JSON.parse(huge) }
    }

    @Test func stringify() throws {
        let v: Value = .object(OVSMObject([("name", .string("A")), ("n", .array([.int(1), .float(2), .null])), ("ok", .true)]))
        #expect(try JSON.stringify(v) == #"{"name":"A","n":[1,2.0,null],"ok":true}"#)
        #expect(try JSON.stringify(.string("q\"b\\s/é\t")) == #""q\"b\\s/é\t""#)
        #expect(try JSON.stringify(.string("\u{8}\u{1}\u{7f}\n\r")) == #""\u0008\u0001"# + "\u{7f}" + #"\n\r""#)
        #expect(try JSON.stringify(.kw("a")) == #""a""#)
        #expect(try JSON.stringify(.sym("s")) == #""s""#)
        #expect(try JSON.stringify(.float(1e16)) == "1.0e16")
        #expect(try JSON.stringify(.float(0.1)) == "0.1")
        #expect(try JSON.stringify(.int(-7)) == "-7")
        #expect(try JSON.stringify(.array([])) == "[]")
        #expect(try JSON.stringify(.object(OVSMObject())) == "{}")
    }

    @Test func stringifyErrors() {
        for bad: Value in [.float(.infinity), .float(-.infinity), .float(.nan),
                           .array([.float(.nan)]),
                           .function(Function(builtin: Builtin("f", arity: 0, doc: "") { _, _ in .null }))] {
            do {
                _ = try JSON.stringify(bad)
                Issue.record("stringified \(Printer.printForm(bad))")
            } catch let e as OVSMError {
                #expect(e.category == .type)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func roundTrip() throws {
        let text = #"{"z":[1,-2,3.5,"x\ny",{"k":null,"t":true,"f":false}],"a":{},"日本":"🚀"}"#
        #expect(try JSON.stringify(try JSON.parse(text)) == text)
        #expect(try JSON.parse(bytes: Array(text.utf8)) == (try JSON.parse(text)))
    }

    /// A getBlock-like document of about 5 MB; the bound is generous for debug builds,
    /// release builds parse it in tens of milliseconds.
    @Test func largeDocument() throws {
        let text = JSONTests.blockLike(transactions: 3_000)
        #expect(text.utf8.count > 4_000_000)
        let v = try JSON.parse(text)
        guard case .object(let o) = v, case .array(let txs)? = o["transactions"] else {
            Issue.record("bad shape"); return
        }
        #expect(txs.count == 3_000)
        let back = try JSON.stringify(v)
        #expect(try JSON.parse(back) == v)
    }

    /// Random and mutated inputs never crash: they parse or raise an OVSMError.
    @Test func fuzzNeverCrashes() {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        let seed = Array(#"{"a":[1,-2.5e3,"x\u00e9\n",true,null,{"b":{}}],"c":"🚀"}"#.utf8)
        let alphabet = Array(#"{}[]:,"\-+.eE0123456789tfnulrsa u"#.utf8) + [0x00, 0x1F, 0xC3, 0xFF, 0xF0]
        for round in 0..<3_000 {
            var bytes = seed
            let edits = Int(next() % 6) + 1
            for _ in 0..<edits {
                let pos = Int(next() % UInt64(bytes.count + 1))
                let b = alphabet[Int(next() % UInt64(alphabet.count))]
                switch next() % 3 {
                case 0: if pos < bytes.count { bytes[pos] = b }
                case 1: bytes.insert(b, at: pos)
                default: if pos < bytes.count { bytes.remove(at: pos) }
                }
            }
            if round % 3 == 0 { bytes = (0..<Int(next() % 40)).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] } }
            do {
                let v = try JSON.parse(bytes: bytes)
                _ = try? JSON.stringify(v)
            } catch is OVSMError {
            } catch {
                Issue.record("non-OVSM error \(error)")
            }
        }
    }

    static func blockLike(transactions n: Int) -> String {
        var s = #"{"blockHeight":250000000,"blockTime":1700000000,"blockhash":"EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N","parentSlot":270000000,"transactions":["#
        for t in 0..<n {
            if t > 0 { s += "," }
            s += #"{"meta":{"err":null,"fee":5000,"innerInstructions":[],"logMessages":["Program 11111111111111111111111111111111 invoke [1]","Program 11111111111111111111111111111111 success","Program log: Instruction: Transfer \"quoted\" \u00e9"],"#
            s += #""postBalances":[\#(t * 1000),1,2,3,4,5,6,7],"preBalances":[\#(t * 1000 + 5000),1,2,3,4,5,6,7],"computeUnitsConsumed":\#(t % 200_000),"ratio":\#(Double(t) / 7.0)},"#
            s += #""transaction":{"message":{"accountKeys":["#
            for k in 0..<12 {
                if k > 0 { s += "," }
                s += #""\#(Base58.encode((0..<32).map { UInt8(($0 * 7 + k * 13 + t) & 0xFF) }))""#
            }
            s += #"],"header":{"numReadonlySignedAccounts":0,"numReadonlyUnsignedAccounts":1,"numRequiredSignatures":1},"#
            s += #""instructions":[{"accounts":[0,1],"data":"3Bxs4h24hBtQy9rw","programIdIndex":2,"stackHeight":null}],"#
            s += #""recentBlockhash":"EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N"},"signatures":["5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW"]},"version":0}"#
        }
        s += "]}"
        return s
    }
}
