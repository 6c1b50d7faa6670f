import Testing
@testable import OVSMKit

@Suite struct ReaderTests {
    func forms(_ s: String) -> [Datum] {
        if case .forms(let f) = Reader.read(s) { return f }
        Issue.record("expected forms for \(s)")
        return []
    }

    func error(_ s: String) -> OVSMError? {
        if case .error(let e) = Reader.read(s) { return e }
        return nil
    }

    @Test func spansAreOneBasedLineAndColumn() {
        let f = forms("(a\n  (b c)\n \"é\" :k)")
        #expect(f.count == 1)
        #expect(f[0].span.line == 1 && f[0].span.column == 1)
        let items = f[0].items!
        #expect(items[1].span.line == 2 && items[1].span.column == 3)
        #expect(items[2].span.line == 3 && items[2].span.column == 2)
        #expect(items[3].span.column == 6)   // after a 2-byte scalar: columns count scalars
    }

    @Test func incrementalStates() {
        guard case .needMore = Reader.read("(define x") else { Issue.record("open list"); return }
        guard case .needMore = Reader.read("\"abc") else { Issue.record("open string"); return }
        guard case .needMore = Reader.read("'") else { Issue.record("dangling quote"); return }
        guard case .forms(let f) = Reader.read("(+ 1 2) x ; c") else { Issue.record("complete"); return }
        #expect(f.count == 2)
        guard case .forms(let none) = Reader.read("  ; only a comment\n") else { Issue.record("empty"); return }
        #expect(none.isEmpty)
    }

    @Test func errorPositions() {
        let e1 = error("(a b]")
        #expect(e1?.category == .syntax && e1?.span?.column == 5)
        let e2 = error("\n  )")
        #expect(e2?.span?.line == 2 && e2?.span?.column == 3)
        #expect(error("\"bad \\q\"")?.category == .syntax)
        #expect(error("{:a}")?.category == .syntax)
        #expect(error("{1 2}")?.category == .syntax)
        #expect(error(":")?.category == .syntax)
        #expect(error("#foo")?.category == .syntax)
        #expect(error("99999999999999999999")?.category == .syntax)
        if case .failure(let e) = Reader.readProgram("(a (b") {
            #expect(e.span?.column == 4)   // the innermost unclosed bracket
        } else { Issue.record("unclosed program must fail") }
    }

    @Test func atomClassification() {
        let f = forms("1 -2 +3 1.5 1e3 -2.5E-2 1. 1+ true t false nil null :kw sym - .field")
        let v = f.map { $0.toValue() }
        #expect(v[0] == .int(1) && v[1] == .int(-2) && v[2] == .int(3))
        #expect(v[3] == .float(1.5) && v[4] == .float(1000) && v[5] == .float(-0.025))
        if case .symbol(let s) = v[6] { #expect(s.name == "1.") } else { Issue.record("1. is a symbol") }
        if case .symbol(let s) = v[7] { #expect(s.name == "1+") } else { Issue.record("1+ is a symbol") }
        #expect(v[8] == .bool(true) && v[9] == .bool(true) && v[10] == .bool(false))
        #expect(v[11] == .null && v[12] == .null)
        if case .keyword(let k) = v[13] { #expect(k.name == "kw") } else { Issue.record("keyword") }
    }

    @Test func stringEscapes() {
        let v = forms(#""a\n\t\r\0\\\"\u{1F680}""#)[0].toValue()
        #expect(v == .string("a\n\t\r\u{0}\\\"🚀"))
        #expect(error(#""\u{110000}""#)?.category == .syntax)
        #expect(error(#""\u{}""#)?.category == .syntax)
    }

    @Test func nestingLimitIsLimitNotCrash() {
        let deep = String(repeating: "(", count: 100_000)
        #expect(error(deep)?.category == .limit)
        let ok = String(repeating: "(", count: 999) + String(repeating: ")", count: 999)
        guard case .forms = Reader.read(ok) else { Issue.record("999 levels must read"); return }
    }

    @Test func lexerNeverFailsAndKeepsComments() {
        let toks = Lexer.tokenize("(a ; c\n \"x")
        #expect(toks.contains { $0.kind == .comment })
        if case .error = toks.last!.kind {} else { Issue.record("unterminated string is an error token") }
    }
}
