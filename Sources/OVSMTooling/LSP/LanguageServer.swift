import OVSMKit

/// The language server core (LSP 3.17 over JSON-RPC), free of I/O: `handle` takes one
/// message and returns the messages to send (responses and notifications). `osvm ovsm lsp`
/// connects it to stdio through `LanguageServer.serve`.
///
/// Features: incremental text sync, diagnostics from the reader and the linter, completion
/// (builtins with signature and doc, special forms, the file's definitions, locals in
/// scope), hover, go to definition, document symbols, formatting (`fmt`), rename of a local.
public final class LanguageServer {
    public private(set) var documents: [String: TextDocument] = [:]
    var initialized = false
    public private(set) var shutdownRequested = false
    /// Set by the `exit` notification: the process exit status (0 after `shutdown`).
    public private(set) var exitCode: Int32? = nil

    public init() {}

    // MARK: JSON helpers (OVSM values are the JSON model: insertion-ordered objects)

    static func obj(_ pairs: [(String, Value)]) -> Value { .object(OVSMObject(pairs)) }
    static func field(_ v: Value?, _ path: String...) -> Value? {
        var cur = v
        for k in path {
            guard case .object(let o)? = cur else { return nil }
            cur = o[k]
        }
        return cur
    }
    static func int(_ v: Value?) -> Int? { if case .int(let i)? = v { return i }; return nil }
    static func string(_ v: Value?) -> String? { if case .string(let s)? = v { return s }; return nil }

    func response(_ id: Value, _ result: Value) -> Value {
        Self.obj([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
    }
    func errorResponse(_ id: Value, _ code: Int, _ message: String) -> Value {
        Self.obj([("jsonrpc", .string("2.0")), ("id", id),
                  ("error", Self.obj([("code", .int(code)), ("message", .string(message))]))])
    }
    func notification(_ method: String, _ params: Value) -> Value {
        Self.obj([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }

    // MARK: dispatch

    /// Handles one message body (JSON text); returns the bodies to send back.
    public func handle(json text: String) -> [String] {
        let message: Value
        do {
            message = try JSON.parse(text)
        } catch {
            return [(try? JSON.stringify(errorResponse(.null, -32700, "parse error: \(error)"))) ?? ""]
        }
        return handle(message).compactMap { try? JSON.stringify($0) }
    }

    public func handle(_ message: Value) -> [Value] {
        guard let method = Self.string(Self.field(message, "method")) else { return [] } // a response to us: none expected
        let id = Self.field(message, "id")
        let params = Self.field(message, "params")
        if let id {
            if !initialized && method != "initialize" {
                return [errorResponse(id, -32002, "server not initialized")]
            }
            if shutdownRequested && method != "exit" {
                return [errorResponse(id, -32600, "shutdown requested")]
            }
            switch method {
            case "initialize":
                initialized = true
                return [response(id, initializeResult())]
            case "shutdown":
                shutdownRequested = true
                return [response(id, .null)]
            case "textDocument/completion": return [response(id, completion(params))]
            case "textDocument/hover": return [response(id, hover(params))]
            case "textDocument/definition": return [response(id, definition(params))]
            case "textDocument/documentSymbol": return [response(id, documentSymbols(params))]
            case "textDocument/formatting": return [response(id, formatting(params))]
            case "textDocument/rename":
                switch rename(params) {
                case .success(let edit): return [response(id, edit)]
                case .failure(let e): return [errorResponse(id, -32803, e.message)]
                }
            default:
                return [errorResponse(id, -32601, "method not found: \(method)")]
            }
        }
        switch method {
        case "exit":
            exitCode = shutdownRequested ? 0 : 1
            return []
        case "textDocument/didOpen":
            guard let uri = Self.string(Self.field(params, "textDocument", "uri")),
                  let text = Self.string(Self.field(params, "textDocument", "text")) else { return [] }
            documents[uri] = TextDocument(uri: uri, text: text, version: Self.int(Self.field(params, "textDocument", "version")) ?? 0)
            return [diagnostics(uri)]
        case "textDocument/didChange":
            guard let uri = Self.string(Self.field(params, "textDocument", "uri")), var doc = documents[uri],
                  case .array(let changes)? = Self.field(params, "contentChanges") else { return [] }
            for change in changes {
                guard let text = Self.string(Self.field(change, "text")) else { continue }
                doc.apply(start: position(Self.field(change, "range", "start")),
                          end: position(Self.field(change, "range", "end")), text: text)
            }
            doc.version = Self.int(Self.field(params, "textDocument", "version")) ?? doc.version + 1
            documents[uri] = doc
            return [diagnostics(uri)]
        case "textDocument/didClose":
            guard let uri = Self.string(Self.field(params, "textDocument", "uri")) else { return [] }
            documents[uri] = nil
            return [notification("textDocument/publishDiagnostics",
                                 Self.obj([("uri", .string(uri)), ("diagnostics", .array([]))]))]
        default:
            return [] // initialized, $/cancelRequest, didSave, … need nothing
        }
    }

    func initializeResult() -> Value {
        Self.obj([
            ("capabilities", Self.obj([
                ("positionEncoding", .string("utf-16")),
                ("textDocumentSync", Self.obj([("openClose", .bool(true)), ("change", .int(2))])),
                ("completionProvider", Self.obj([("triggerCharacters", .array([.string("("), .string(":")]))])),
                ("hoverProvider", .bool(true)),
                ("definitionProvider", .bool(true)),
                ("documentSymbolProvider", .bool(true)),
                ("documentFormattingProvider", .bool(true)),
                ("renameProvider", .bool(true)),
            ])),
            ("serverInfo", Self.obj([("name", .string("osvm-ovsm-lsp")), ("version", .string("1"))])),
        ])
    }

    func position(_ v: Value?) -> (line: Int, character: Int)? {
        guard let l = Self.int(Self.field(v, "line")), let c = Self.int(Self.field(v, "character")) else { return nil }
        return (l, c)
    }

    func lspPosition(_ doc: TextDocument, _ offset: Int) -> Value {
        let p = doc.position(ofOffset: offset)
        return Self.obj([("line", .int(p.line)), ("character", .int(p.character))])
    }

    func lspRange(_ doc: TextDocument, _ offset: Int, _ length: Int) -> Value {
        Self.obj([("start", lspPosition(doc, offset)), ("end", lspPosition(doc, offset + max(length, 1)))])
    }

    /// The document and UTF-8 offset a request's textDocument/position points at.
    func target(_ params: Value?) -> (TextDocument, Int)? {
        guard let uri = Self.string(Self.field(params, "textDocument", "uri")), let doc = documents[uri],
              let p = position(Self.field(params, "position")) else { return nil }
        return (doc, doc.offset(line: p.line, character: p.character))
    }

    // MARK: features

    func diagnostics(_ uri: String) -> Value {
        guard let doc = documents[uri] else { return .null }
        let items: [Value] = Linter.lint(doc.text).map { d in
            Self.obj([
                ("range", lspRange(doc, d.offset, d.length)),
                ("severity", .int(d.severity == .error ? 1 : d.severity == .warning ? 2 : 3)),
                ("code", .string(d.rule.id)),
                ("source", .string("ovsm")),
                ("message", .string("\(d.message) [\(d.rule.name)]")),
            ])
        }
        return notification("textDocument/publishDiagnostics",
                            Self.obj([("uri", .string(uri)), ("version", .int(doc.version)), ("diagnostics", .array(items))]))
    }

    /// The atom token under (or just before) `offset`: its text and byte range.
    static func symbol(at offset: Int, in text: String) -> (name: String, offset: Int, length: Int)? {
        for t in Lexer.tokenize(text) {
            guard case .atom(let name) = t.kind else { continue }
            if t.span.offset <= offset && offset <= t.span.offset + t.span.length { return (name, t.span.offset, t.span.length) }
            if t.span.offset > offset { break }
        }
        return nil
    }

    func completion(_ params: Value?) -> Value {
        guard let (doc, offset) = target(params) else { return .array([]) }
        // The word being typed: symbol characters before the cursor.
        let bytes = Array(doc.text.utf8)
        var start = min(offset, bytes.count)
        while start > 0, !" \t\r\n()[]{}\"';,`".utf8.contains(bytes[start - 1]) { start -= 1 }
        let prefix = String(decoding: bytes[start..<min(offset, bytes.count)], as: UTF8.self)
        var items: [Value] = []
        var seen: Set<String> = []
        func add(_ label: String, kind: Int, detail: String?, doc: String?) {
            guard label.hasPrefix(prefix), seen.insert(label).inserted else { return }
            var pairs: [(String, Value)] = [("label", .string(label)), ("kind", .int(kind))]
            if let d = detail { pairs.append(("detail", .string(d))) }
            if let d = doc { pairs.append(("documentation", Self.obj([("kind", .string("markdown")), ("value", .string(d))]))) }
            items.append(Self.obj(pairs))
        }
        // Completion happens mid-edit, when the form being typed is still open: analyse the
        // text closed off (offsets before the cursor are unchanged).
        let analysis = Analyzer.analyze(Self.closedOff(doc.text))
        for (b, range) in analysis.locals where range.contains(offset) && b.span.offset < offset {
            add(b.name, kind: 6, detail: b.kind.rawValue, doc: nil)
        }
        for b in analysis.globals {
            add(b.name, kind: b.kind == .function ? 3 : b.kind == .macro ? 14 : 6, detail: "\(b.kind.rawValue) (this file)", doc: b.doc)
        }
        for name in LanguageInfo.specialFormNames { add(name, kind: 14, detail: "special form", doc: nil) }
        for b in Builtins.all {
            let (sig, text) = BuiltinDocs.split(b.doc)
            for n in [b.name] + b.aliases { add(n, kind: 3, detail: sig, doc: text) }
        }
        return Self.obj([("isIncomplete", .bool(false)), ("items", .array(items))])
    }

    /// `text` with an unterminated string closed and every open bracket matched, so an
    /// unfinished form still reads. Comments and escapes are skipped like the reader does.
    static func closedOff(_ text: String) -> String {
        var stack: [Character] = []
        var inString = false, escaped = false, inComment = false
        for c in text {
            if inComment { if c == "\n" { inComment = false }; continue }
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case ";": inComment = true
            case "\"": inString = true
            case "(": stack.append(")")
            case "[": stack.append("]")
            case "{": stack.append("}")
            case ")", "]", "}": if stack.last == c { stack.removeLast() }
            default: break
            }
        }
        var closed = text
        if inString { closed += "\"" }
        if inComment { closed += "\n" }
        closed += String(stack.reversed())
        return closed
    }

    func hover(_ params: Value?) -> Value {
        guard let (doc, offset) = target(params), let sym = Self.symbol(at: offset, in: doc.text) else { return .null }
        let analysis = Analyzer.analyze(doc.text)
        var text: String? = nil
        if let b = analysis.occurrences.first(where: { $0.span.offset == sym.offset })?.binding {
            text = "**\(b.name)** — \(b.kind.rawValue)\(b.isGlobal ? "" : " (local)"), defined at line \(b.span.line)"
            if let d = b.doc { text! += "\n\n" + d }
        } else if let b = Builtins.byName[sym.name] {
            let (sig, rest) = BuiltinDocs.split(b.doc)
            text = "```lisp\n\(sig)\n```\n\(rest)"
            if !b.aliases.isEmpty || b.name != sym.name {
                text! += "\n\nNames: " + ([b.name] + b.aliases).map { "`\($0)`" }.joined(separator: ", ")
            }
        } else if LanguageInfo.isSpecialForm(sym.name) {
            text = "`\(sym.name)` — special form (spec §7)"
        }
        guard let t = text else { return .null }
        return Self.obj([("contents", Self.obj([("kind", .string("markdown")), ("value", .string(t))])),
                         ("range", lspRange(doc, sym.offset, sym.length))])
    }

    func definition(_ params: Value?) -> Value {
        guard let (doc, offset) = target(params), let sym = Self.symbol(at: offset, in: doc.text),
              let b = Analyzer.analyze(doc.text).occurrences.first(where: { $0.span.offset == sym.offset })?.binding
        else { return .null }
        return Self.obj([("uri", .string(doc.uri)), ("range", lspRange(doc, b.span.offset, b.span.length))])
    }

    func documentSymbols(_ params: Value?) -> Value {
        guard let uri = Self.string(Self.field(params, "textDocument", "uri")), let doc = documents[uri] else { return .array([]) }
        let symbols: [Value] = Analyzer.analyze(doc.text).globals.map { b in
            let kind: Int
            switch b.kind {
            case .function, .macro: kind = 12
            case .constant: kind = 14
            default: kind = 13
            }
            let range = lspRange(doc, b.span.offset, b.span.length)
            return Self.obj([("name", .string(b.name)), ("detail", .string(b.kind.rawValue)), ("kind", .int(kind)),
                             ("range", range), ("selectionRange", range)])
        }
        return .array(symbols)
    }

    func formatting(_ params: Value?) -> Value {
        guard let uri = Self.string(Self.field(params, "textDocument", "uri")), let doc = documents[uri],
              let formatted = try? Formatter.format(doc.text), formatted != doc.text else { return .array([]) }
        let end = lspPosition(doc, doc.text.utf8.count)
        let range = Self.obj([("start", Self.obj([("line", .int(0)), ("character", .int(0))])), ("end", end)])
        return .array([Self.obj([("range", range), ("newText", .string(formatted))])])
    }

    func rename(_ params: Value?) -> Result<Value, OVSMError> {
        guard let (doc, offset) = target(params), let newName = Self.string(Self.field(params, "newName")) else {
            return .failure(OVSMError(.user, "no document or position"))
        }
        guard let sym = Self.symbol(at: offset, in: doc.text) else { return .failure(OVSMError(.user, "no name here")) }
        let analysis = Analyzer.analyze(doc.text)
        guard let b = analysis.occurrences.first(where: { $0.span.offset == sym.offset })?.binding else {
            return .failure(OVSMError(.user, "'\(sym.name)' is not a name defined in this file"))
        }
        guard !b.isGlobal else { return .failure(OVSMError(.user, "only locals and parameters can be renamed; '\(b.name)' is global")) }
        guard case .forms(let f) = Reader.read(newName), f.count == 1, f[0].symbol?.name == newName else {
            return .failure(OVSMError(.user, "'\(newName)' is not a symbol"))
        }
        let edits: [Value] = analysis.occurrences.filter { $0.binding === b }.map { occ in
            Self.obj([("range", lspRange(doc, occ.span.offset, occ.span.length)), ("newText", .string(newName))])
        }
        return .success(Self.obj([("changes", Self.obj([(doc.uri, .array(edits))]))]))
    }
}

/// Builtin docstrings are "(signature) — description".
enum BuiltinDocs {
    static func split(_ doc: String) -> (signature: String, text: String) {
        if let r = doc.range(of: " — ") { return (String(doc[..<r.lowerBound]), String(doc[r.upperBound...])) }
        return (doc, "")
    }
}
