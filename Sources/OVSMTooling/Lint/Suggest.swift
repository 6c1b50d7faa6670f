/// "Did you mean": the closest known name by edit distance (adjacent swaps count one edit),
/// or nil when nothing is close enough to be a likely typo. At equal distance the
/// program's own names win over builtins: a typo is more often of one's own name.
enum Suggest {
    static func closest(to name: String, program: [String], builtins: [String]) -> String? {
        let target = Array(name.unicodeScalars)
        let limit = max(1, min(3, target.count / 3))
        let own = Set(program)
        var best: (name: String, score: Int)? = nil
        for c in own.union(builtins) where c != name {
            let s = Array(c.unicodeScalars)
            if abs(s.count - target.count) > limit { continue }
            if c.lowercased() == name.lowercased() { return c }
            let d = distance(target, s)
            guard d <= limit else { continue }
            let score = d * 2 - (own.contains(c) ? 1 : 0)
            if best == nil || score < best!.score || (score == best!.score && c < best!.name) { best = (c, score) }
        }
        return best?.name
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
