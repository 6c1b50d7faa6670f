import Testing
@testable import OVSMKit

@Suite("System: format")
struct FormatTests {
    func f(_ control: String, _ args: Value...) throws -> String {
        try Format.formatString(control, args)
    }

    func category(_ body: () throws -> Void) -> ErrorCategory? {
        do { try body() } catch let e as OVSMError { return e.category } catch { return nil }
        return nil
    }

    @Test func basicDirectives() throws {
        #expect(try f("~a + ~a = ~a", .int(1), .int(2), .int(3)) == "1 + 2 = 3")
        #expect(try f("~a|~s", .string("x"), .string("x")) == #"x|"x""#)
        #expect(try f("~A/~S/~D", .string("a"), .string("b"), .int(3)) == #"a/"b"/3"#)
        #expect(try f("a~%b~~c") == "a\nb~c")
        #expect(try f("~d", .float(2.5)) == "2.5")
        #expect(try f("~d", .string("x")) == "x")
        #expect(try f("~a", .array([.string("a"), .int(1)])) == #"["a" 1]"#)
        #expect(try f("~f|~f|~f", .float(2.5), .int(3), .float(1e20)) == "2.5|3.0|1.0e20")
        #expect(try f("extra ~a", .int(1), .int(2)) == "extra 1")
        #expect(try f("日本~a", .string("🚀")) == "日本🚀")
    }

    @Test func fixedDecimals() throws {
        #expect(try f("~,1f|~,2f", .float(2.25), .float(2.675)) == "2.3|2.68")
        #expect(try f("~,0f", .float(3.4)) == "3")
        #expect(try f("~,0f", .float(2.5)) == "3")
        #expect(try f("~,0f", .int(7)) == "7")
        #expect(try f("[~,0f]", .float(0.4)) == "[0]")
        #expect(try f("~,2f", .float(-1.005)) == "-1.01")
        #expect(try f("~,2f", .float(0.001)) == "0.00")
        #expect(try f("~,2f", .float(0.005)) == "0.01")
        #expect(try f("~,3f", .int(-12)) == "-12.000")
        #expect(try f("~,2f", .float(9.999)) == "10.00")
        #expect(try f("~,1f", .float(1e20)) == "100000000000000000000.0")
        #expect(try f("~,4f", .float(1.5e-5)) == "0.0000")
        #expect(try f("~,5f", .float(1.5e-5)) == "0.00002")
        #expect(try f("~,2f", .float(.infinity)) == "inf")
        #expect(try f("~8,2f|", .float(3.14159)) == "    3.14|")
    }

    @Test func iteration() throws {
        #expect(try f("~{~a~^, ~}", .array([.int(1), .int(2), .int(3)])) == "1, 2, 3")
        #expect(try f("[~{*~}]", .array([.int(1), .int(2), .int(3)])) == "[*]")
        #expect(try f("[~{~a~}]", .array([])) == "[]")
        #expect(try f("~{~a=~a~^ ~}", .array([.kw("a"), .int(1), .kw("b"), .int(2)])) == ":a=1 :b=2")
        #expect(try f("~{<~{~a~}>~}", .array([.array([.int(1), .int(2)]), .array([.int(3)])])) == "<12><3>")
        #expect(category { _ = try f("~{~a~}", .int(5)) } == .type)
        #expect(category { _ = try f("~{~a ~a~}", .array([.int(1), .int(2), .int(3)])) } == .arity)
    }

    @Test func caretOutsideBraces() throws {
        #expect(try f("a=~a~^, b=~a", .int(1)) == "a=1")
        #expect(try f("a=~a~^, b=~a", .int(1), .int(2)) == "a=1, b=2")
        #expect(try f("~a~^;~a~^;~a", .string("x"), .string("y")) == "x;y")
    }

    @Test func errors() {
        #expect(category { _ = try f("~a ~a", .int(1)) } == .arity)
        #expect(category { _ = try f("~q", .int(1)) } == .type)
        #expect(category { _ = try f("abc~") } == .type)
        #expect(category { _ = try f("~{~a") } == .type)
        #expect(category { _ = try f("~}") } == .type)
        #expect(category { _ = try f("~f", .string("x")) } == .type)
        #expect(category { _ = try f("~999999999999a", .int(1)) } == .type)
        #expect(category { _ = try f("~,1000000000f", .float(1)) } == .type)
        #expect(category { _ = try f("~İ", .int(1)) } == .type)
    }

    @Test func modifiers() throws {
        #expect(try f("~:d", .int(1234567)) == "1,234,567")
        #expect(try f("~@d", .int(5)) == "+5")
        #expect(try f("~5d|", .int(42)) == "   42|")
        #expect(try f("~5a|", .string("ab")) == "ab   |")
    }

    /// Random control strings never crash: they format or raise an OVSMError.
    @Test func fuzzNeverCrashes() {
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        let pieces = ["~a", "~s", "~d", "~f", "~,2f", "~,0f", "~%", "~~", "~{", "~}", "~^", "~", "x", ",", "5",
                      "~:d", "~@d", "~3a", "é", "~q", "~,", "~-3,-2f"]
        let args: [Value] = [.int(-1234), .float(2.675), .float(-0.0), .float(.nan), .string("s"),
                             .array([.int(1), .array([.int(2)])]), .null, .kw("k")]
        for _ in 0..<3_000 {
            let control = (0..<Int(next() % 8)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
            let a = (0..<Int(next() % 5)).map { _ in args[Int(next() % UInt64(args.count))] }
            do { _ = try Format.formatString(control, a) } catch is OVSMError {} catch {
                Issue.record("non-OVSM error \(error)")
            }
        }
    }
}
