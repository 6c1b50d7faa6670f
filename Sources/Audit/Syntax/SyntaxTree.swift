import Foundation

/// One parsed Rust file: tree-sitter's named nodes in pre-order, stored as parallel arrays so
/// that a 5 MB generated file (millions of nodes) costs a few arrays, not millions of objects.
/// A node's subtree is the contiguous range `index ..< subtreeEnd[index]`.
public final class SyntaxTree: @unchecked Sendable {
    public let source: [UInt8]
    var kinds: [Int32] = []
    var fields: [Int32] = []
    var ops: [Int32] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    var rows: [Int32] = []
    var cols: [Int32] = []
    var parents: [Int32] = []
    var subtreeEnd: [Int32] = []
    /// The previous sibling of each node, or -1 (attributes are found by walking back: O(1) per step).
    var previousSibling: [Int32] = []
    var names: [String] = []
    var nameIDs: [String: Int32] = [:]

    init(source: [UInt8]) { self.source = source }

    private lazy var lineStarts: [Int] = {
        var starts = [0]
        for (i, b) in source.enumerated() where b == 10 { starts.append(i + 1) }
        return starts
    }()

    /// 1-based line and column of a byte offset (for positions inside attribute token trees).
    public func position(ofByte offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo] + 1)
    }

    /// The text of source line `line` (1-based), for reports.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = start
        while end < source.count, source[end] != 10 { end += 1 }
        if end > start, source[end - 1] == 13 { end -= 1 }
        return String(decoding: source[start..<end], as: UTF8.self)
    }

    public var count: Int { kinds.count }
    public var root: SyntaxNode? { count > 0 ? SyntaxNode(tree: self, index: 0) : nil }

    /// Appends one node given its depth (pre-order); parents and subtree ends follow from depth.
    func append(depth: Int, kind: Int32, field: Int32, op: Int32, start: Int32, end: Int32, row: Int32, col: Int32,
                stack: inout [Int32]) {
        while stack.count > depth { subtreeEnd[Int(stack.removeLast())] = Int32(count) }
        let index = Int32(count)
        kinds.append(kind); fields.append(field); ops.append(op)
        starts.append(start); ends.append(end); rows.append(row); cols.append(col)
        parents.append(stack.last ?? -1)
        subtreeEnd.append(index + 1)
        stack.append(index)
    }

    func finish(stack: inout [Int32]) {
        while let i = stack.popLast() { subtreeEnd[Int(i)] = Int32(count) }
        previousSibling = [Int32](repeating: -1, count: count)
        var lastChild = [Int32](repeating: -1, count: count)
        for i in 0..<count {
            let p = Int(parents[i])
            guard p >= 0 else { continue }
            previousSibling[i] = lastChild[p]
            lastChild[p] = Int32(i)
        }
    }
}

/// A handle on one node of a `SyntaxTree`.
public struct SyntaxNode: Equatable, @unchecked Sendable {
    let tree: SyntaxTree
    public let index: Int

    public static func == (a: SyntaxNode, b: SyntaxNode) -> Bool { a.tree === b.tree && a.index == b.index }

    public var kind: String { tree.names[Int(tree.kinds[index])] }
    /// The field name this node has in its parent (`name`, `body`, `left`, …), or "-".
    public var field: String { tree.names[Int(tree.fields[index])] }
    /// The operator of a binary, compound-assignment or unary expression, or "-".
    public var op: String { tree.names[Int(tree.ops[index])] }
    /// 1-based line and column (column counted in bytes, as editors and SARIF tools do for ASCII).
    public var line: Int { Int(tree.rows[index]) + 1 }
    public var column: Int { Int(tree.cols[index]) + 1 }
    public var byteRange: Range<Int> { Int(tree.starts[index])..<Int(tree.ends[index]) }

    public var text: String {
        let r = byteRange
        guard r.lowerBound >= 0, r.upperBound <= tree.source.count else { return "" }
        return String(decoding: tree.source[r], as: UTF8.self)
    }

    public var parent: SyntaxNode? {
        let p = Int(tree.parents[index])
        return p >= 0 ? SyntaxNode(tree: tree, index: p) : nil
    }

    public var children: [SyntaxNode] {
        var result: [SyntaxNode] = []
        var i = index + 1
        let end = Int(tree.subtreeEnd[index])
        while i < end {
            result.append(SyntaxNode(tree: tree, index: i))
            i = Int(tree.subtreeEnd[i])
        }
        return result
    }

    public func child(_ field: String) -> SyntaxNode? { children.first { $0.field == field } }
    public func children(ofKind kind: String) -> [SyntaxNode] { children.filter { $0.kind == kind } }

    /// Every node below this one, pre-order (source order).
    public var descendants: LazyMapSequence<Range<Int>, SyntaxNode> {
        ((index + 1)..<Int(tree.subtreeEnd[index])).lazy.map { SyntaxNode(tree: tree, index: $0) }
    }

    public func descendants(ofKind kind: String) -> [SyntaxNode] {
        guard let id = tree.nameIDs[kind] else { return [] }
        var out: [SyntaxNode] = []
        for i in (index + 1)..<Int(tree.subtreeEnd[index]) where tree.kinds[i] == id {
            out.append(SyntaxNode(tree: tree, index: i))
        }
        return out
    }

    /// The nearest enclosing node of `kind`.
    public func ancestor(ofKind kind: String) -> SyntaxNode? {
        var n = parent
        while let p = n {
            if p.kind == kind { return p }
            n = p.parent
        }
        return nil
    }

    /// The attribute items directly before this item in its parent (`#[derive(Accounts)]`,
    /// `#[account(...)]`, `#[cfg(test)]`): tree-sitter places them as preceding siblings.
    public var attributes: [SyntaxNode] {
        var result: [SyntaxNode] = []
        var i = Int(tree.previousSibling[index])
        while i >= 0 {
            let sibling = SyntaxNode(tree: tree, index: i)
            guard sibling.kind == "attribute_item" else { break }
            result.insert(sibling, at: 0)
            i = Int(tree.previousSibling[i])
        }
        return result
    }
}
