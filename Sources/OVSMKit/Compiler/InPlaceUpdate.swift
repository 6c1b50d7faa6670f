extension Compiler {
    /// Fast path for `(set! x (f x ...))` — filled in by the performance work.
    func compileInPlaceUpdate(_ name: Symbol, _ value: Datum, _ cx: Ctx, span: SourceSpan) throws -> Code? {
        nil
    }
}
