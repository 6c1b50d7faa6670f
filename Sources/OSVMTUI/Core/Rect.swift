/// A rectangle of terminal cells: the unit layout hands to each pane's renderer.
public struct Rect: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    var maxX: Int { x + width }
    var maxY: Int { y + height }
    /// The rectangle shrunk by one cell on every side (inside a border).
    var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
    var isEmpty: Bool { width <= 0 || height <= 0 }
}
