import Foundation
import Testing
import OVSMKit
@testable import OVSMTooling

/// The language server, message by message (the core has no I/O), then the real
/// `osvm ovsm lsp` process over stdin/stdout with LSP framing.
@Suite struct LanguageServerTests {
    static func json(_ s: String) -> Value { try! JSON.parse(s) }

    /// A server past `initialize` with `text` open as file:///t.ovsm.
    func opened(_ text: String) -> (LanguageServer, [Value]) {
        let ls = LanguageServer()
        _ = ls.handle(Self.json(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#))
        _ = ls.handle(Self.json(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#))
        let open: Value = .object(OVSMObject([
            ("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")),
            ("params", .object(OVSMObject([("textDocument", .object(OVSMObject([
                ("uri", .string("file:///t.ovsm")), ("languageId", .string("ovsm")),
                ("version", .int(1)), ("text", .string(text))])))])))]))
        return (ls, ls.handle(open))
    }

    func request(_ ls: LanguageServer, _ method: String, line: Int, character: Int, extra: String = "") -> Value? {
        let msg = #"{"jsonrpc":"2.0","id":7,"method":"\#(method)","params":{"textDocument":{"uri":"file:///t.ovsm"},"position":{"line":\#(line),"character":\#(character)}\#(extra)}}"#
        let replies = ls.handle(Self.json(msg))
        return replies.first
    }

    func field(_ v: Value?, _ path: String...) -> Value? {
        var cur = v
        for k in path {
            guard case .object(let o)? = cur else { return nil }
            cur = o[k]
        }
        return cur
    }

    @Test func framingHandlesSplitChunksAndBadHeaders() {
        var f = MessageFraming()
        let one = MessageFraming.frame(#"{"a":1}"#)
        let two = MessageFraming.frame(#"{"b":"é"}"#)
        let all = one + two
        f.append(Array(all[0..<5]))
        #expect(f.next() == nil)
        f.append(Array(all[5...]))
        #expect(f.next().map { String(decoding: $0, as: UTF8.self) } == #"{"a":1}"#)
        #expect(f.next().map { String(decoding: $0, as: UTF8.self) } == #"{"b":"é"}"#)
        #expect(f.next() == nil)
        // A header without a usable length (missing, negative, overflowing) is dropped.
        for bad in ["X-Other: 1", "Content-Length: -4", "Content-Length: 9223372036854775807"] {
            var g = MessageFraming()
            g.append(Array("\(bad)\r\n\r\n".utf8) + MessageFraming.frame("{}"))
            #expect(g.next().map { String(decoding: $0, as: UTF8.self) } == "{}")
        }
        // A million bad header blocks in front of a message: skipped without recursion.
        var h = MessageFraming()
        h.append(Array(repeating: [13, 10, 13, 10] as [UInt8], count: 1_000_000).flatMap { $0 } + MessageFraming.frame("{}"))
        #expect(h.next().map { String(decoding: $0, as: UTF8.self) } == "{}")
        #expect(h.next() == nil)
    }

    @Test func lifecycleAndErrors() {
        let ls = LanguageServer()
        let early = ls.handle(Self.json(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#))
        #expect(field(early.first, "error", "code") == .int(-32002))
        let initReply = ls.handle(Self.json(#"{"jsonrpc":"2.0","id":2,"method":"initialize","params":{}}"#))
        #expect(field(initReply.first, "result", "capabilities", "hoverProvider") == .bool(true))
        #expect(field(initReply.first, "result", "capabilities", "textDocumentSync", "change") == .int(2))
        let unknown = ls.handle(Self.json(#"{"jsonrpc":"2.0","id":3,"method":"workspace/nothing","params":{}}"#))
        #expect(field(unknown.first, "error", "code") == .int(-32601))
        let garbage = ls.handle(json: "{not json")
        #expect(garbage.count == 1 && garbage[0].contains("-32700"))
        _ = ls.handle(Self.json(#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#))
        let after = ls.handle(Self.json(#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{}}"#))
        #expect(field(after.first, "error", "code") == .int(-32600))
        _ = ls.handle(Self.json(#"{"jsonrpc":"2.0","method":"exit"}"#))
        #expect(ls.exitCode == 0)
    }

    @Test func diagnosticsOnOpenAndIncrementalChange() throws {
        let (ls, published) = opened("(define total 1)\n(println totl)\n")
        let diags = field(published.first, "params", "diagnostics")
        guard case .array(let items)? = diags else { Issue.record("no diagnostics"); return }
        #expect(items.count == 1)
        #expect(field(items.first, "code") == .string("OVSM001"))
        #expect(field(items.first, "range", "start", "line") == .int(1))
        #expect(field(items.first, "range", "start", "character") == .int(9))
        guard case .string(let message)? = field(items.first, "message") else { Issue.record("no message"); return }
        #expect(message.contains("did you mean 'total'"))
        // Replace `totl` by `total` (line 1, characters 9..13): the diagnostic goes away.
        let change = Self.json(#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///t.ovsm","version":2},"contentChanges":[{"range":{"start":{"line":1,"character":9},"end":{"line":1,"character":13}},"text":"total"}]}}"#)
        let again = ls.handle(change)
        #expect(field(again.first, "params", "diagnostics") == .array([]))
        #expect(ls.documents["file:///t.ovsm"]?.text == "(define total 1)\n(println total)\n")
    }

    @Test func completionHoverDefinition() throws {
        let src = "(defun square (x) (* x x))\n(squ"
        let (ls, _) = opened(src)
        let completion = request(ls, "textDocument/completion", line: 1, character: 4)
        guard case .array(let items)? = field(completion, "result", "items") else { Issue.record("no items"); return }
        let labels = items.compactMap { v -> String? in if case .string(let s)? = field(v, "label") { return s }; return nil }
        #expect(labels.contains("square"))
        #expect(labels.allSatisfy { $0.hasPrefix("squ") })
        // Locals in scope are offered inside an unfinished body; builtins with their signature.
        let (ls3, _) = opened("(defun f (alpha beta)\n  (+ al")
        let inner = request(ls3, "textDocument/completion", line: 1, character: 7)
        guard case .array(let inItems)? = field(inner, "result", "items") else { Issue.record("no items"); return }
        #expect(inItems.contains { field($0, "label") == .string("alpha") })
        let (ls4, _) = opened("(leng")
        let builtin = request(ls4, "textDocument/completion", line: 0, character: 5)
        guard case .array(let bItems)? = field(builtin, "result", "items") else { Issue.record("no items"); return }
        #expect(bItems.contains { field($0, "label") == .string("length") && field($0, "detail") != nil })

        let hoverBuiltin = request(ls, "textDocument/hover", line: 0, character: 19)  // on `*`
        guard case .string(let text)? = field(hoverBuiltin, "result", "contents", "value") else { Issue.record("no hover"); return }
        #expect(text.contains("```lisp"))

        let (ls2, _) = opened("(defun square (x) (* x x))\n(square 3)\n")
        let def = request(ls2, "textDocument/definition", line: 1, character: 2)
        #expect(field(def, "result", "range", "start", "line") == .int(0))
        #expect(field(def, "result", "range", "start", "character") == .int(7))
    }

    @Test func formattingAndRename() throws {
        let (ls, _) = opened("(defun f (x)\n(* x    x))")
        let fmt = ls.handle(Self.json(#"{"jsonrpc":"2.0","id":9,"method":"textDocument/formatting","params":{"textDocument":{"uri":"file:///t.ovsm"},"options":{"tabSize":2,"insertSpaces":true}}}"#))
        guard case .array(let edits)? = field(fmt.first, "result") else { Issue.record("no edits"); return }
        #expect(field(edits.first, "newText") == .string("(defun f (x) (* x x))\n"))

        let renamed = request(ls, "textDocument/rename", line: 0, character: 10, extra: #","newName":"n""#)
        guard case .array(let changes)? = field(renamed, "result", "changes", "file:///t.ovsm") else { Issue.record("no rename"); return }
        #expect(changes.count == 3)
        let global = request(ls, "textDocument/rename", line: 0, character: 7, extra: #","newName":"g""#)
        #expect(field(global, "error", "code") == .int(-32803))
    }

    @Test func theRealProcessSpeaksFramedJSONRPC() throws {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("osvm").path) {
            dir.deleteLastPathComponent()
        }
        let exe = ProcessInfo.processInfo.environment["OSVM_BINARY"] ?? dir.appendingPathComponent("osvm").path
        try #require(FileManager.default.isExecutableFile(atPath: exe), "build osvm first: \(exe)")
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        var input: [UInt8] = []
        for m in [#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
                  #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
                  #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.ovsm","languageId":"ovsm","version":1,"text":"(+ 1 2 3)\n(lenght [1])\n"}}}"#,
                  #"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#,
                  #"{"jsonrpc":"2.0","method":"exit"}"#] {
            input += MessageFraming.frame(m)
        }
        let inURL = tmp.appendingPathComponent("in"), outURL = tmp.appendingPathComponent("out")
        try Data(input).write(to: inURL)
        try Data().write(to: outURL)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["ovsm", "lsp"]
        p.environment = ["HOME": tmp.path, "PATH": "/usr/bin:/bin"]
        p.standardInput = try FileHandle(forReadingFrom: inURL)
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        try p.run()
        let deadline = Date().addingTimeInterval(30)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning { p.terminate(); Issue.record("lsp did not exit") }
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        var framing = MessageFraming()
        framing.append([UInt8](try Data(contentsOf: outURL)))
        var bodies: [Value] = []
        while let b = framing.next() { bodies.append(try JSON.parse(String(decoding: b, as: UTF8.self))) }
        #expect(bodies.count == 3)  // initialize result, diagnostics, shutdown result
        #expect(field(bodies.first, "id") == .int(1))
        #expect(field(bodies.dropFirst().first, "method") == .string("textDocument/publishDiagnostics"))
        guard case .array(let diags)? = field(bodies.dropFirst().first, "params", "diagnostics") else { Issue.record("no diags"); return }
        #expect(diags.count == 1)
        #expect(field(bodies.last, "id") == .int(2))
    }
}
