/// Name completion for every OVSM REPL: the word before the cursor, and the candidates
/// for it from the session's globals, the special forms and the literals.
public enum REPLCompletion {
    /// Names the reader/compiler treat specially (not globals, but completable).
    public static let specialForms: [String] = """
        quote quasiquote if when unless cond case typecase and or do progn begin prog1 prog2 \
        function multiple-value-list define defvar defparameter const defconstant set! let let* \
        flet labels destructuring-bind multiple-value-bind lambda fn defun defn defmacro while \
        for dolist dotimes return break continue return-from loop catch throw try \
        ignore-errors setf setq incf decf push pop
        """.split(separator: " ").map(String.init)
    public static let literals = ["true", "false", "null", "nil"]

    /// Characters that end a name.
    public static let delimiters: Set<Character> = ["(", ")", "[", "]", "{", "}", "\"", "'", "`", ",", ";"]

    /// Where the name being typed before `cursor` starts.
    public static func wordStart(_ line: [Character], cursor: Int) -> Int {
        var start = min(max(0, cursor), line.count)
        while start > 0, !line[start - 1].isWhitespace, !delimiters.contains(line[start - 1]) { start -= 1 }
        return start
    }

    /// Every name a REPL completes, given the session's globals.
    public static func names(globals: [String]) -> [String] {
        globals + specialForms + literals
    }

    /// The distinct names starting with `prefix`, sorted.
    public static func candidates(for prefix: String, globals: [String]) -> [String] {
        Array(Set(names(globals: globals).filter { $0.hasPrefix(prefix) })).sorted()
    }

    /// The longest prefix all `words` share.
    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for w in words.dropFirst() {
            let chars = Array(w)
            var n = 0
            while n < prefix.count && n < chars.count && prefix[n] == chars[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }
}
