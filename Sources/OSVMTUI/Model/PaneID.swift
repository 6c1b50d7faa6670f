/// The panes the workbench knows. Layout, focus and keymaps refer to these; a new pane
/// (Chat, Nodes) is a new case plus a renderer and a keymap table.
public enum PaneID: Int, Sendable, CaseIterable, Hashable, Codable {
    case editor = 1, repl = 2, explorer = 3, log = 4, chat = 5, nodes = 6

    public var title: String {
        switch self {
        case .editor: return "Editor"
        case .repl: return "REPL"
        case .explorer: return "Explorer"
        case .log: return "Log"
        case .chat: return "Chat"
        case .nodes: return "Nodes"
        }
    }
    /// Panes whose printable keys are text (there `:`/`?` are typed, Ctrl-P/F1 still work).
    var takesText: Bool { self != .log && self != .nodes }
}

/// A layout is data: columns of panes, each with a weight.
public struct Layout: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var weight: Int
        public var panes: [(pane: PaneID, weight: Int)]
        public static func == (a: Column, b: Column) -> Bool {
            a.weight == b.weight && a.panes.map(\.pane) == b.panes.map(\.pane) && a.panes.map(\.weight) == b.panes.map(\.weight)
        }
    }
    public var name: String
    public var columns: [Column]

    public static let standard = Layout(name: "standard", columns: [
        Column(weight: 1, panes: [(.editor, 3), (.repl, 2)]),
        Column(weight: 1, panes: [(.explorer, 3), (.log, 2)]),
    ])
    public static let wide = Layout(name: "wide", columns: [
        Column(weight: 2, panes: [(.editor, 1)]),
        Column(weight: 1, panes: [(.repl, 1), (.explorer, 1), (.log, 1)]),
    ])
    /// Every pane: the four of `standard` plus Chat and Nodes in a third column.
    public static let full = Layout(name: "full", columns: [
        Column(weight: 1, panes: [(.editor, 3), (.repl, 2)]),
        Column(weight: 1, panes: [(.explorer, 3), (.log, 2)]),
        Column(weight: 1, panes: [(.chat, 3), (.nodes, 2)]),
    ])
    /// Chat beside the log, nodes below: for `osvm chat --advanced` and operators.
    public static let ops = Layout(name: "ops", columns: [
        Column(weight: 3, panes: [(.chat, 1)]),
        Column(weight: 2, panes: [(.nodes, 1), (.log, 1)]),
    ])
    public static let all = [standard, wide, full, ops]

    /// The layout for a screen when none was chosen: all six panes (`full`) from 160×45,
    /// the four of `standard` below (tabs below 80×24, see `AppState.compact`). Chat or
    /// Nodes keep `full` while focused, so a resize does not take the focused pane away.
    public static func automatic(width: Int, height: Int, focus: PaneID) -> Layout {
        if width >= 160 && height >= 45 { return full }
        return standard.order.contains(focus) ? standard : full
    }

    /// Panes in focus order (column by column).
    public var order: [PaneID] { columns.flatMap { $0.panes.map(\.pane) } }

    /// Splits `area` into one rectangle per pane by weights.
    public func frames(in area: Rect) -> [(PaneID, Rect)] {
        var out: [(PaneID, Rect)] = []
        let xs = Layout.split(area.width, columns.map(\.weight))
        var x = area.x
        for (i, col) in columns.enumerated() {
            let ys = Layout.split(area.height, col.panes.map(\.weight))
            var y = area.y
            for (j, p) in col.panes.enumerated() {
                out.append((p.pane, Rect(x: x, y: y, width: xs[i], height: ys[j])))
                y += ys[j]
            }
            x += xs[i]
        }
        return out
    }

    static func split(_ total: Int, _ weights: [Int]) -> [Int] {
        let sum = max(1, weights.reduce(0, +))
        var sizes = weights.map { total * $0 / sum }
        var rest = total - sizes.reduce(0, +)
        var i = 0
        while rest > 0, !sizes.isEmpty { sizes[i % sizes.count] += 1; rest -= 1; i += 1 }
        return sizes
    }
}
