@testable import Assistant   // AgentSummary's memberwise initialiser
import Deploy
import Foundation
@testable import OVSMKit   // the pause values' memberwise initialisers
import Testing
@testable import OSVMTUI

/// Session recording and replay (docs/RECORD-REPLAY.md): every action survives the
/// encoder, a replay gives the screen of the live session, bad files are clear errors.
@Suite struct RecordReplayTests {
    // MARK: every action case

    /// One number per case. The switch has no default: a new `Action` case does not
    /// compile here until it gets a number and a sample below.
    static func caseNumber(_ a: Action) -> Int {
        switch a {
        case .key: return 0
        case .paste: return 1
        case .pasteRefused: return 2
        case .click: return 3
        case .wheel: return 4
        case .resize: return 5
        case .tick: return 6
        case .evalFinished: return 7
        case .fileOpened: return 8
        case .fileSaved: return 9
        case .fileFailed: return 10
        case .newFileOpened: return 11
        case .recoveryOffered: return 12
        case .explorerLoaded: return 13
        case .explorerRefreshed: return 14
        case .explorerMoreSignatures: return 15
        case .explorerFailed: return 16
        case .statusUpdated: return 17
        case .log: return 18
        case .themeLoaded: return 19
        case .historyLoaded: return 20
        case .paneFailed: return 21
        case .notice: return 22
        case .globalNamesLoaded: return 23
        case .chatEvent: return 24
        case .chatFinished: return 25
        case .chatApprovalRequested: return 26
        case .chatSessionCreated: return 27
        case .chatSessionsListed: return 28
        case .chatSessionLoaded: return 29
        case .chatConfigured: return 30
        case .chatToolsReady: return 31
        case .nodesListed: return 32
        case .nodeSnapshot: return 33
        case .doctorResults: return 34
        case .fleet: return 35
        case .deployUpdate: return 36
        case .deployFinished: return 37
        case .debugPaused: return 38
        case .debugFinished: return 39
        case .debugEvaluated: return 40
        }
    }
    static let caseCount = 41

    static var account: AccountSummary {
        var a = AccountSummary(address: "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin", kind: "program",
                               balance: "1.5 ◎", owner: "BPFLoaderUpgradeab1e11111111111111111111111", executable: true, dataSize: 36)
        a.decoded = [("authority", "Gh9ZwEmdLJ8DscKNTkTqPbNwLNNBjuSzaG9Vp2KGtKJr"), ("slot", "42")]
        a.signatures = [SignatureRow(signature: "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW",
                                     slot: 42, ok: false, time: "2026-12-06 23:00")]
        a.moreSignatures = true
        return a
    }

    static var transaction: TransactionSummary {
        var t = TransactionSummary(signature: "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW",
                                   status: "ok", slot: 7, time: "t", fee: "0.000005 ◎", accounts: ["a  1 → 2"],
                                   instructions: ["transfer"], logs: ["Program log: hi"])
        t.accountKeys = ["a"]; t.programKeys = ["11111111111111111111111111111111"]
        return t
    }

    static var snapshot: NodeSnapshot {
        var s = NodeSnapshot(node: "val-1", time: Date(timeIntervalSince1970: 1_765_000_000.25))
        s.serviceState = "RUNNING"; s.load1 = 0.12; s.memUsedPercent = 41; s.slot = 42; s.referenceSlot = 50
        s.catchUpRate = .nan          // JSON has no NaN: written as a string
        s.diskUsedPercent = .infinity
        var host = HostReadings()
        host.diskPath = "/var"; host.diskFreeBytes = 1 << 40; host.sysctls = ["vm.max_map_count": 1_000_000]
        s.host = host
        s.checks = [CheckResult("disk", "Disk", .warn, "91% used", fix: "prune", safeFix: .chmod(path: "/x", mode: 0o600), rootFix: ["sysctl -w a=1"])]
        s.alerts = [Alert(kind: .disk, message: "disk 91%")]
        s.errors = ["ssh: timeout"]
        return s
    }

    static var samples: [Action] {
        let pause = DebugPause(line: 3, column: 7, reason: .returned("6"),
                               stack: [DebugStackFrame(function: "fact", line: 3), DebugStackFrame(function: "<top level>", line: nil)],
                               locals: [DebugLocal(name: "n", value: "3")],
                               watches: [DebugWatch(expression: "(* n 2)", value: .error("boom"))], serial: 2)
        var theme = Theme.load("light", searchPaths: []) ?? Theme(name: "light")
        theme.styles[0].fg = .rgb(1, 2, 3)
        let call = ToolCall(id: "call_1", name: "run_ovsm", arguments: "{\"code\":\"(+ 1 2)\"}")
        let summary = AgentSummary(ending: .answered, finalText: "3", rounds: 2, tokens: 99,
                                   conversation: [.user("hi"), ChatMessage(role: .assistant, content: nil, toolCalls: [call])])
        return [
            .key(.char("(")), .key(.ctrl("q")), .key(.function(17)), .key(.char("<")), .key(.alt("日")), .key(.backTab),
            .paste("line 1\nline 2\t\u{1B}"), .pasteRefused(bytes: 17_000_000), .click(x: 3, y: 4),
            .wheel(x: 5, y: 6, up: false), .resize(width: 120, height: 40), .tick,
            .evalFinished(.editor, EvalResult(printed: "3", error: "e", globalNames: ["x"], output: "printed\n")),
            .fileOpened(path: "/tmp/a.ovsm", text: "(+ 1 2)\n"), .fileSaved(path: "/tmp/a.ovsm"), .fileFailed("save: denied"),
            .newFileOpened(path: "/tmp/new.ovsm"),
            .recoveryOffered([RecoveryOrphan(file: "/r/recovery-1.ovsm", path: nil, text: "t")]),
            .explorerLoaded(.account(account)), .explorerRefreshed(.transaction(transaction)),
            .explorerMoreSignatures(address: "addr", account.signatures, more: true), .explorerFailed("timeout"),
            .statusUpdated({ var st = ChainStatus(cluster: "localnet", url: "http://127.0.0.1:8899"); st.connected = true
                             st.slot = 9; st.epochProgress = 0.5; st.latencyMillis = 3; return st }()),
            .log([LogLine(time: "12:00:00", level: .warn, text: "w")]),
            .themeLoaded(theme, name: "light"), .themeLoaded(nil, name: "nope"),
            .historyLoaded(["(+ 1 2)", "(defun f (x)\n  x)"]), .paneFailed(.explorer, "no cluster"),
            .notice("cluster localnet"), .globalNamesLoaded(["fact", "r"]),
            .chatEvent(run: 1, .token("Hel")), .chatEvent(run: 1, .toolCall(call)),
            .chatEvent(run: 1, .toolResult(callID: "call_1", name: "run_ovsm", outcome: ToolOutcome(content: "3", isError: false))),
            .chatEvent(run: 1, .message(.assistant("3"))), .chatEvent(run: 1, .error("rate limited")),
            .chatEvent(run: 1, .done(summary)), .chatFinished(run: 1), .chatApprovalRequested(code: "(+ 1 2)"),
            .chatSessionCreated(path: "/h/s.jsonl"), .chatSessionsListed([ChatSessionInfo(path: "/h/s.jsonl", title: "hi", prompts: ["hi"])]),
            .chatSessionLoaded(path: "/h/s.jsonl", messages: [.user("hi")], problems: "1 unreadable line"),
            .chatConfigured("tiny at http://127.0.0.1:1", error: nil), .chatToolsReady(ChatToolsReport(tools: ["fs__read"], failures: ["x: gone"])),
            .nodesListed([NodeInfo(name: "val-1", host: "10.0.0.5")], error: "registry: unreadable"),
            .nodeSnapshot(snapshot), .doctorResults(snapshot.checks),
            .fleet(.source("SSH probes")), .fleet(.snapshot(snapshot)), .fleet(.history(node: "val-1", slots: [1, 2], load: [0.5])),
            .fleet(.problem("prometheus down")),
            .deployUpdate(run: 2, .event(.started(id: "d1", steps: ["a", "b"], resumedFrom: 1))),
            .deployUpdate(run: 2, .event(.output(index: 0, line: OutputLine(.stderr, "warn")))),
            .deployUpdate(run: 2, .event(.stepFinished(index: 0, title: "a", state: .changed, elapsed: 1.5, message: nil))),
            .deployUpdate(run: 2, .event(.finished(status: .rolledBack, changed: 1))),
            .deployUpdate(run: 2, .elapsed(index: 1, seconds: 2)), .deployUpdate(run: 2, .verdict(index: 1, "would change")),
            .deployUpdate(run: 2, .note("registered val-1")), .deployUpdate(run: 2, .failed("ssh: refused")),
            .deployFinished(run: 2), .debugPaused(pause), .debugFinished(EvalResult(printed: "6", error: nil)),
            .debugEvaluated(.watch("(* n 2)"), .value("6")), .debugEvaluated(.repl, .error("unbound n")),
        ]
    }

    static func encode(_ a: Action) throws -> Data {
        try RecordingFormat.encoder().encode(RecordingFormat.Event(t: 1.5, a: a))
    }

    @Test func everyActionCaseHasASample() {
        #expect(Set(Self.samples.map(Self.caseNumber)) == Set(0..<Self.caseCount))
    }

    @Test func everyActionSurvivesTheEncoder() throws {
        for a in Self.samples {
            let first = try Self.encode(a)
            let back = try RecordingFormat.decoder().decode(RecordingFormat.Event.self, from: first)
            #expect(Self.caseNumber(back.a) == Self.caseNumber(a))
            // Nothing lost: encoding the decoded action gives the same bytes.
            let second = try Self.encode(back.a)
            #expect(String(decoding: second, as: UTF8.self) == String(decoding: first, as: UTF8.self))
            #expect(!first.contains(0x0A), "one line per action")
        }
    }

    @Test func keysAreWrittenAsReadableStrings() throws {
        let keys: [Key] = [.char("a"), .char("<"), .char(">"), .char(" "), .char("é"), .char("👍🏽"), .ctrl("q"), .ctrl(" "),
                           .alt("x"), .enter, .tab, .backTab, .backspace, .delete, .escape, .up, .down, .left, .right,
                           .home, .end, .pageUp, .pageDown, .function(1), .function(24)]
        for k in keys { #expect(Key(recorded: k.recorded) == k, "\(k) as \(k.recorded)") }
        #expect(Key.char("q").recorded == "q")
        #expect(Key.ctrl("q").recorded == "<C-q>")
        #expect(Key.enter.recorded == "<enter>")
        #expect(Key(recorded: "<nope>") == nil)
        #expect(Key(recorded: "") == nil)
        #expect(Key(recorded: "<F25>") == nil)
    }

    // MARK: recording and replay

    static func tempDir() -> String {
        let d = NSTemporaryDirectory() + "osvm-replay-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static var seed: WorkbenchSeed {
        WorkbenchSeed(width: 100, height: 30, theme: Theme.load("dark", searchPaths: []) ?? Theme(name: "dark"),
                      url: "https://rpc.example.com/?api-key=SECRET", themeSearchPaths: ["/x/Themes"],
                      history: ["(+ 40 2)"], chat: false)
    }

    /// A session: REPL input and its reply, an editor edit, log lines, a resize, ticks.
    static var session: [Action] {
        var a: [Action] = [.fileOpened(path: "/tmp/w.ovsm", text: "(define x 1)\n"),
                           .log([LogLine(time: "23:00:00", level: .info, text: "osvm-tui started")])]
        a += "(+ 1 2)".map { .key(.char($0)) }
        a += [.key(.enter), .tick, .tick, .evalFinished(.repl, EvalResult(printed: "3", error: nil)),
              .key(.up), .key(.down)]
        a += "(range 0 60)".map { .key(.char($0)) }
        a += [.key(.enter), .evalFinished(.repl, EvalResult(printed: "[" + (0..<60).map(String.init).joined(separator: " ") + "]", error: nil)),
              .key(.alt("1")), .key(.end)]
        a += " ; edited".map { .key(.char($0)) }
        a += [.resize(width: 90, height: 28),
              .statusUpdated({ var st = ChainStatus(cluster: "custom", url: "https://rpc.example.com/?api-key=SECRET")
                               st.connected = false; return st }())]
        return a
    }

    /// Records `actions` through a store, as the live workbench does, then `.key(ctrl-q)`
    /// twice (the buffer is modified: quit asks, `y` confirms).
    static func record(_ actions: [Action], to path: String) async throws -> AppState {
        let recorder = try SessionRecorder(path: path)
        recorder.begin(seed: seed) { _ in }
        let store = Store(state: seed.initialState(), services: Services(), publish: { _ in },
                          recorder: recorder, performsEffects: false)
        for a in actions { await store.send(a) }
        let shown = await store.state
        await store.send(.key(.ctrl("q")))
        await store.send(.key(.char("y")))
        #expect(await store.state.quitting)
        return shown
    }

    @Test func aReplayShowsTheScreenOfTheLiveSession() async throws {
        let dir = Self.tempDir()
        let path = dir + "/s.jsonl"
        _ = try await Self.record(Self.session, to: path)

        // Applied directly, without the recorder: the same state and screen.
        var direct = Self.seed.initialState()
        for a in Self.session { _ = Update.reduce(&direct, a) }
        _ = Update.reduce(&direct, .key(.ctrl("q")))            // the question is on the last screen
        let directScreen = SessionReplay.screen(direct).lines

        let r = try Recording.read(path: path)
        #expect(r.warnings.isEmpty)
        #expect(r.events.count == Self.session.count + 2)
        let outcome = SessionReplay.run(r)
        #expect(outcome.applied == Self.session.count + 1)      // not the `y` that quit
        #expect(SessionReplay.screen(outcome.state).lines == directScreen)
        #expect(r.end?.screen == directScreen)
        #expect(r.end?.width == 90 && r.end?.height == 28)
        #expect(directScreen.joined().contains("quit and discard"))
        #expect(directScreen.joined().contains("59"), "the long value is on the screen")

        var lines: [String] = []
        #expect(ReplayCommand.runHeadless(path: path, printScreen: true, verify: true, out: { lines.append($0) }, err: { _ in }) == 0)
        #expect(lines == [directScreen.joined(separator: "\n")])

        // No secret in the file; 0600.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("SECRET"))
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        #expect(mode == 0o600)
    }

    /// Effects the store answers at once (`:cluster`, `:theme`) send actions from inside
    /// `send`: they are recorded in the order they are reduced, and replay to the same screen.
    @Test func actionsSentFromInsideAnEffectReplayInOrder() async throws {
        let path = Self.tempDir() + "/s.jsonl"
        let recorder = try SessionRecorder(path: path)
        recorder.begin(seed: Self.seed) { _ in }
        let services = Services(setCluster: { name in
            guard name == "devnet" else { throw ServiceError("unknown cluster \(name)") }
            return ChainStatus(cluster: "devnet", url: "https://api.devnet.solana.com/?api-key=SECRET")
        })
        let store = Store(state: Self.seed.initialState(), services: services, publish: { _ in },
                          recorder: recorder, performsEffects: true)
        for line in ["cluster devnet", "theme light", "cluster nowhere"] {
            await store.send(.key(.ctrl("p")))
            for c in line { await store.send(.key(.char(c))) }
            await store.send(.key(.enter))
        }
        let shown = SessionReplay.screen(await store.state).lines
        await store.send(.key(.ctrl("q")))
        #expect(await store.state.quitting)

        let r = try Recording.read(path: path)
        let kinds = r.events.compactMap { e -> String? in
            switch e.a {
            case .statusUpdated(let st): return "status \(st.cluster)"
            case .notice(let m): return "notice \(m)"
            case .themeLoaded(let t, _): return "theme \(t?.name ?? "-")"
            default: return nil
            }
        }
        #expect(kinds == ["status devnet", "notice cluster devnet (https://api.devnet.solana.com/?api-key=***)", "theme light",
                          "notice cluster: unknown cluster nowhere"])
        #expect(SessionReplay.screen(SessionReplay.run(r).state).lines == shown)
        #expect(r.end?.screen == shown)
        #expect(shown.joined().contains("devnet"))
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("SECRET"))
    }

    @Test func verifyFailsWithTheDifferingRowsWhenAnActionIsChanged() async throws {
        let dir = Self.tempDir()
        let path = dir + "/s.jsonl"
        _ = try await Self.record(Self.session, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = text.replacingOccurrences(of: #""printed":"3""#, with: #""printed":"4""#)
        #expect(changed != text)
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        var err: [String] = []
        #expect(ReplayCommand.runHeadless(path: path, printScreen: false, verify: true, out: { _ in }, err: { err.append($0) }) == 1)
        #expect(err.first?.contains("differs") == true)
        #expect(err.contains { $0.hasPrefix("  recorded |") && $0.contains("3") })
        #expect(err.contains { $0.hasPrefix("  replayed |") && $0.contains("4") })
    }

    @Test func aRecordingIsFlushedWithoutAQuit() async throws {
        let dir = Self.tempDir()
        let path = dir + "/s.jsonl"
        let recorder = try SessionRecorder(path: path)
        recorder.begin(seed: Self.seed) { _ in }
        recorder.record(.key(.char("a")))
        recorder.record(.tick)                      // a tick writes at once
        let r = try Recording.read(path: path)
        #expect(r.events.count == 2)
        #expect(r.end == nil)
        // Without a tick: written within the flush delay.
        recorder.record(.key(.char("b")))
        let deadline = ContinuousClock.now + .seconds(5)
        while (try Recording.read(path: path)).events.count < 3 {
            #expect(ContinuousClock.now < deadline, "the buffered line was not written")
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        var err: [String] = []
        #expect(ReplayCommand.runHeadless(path: path, printScreen: false, verify: true, out: { _ in }, err: { err.append($0) }) == 2)
        #expect(err.last?.contains("no final screen") == true)
    }

    @Test func aFullDiskIsReportedOnceAndTheSessionGoesOn() async throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
        let reports = Reports()
        let recorder = try SessionRecorder(path: "/dev/full")
        recorder.begin(seed: Self.seed) { reports.add($0) }
        let store = Store(state: Self.seed.initialState(), services: Services(), publish: { _ in },
                          recorder: recorder, performsEffects: false)
        for a in Self.session { await store.send(a) }
        recorder.flush()
        #expect(reports.all.count == 1)
        #expect(reports.all.first?.contains("No space left on device") == true)
        #expect(await store.state.repl.transcript.contains { $0.text.contains("59") })
    }

    final class Reports: @unchecked Sendable {
        let lock = NSLock()
        var items: [String] = []
        func add(_ s: String) { lock.withLock { items.append(s) } }
        var all: [String] {
            // Reports are posted from the recorder's queue: wait (bounded) for the first.
            let deadline = Date().addingTimeInterval(5)
            while lock.withLock({ items.isEmpty }) && Date() < deadline { usleep(10_000) }
            return lock.withLock { items }
        }
    }

    // MARK: bad files

    static func parse(_ text: String) throws -> Recording {
        try Recording.parse(Data(text.utf8), name: "s.jsonl")
    }

    static var headerLine: String {
        let h = RecordingFormat.Header(format: RecordingFormat.name, version: RecordingFormat.version,
                                       osvm: RecordingFormat.osvmVersion, seed: seed)
        return String(decoding: try! RecordingFormat.encoder().encode(h), as: UTF8.self)
    }

    static func error(_ text: String) -> String {
        do { _ = try parse(text); return "no error" } catch { return "\(error)" }
    }

    @Test func badFilesAreClearErrorsNamingTheLine() {
        #expect(Self.error("") == "s.jsonl: empty file, not a recording")
        #expect(Self.error("hello\n").hasPrefix("s.jsonl:1: not an osvm-tui recording"))
        #expect(Self.error(#"{"format":"osvm-tui-recording","version":99,"seed":{"new":true}}"# + "\n")
                    .contains("recording format 99 is newer than this osvm-tui reads (1)"))
        #expect(Self.error(#"{"format":"osvm-tui-recording","version":1,"osvm":"0.1.0"}"# + "\n") == #"s.jsonl:1: missing "seed""#)
        let good = #"{"a":{"tick":{}},"t":0.1}"#
        #expect(Self.error(Self.headerLine + "\n" + good + "\n{not json\n" + good + "\n") == "s.jsonl:3: not valid JSON")
        #expect(Self.error(Self.headerLine + "\n" + #"{"a":{"key":{"_0":"<nope>"}},"t":1}"# + "\n")
                    == "s.jsonl:2: no key is named <nope> at a.key._0")
        #expect(Self.error(Self.headerLine + "\n" + #"{"a":{"teleport":{}},"t":1}"# + "\n").hasPrefix("s.jsonl:2: "))
        #expect(Self.error(Self.headerLine + "\n" + #"{"a":{"tick":{}}}"# + "\n") == #"s.jsonl:2: missing "t""#)
        #expect(Self.error(Self.headerLine + "\n" + #"{"a":{"resize":{"height":5,"width":100000}},"t":1}"# + "\n")
                    == "s.jsonl:2: resize to 100000×5 is not a terminal size (up to 4096×2048)")
        let end = #"{"end":{"height":1,"screen":[""],"t":1,"width":1}}"#
        #expect(Self.error(Self.headerLine + "\n" + end + "\n" + good + "\n") == "s.jsonl:3: a line after the end of the recording")
    }

    @Test func aThemeRecordedBeforeARoleWasAddedStillDecodes() throws {
        let dark = try #require(Theme.load("dark", searchPaths: []))
        var old = dark
        old.styles = Array(dark.styles.prefix(3))
        old.styles[0].fg = .rgb(9, 9, 9)
        let back = try RecordingFormat.decoder().decode(Theme.self, from: RecordingFormat.encoder().encode(old))
        #expect(back.styles.count == Role.allCases.count)
        #expect(back.styles[0].fg == .rgb(9, 9, 9))
        #expect(Array(back.styles[3...]) == Array(dark.styles[3...]))
        #expect(try RecordingFormat.decoder().decode(Theme.self, from: RecordingFormat.encoder().encode(dark)) == dark)
    }

    @Test func aCutOffLastLineIsDroppedWithAWarning() throws {
        let good = #"{"a":{"tick":{}},"t":0.1}"#
        let r = try Self.parse(Self.headerLine + "\n" + good + "\n" + String(good.prefix(12)))
        #expect(r.events.count == 1)
        #expect(r.warnings == ["s.jsonl:3: the last line is cut off (the recorder was stopped while writing it); ignored"])
        // A whole last line without its newline is fine.
        #expect(try Self.parse(Self.headerLine + "\n" + good).events.count == 1)
        // The same cut in the middle of the file is an error.
        #expect(Self.error(Self.headerLine + "\n" + String(good.prefix(12)) + "\n" + good + "\n").hasPrefix("s.jsonl:2: "))
    }

    @Test func replayFlagsAreChecked() {
        func err(_ args: [String]) -> String? {
            if case .failure(let e) = Options.parse(args) { return e.description }
            return nil
        }
        #expect(err(["--replay", "s.jsonl", "--print-screen", "--verify", "--replay-speed", "0"]) == nil)
        #expect(err(["--print-screen"]) == "--print-screen and --verify need --replay FILE")
        #expect(err(["--replay", "s.jsonl", "--url", "localnet", "x.ovsm"])
                    == "--replay takes the workbench from the recording; FILE, --url cannot be combined with it")
        #expect(err(["--replay", "s.jsonl", "--replay-speed", "-1"])?.hasPrefix("--replay-speed needs a number") == true)
        #expect(err(["--record"]) == "--record needs a value")
    }
}
