import Testing
@testable import OSVMTUI

@Suite struct ReplCommandTests {
    @Test func completesFromSessionNames() {
        var s = Fixture.state()
        s.focus = .repl
        _ = Update.reduce(&s, .globalNamesLoaded(["getBalance", "getSlot", "map"]))
        Fixture.type(&s, "(ma")
        Fixture.keys(&s, [.ctrl(" ")])
        #expect(s.repl.input.text == "(map ")                // one match: completed, with a space
        Fixture.type(&s, "(ge")
        Fixture.keys(&s, [.ctrl(" ")])
        #expect(s.repl.input.text == "(map (get")            // several: their common prefix
        #expect(s.message == nil)
        Fixture.keys(&s, [.tab])
        #expect(s.message == "2 completions: getBalance  getSlot")   // nothing to add: listed
    }

    @Test func ctrlRSearchesHistoryBackwards() {
        var s = Fixture.state()
        s.focus = .repl
        s.repl.history = ["(define a 1)", "(+ 1 2)", "(define b 2)"]
        Fixture.type(&s, "define")
        Fixture.keys(&s, [.ctrl("r")])
        #expect(s.repl.input.text == "(define b 2)")
        Fixture.keys(&s, [.ctrl("r")])
        #expect(s.repl.input.text == "(define a 1)")
    }

    @Test func lastResultGoesToTheExplorer() {
        var s = Fixture.state()
        s.repl.add(.result, "\"9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin\"")
        s.focus = .repl
        let fx = Fixture.keys(&s, [.ctrl("o")])
        #expect(fx == [.lookup(.account("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin")), .startTicking])
        #expect(s.focus == .explorer)
    }
}

/// The store runs effects through injected services and feeds results back in order.
@Suite struct StoreTests {
    final class Box: @unchecked Sendable {
        var states: [AppState] = []
    }

    @Test func evaluationRoundTripsThroughServices() async {
        let services = Services(evaluate: { src in EvalResult(printed: "echo:" + src, error: nil, globalNames: ["x"]) })
        var initial = Fixture.state()
        initial.focus = .repl
        let store = Store(state: initial, services: services, publish: { _ in })
        Task { await store.run() }
        for c in "(x)" { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        var done = false
        for _ in 0..<10_000 {
            let st = await store.state
            if st.repl.transcript.last?.text == "echo:(x)" { done = true; break }
            await Task.yield()
        }
        #expect(done)
        #expect(await store.state.repl.busy == false)
        store.input.finish()
    }

    @Test func lookupFailureShowsInTheExplorer() async {
        let services = Services(lookup: { _ in throw ServiceError("connection refused") })
        let store = Store(state: Fixture.state(), services: services, publish: { _ in })
        Task { await store.run() }
        store.input.yield(.key(.alt("3")))
        for c in "11111111111111111111111111111111" { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        var error: String?
        for _ in 0..<10_000 {
            error = await store.state.explorer.error
            if error != nil { break }
            await Task.yield()
        }
        #expect(error == "connection refused")
        #expect(await store.state.explorer.loading == nil)
        store.input.finish()
    }
}
