extension Compiler {
    func compileLoop(_ f: [Datum], _ s: SourceSpan, _ cx: Ctx) throws -> Code {
        throw OVSMError.syntax("loop: not yet", s)
    }
}
