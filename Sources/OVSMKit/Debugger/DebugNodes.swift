/// The nodes the compiler adds when a debugger is attached (and only then: code compiled
/// without one has none of them, so it runs at full speed).

/// Runs one list form between the debugger's `before` and `after` hooks.
final class DebugStepNode: Node {
    let child: Node
    let site: DebugSite
    let debugger: Debugger
    /// Unretained: the interpreter owns the compiled code, so it outlives every node.
    unowned(unsafe) let interp: Interpreter

    init(_ child: Node, _ site: DebugSite, _ debugger: Debugger, _ interp: Interpreter) {
        self.child = child
        self.site = site
        self.debugger = debugger
        self.interp = interp
    }

    override func eval(_ env: Frame) throws -> Value {
        guard let newLine = debugger.enterForm(site.span.line) else { return try child.eval(env) }
        defer { debugger.leaveForm() }
        try debugger.before(site, env, interp, newLine: newLine)
        let v = try child.eval(env)
        try debugger.after(site, env, interp, v)
        return v
    }
}

/// A function body: keeps the debugger's call stack (names and depth for stepping).
final class DebugCallNode: Node {
    let body: Node
    let name: String
    let debugger: Debugger

    init(_ body: Node, _ name: String, _ debugger: Debugger) {
        self.body = body
        self.name = name
        self.debugger = debugger
    }

    override func eval(_ env: Frame) throws -> Value {
        guard debugger.enterCall(name) else { return try body.eval(env) }
        defer { debugger.leaveCall() }
        return try body.eval(env)
    }
}
