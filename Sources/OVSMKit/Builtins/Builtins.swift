/// The builtin table: every group's entries, in registration order. A later entry with the
/// same name replaces an earlier one (none should). Built once per process: interpreters
/// share the (immutable) entries, which also lets call sites hold them unretained.
public enum Builtins {
    public static let all: [Builtin] = numeric + strings + collections + system + core

    /// Name (canonical or alias) → builtin, for help and completion.
    public static let byName: [String: Builtin] = {
        var m: [String: Builtin] = [:]
        for b in all {
            m[b.name] = b
            for a in b.aliases { m[a] = b }
        }
        return m
    }()
}
