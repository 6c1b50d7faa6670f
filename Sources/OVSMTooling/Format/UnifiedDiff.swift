/// A unified diff of two texts, line by line (`diff -u` format, 3 lines of context), for
/// `fmt --check`. Longest common subsequence by dynamic programming: formatted files are
/// small; beyond `maxCells` the whole file is one hunk.
public enum UnifiedDiff {
    static let maxCells = 25_000_000
    static let context = 3

    public static func diff(_ old: String, _ new: String, oldName: String, newName: String) -> String {
        if old == new { return "" }
        let a = lines(old), b = lines(new)
        let ops = editScript(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Group the script into hunks separated by more than 2*context unchanged lines.
        var i = 0
        while i < ops.count {
            guard let firstChange = ops[i...].firstIndex(where: { $0.kind != .same }) else { break }
            let start = max(i, firstChange - context)
            var end = firstChange
            var lastChange = firstChange
            while end < ops.count {
                if ops[end].kind != .same { lastChange = end }
                if end - lastChange > 2 * context { break }
                end += 1
            }
            let stop = min(ops.count, lastChange + context + 1)
            let hunk = ops[start..<stop]
            let oldStart = hunk.first.map { $0.oldIndex } ?? 0
            let newStart = hunk.first.map { $0.newIndex } ?? 0
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(oldCount == 0 ? oldStart : oldStart + 1),\(oldCount) +\(newCount == 0 ? newStart : newStart + 1),\(newCount) @@\n"
            for op in hunk {
                switch op.kind {
                case .same: out += " " + a[op.oldIndex] + "\n"
                case .delete: out += "-" + a[op.oldIndex] + "\n"
                case .insert: out += "+" + b[op.newIndex] + "\n"
                }
            }
            i = stop
        }
        return out
    }

    static func lines(_ s: String) -> [String] {
        var l = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l.last == "" { l.removeLast() }
        return l
    }

    struct Op {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var oldIndex: Int
        var newIndex: Int
    }

    static func editScript(_ a: [String], _ b: [String]) -> [Op] {
        let n = a.count, m = b.count
        if n * m > maxCells {
            return a.indices.map { Op(kind: .delete, oldIndex: $0, newIndex: 0) }
                + b.indices.map { Op(kind: .insert, oldIndex: n, newIndex: $0) }
        }
        // lcs[i][j] = LCS length of a[i...] and b[j...], flattened.
        var lcs = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i * (m + 1) + j] = a[i] == b[j] ? lcs[(i + 1) * (m + 1) + j + 1] + 1
                    : max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1])
            }
        }
        var ops: [Op] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                ops.append(Op(kind: .same, oldIndex: i, newIndex: j)); i += 1; j += 1
            } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                ops.append(Op(kind: .delete, oldIndex: i, newIndex: j)); i += 1
            } else {
                ops.append(Op(kind: .insert, oldIndex: i, newIndex: j)); j += 1
            }
        }
        return ops
    }
}
