/// Running programs: read the whole source first (a syntax error anywhere means nothing
/// runs, spec §1), then compile and run form by form in the global environment.
public enum EvalOutcome: Sendable {
    /// The final form's values (one value normally; several or none for `values`).
    case success([Value])
    case failure(OVSMError)

    public var error: OVSMError? {
        if case .failure(let e) = self { return e }
        return nil
    }
    /// The values' print forms joined by newlines (spec §14 `value`).
    public var printed: String {
        if case .success(let vs) = self { return vs.map { Printer.printForm($0) }.joined(separator: "\n") }
        return ""
    }
}

extension Interpreter {
    /// Reads and evaluates a whole program. Call it on a thread with a large stack
    /// (see `LargeStack.run`) so deep recursion reaches the depth limit, not the OS limit.
    public func run(source: String) -> EvalOutcome {
        switch Reader.readProgram(source) {
        case .failure(let e): return .failure(e)
        case .success(let forms): return run(forms: forms)
        }
    }

    /// Evaluates already-read forms; returns the last form's values.
    public func run(forms: [Datum]) -> EvalOutcome {
        var last: Value = .null
        debugger?.beginRun()
        do {
            try walkContext.installed {
                for form in forms {
                    last = try evalTopLevel(form)
                }
            }
        } catch {
            return .failure(topLevelError(error))
        }
        if case .multiple(let m) = last { return .success(m.values) }
        return .success([last])
    }

    /// One top-level form: compile in the global scope, run, return its (multiple) value.
    func evalTopLevel(_ form: Datum) throws -> Value {
        let code = try Compiler(self).compile(form, Ctx(scope: nil, loop: nil, tail: true))
        defer { framePool.releaseParents() }
        return try code(rootFrame)
    }

    /// Converts escaped control signals into the errors spec §7.6/§7.8 names.
    func topLevelError(_ error: Error) -> OVSMError {
        switch error {
        case let e as OVSMError: return e
        case let t as ThrowSignal:
            return OVSMError(.throw, "no catch for tag \(Printer.printForm(t.tag))")
        case is BreakSignal, is ContinueSignal:
            return OVSMError(.syntax, "return/break/continue outside any loop")
        case let r as ReturnSignal:
            return OVSMError(.syntax, "return-from \(r.target ?? ""): no enclosing function")
        default:
            return OVSMError(.user, "\(error)")
        }
    }

    /// `(eval d)`: data as code in the global environment (spec §7.9).
    public func evalData(_ v: Value) throws -> Value {
        depth += 1
        defer { depth -= 1 }
        if depth > limits.maxDepth { throw OVSMError.limit("call depth limit of \(limits.maxDepth) exceeded") }
        var budget = limits.maxCodeSize
        let form = try Datum.fromValue(v, span: SourceSpan(line: 0, column: 0), budget: &budget)
        let code = try Compiler(self).compile(form, Ctx(scope: nil, loop: nil, tail: true))
        do {
            return try code(rootFrame)
        } catch let e as OVSMError {
            throw e
        } catch let t as ThrowSignal {
            throw t
        } catch {
            throw topLevelError(error)
        }
    }

    /// The print forms of a run's values joined by newlines (spec §14 `value`), made under
    /// this interpreter's text limit and cancel flag: a result shared many times over (a
    /// DAG) gives `limit` instead of minutes of printing. Call it on the evaluation's
    /// thread, like `run`.
    public func render(_ values: [Value]) -> Result<String, OVSMError> {
        // Appended in a loop: `joined(separator:)` is generic over the collection and looked
        // its associated types up at run time (~310,000 instructions on the first call, 6 %
        // of `osvm ovsm eval 1`).
        let text = walkContext.installed { () -> String in
            var out = ""
            for (i, v) in values.enumerated() {
                if i > 0 { out += "\n" }
                Printer.write(v, into: &out)
            }
            return out
        }
        if cancelFlag.isCancelled { return .failure(OVSMError(.limit, "cancelled")) }
        if text.utf8.count > limits.maxTextBytes {
            return .failure(OVSMError(.limit, "the result prints to more than \(limits.maxTextBytes >> 20) MiB"))
        }
        return .success(text)
    }
}
