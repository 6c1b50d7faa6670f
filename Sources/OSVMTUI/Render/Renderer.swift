/// Render is a pure function: `AppState → ScreenBuffer`. The terminal adapter draws the
/// difference to the previous frame; tests compare buffers as text.
public enum Renderer {
    public static func render(_ s: AppState) -> ScreenBuffer {
        var b = ScreenBuffer(width: s.width, height: s.height)
        render(s, into: &b)
        return b
    }

    public static func render(_ s: AppState, into b: inout ScreenBuffer) {
        if b.width != s.width || b.height != s.height { b = ScreenBuffer(width: s.width, height: s.height) }
        b.fill(Rect(x: 0, y: 0, width: s.width, height: s.height))
        b.cursor = nil
        HeaderView.draw(s, into: &b)
        if s.compact { TabBarView.draw(s, into: &b, y: 1) }
        for (pane, rect) in LayoutEngine.paneRects(s) {
            drawPane(pane, s, into: &b, rect: rect)
        }
        FooterView.draw(s, into: &b)
        if s.showHelp { HelpView.draw(s, into: &b) }
        if s.palette != nil { PaletteView.draw(s, into: &b) }
    }

    /// One pane: its box and content. A pane in error shows the error; others carry on.
    public static func drawPane(_ pane: PaneID, _ s: AppState, into b: inout ScreenBuffer, rect: Rect) {
        guard rect.width >= 4, rect.height >= 3 else { return }
        let focused = s.focus == pane
        let inner = rect.inner
        if let err = s.paneErrors[pane] {
            Draw.box(&b, rect, title: "\(pane.rawValue) \(pane.title) ─ failed", focused: focused)
            b.put(DisplayWidth.truncate(err, to: inner.width), x: inner.x, y: inner.y, role: .errorText)
            return
        }
        switch pane {
        case .editor: EditorView.draw(s, into: &b, rect: rect, focused: focused)
        case .repl: ReplView.draw(s, into: &b, rect: rect, focused: focused)
        case .explorer: ExplorerPaneView.draw(s, into: &b, rect: rect, focused: focused)
        case .log: LogView.draw(s, into: &b, rect: rect, focused: focused)
        case .chat: ChatView.draw(s, into: &b, rect: rect, focused: focused)
        case .nodes: NodesView.draw(s, into: &b, rect: rect, focused: focused)
        }
    }
}
