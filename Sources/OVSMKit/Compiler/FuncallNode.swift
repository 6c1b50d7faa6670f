/// `(funcall f arg...)` by its global name: while the name holds the builtin it was
/// compiled against, the call is made the way `(f arg...)` with `f` an expression is
/// (`CallNode`: a closure's frame filled straight from the argument nodes) instead of the
/// builtin building an argument array, copying it without `f` and applying `f` to it.
/// Same results, errors, depth and steps: the builtin counts no call of its own. A
/// rebound `funcall` is the ordinary call.
final class FuncallNode: Node {
    let cell: GlobalCell
    /// The builtin the name held at compile time (compared by identity only).
    let original: UnsafeMutableRawPointer
    let direct: CallNode, fallback: GlobalCallNode

    init?(_ cell: GlobalCell, _ args: [Node], _ span: SourceSpan, tail: Bool, fallback: GlobalCallNode, _ interp: Interpreter) {
        guard !args.isEmpty, let b = cell.builtinRef, b._withUnsafeGuaranteedRef({ $0.name }) == "funcall" else { return nil }
        self.cell = cell
        original = b.toOpaque()
        direct = CallNode(args[0], Array(args.dropFirst()), span, tail: tail, interp)
        self.fallback = fallback
    }

    override func eval(_ env: Frame) throws -> Value {
        guard let b = cell.builtinRef, b.toOpaque() == original else { return try fallback.eval(env) }
        return try direct.eval(env)
    }
}
