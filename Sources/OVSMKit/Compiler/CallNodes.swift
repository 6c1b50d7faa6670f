/// Call sites. A user function with plain required parameters gets its frame (a recycled
/// one when possible, see `FramePool`) filled directly from the argument nodes; anything
/// else evaluates the arguments into an array and goes through `Interpreter.call`.

/// `(f a b …)` with any head expression.
final class CallNode: Node {
    let head: Node, args: ArgNodes, span: SourceSpan, tail: Bool
    /// Unretained: the interpreter owns the compiled code, so it outlives every node.
    let interp: Unmanaged<Interpreter>
    init(_ h: Node, _ a: [Node], _ s: SourceSpan, tail: Bool, _ i: Interpreter) {
        head = h; args = ArgNodes(a); span = s; self.tail = tail; interp = Unmanaged.passUnretained(i)
    }

    override func eval(_ env: Frame) throws -> Value {
        let f = try head.eval(env)
        let r: Value
        if case .function(let fo) = f, let c = fo.closure, c.lambda.simpleArity == args.count {
            // `f` keeps the closure alive for the whole call.
            r = try interp._withUnsafeGuaranteedRef { try $0.callFilled(Unmanaged.passUnretained(c), args, env, span) }
        } else {
            r = try interp._withUnsafeGuaranteedRef { try $0.call(f, try evalArguments(args.all, env), span) }
        }
        if !tail, case .multiple(let m) = r { return m.primary }
        return r
    }
}

/// `(name a b …)` where `name` is a global: the cell caches the closure it holds, so the
/// call reads it without unpacking (and reference counting) the function value.
final class GlobalCallNode: Node {
    let cell: GlobalCell, head: Node, args: ArgNodes, span: SourceSpan, tail: Bool
    /// Unretained: the interpreter owns the compiled code, so it outlives every node.
    let interp: Unmanaged<Interpreter>
    init(_ c: GlobalCell, _ h: Node, _ a: [Node], _ s: SourceSpan, tail: Bool, _ i: Interpreter) {
        cell = c; head = h; args = ArgNodes(a); span = s; self.tail = tail; interp = Unmanaged.passUnretained(i)
    }

    override func eval(_ env: Frame) throws -> Value {
        let r: Value
        if cell.isBound, let cref = cell.closureRef,
           cref._withUnsafeGuaranteedRef({ $0.lambda.simpleArity }) == args.count {
            r = try interp._withUnsafeGuaranteedRef { try $0.callFilled(cref, args, env, span) }
        } else {
            // Builtins, other arities, and the unbound-name error of the head node.
            let f = try head.eval(env)
            r = try interp._withUnsafeGuaranteedRef { try $0.call(f, try evalArguments(args.all, env), span) }
        }
        if !tail, case .multiple(let m) = r { return m.primary }
        return r
    }
}

/// A call's argument nodes. The first four are also kept as plain stored properties:
/// calling a node held in a `let` property needs no retain, one taken out of an array does.
struct ArgNodes {
    let list: NodeList
    var all: [Node] { list.nodes }
    let count: Int
    private let a0: Node, a1: Node, a2: Node, a3: Node

    init(_ nodes: [Node]) {
        list = NodeList(nodes)
        count = nodes.count
        let none = ConstNode(.null)
        a0 = nodes.count > 0 ? nodes[0] : none
        a1 = nodes.count > 1 ? nodes[1] : none
        a2 = nodes.count > 2 ? nodes[2] : none
        a3 = nodes.count > 3 ? nodes[3] : none
    }

    /// Evaluates the arguments into slots 0..<count of a fresh call frame.
    @inline(__always) func fill(_ frame: Frame, _ env: Frame) throws {
        switch count {
        case 0: break
        case 1: frame.initSlot(0, try a0.eval(env))
        case 2:
            frame.initSlot(0, try a0.eval(env))
            frame.initSlot(1, try a1.eval(env))
        case 3:
            frame.initSlot(0, try a0.eval(env))
            frame.initSlot(1, try a1.eval(env))
            frame.initSlot(2, try a2.eval(env))
        default:
            frame.initSlot(0, try a0.eval(env))
            frame.initSlot(1, try a1.eval(env))
            frame.initSlot(2, try a2.eval(env))
            frame.initSlot(3, try a3.eval(env))
            for i in 4..<count { frame.initSlot(i, try list.eval(i, env)) }
        }
    }
}

@inline(__always) func evalArguments(_ args: [Node], _ env: Frame) throws -> [Value] {
    var vals = [Value]()
    vals.reserveCapacity(args.count)
    for a in args { vals.append(try a.eval(env)) }
    return vals
}

extension Interpreter {
    /// Calls `c`, whose parameters are `args.count` plain names, evaluating the argument
    /// nodes straight into the callee's frame; the frame is recycled afterwards.
    /// The closure is passed unretained: only its lambda (held here) and its environment
    /// (held by the new frame) must outlive the call, even if the closure itself is
    /// dropped meanwhile (a function redefining its own name).
    @inline(__always)
    func callFilled(_ cref: Unmanaged<Closure>, _ args: ArgNodes, _ env: Frame, _ span: SourceSpan) throws -> Value {
        let l = cref._withUnsafeGuaranteedRef { $0.lambda }
        var frame = cref._withUnsafeGuaranteedRef { framePool.take(for: l, parent: $0.env) }
        try args.fill(frame, env)
        let r = try invoke(l, frame, span)
        framePool.give(&frame)
        return r
    }
}
