/// Tokens → datums (spec §1). Incremental: a read either yields all forms, says the input
/// stops inside a form (*need more*: the REPL shows a continuation prompt), or reports a
/// located `syntax`/`limit` error. The REPL, the editor and `run` share it.
///
///     Reader.read("(+ 1")        // .needMore
///     Reader.read("(+ 1 2) x")  // .forms([(+ 1 2), x])
public enum ReadResult: Sendable {
    case forms([Datum])
    case needMore
    case error(OVSMError)
}

public struct Reader {
    /// Nesting beyond this is a `limit` error (spec §1).
    public static let maxNesting = 1000

    enum ReadFailure: Error {
        case needMore
        case error(OVSMError)
    }

    /// Reads every form of `source`.
    public static func read(_ source: String) -> ReadResult {
        var source = source
        return source.withUTF8 { bytes in
            var r = FormReader(bytes)
            do throws(ReadFailure) {
                return .forms(try r.readAll())
            } catch {
                switch error {
                case .needMore: return .needMore
                case .error(let err): return .error(err)
                }
            }
        }
    }

    /// Reads a whole program; running out of input inside a form is a `syntax` error.
    public static func readProgram(_ source: String) -> Result<[Datum], OVSMError> {
        switch read(source) {
        case .forms(let f): return .success(f)
        case .error(let e): return .failure(e)
        case .needMore:
            var source = source
            return .failure(source.withUTF8 { unclosedError($0) })
        }
    }

    /// The error for input that ends inside a form: points at the innermost unclosed opener.
    static func unclosedError(_ bytes: UnsafeBufferPointer<UInt8>) -> OVSMError {
        var scanner = SourceScanner(bytes)
        var stack: [RawToken] = []
        var lastString: RawToken? = nil
        while let t = scanner.next(keepComments: false) {
            switch t.kind {
            case .open: stack.append(t)
            case .close: if !stack.isEmpty { stack.removeLast() }
            case .unterminatedString: lastString = t
            default: break
            }
        }
        if let s = lastString { return OVSMError(.syntax, "unterminated string", span: s.span) }
        if let open = stack.last {
            let c = Character(Unicode.Scalar(bytes[open.start]))
            return OVSMError(.syntax, "unexpected end of input: '\(c)' is never closed", span: open.span)
        }
        return OVSMError(.syntax, "unexpected end of input")
    }
}
