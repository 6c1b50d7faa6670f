/// catch / throw / try / ignore-errors (spec §7.8).
extension Compiler {
    func compileCatch(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 2 else { throw OVSMError.syntax("catch expects a tag", s) }
        let tag = try compile(f[1], cx.notTail)
        let body = try compileBody(f[2...], cx)
        return ClosureNode { env in
            let t = try tag(env)
            do {
                return try body(env)
            } catch let sig as ThrowSignal where ovsmEqual(sig.tag, t) {
                return sig.value
            }
        }
    }

    func compileThrow(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count == 2 || f.count == 3 else { throw OVSMError.syntax("throw expects a tag and an optional value", s) }
        let tag = try compile(f[1], cx.notTail)
        let value = f.count == 3 ? try compile(f[2], cx.notTail) : constant(.null)
        return ClosureNode { env in
            let t = try tag(env)
            throw ThrowSignal(tag: t, value: try value(env))
        }
    }

    /// (try body... (catch VAR handler...))
    func compileTry(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        guard f.count >= 2, case .list(let clause) = f[f.count - 1].kind, clause.count >= 2,
              clause[0].symbol?.name == "catch", let varName = clause[1].symbol else {
            throw OVSMError.syntax("try expects body forms followed by (catch VAR handler...)", s)
        }
        let body = try compileBody(f[1..<(f.count - 1)], cx.notTail)
        let scope = Scope(parent: cx.scope, function: cx.function)
        let slot = scope.declare(varName)
        var inner = cx.notTail
        inner.scope = scope
        predeclareDefines(clause[2...], scope)
        let handler = try compileBody(clause[2...], inner)
        let size = scope.count
        return ClosureNode { env in
            do {
                return try body(env).primary
            } catch let e as OVSMError where e.category.isCatchable {
                let frame = Frame.make(size: size, parent: env)
                frame[slot] = errorObject(e)
                return try handler(frame).primary
            }
        }
    }

    func compileIgnoreErrors(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        let body = try compileBody(f[1...], cx.notTail)
        return ClosureNode { env in
            do {
                return try body(env).primary
            } catch let e as OVSMError where e.category.isCatchable {
                return .null
            }
        }
    }
}

/// The value `try` binds: `{:category "<category>" :message "<text>"}`.
func errorObject(_ e: OVSMError) -> Value {
    var o = OVSMObject(minimumCapacity: 2)
    o.set("category", .string(e.category.rawValue))
    o.set("message", .string(e.message))
    return .object(o)
}
