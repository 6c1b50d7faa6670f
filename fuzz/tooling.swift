// libFuzzer target `tooling`: any bytes, as a source file, through the editor tooling
// (`osvm ovsm fmt`, `lint`, `lint --fix`) and, framed, through the language server — never
// a crash or a hang. Checked promises: a program that formats reads to the same forms and
// formats to itself again; `--fix` output of a readable program still reads.
import OVSMKit
import OVSMTooling

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Watchdog.watch(onWorker: false) { fuzzOne(data, size) }
}

func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = String(decoding: bytes, as: UTF8.self)

    if let formatted = try? Formatter.format(source, width: 60) {
        if !FormEquivalence.sameForms(source, formatted) { fatalError("fmt changed the forms of the program") }
        guard let again = try? Formatter.format(formatted, width: 60) else { fatalError("fmt output does not format") }
        if again != formatted { fatalError("fmt is not idempotent") }
    }
    let diagnostics = Linter.lint(source)
    if case .success = Reader.readProgram(source) {
        let (fixed, _) = Linter.applyFixes(source, diagnostics)
        if case .failure(let e) = Reader.readProgram(fixed) { fatalError("lint --fix broke the program: \(e)") }
    }

    // The language server: the bytes as a document, then as raw (framed) protocol input.
    let server = LanguageServer()
    _ = server.handle(json: #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
    let doc = Value.string(source)
    let open = Value.object(OVSMObject([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")),
        ("params", .object(OVSMObject([("textDocument", .object(OVSMObject([("uri", .string("file:///f")),
            ("version", .int(1)), ("text", doc)])))])))]))
    _ = server.handle(open)
    let line = Int(size % 7), character = Int(size % 13)
    for method in ["textDocument/completion", "textDocument/hover", "textDocument/definition",
                   "textDocument/documentSymbol", "textDocument/formatting"] {
        _ = server.handle(json: #"{"jsonrpc":"2.0","id":2,"method":"\#(method)","params":{"textDocument":{"uri":"file:///f"},"position":{"line":\#(line),"character":\#(character)}}}"#)
    }
    var framing = MessageFraming()
    framing.append(bytes)
    var count = 0
    while let body = framing.next(), count < 64 {
        _ = server.handle(json: String(decoding: body, as: UTF8.self))
        count += 1
    }
    return 0
}
