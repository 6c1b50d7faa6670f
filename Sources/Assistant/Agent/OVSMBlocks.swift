/// Finds the OVSM scripts an answer proposes: fenced blocks tagged `ovsm` (or `lisp`).
///
///     OVSMBlocks.extract("Run:\n```ovsm\n(+ 1 2)\n```")   // ["(+ 1 2)"]
public enum OVSMBlocks {
    public static func extract(_ text: String) -> [String] {
        var out: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if var cur = current {
                if t == "```" {
                    out.append(cur.joined(separator: "\n"))
                    current = nil
                } else {
                    cur.append(line)
                    current = cur
                }
            } else if t.hasPrefix("```") {
                let tag = t.dropFirst(3).trimmingCharacters(in: .whitespaces).lowercased()
                if tag == "ovsm" || tag == "lisp" { current = [] }
            }
        }
        return out.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}
