/// What tools (formatter, linter, language server, completion) need to know about the
/// language without compiling anything: the special-form names of spec §7.
public enum LanguageInfo {
    /// Every special-form name, aliases included, sorted.
    public static var specialFormNames: [String] { SpecialForms.names }

    /// Whether `name` is a special form (these cannot be shadowed, spec §3).
    public static func isSpecialForm(_ name: String) -> Bool {
        SpecialForms.table[Symbol.intern(name)] != nil
    }
}
