import Synchronization

/// An interned name. Symbols and keywords read from source are interned, so equality is
/// pointer identity; `gensym` makes uninterned ones that equal nothing a program can read.
public final class Symbol: Hashable, CustomStringConvertible, @unchecked Sendable {
    public let name: String
    public let interned: Bool
    /// Dense id, used by the compiler to index per-interpreter tables.
    public let id: Int

    init(name: String, interned: Bool, id: Int) {
        self.name = name
        self.interned = interned
        self.id = id
    }

    public static func == (a: Symbol, b: Symbol) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }
    public var description: String { name }

    /// The process-wide intern table: interning is idempotent and thread-safe, so it is the
    /// one piece of shared state OVSMKit keeps (it holds no program state).
    /// Sized for the builtin names and a program's own (~450 at start-up): grown from
    /// empty, it was rehashed nine times while the builtins were installed.
    private static let table = Mutex<(map: [String: Symbol], next: Int)>((map: Dictionary(minimumCapacity: 1024), next: 0))

    public static func intern(_ name: String) -> Symbol {
        table.withLock { t in
            // One hash of the name: the defaulting subscript finds or inserts in a single
            // lookup (a look-up then an insert hashed a new name twice).
            let next = t.next
            let s = Self.found(&t.map[name, default: Symbol(name: name, interned: true, id: next)])
            if s.id == next { t.next += 1 }
            return s
        }
    }

    @inline(__always) private static func found(_ s: inout Symbol) -> Symbol { s }

    /// A fresh symbol that is never equal to any interned symbol.
    public static func uninterned(_ name: String) -> Symbol {
        table.withLock { t in
            let s = Symbol(name: name, interned: false, id: t.next)
            t.next += 1
            return s
        }
    }
}
