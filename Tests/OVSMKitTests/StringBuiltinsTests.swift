import Testing
import TestSupport
@testable import OVSMKit

// Calls a builtin directly (arity checked as the evaluator would).
fileprivate func call(_ name: String, _ args: [Value]) throws -> Value {
    guard let b = Builtins.byName[name] else { throw OVSMError.unbound(name) }
    try b.checkArity(args.count)
    return try b.body(args, Interpreter())
}

/// Print form of the result, or `error:<category>`.
fileprivate func p(_ name: String, _ args: Value...) -> String {
    do {
        return Printer.printForm(try call(name, args))
    } catch let e as OVSMError {
        return "error:\(e.category.rawValue)"
    } catch {
        return "error:?"
    }
}

fileprivate let I = Value.int
fileprivate let F = Value.float
fileprivate let S = Value.string
fileprivate func A(_ xs: Value...) -> Value { .array(xs) }

@Suite struct StringBuiltinsTests {
    @Test func strAndConcat() {
        #expect(p("str") == "\"\"")
        #expect(p("str", S("n="), I(5), S(" f="), F(2.5), S(" b="), .bool(true), S(" z="), .null)
                == "\"n=5 f=2.5 b=true z=null\"")
        #expect(p("str", S("a"), S("\n"), S("b")) == "\"a\\nb\"")
        #expect(p("str", A(S("a"), I(1)), .kw("k")) == "\"[\\\"a\\\" 1]:k\"")
        #expect(p("concat", S("a"), I(1)) == "\"a1\"")
        #expect(p("concatenate", A(I(1)), A(I(2), I(3))) == "[1 2 3]")
        #expect(p("concat", A(I(1)), .null) == "[1]")
        #expect(p("concat", A(I(1)), I(2)) == "error:type")
        #expect(p("concat") == "\"\"")
    }

    @Test func splitJoinReplace() {
        #expect(p("split", S("a,b,,c"), S(",")) == "[\"a\" \"b\" \"\" \"c\"]")
        #expect(p("split", S("abc"), S("")) == "[\"a\" \"b\" \"c\"]")
        #expect(p("split", S("α,β"), S(",")) == "[\"α\" \"β\"]")
        #expect(p("split", S(""), S(",")) == "[\"\"]")
        #expect(p("split", S(",a,"), S(",")) == "[\"\" \"a\" \"\"]")
        #expect(p("split", S("a--b"), S("--")) == "[\"a\" \"b\"]")
        #expect(p("split", S("e\u{301}x"), S("e")) == "[\"\" \"\u{301}x\"]")
        #expect(p("split", S("🚀🌕"), S("")) == "[\"🚀\" \"🌕\"]")
        #expect(p("split", I(1), S(",")) == "error:type")
        #expect(p("join", A(S("a"), S("b")), S("|")) == "\"a|b\"")
        #expect(p("join", A(S("日"), S("本")), S("-")) == "\"日-本\"")
        #expect(p("join", A(I(1), S("x"), .kw("k"))) == "\"1x:k\"")
        #expect(p("join", S(","), A(I(1), I(2))) == "\"1,2\"")
        #expect(p("join", A()) == "\"\"")
        // Strings and ints only take the one-pass path; anything else the printer's.
        #expect(p("join", A(S("item"), I(-42), I(Int.min), I(0), S("é🚀")), S(", ")) == "\"item, -42, -9223372036854775808, 0, é🚀\"")
        #expect(p("join", A(I(7))) == "\"7\"")
        #expect(p("join", A(S(""), S("")), S("日")) == "\"日\"")
        #expect(p("join", A(I(1), F(2.5), I(3)), S("-")) == "\"1-2.5-3\"")
        #expect(p("str", S("k"), I(-1), I(Int.max), S("")) == "\"k-19223372036854775807\"")
        #expect(p("join", .null, S(",")) == "\"\"")
        #expect(p("join", I(5)) == "error:type")
        #expect(p("replace", S("a-b-c"), S("-"), S("+")) == "\"a+b+c\"")
        #expect(p("replace", S("aaa"), S("aa"), S("b")) == "\"ba\"")
        #expect(p("replace", S("héllo"), S("é"), S("e")) == "\"hello\"")
        #expect(p("replace", S("abc"), S(""), S("x")) == "error:type")
        #expect(p("replace", S("abc"), S("z"), S("x")) == "\"abc\"")
    }

    @Test func trimCaseChars() {
        #expect(p("trim", S("  hi \n")) == "\"hi\"")
        #expect(p("trim-left", S("  hi ")) == "\"hi \"")
        #expect(p("trim-right", S("  hi ")) == "\"  hi\"")
        #expect(p("trim", S("\u{3000}x\u{a0}")) == "\"x\"")
        #expect(p("trim", S("   ")) == "\"\"")
        #expect(p("trim", I(1)) == "error:type")
        #expect(p("upper", S("abc")) == "\"ABC\"")
        #expect(p("lower", S("HeLLo")) == "\"hello\"")
        #expect(p("string-upcase", S("ab")) == "\"AB\"")
        #expect(p("toUpperCase", S("é")) == "\"É\"")
        #expect(p("touppercase", S("abc")) == "\"ABC\"")
        #expect(p("tolowercase", S("ÀB")) == "\"àb\"")
        #expect(p("string-downcase", S("AB")) == "\"ab\"")
        #expect(p("toLowerCase", S("X")) == "\"x\"")
        #expect(p("upper", .kw("a")) == "error:type")
        #expect(p("capitalize", S("hello world")) == "\"Hello world\"")
        #expect(p("capitalize", S("éa")) == "\"Éa\"")
        #expect(p("capitalize", S("")) == "\"\"")
        #expect(p("chars", S("a🚀")) == "[\"a\" \"🚀\"]")
        #expect(p("chars", S("")) == "[]")
        #expect(p("char-at", S("abc"), I(2)) == "\"c\"")
        #expect(p("charAt", S("abc"), I(0)) == "\"a\"")
        #expect(p("charat", S("héllo"), I(1)) == "\"é\"")
        #expect(p("char-at", S("abc"), I(3)) == "error:index")
        #expect(p("char-at", S("abc"), I(-1)) == "error:index")
        #expect(p("char-at", S("abc"), S("1")) == "error:type")
        #expect(p("ord", S("A")) == "65")
        #expect(p("ord", S("é")) == "233")
        #expect(p("ord", S("🚀")) == "128640")
        #expect(p("ord", S("")) == "error:type")
        #expect(p("chr", I(97)) == "\"a\"")
        #expect(p("chr", I(7)) == "\"\\u{7}\"")
        #expect(p("chr", I(0xD800)) == "error:type")
        #expect(p("chr", I(-1)) == "error:type")
        #expect(p("chr", I(0x110000)) == "error:type")
        #expect(p("byte-at", S("é"), I(0)) == "195")
        #expect(p("byte-at", S("é"), I(1)) == "169")
        #expect(p("byte-at", S("a"), I(5)) == "null")
        #expect(p("byte-at", S("a"), I(-1)) == "null")
        #expect(p("byte-at", I(1), I(0)) == "error:type")
    }

    @Test func padding() {
        #expect(p("pad-left", S("5"), I(3), S("0")) == "\"005\"")
        #expect(p("pad-right", S("ab"), I(4)) == "\"ab  \"")
        #expect(p("pad-left", S("abcdef"), I(3)) == "\"abcdef\"")
        #expect(p("pad-left", S("é"), I(3), S("·")) == "\"··é\"")
        #expect(p("pad-left", S("x"), I(4), S("ab")) == "\"abax\"")
        #expect(p("pad-left", I(7), I(3), S("0")) == "\"007\"")
        #expect(p("pad-left", S("x"), I(-5)) == "\"x\"")
        #expect(p("pad-left", S("x"), I(3), S("")) == "error:type")
        #expect(p("pad-left", S("x"), I(Int.max)) == "error:limit")
        #expect(p("pad-right", S("x"), I(1 << 40)) == "error:limit")
        #expect(p("pad-left", S("x"), S("3")) == "error:type")
    }

    @Test func prefixSuffixCompare() {
        #expect(p("starts-with?", S("osvm"), S("os")) == "true")
        #expect(p("starts-with?", S("osvm"), S("")) == "true")
        #expect(p("starts-with?", S("os"), S("osvm")) == "false")
        #expect(p("starts-with?", S("e\u{301}"), S("e")) == "true")
        #expect(p("ends-with?", S("osvm"), S("vm")) == "true")
        #expect(p("ends-with?", S("osvm"), S("os")) == "false")
        #expect(p("ends-with?", S("vm"), S("osvm")) == "false")
        #expect(p("ends-with?", S("x"), I(1)) == "error:type")
        #expect(p("string=", S("x"), S("x")) == "true")
        #expect(p("string-equal", S("a"), S("A")) == "false")
        #expect(p("string<", S("a"), S("b")) == "true")
        #expect(p("string-lessp", S("B"), S("a")) == "true")
        #expect(p("string>", S("b"), S("a")) == "true")
        #expect(p("string-greaterp", S("a"), S("b")) == "false")
        #expect(p("string=", S("1"), I(1)) == "error:type")
        #expect(p("string=", S("1")) == "error:arity")
        #expect(p("prin1-to-string", S("a\"b")) == "\"\\\"a\\\\\\\"b\\\"\"")
        #expect(p("princ-to-string", S("a\"b")) == "\"a\\\"b\"")
        #expect(p("princ-to-string", A(S("a"), I(1))) == "\"[\\\"a\\\" 1]\"")
    }

    @Test func charClasses() {
        #expect(p("is-digit?", S("123")) == "true")
        #expect(p("is-digit?", S("")) == "false")
        #expect(p("isdigit?", S("12a")) == "false")
        #expect(p("is-digit?", S("٣")) == "true")
        #expect(p("is-alpha?", S("abé")) == "true")
        #expect(p("isalpha?", S("ab1")) == "false")
        #expect(p("is-alnum?", S("a1")) == "true")
        #expect(p("isalnum?", S("a 1")) == "false")
        #expect(p("is-space?", S(" \t\n")) == "true")
        #expect(p("isspace?", S("")) == "false")
        #expect(p("is-alpha?", .kw("a")) == "error:type")
    }

    @Test func regex() {
        #expect(p("regex-match", S("\\d+"), S("ab12")) == "true")
        #expect(p("regex-match", S("^b"), S("ab")) == "false")
        #expect(p("regex-find-all", S("[a-z]+"), S("ab 12 cd")) == "[\"ab\" \"cd\"]")
        #expect(p("regex-find-all", S("."), S("🚀é")) == "[\"🚀\" \"é\"]")
        #expect(p("regex-find-all", S("a*"), S("baa")) == "[\"\" \"aa\" \"\"]")
        #expect(p("regex-find-all", S("x"), S("")) == "[]")
        #expect(p("regex-split", S(",\\s*"), S("a, b,,c")) == "[\"a\" \"b\" \"\" \"c\"]")
        #expect(p("regex-split", S("x"), S("")) == "[\"\"]")
        #expect(p("regex-split", S("(?:,)"), S("🚀,b")) == "[\"🚀\" \"b\"]")
        #expect(p("regex-split", S("(,)"), S("a,b")) == "error:type")
        #expect(p("regex-replace", S("(\\w+)@(\\w+)"), S("joe@x, ann@y"), S("$2:$1")) == "\"x:joe, y:ann\"")
        #expect(p("regex-replace", S("(?P<y>\\d{4})-(?P<m>\\d{2})"), S("2024-05"), S("${m}/${y}")) == "\"05/2024\"")
        #expect(p("regex-replace", S("a(b)?"), S("ac"), S("[$1]")) == "\"[]c\"")
        #expect(p("regex-replace", S("\\d"), S("a1"), S("$$")) == "\"a$\"")
        #expect(p("regex-replace", S("(a)"), S("a"), S("${1}x $1x $9 ${nope} $")) == "\"ax ax   $\"")
        #expect(p("regex-replace", S("é"), S("🚀é🚀"), S("e")) == "\"🚀e🚀\"")
        #expect(p("regex-replace", S("\\[P<x>"), S("[P<x>"), S("ok")) == "\"ok\"")
        #expect(p("regex-find-all", S("("), S("x")) == "error:type")
        #expect(p("regex-match", I(1), S("x")) == "error:type")
        #expect(p("regex-find-all", S("(?P<n>a)"), S("aa")) == "[\"a\" \"a\"]")
        #expect(p("regex-match", S("^a$"), S("a\n")) == "false")
        #expect(p("regex-match", S("^a$"), S("a")) == "true")
        #expect(p("regex-match", S("(?m)^a$"), S("a\nb")) == "true")
        #expect(p("regex-find-all", S("[$]\\$"), S("a$$")) == "[\"$$\"]")
        #expect(p("regex-match", S("(?i)ABC"), S("xabc")) == "true")
    }

    @Test func templateParsing() {
        typealias T = RegexSupport.TemplatePart
        #expect(RegexSupport.parseTemplate("$1a") == [T.group(1), .literal("a")])
        #expect(RegexSupport.parseTemplate("${name}!") == [T.named("name"), .literal("!")])
        #expect(RegexSupport.parseTemplate("a$$b") == [T.literal("a$b")])
        #expect(RegexSupport.parseTemplate("${") == [T.literal("${")])
        #expect(RegexSupport.translate("(?P<a>x)[(?P<]\\(?P<") == "(?<a>x)[(?P<]\\(?P<")
        #expect(RegexSupport.translate("a$|[$]\\$") == "a\\z|[$]\\$")
        #expect(RegexSupport.translate("(?m)a$") == "(?m)a$")
    }

    @Test func docstrings() {
        let names = ["str", "concat", "concatenate", "upper", "string-upcase", "toUpperCase", "lower",
                     "string-downcase", "toLowerCase", "capitalize", "trim", "trim-left", "trim-right", "split",
                     "join", "replace", "char-at", "charAt", "chars", "starts-with?", "ends-with?", "pad-left",
                     "pad-right", "ord", "chr", "string=", "string<", "string>", "prin1-to-string",
                     "princ-to-string", "string-equal", "string-lessp", "string-greaterp", "charat",
                     "tolowercase", "touppercase", "is-digit?", "isdigit?", "is-alpha?", "isalpha?", "is-alnum?",
                     "isalnum?", "is-space?", "isspace?", "byte-at", "regex-match", "regex-find-all",
                     "regex-replace", "regex-split"]
        for n in names {
            guard let b = Builtins.byName[n] else { Issue.record("missing builtin \(n)"); continue }
            #expect(b.doc.hasPrefix("(\(b.name)"), "doc of \(n)")
            #expect(b.doc.contains(" — "), "doc of \(n)")
        }
    }
}

/// `StringOps.scalarCount` counts bytes 8 at a time; it must agree with Swift's own count
/// on any text (ASCII, 2-, 3- and 4-byte scalars, at every alignment and tail length).
@Suite struct ScalarCountTests {
    @Test func agreesWithUnicodeScalarsCount() {
        let pieces: [String] = ["a", "é", "日", "🚀", "\u{0}", "\u{7F}", "\u{80}", "\u{10FFFF}", "e\u{301}", " "]
        var r = SeededRandom(state: 11)
        for length in 0..<200 {
            let s = String((0..<length).map { _ in pieces[r.int(pieces.count)] }.joined())
            #expect(StringOps.scalarCount(s) == s.unicodeScalars.count, "\(s.debugDescription)")
        }
        #expect(StringOps.scalarCount("") == 0)
        let big = String(repeating: "itém,", count: 100_000)
        #expect(StringOps.scalarCount(big) == 500_000)
        // Continuation bytes in the same lanes of every word, over many rounds of the
        // per-lane counters (255 words a round): a lane overflow would show here.
        for (piece, size) in [("é", 2), ("🚀", 4), ("日", 3)] {
            for count in [1_019, 1_020, 1_021, 4_096, 70_001] {
                let t = String(repeating: piece, count: count)
                #expect(t.utf8.count == size * count)
                #expect(StringOps.scalarCount(t) == count, "\(piece) × \(count)")
            }
        }
    }

    /// `index-of` reports scalar positions, counted with the same routine up to the hit.
    @Test func indexOfCountsScalarsBeforeTheHit() {
        let prefix = String(repeating: "é🚀a", count: 3_000)
        #expect(p("index-of", S(prefix + "needle"), S("needle")) == "9000")
        #expect(p("last-index-of", S("x" + prefix + "x"), S("x")) == "9001")
    }
}
