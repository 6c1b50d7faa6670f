/// Compile-time scope: the names of one run-time `Frame`, in slot order. Resolving a
/// symbol walks scopes once, at compile time, and yields a (depth, index) address.
final class Scope {
    let parent: Scope?
    /// The names declared here and their slots, in declaration order. Most scopes hold a
    /// handful of names, and resolving a symbol visits every scope out to the one that
    /// declares it, so small scopes are searched by identity (symbols are interned) without
    /// hashing; a scope past `mapThreshold` names gets a dictionary too. (With hashing on
    /// every hop, code nested 10,000 scopes deep — a self-expanding macro — took 4 s to
    /// reach the nesting limit.)
    private var names: [Symbol] = []
    private var indices: [Int] = []
    private var map: [Symbol: Int]?
    private static let mapThreshold = 8
    /// Slots of this scope's frame (for an overlay: unused, its owner counts).
    var count = 0
    /// Slots introduced by `define` (may be read before assignment → `unbound`).
    var defineSlots: Set<Int> = []
    /// Define slots that the code being compiled now can only reach after their `define`
    /// ran (see `Compiler.compileBody`): read without the unbound check.
    var boundSoFar: Set<Int> = []
    /// Slots bound by `const` (assignment → `type`).
    var constSlots: Set<Int> = []
    /// The function this scope belongs to (nil at top level outside functions).
    let function: FunctionContext?

    /// `parent` unretained, for the resolver's walk out through the scopes (no reference
    /// counting per hop; `parent` keeps it alive).
    let parentRef: Unmanaged<Scope>?

    /// Every name ever declared in this chain of scopes (shared from its root; only
    /// grows). A name not in it resolves to a global without walking the chain, so code
    /// nested thousands of scopes deep (a self-expanding macro) does not make each global
    /// reference cost a walk to the root.
    let chainNames: ChainNames

    /// nil: this scope has a run-time frame of its own. Otherwise the scope is an overlay
    /// (a flattened `let` or loop, see FlatLet.swift): its names get slots of the
    /// owner's frame, and resolving through it adds no frame hop.
    let frameOwner: Scope?

    init(parent: Scope?, function: FunctionContext?) {
        self.parent = parent
        self.parentRef = parent.map { Unmanaged.passUnretained($0) }
        self.chainNames = parent?.chainNames ?? ChainNames()
        self.function = function
        self.frameOwner = nil
    }

    /// A scope whose names live in `parent`'s frame (in its owner's, if `parent` is an
    /// overlay too).
    init(overlayOn parent: Scope) {
        self.parent = parent
        self.parentRef = Unmanaged.passUnretained(parent)
        self.chainNames = parent.chainNames
        self.function = parent.function
        self.frameOwner = parent.frameOwner ?? parent
    }

    /// The next free slot of this scope's frame.
    private func allocate() -> Int {
        let owner = frameOwner ?? self
        let i = owner.count
        owner.count += 1
        return i
    }

    /// The slot of `s` in this scope, if declared here (the latest declaration).
    subscript(s: Symbol) -> Int? {
        if let map { return map[s] }
        var i = names.count - 1
        while i >= 0 {
            if names[i] === s { return indices[i] }
            i -= 1
        }
        return nil
    }

    private func bind(_ s: Symbol, _ slot: Int) {
        chainNames.declared.insert(s)
        names.append(s)
        indices.append(slot)
        if map != nil {
            map![s] = slot
        } else if names.count > Self.mapThreshold {
            var m: [Symbol: Int] = [:]
            for (n, i) in zip(names, indices) { m[n] = i }   // later declarations win
            map = m
        }
    }

    /// Adds (or reuses, for a redefinition in the same scope) a slot for `s`.
    @discardableResult
    func declare(_ s: Symbol) -> Int {
        if let i = self[s] { return i }
        let i = allocate()
        bind(s, i)
        return i
    }

    /// A new slot for `s` even when the name is already declared here: a name repeated in
    /// one parameter or `let` binding list gets a slot per occurrence (so the frame holds
    /// every value written into it) and resolves to the latest one (spec §16: the later
    /// binding wins).
    @discardableResult
    func declareFresh(_ s: Symbol) -> Int {
        let i = allocate()
        bind(s, i)
        return i
    }

    /// The names declared here with their slots, in declaration order (a redeclared name
    /// appears once per declaration; the last one is the visible one). For the debugger.
    func bindings() -> [(Symbol, Int)] { Array(zip(names, indices)) }

    /// A fresh anonymous slot (compiler temporaries such as loop counters).
    func temporary() -> Int { allocate() }
}

/// The names declared anywhere in one chain of scopes (see `Scope.chainNames`).
final class ChainNames {
    var declared: Set<Symbol> = []
}

/// Per-function facts gathered while compiling its body.
final class FunctionContext {
    let name: String?
    /// The body contains a `return` that targets this function (needs a catch).
    var usesReturn = false
    /// Global call sites in the body, told the lambda once it is built (self-calls skip
    /// a retain, see `GlobalCallNode.enclosingLambda`). Closed (nil) once the lambda is
    /// built: code compiled later in its scope (the debugger's watch expressions) runs
    /// outside any invocation of it, so its call sites keep retaining.
    var globalCalls: [GlobalCallNode]? = []
    init(name: String?) { self.name = name }
}

/// Where a symbol lives.
enum Resolution {
    case local(depth: Int, index: Int, mayBeUnbound: Bool, isConst: Bool)
    case global(GlobalCell)
}

/// The lexical context of the form being compiled.
struct Ctx {
    /// nil = top level (defines are global).
    var scope: Scope?
    /// The innermost loop of the current function (break/continue target it), if any.
    var loop: LoopContext? = nil
    /// Multiple values may pass through this position (spec §8.9 tail positions).
    var tail = false

    var function: FunctionContext? { scope?.function }

    func with(tail: Bool) -> Ctx {
        var c = self
        c.tail = tail
        return c
    }
    var notTail: Ctx { with(tail: false) }
}

/// Facts about one loop gathered while compiling its body.
final class LoopContext {
    var usesBreak = false
    var usesContinue = false
}
