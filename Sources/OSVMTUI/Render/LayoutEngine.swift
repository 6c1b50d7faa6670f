/// Where each pane goes for a state: tiled by the layout's weights, one pane when zoomed,
/// tabs below 80×24. Row 0 is the header, the last row the footer.
enum LayoutEngine {
    static func body(_ s: AppState) -> Rect {
        Rect(x: 0, y: 1, width: s.width, height: s.height - 2)
    }

    static func paneRects(_ s: AppState) -> [(PaneID, Rect)] {
        let area = body(s)
        if s.compact {
            return [(s.focus, Rect(x: 0, y: area.y + 1, width: area.width, height: area.height - 1))]
        }
        if s.zoomed { return [(s.focus, area)] }
        return s.layout.frames(in: area)
    }
}
